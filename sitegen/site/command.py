"""`sitegen build` on the command line: parsed arguments in, an exit code out.

Problems are raised as `SitegenError` and printed by the CLI; warnings are printed here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import EXIT_OK, Problem, SitegenError
from sitegen.progress import Progress
from sitegen.site.build import BuildOptions, build_site


def check_content(config: Config, content: Path | None, allow_empty: bool, ingest: bool = True) -> None:
    """Raises unless the build has articles to make a site of: a content folder holding
    at least one article, or raw pages in seeds/ for ingest to make them from. A typo in
    `--content` would otherwise replace the live site with an empty one (and ingest would
    fill the misspelt folder). `allow_empty` (`--allow-empty`) asks for an empty site."""
    if allow_empty:
        return
    given = content is not None
    folder = Path(content or config.content)
    if given and not folder.is_dir():
        raise SitegenError(
            [Problem(str(folder), 0, "no such content folder: check --content, or pass --allow-empty to build an empty site")]
        )
    if folder.is_dir() and _has_article(folder):
        return
    if not given and ingest and _has_raw_pages(config.seeds):
        return  # ingest makes the first articles of a new project
    raise SitegenError(
        [Problem(str(folder), 0, "no articles (*.md) in the content folder: pass --allow-empty to build an empty site")]
    )


def _has_article(folder: Path) -> bool:
    """Whether `folder` holds an article file (`*.md`), stopping at the first one found
    (listing a big archive whole is content.article_file_names's job, later)."""
    for _, _, names in os.walk(folder):
        if any(name.endswith(".md") for name in names):
            return True
    return False


def _has_raw_pages(seeds: Path) -> bool:
    from sitegen.ingest.read import find_raw_files

    return seeds.is_dir() and bool(find_raw_files([seeds])[0])


def run_build(args, config: Config) -> int:
    check_content(config, args.content, args.allow_empty, ingest=not args.no_ingest)
    progress = Progress(quiet=args.quiet)
    try:
        options = BuildOptions(
            content_dir=args.content,
            out_dir=args.out,
            strict=args.strict,
            search=not args.no_search,
            ingest=not args.no_ingest,
            force_output=args.force_output,
        )
        result = build_site(config, options, progress)
    finally:
        progress.end()  # the progress line is cleared before anything else is printed
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        steps = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
        print(f"built {result.pages} pages ({result.articles} articles, {result.files} files) into {result.out_dir} ({steps})")
    return EXIT_OK
