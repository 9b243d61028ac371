"""The command line: `sitegen ingest | build | serve`.

In: argv. Out: an exit code (0 ok, 1 content or build errors, 2 usage or configuration
errors); every problem is printed as `path:line: message` on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen import __version__
from sitegen.config import load_config
from sitegen.errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, SitegenError, os_problem


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a number from 0 to 65535")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--root", default=".", help="project folder holding pyproject.toml (default: .)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="raw page files -> Markdown articles")
    ingest.add_argument("paths", nargs="+", type=Path, help="raw page files or folders of them")
    ingest.add_argument("--out", type=Path, help="content folder (default: configured 'content')")
    ingest.add_argument("--force", action="store_true", help="overwrite articles edited by hand")
    ingest.add_argument("--edition", help="edition date YYYY-MM-DD when folder names carry none")
    ingest.add_argument("--verbose", "-v", action="store_true", help="list every note the cleanup rules made")
    ingest.add_argument("--page", type=int, help="page number (1 is 第01版) when file names carry none")

    build = commands.add_parser("build", help="articles -> static site")
    build.add_argument("--content", type=Path, help="articles folder (default: configured 'content')")
    build.add_argument("--out", type=Path, help="output folder (default: configured 'output')")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--allow-empty", action="store_true", help="build a site of no articles rather than refuse")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    build.add_argument("--no-ingest", action="store_true", help="do not ingest raw pages first")
    build.add_argument(
        "--force-output", action="store_true", help="replace an output folder sitegen did not write (never the project's own folders)"
    )

    serve = commands.add_parser("serve", help="build and serve a live preview")
    serve.add_argument("--watch", action="store_true", help="rebuild and reload on changes")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="TCP port, 0 for any free one (default: 8000)")
    serve.add_argument("--poll", action="store_true", help="poll the file system (network mounts)")
    serve.add_argument("--content", type=Path)
    serve.add_argument("--allow-empty", action="store_true", help="preview a site of no articles rather than refuse")
    serve.add_argument("--out", type=Path)
    return parser


def _run_ingest(args, config) -> int:
    from sitegen.ingest import ingest_paths
    from sitegen.progress import Progress

    progress = Progress(quiet=args.quiet)
    try:
        report = ingest_paths(
            args.paths,
            out_dir=args.out or config.content,
            config=config,
            force=args.force,
            edition=args.edition,
            page_number=args.page,
            progress=progress,
        )
    finally:
        progress.end()
    if not args.quiet:
        for line in report.summary_lines(verbose=args.verbose):
            print(line)
    for item in report.problems:
        print(item, file=sys.stderr)
    return EXIT_CONTENT if report.has_errors else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.root)
        if args.command == "ingest":
            return _run_ingest(args, config)
        if args.command == "build":
            from sitegen.site.command import run_build

            return run_build(args, config)
        if args.command == "serve":
            from sitegen.serve.command import run_serve

            return run_serve(args, config)
    except SitegenError as exc:
        for item in exc.problems:
            print(item, file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a read-only or full disk, a file removed under the build…
        root = Path(args.root).resolve()
        print(os_problem(exc, root), file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return EXIT_CONTENT
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
