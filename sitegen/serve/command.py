"""`sitegen serve [--watch] [--host H] [--port P] [--poll]`: wires the real build into a `Preview`.

In: parsed arguments and the project's `Config`. Out: an exit code once Ctrl-C stops the
server (0), or at once when the first build fails without `--watch` (1) or the port is
taken (2). One line per rebuild on stdout; problems as `path:line: message` on stderr,
warnings once, when they first appear.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from sitegen.config import Config, load_config
from sitegen.errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from sitegen.serve import folders
from sitegen.serve.indexing import Index
from sitegen.serve.preview import Preview, WatchSpec
from sitegen.serve.rebuild import Build, Outcome
from sitegen.serve.versions import VersionStore
from sitegen.serve.server import is_loopback

SIGNAL_POLL = 0.5  # seconds between the main thread's looks for Ctrl-C or `kill`


def site_build(root: Path, content: Path | None) -> Build:
    """The real build without the search index, configuration re-read each time since
    pyproject.toml is watched too. Warnings go to stderr when they first appear, not again
    on every rebuild.

    Each build publishes a new version to the preview's output store, made as `sitegen
    build` makes its folder: from the version served now (pages keyed by content,
    unchanged files hard-linked from it) and an older one nobody reads any more (changed
    only where it differs), so a save costs what it changed, not a copy of the site. A
    file is never rewritten in place (it is replaced), so a version being served never
    changes under a reader."""
    from sitegen.site.build import BuildOptions, build_site

    shown: set[str] = set()

    def build(store: VersionStore) -> int:
        config = load_config(root)
        options = BuildOptions(
            content_dir=content or config.content,
            search=False,  # added in the background: Pagefind takes longer than the pages
        )
        result = build_site(config, options, store=store)
        warnings = [str(w) for w in result.warnings]
        for text in warnings:
            if text not in shown:
                print(text, file=sys.stderr, flush=True)
        shown.clear()
        shown.update(warnings)
        return result.pages

    return build


def search_index(root: Path) -> Index | None:
    """The search stage as `index(folder)`, or None when it is not installed.

    Called directly rather than through `build_site(search=True)`: that would build every
    page a second time, where indexing a hard-linked copy of the pages just built costs
    only Pagefind's own time. The copy keeps its build's manifest, whose file hashes spare
    reading the pages indexed before (without it, every page is read).
    """
    try:
        from sitegen.search import index_site
    except ModuleNotFoundError as exc:
        if exc.name == "sitegen.search":
            return None
        raise
    from sitegen.site import caches
    from sitegen.site.store import cache_dir, content_hashes, read_manifest

    def index(folder: Path) -> None:
        config = load_config(root)
        manifest = read_manifest(cache_dir(config), folder)
        with caches.locked(config, "search"):  # the search cache is shared with `sitegen build`
            index_site(config, folder, hashes=content_hashes(manifest.files) if manifest is not None else None)

    return index


class TerminalReport:
    """One line per build on stdout (none with --quiet); a failed build's problems on stderr.

    On a terminal the line appears when the build starts (`building …`) and is completed in
    place when it ends, so a long build of a big archive shows that it is under way.
    """

    def __init__(self, root: Path, quiet: bool) -> None:
        self._root = root
        self._quiet = quiet
        self._in_place = not quiet and sys.stdout.isatty()

    def _what(self, changes: tuple[str, ...]) -> str:
        shown = [os.path.relpath(p, self._root) for p in changes]
        shown = [s if not s.startswith("..") else p for s, p in zip(shown, changes)]
        more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
        return f" ({', '.join(shown[:3])}{more})" if shown else ""

    def starting(self, changes: tuple[str, ...]) -> None:
        if self._in_place:
            print(f"[{time.strftime('%H:%M:%S')}] building{self._what(changes)} …", end="", flush=True)

    def __call__(self, outcome: Outcome) -> None:
        if not self._quiet:
            if outcome.ok:
                line = f"built in {outcome.seconds:.2f} s: {outcome.pages} pages"
            else:
                count = len(outcome.problems)
                line = f"build failed in {outcome.seconds:.2f} s: {count} problems; serving the last good site"
            start = "\r\033[K" if self._in_place else ""
            print(f"{start}[{time.strftime('%H:%M:%S')}] {line}{self._what(outcome.changes)}", flush=True)
        for text in outcome.problems:
            print(text, file=sys.stderr, flush=True)


def run_serve(args, config: Config) -> int:
    from sitegen.site.build import shared_folders
    from sitegen.site.command import check_content
    from sitegen.site.store import cache_dir

    check_content(config, args.content, args.allow_empty)
    out = Path(args.out) if args.out else config.output
    content = Path(args.content).resolve() if args.content else None
    watch = None
    if args.watch:
        themes = config.root / config.theme if "/" in config.theme else config.root / "themes"  # (theme.theme_dir)
        watched = (content or config.content, config.seeds, config.templates, themes)
        watch = WatchSpec(watched, (config.root / "pyproject.toml",), (out.resolve(),), poll=args.poll)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up like Ctrl-C
    # Ctrl-C too when started with SIGINT ignored (a background job of a script: Python
    # then installs no KeyboardInterrupt, and the preview would never stop on it).
    signal.signal(signal.SIGINT, _interrupt)
    report = TerminalReport(config.root, args.quiet)
    builds = folders.builds_root(out, config.root)
    try:
        preview = Preview(
            build=site_build(config.root, content),
            builds_dir=folders.own_folder(builds),
            host=args.host,
            port=args.port,
            watch=watch,
            report=report,
            index=search_index(config.root),
            starting=report.starting,
            manifests=cache_dir(config),
            shared=shared_folders(config),
        )
    except OSError as exc:
        folders.release(builds)
        print(f"sitegen serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if not is_loopback(args.host):
        print(f"warning: serving on {args.host}, so the preview is exposed to the network", file=sys.stderr)
    try:
        if not preview.start().first.ok and not args.watch:
            return EXIT_CONTENT
        if not args.quiet:
            watching = " and watching for changes" if args.watch else ""
            print(f"serving {preview.url}{watching} (Ctrl-C stops)", flush=True)
        # Woken twice a second: the kernel may hand Ctrl-C to any of the server's or the
        # watcher's threads, and then a wait without a timeout is never interrupted.
        while True:
            time.sleep(SIGNAL_POLL)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        folders.release(builds)
    return EXIT_OK


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
