"""The rebuild loop: bursts of changed paths in, one build at a time out.

In: `changed(paths)` from the watcher, a `build(store) -> pages` callable that publishes
a new version to the `VersionStore` it is given, or raises `SitegenError` on bad content
(and publishes nothing). Out: each outcome (good or failed) published to `LiveState` and
handed to `report`.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass
from typing import Callable, Iterable

from sitegen.errors import SitegenError, os_problem
from sitegen.serve.live import LiveState, Status
from sitegen.serve.versions import VersionStore

# build(store) publishes the whole site to `store` as a new version and returns its page count.
Build = Callable[[VersionStore], int]

# Editors' saves come as bursts (write, rename, chmod, a backup file): wait this long after
# the last event before building, so one save makes one build.
QUIET_PERIOD = 0.12


@dataclass(frozen=True)
class Outcome:
    """One build: the pages it made, or the `problems` that kept it from being served."""

    pages: int
    seconds: float
    changes: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class Rebuilder:
    def __init__(
        self,
        build: Build,
        versions: VersionStore,
        live: LiveState,
        report: Callable[[Outcome], None] = lambda outcome: None,
        quiet_period: float = QUIET_PERIOD,
        published: Callable[[int], None] = lambda number: None,
        starting: Callable[[tuple[str, ...]], None] = lambda changes: None,
    ) -> None:
        self._build = build
        self._versions = versions
        self._live = live
        self._report = report
        self._published = published  # after each good build, with its number
        self._starting = starting  # before each build, with the changes that caused it
        self._quiet_period = quiet_period
        self._pending: set[str] = set()
        self._last_event = 0.0
        self._stopping = False
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def build_now(self, changes: Iterable[str] = ()) -> Outcome:
        """Builds a new version; it is served when good, the last good one otherwise."""
        changes = tuple(changes)
        self._starting(changes)
        started = time.perf_counter()
        pages, problems = 0, ()
        try:
            pages = self._build(self._versions)
        except SitegenError as exc:
            problems = tuple(str(p) for p in exc.problems) or ("build failed",)
        except OSError as exc:  # a full or read-only disk, a file removed under the build
            problems = (str(os_problem(exc)),)
        except Exception as exc:  # a bug must show in the preview, not stop it
            traceback.print_exc()
            problems = (f"sitegen: internal error while building: {type(exc).__name__}: {exc}",)
        seconds = time.perf_counter() - started
        if problems:
            served = self._live.status.version
            self._live.publish(Status(served, problems))
            outcome = Outcome(0, seconds, changes, problems)
        else:
            current = self._versions.current
            number = current.number if current is not None else 0
            self._live.publish(Status(number))
            outcome = Outcome(pages, seconds, changes)
            self._published(number)
        self._report(outcome)
        self._versions.prune()
        return outcome

    def changed(self, paths: Iterable[str]) -> None:
        with self._wake:
            self._pending.update(paths)
            self._last_event = time.monotonic()
            self._wake.notify_all()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sitegen-rebuild", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ends the loop once the build running now (if any) is done, or after `timeout`."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _next_changes(self) -> tuple[str, ...] | None:
        """Waits for changes and then for a quiet period; None when stopping."""
        with self._wake:
            self._wake.wait_for(lambda: self._pending or self._stopping)
            while not self._stopping:
                quiet_for = time.monotonic() - self._last_event
                if quiet_for >= self._quiet_period:
                    break
                self._wake.wait(self._quiet_period - quiet_for)
            if self._stopping:
                return None
            changes = tuple(sorted(self._pending))
            self._pending.clear()
            return changes

    def _loop(self) -> None:
        # Changes arriving during a build collect in `_pending` and make the next build.
        while (changes := self._next_changes()) is not None:
            self.build_now(changes)
