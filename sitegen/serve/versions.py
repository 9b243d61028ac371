"""The preview's output store: each built version in its own folder, and the pointer to
the one served.

In: drafts that a build (or the search index) publishes, as with any output store
(sitegen/site/store.py). Out: `acquire()`, the version a request reads from until it
ends. A new version replaces the pointer in one assignment, so a request sees either the
old site or the new one, never a half-written page. A replaced folder is deleted by
`prune()` when no request holds it, else when its last request ends.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sitegen.files import link_tree
from sitegen.site.store import Built, Draft, Manifest, OutputStore


@dataclass(eq=False)
class Version:
    number: int
    root: Path
    readers: int = 0  # requests (and builds) reading from it now


class VersionStore(OutputStore):
    """Owns `builds_dir`: `<builds_dir>/<n>` holds build n. Emptied on start and on `close()`.
    `manifests` and `shared` are as for every output store (None: each version is made
    from nothing)."""

    def __init__(self, builds_dir: Path, manifests: Path | None = None, shared: tuple[Path, ...] = (), keep_spare: bool = False) -> None:
        """With `keep_spare`, `prune()` keeps the newest replaced folder that nobody reads
        as the spare: the next build is made from it (changing only what differs) instead
        of from nothing."""
        super().__init__(manifests, shared)
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

    @property
    def spare(self) -> Path | None:
        """The replaced folder the next build is made from, if any."""
        spare = self._spare
        return spare.root if spare is not None else None

    @contextmanager
    def reading(self) -> Iterator[Built | None]:
        with self.acquire() as version:
            yield self._built(version.root) if version is not None else None

    def begin(self) -> Draft:
        with self._lock:
            number, self._next = self._next, self._next + 1
            spare, self._spare = self._spare, None
        root = self.builds_dir / str(number)
        return self._make(root, spare.root if spare is not None else None, root, number)

    def copy(self, number: int) -> Draft | None:
        """A hard-linked copy of version `number` to add to (the search index), or None
        when a newer version is served."""
        root = self.builds_dir / f"{number}-search"
        with self.acquire() as version:
            if version is None or version.number != number:
                return None
            link_tree(version.root, root)
        return Draft(root, {}, root, number, copy=True)

    def publish(self, draft: Draft, manifest: Manifest | None = None) -> bool:
        """Serves `draft` from now on; requests already running keep their version. A
        copy is published only while its version is still the one served."""
        self._seal(draft, manifest)
        with self._lock:
            current = self._current
            if draft.copy and (current is None or current.number != draft.number):
                return False
            if current is not None:
                self._retired.append(current)
            self._current = Version(draft.number, draft.root)
        if not draft.copy:  # (a copy holds the manifest of the version it replaces)
            self._prune_manifests()
        return True

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
        newest of them is kept as the spare instead."""
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

    def _held(self) -> tuple[Path, ...]:
        with self._lock:
            versions = [self._current, self._spare, *self._retired]
        return tuple(v.root for v in versions if v is not None)

    def close(self) -> None:
        shutil.rmtree(self.builds_dir, ignore_errors=True)
