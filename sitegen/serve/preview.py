"""The preview assembled: versions, live state, rebuild loop, HTTP server and watcher.

In: a `build(store) -> pages` callable (and optionally `index(folder)` for search), a
folder for builds (and the manifests folder, so each build reuses the last one's pages),
the address, and what to watch. Out: a running `Preview` (`url`, the
`first` build's outcome, `stop()`); `sitegen.serve.command` and the tests both use it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sitegen.serve.indexing import BackgroundIndex, Index
from sitegen.serve.live import LiveState
from sitegen.serve.rebuild import QUIET_PERIOD, Build, Outcome, Rebuilder
from sitegen.serve.server import PreviewServer
from sitegen.serve.versions import VersionStore


STOP_WAIT = 3.0  # seconds to let a running build or index finish on stop


@dataclass(frozen=True)
class WatchSpec:
    """What `--watch` looks at: folders recursively, single files, and folders to leave out."""

    folders: tuple[Path, ...]
    files: tuple[Path, ...] = ()
    ignored: tuple[Path, ...] = ()
    poll: bool = False


class Preview:
    """Constructing one binds the port (OSError when taken); `start()` builds, serves, watches."""

    def __init__(
        self,
        build: Build,
        builds_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        watch: WatchSpec | None = None,
        report: Callable[[Outcome], None] = lambda outcome: None,
        quiet_period: float = QUIET_PERIOD,
        index: Index | None = None,
        starting: Callable[[tuple[str, ...]], None] = lambda changes: None,
        manifests: Path | None = None,
        shared: tuple[Path, ...] = (),
    ) -> None:
        """`manifests` and `shared` are the output store's (sitegen/site/store.py)."""
        self.builds_dir = builds_dir
        self.first: Outcome | None = None  # the first build's outcome, once started
        self.versions = VersionStore(builds_dir, manifests, shared, keep_spare=True)
        self.live = LiveState()
        self.search = BackgroundIndex(index, self.versions) if index is not None else None
        published = self.search.request if self.search is not None else lambda number: None
        self.rebuilder = Rebuilder(build, self.versions, self.live, report, quiet_period, published, starting)
        try:
            self.server = PreviewServer((host, port), self.versions, self.live)
        except OSError:
            self.versions.close()
            raise
        self._serving = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._watcher = None
        if watch is not None:
            from sitegen.serve.watch import Watcher

            ignored = watch.ignored + (builds_dir,)
            self._watcher = Watcher(watch.folders, watch.files, self.rebuilder.changed, ignored, watch.poll)

    def start(self) -> Preview:
        """Builds once (the outcome is returned in `first`), then serves and rebuilds on changes."""
        if self.search is not None:
            self.search.start()
        if self._watcher is not None:
            self._watcher.start()  # before the first build, so no save is missed during it
        self.first = self.rebuilder.build_now()
        self._serving.start()
        if self._watcher is not None:
            self.rebuilder.start()
        return self

    @property
    def url(self) -> str:
        host = self.server.server_address[0]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.server.port}/"

    def stop(self) -> None:
        """Stops what `start()` started (it may have been interrupted) and deletes the builds.

        A build or index still running after a few seconds is left to die with the process
        (its threads are daemons): Ctrl-C must not wait for a big site's build. Whatever it
        leaves in the builds folder is deleted by the next start.
        """
        if self._watcher is not None and self._watcher.running:
            self._watcher.stop()
        self.rebuilder.stop(STOP_WAIT)
        if self.search is not None:
            self.search.stop(STOP_WAIT)
        self.live.close()
        if self._serving.is_alive():
            self.server.shutdown()
        self.server.server_close()
        self.versions.close()
