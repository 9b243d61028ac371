"""`sitegen build` as a function: configuration in, a complete site in the output folder
and a `BuildResult` out, or a `SitegenError` with every problem and nothing written.

Steps, each timed: ingest raw pages (optional) -> load and validate every article ->
make views -> render every page -> write the folder atomically (search index included).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.site import feeds, models, output, render, theme, views
from sitegen.site.content import load_articles


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    pages: int  # HTML pages written
    articles: int
    files: int  # every file written, assets and feeds included
    timings: dict[str, float]  # step name -> seconds, in the order run
    warnings: tuple[Problem, ...]


@contextmanager
def _timed(timings: dict[str, float], name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def _fail_on(problems: list[Problem], strict: bool) -> None:
    if any(p.severity == "error" or strict for p in problems):
        raise SitegenError(problems)


def build_site(
    config: Config,
    *,
    content_dir: Path | None = None,
    out_dir: Path | None = None,
    strict: bool = False,
    search: bool = True,
    ingest: bool = True,
    quiet: bool = False,
    force_output: bool = False,
) -> BuildResult:
    """Builds the whole site into `out_dir` (default: the configured output). `quiet` is
    accepted for callers such as `sitegen serve`: this function prints nothing itself.
    `force_output` replaces an output folder that has no marker (never a protected one)."""
    content_dir = Path(content_dir or config.content).resolve()
    out_dir = Path(out_dir or config.output).resolve()
    output.check_target(
        out_dir, config.root, [content_dir, config.seeds, config.templates, theme.theme_dir(config)], force=force_output
    )
    timings: dict[str, float] = {}
    warnings: list[Problem] = []

    if ingest:
        with _timed(timings, "ingest"):
            found = _ingest(config, content_dir)
        _fail_on(found, strict)
        warnings += found

    with _timed(timings, "load"):
        articles, found = load_articles(content_dir, config.root) if content_dir.is_dir() else ((), ())
    _fail_on(list(found), strict)
    warnings += found

    with _timed(timings, "render"):
        site = models.group(articles, config.page_name)
        specs = views.Views(site, config).all_pages()
        assets = theme.assets(config)
        pages, problems = render.render_pages(theme.environment(config), specs, views.site_info(config), assets, config)
        if problems:
            raise SitegenError(problems)
        files = list(pages)
        files += [render.RenderedFile(path.lstrip("/"), data) for path, data in assets.files.items()]
        files += [
            feeds.atom(site, config),
            feeds.json_feed(site, config),
            feeds.sitemap([spec.path for spec in specs if spec.path != "/404.html"], site, config),
            feeds.robots(config),
        ]
        _check_unique(files)

    index = _search_step(config, timings) if search else None
    with _timed(timings, "write"):
        output.write_site(files, out_dir, before_swap=index)
    timings["write"] -= timings.get("search", 0.0)  # the index is built inside the write step
    return BuildResult(out_dir, len(pages), len(articles), len(files) + 1, timings, tuple(warnings))


def _check_unique(files: list[render.RenderedFile]) -> None:
    twice = sorted(path for path, count in Counter(f.path for f in files).items() if count > 1)
    if twice:
        raise SitegenError([Problem(path, 0, "two pages would be written to this file") for path in twice])


def _ingest(config: Config, content_dir: Path) -> list[Problem]:
    """Brings content/ up to date with the raw pages in seeds/ (the ingest stage decides
    which articles are missing or stale and never touches hand-edited ones)."""
    if not config.seeds.is_dir():
        return []
    try:
        from sitegen.ingest import ingest_paths
    except ImportError as exc:
        raise SitegenError(
            [Problem(str(config.seeds), 0, f"cannot ingest raw pages ({exc}); build with --no-ingest")]
        ) from None
    report = ingest_paths([config.seeds], out_dir=content_dir, config=config, force=False, edition=None)
    return list(report.problems)


def _search_step(config: Config, timings: dict[str, float]):
    """The search index is built in the new folder before it is swapped in; when the
    search stage is not installed the site is built without one."""
    try:
        from sitegen.search import index_site
    except ModuleNotFoundError as exc:
        if exc.name in ("sitegen.search",):
            return None
        raise

    def index(folder: Path) -> None:
        with _timed(timings, "search"):
            index_site(config, folder)

    return index
