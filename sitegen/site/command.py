"""`sitegen build` on the command line: parsed arguments in, an exit code out.

Problems are raised as `SitegenError` and printed by the CLI; warnings are printed here.
"""

from __future__ import annotations

import sys

from sitegen.config import Config
from sitegen.progress import Progress
from sitegen.errors import EXIT_OK
from sitegen.site.build import build_site


def run_build(args, config: Config) -> int:
    progress = Progress(quiet=args.quiet)
    try:
        result = build_site(
            config,
            content_dir=args.content,
            out_dir=args.out,
            strict=args.strict,
            search=not args.no_search,
            ingest=not args.no_ingest,
            progress=progress,
            force_output=args.force_output,
        )
    finally:
        progress.end()  # the progress line is cleared before anything else is printed
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        steps = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
        print(f"built {result.pages} pages ({result.articles} articles, {result.files} files) into {result.out_dir} ({steps})")
    return EXIT_OK
