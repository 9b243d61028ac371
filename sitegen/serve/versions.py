"""Built versions of the site, each in its own folder, and the pointer to the one served.

In: folders that a build has finished writing. Out: `acquire()`, the version a request
reads from until it ends. A new version replaces the pointer in one assignment, so a
request sees either the old site or the new one, never a half-written page. A replaced
folder is deleted by `prune()` when no request holds it, else when its last request ends.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(eq=False)
class Version:
    number: int
    root: Path
    readers: int = 0  # requests reading from it now


class SiteVersions:
    """Owns `builds_dir`: `<builds_dir>/<n>` holds build n. Emptied on start and on `close()`."""

    def __init__(self, builds_dir: Path, keep_spare: bool = False) -> None:
        """With `keep_spare`, `prune()` keeps the newest replaced folder that nobody reads
        for `take_spare()`: the next build is made from it (changing only what differs)
        instead of from nothing."""
        self.builds_dir = builds_dir
        shutil.rmtree(builds_dir, ignore_errors=True)
        builds_dir.mkdir(parents=True)
        self._lock = threading.Lock()
        self._next = 1
        self._current: Version | None = None
        self._retired: list[Version] = []
        self._keep_spare = keep_spare
        self._spare: Version | None = None

    @property
    def current(self) -> Version | None:
        return self._current

    def new_folder(self) -> tuple[int, Path]:
        """A number and a fresh folder path (not yet created) for the next build."""
        with self._lock:
            number, self._next = self._next, self._next + 1
        return number, self.builds_dir / str(number)

    def publish(self, number: int, root: Path, *, only_replacing: int | None = None) -> bool:
        """Serves `root` from now on; requests already running keep their version. With
        `only_replacing`, only when the version served now has that number (else False)."""
        with self._lock:
            current = self._current
            if only_replacing is not None and (current is None or current.number != only_replacing):
                return False
            if current is not None:
                self._retired.append(current)
            self._current = Version(number, root)
            return True

    def discard(self, root: Path) -> None:
        """Deletes a folder that will not be published (a failed or superseded build)."""
        shutil.rmtree(root, ignore_errors=True)

    @contextmanager
    def acquire(self) -> Iterator[Version | None]:
        with self._lock:
            version = self._current
            if version is not None:
                version.readers += 1
        try:
            yield version
        finally:
            if version is not None:
                doomed: list[Path] = []
                with self._lock:
                    version.readers -= 1
                    if version.readers == 0 and version in self._retired:
                        self._retired.remove(version)
                        doomed = self._let_go([version])
                for root in doomed:  # replaced while this request read it: deleted now, off the request
                    threading.Thread(target=shutil.rmtree, args=(root, True), daemon=True).start()

    def prune(self) -> None:
        """Deletes replaced versions that no request reads any more (slow for a big site,
        so the caller does it after telling the pages to reload); with `keep_spare`, the
        newest of them is kept for `take_spare()` instead."""
        with self._lock:
            unread = [v for v in self._retired if v.readers == 0]
            self._retired = [v for v in self._retired if v.readers > 0]
            doomed = self._let_go(unread)
        for root in doomed:
            shutil.rmtree(root, ignore_errors=True)

    def _let_go(self, unread: list[Version]) -> list[Path]:
        """With the lock held: replaced versions no request reads any more in; the folders
        to delete out. With `keep_spare` the newest of them (and of the spare kept so
        far) is kept as the spare instead."""
        if not self._keep_spare:
            return [v.root for v in unread]
        candidates = unread + ([self._spare] if self._spare is not None else [])
        if not candidates:
            return []
        self._spare = max(candidates, key=lambda v: v.number)
        return [v.root for v in candidates if v is not self._spare]

    def take_spare(self) -> Path | None:
        """A replaced folder no request reads or ever will again, now the caller's, or None."""
        with self._lock:
            spare, self._spare = self._spare, None
        return spare.root if spare is not None else None

    def close(self) -> None:
        shutil.rmtree(self.builds_dir, ignore_errors=True)
