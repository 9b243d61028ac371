"""File system events to changed paths: the one module that imports watchdog.

In: folders and files to watch, folders to ignore, and a callback. Out: the callback called
with the paths of each batch of relevant events (editor temp files, `.git` and build output
left out). Debouncing is the caller's business (`rebuild.Rebuilder`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".pytest_cache", "node_modules", ".venv"})
# Only events that change something. Without this filter inotify also reports every open
# and read: a build reading 5,000 articles made 10,000 events, and handling them in Python
# slowed the build's reads tenfold (1.3 s against 0.14 s). A folder's "modified" is left
# out too: it comes with every file in it, which say more.
CHANGES = [
    events.FileCreatedEvent,
    events.FileDeletedEvent,
    events.FileModifiedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]
POLL_INTERVAL = 0.25


def is_editor_noise(name: str) -> bool:
    """Swap, backup and lock files of vim, emacs and friends; vim's `4913` write probe."""
    return (
        name.endswith(("~", ".swp", ".swo", ".swx", ".tmp", ".bak"))
        or name.startswith((".#", "#"))
        or name in {"4913", ".DS_Store"}
    )


def is_relevant(path: str, ignored: Iterable[Path]) -> bool:
    parts = Path(path).parts
    if not parts or is_editor_noise(parts[-1]) or IGNORED_DIRS.intersection(parts):
        return False
    return not any(Path(path).is_relative_to(folder) for folder in ignored)


class _Forward(events.FileSystemEventHandler):
    def __init__(self, on_change: Callable[[list[str]], None], ignored: tuple[Path, ...], only: set[str] | None):
        self._on_change = on_change
        self._ignored = ignored
        self._only = only  # the paths it reports when watching a parent folder; None: all

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        paths = [p for p in paths if is_relevant(p, self._ignored) and (self._only is None or p in self._only)]
        if paths:
            self._on_change(paths)


class Watcher:
    """Watches `folders` recursively and `files` (through their folder); `poll` for network mounts.

    A folder that does not exist yet (content/ before the first ingest, templates/ before
    the first override) is watched for through its parent and added when it appears.
    """

    def __init__(
        self,
        folders: Iterable[Path],
        files: Iterable[Path],
        on_change: Callable[[list[str]], None],
        ignored: Iterable[Path] = (),
        poll: bool = False,
    ) -> None:
        self._observer = PollingObserver(timeout=POLL_INTERVAL) if poll else Observer()
        self._on_change = on_change
        self._ignored = tuple(Path(os.path.abspath(p)) for p in ignored)
        self._folders = sorted({Path(os.path.abspath(f)) for f in folders})
        self._watched: set[Path] = set()
        self._watch_existing()
        waiting = [f for f in self._folders if f not in self._watched]
        lone = {Path(os.path.abspath(f)) for f in files}
        lone = {f for f in lone if not any(f.is_relative_to(folder) for folder in self._watched)}
        parents: dict[Path, set[str]] = {}
        for path in [*lone, *waiting]:
            parents.setdefault(path.parent, set()).add(str(path))
        for parent, only in sorted(parents.items()):
            if parent.is_dir():
                handler = _Forward(self._appeared, self._ignored, only)
                self._observer.schedule(handler, str(parent), recursive=False, event_filter=CHANGES)

    def _watch_existing(self) -> None:
        for folder in self._folders:
            if folder not in self._watched and folder.is_dir():
                handler = _Forward(self._on_change, self._ignored, None)
                self._observer.schedule(handler, str(folder), recursive=True, event_filter=CHANGES)
                self._watched.add(folder)

    def _appeared(self, paths: list[str]) -> None:
        self._watch_existing()
        self._on_change(paths)

    @property
    def running(self) -> bool:
        return self._observer.is_alive()

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join()
