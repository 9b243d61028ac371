"""The preview assembled: versions, live state, rebuild loop, HTTP server and watcher.

In: a `build(folder) -> pages` callable, a folder for builds, the address, and what to
watch. Out: a running `Preview` (`url`, `stop()`); `sitegen.serve.command` and the tests
both start it this way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sitegen.serve.live import LiveState
from sitegen.serve.rebuild import QUIET_PERIOD, Build, Outcome, Rebuilder
from sitegen.serve.server import PreviewServer
from sitegen.serve.versions import SiteVersions


@dataclass(frozen=True)
class WatchSpec:
    """What `--watch` looks at: folders recursively, single files, and folders to leave out."""

    folders: tuple[Path, ...]
    files: tuple[Path, ...] = ()
    ignored: tuple[Path, ...] = ()
    poll: bool = False


@dataclass
class Preview:
    build: Build
    builds_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    watch: WatchSpec | None = None
    report: Callable[[Outcome], None] = lambda outcome: None
    quiet_period: float = QUIET_PERIOD
    first: Outcome | None = field(default=None, init=False)

    def start(self) -> "Preview":
        """Binds the port (OSError when taken), builds once, then serves and watches."""
        self.versions = SiteVersions(self.builds_dir)
        self.live = LiveState()
        self.rebuilder = Rebuilder(self.build, self.versions, self.live, self.report, self.quiet_period)
        try:
            self.server = PreviewServer((self.host, self.port), self.versions, self.live)
        except OSError:
            self.versions.close()
            raise
        self._watcher = None
        if self.watch is not None:
            from sitegen.serve.watch import Watcher

            ignored = self.watch.ignored + (self.builds_dir,)
            self._watcher = Watcher(
                self.watch.folders, self.watch.files, self.rebuilder.changed, ignored, self.watch.poll
            )
            self._watcher.start()  # before the first build, so no save is missed during it
        self.first = self.rebuilder.build_now()
        self._serving = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="sitegen-http", daemon=True)
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
        if self._watcher is not None:
            self._watcher.stop()
            self.rebuilder.stop()
        self.live.close()
        self.server.shutdown()
        self.server.server_close()
        self.versions.close()
