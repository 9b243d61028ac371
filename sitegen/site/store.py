"""The output store: the built versions of a site on disk, behind one interface for
`sitegen build` and `sitegen serve`.

A build asks the store for the version readers are given now (`reading()`: its folder
and manifest, held for the build so it is not deleted under it) and for a new one
(`begin()`: a `Draft`, made from the store's spare, an older version nobody reads any
more, so that only what differs is rewritten). It fills the draft through its folder,
then `publish(draft, manifest)` records the manifest and makes the draft the live
version in one step; the version it replaced becomes the next spare. A build that fails
calls `discard(draft)`, and the live version stays as it was.

- `FolderStore` (`sitegen build`): the live version is the output folder itself. A draft
  is made beside it and exchanged with it (renameat2 on Linux; two renames elsewhere,
  undone by the next build if killed between them), so a failed or killed build leaves
  the previous site as it was. The spare is `.sitegen-<out>-spare` beside it.
- `sitegen.serve.versions.VersionStore` (`sitegen serve`): each version is a numbered
  folder, the live one a pointer that requests read through; a replaced version is
  deleted, or kept as the spare, once no request reads it.

Manifests (path -> page key, content hash; the build's input digest and warnings) live in
`.sitegen-cache/site/<id>.json`, named by the id written in the folder's `.sitegen-manifest`
file (a hash of the manifest, so two builds of the same input stay byte-identical). A
folder without one is rebuilt from nothing. After each publish the store deletes the
manifests of folders that neither it nor the configured output holds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import glob
import hashlib
import json
import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sitegen.config import Config
from sitegen.errors import Problem
from sitegen.files import atomic_write, write_new
from sitegen.site.output import MARKER, MARKER_TEXT
from sitegen.workers import process_running

ID_FILE = ".sitegen-manifest"
SPARE = ".sitegen-{name}-spare"


# -- manifests --------------------------------------------------------------------------------


@dataclass
class Manifest:
    inputs: str = ""  # digest of everything the build read (see build.py)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (page key or '', sha256)
    warnings: tuple[Problem, ...] = ()
    search: bool = False
    articles: int = 0
    jobs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # signature of a group of jobs -> its pages' site paths

    def ident(self) -> str:
        digest = hashlib.sha256(f"{self.inputs} {self.search}".encode())
        for path in sorted(self.files):
            key, sha = self.files[path]
            digest.update(f"\n{path} {key} {sha}".encode())
        for signature in sorted(self.jobs):
            digest.update(f"\n{signature} {self.jobs[signature]!r}".encode())
        return digest.hexdigest()[:24]


def cache_dir(config: Config) -> Path:
    """Where a project's manifests (and the site's other caches) are kept."""
    return config.cache / "site"


def read_manifest(manifests: Path | None, folder: Path) -> Manifest | None:
    """The manifest of `folder` from the `manifests` folder, or None when it has none (or
    its entry is gone, or is not one: a cache is data, checked field by field, never code)."""
    ident = folder_ident(folder) if manifests is not None else ""
    if not ident:
        return None
    try:
        with open(manifests / f"{ident}.json", "rb") as f:
            data = json.load(f)
        return _manifest_from(data) if data.get("ident") == ident else None
    except (OSError, ValueError, TypeError, AttributeError, KeyError):  # absent, an older format, not ours
        return None


def _manifest_from(data: dict) -> Manifest:
    """A manifest from its JSON; TypeError or ValueError when any field is not as written."""
    files = {str(path): (_text(key), _text(sha)) for path, (key, sha) in data["files"].items()}
    warnings = tuple(Problem(_text(path), int(line), _text(message), _text(severity)) for path, line, message, severity in data["warnings"])
    jobs = {str(signature): tuple(_text(path) for path in paths) for signature, paths in data["jobs"].items()}
    if not isinstance(data["search"], bool) or not isinstance(data["articles"], int):
        raise TypeError("not a manifest")
    return Manifest(_text(data["inputs"]), files, warnings, data["search"], data["articles"], jobs)


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("not a manifest")
    return value


def write_manifest(manifests: Path, folder: Path, manifest: Manifest) -> str:
    """Records `manifest` as `folder`'s; returns its ident."""
    ident = manifest.ident()
    manifests.mkdir(parents=True, exist_ok=True)
    data = {
        "ident": ident,  # hashing the manifest again to check it cost 0.1 s
        "inputs": manifest.inputs,
        "files": manifest.files,
        "warnings": [[p.path, p.line, p.message, p.severity] for p in manifest.warnings],
        "search": manifest.search,
        "articles": manifest.articles,
        "jobs": manifest.jobs,
    }
    atomic_write(manifests / f"{ident}.json", json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    write_new(folder / ID_FILE, ident.encode() + b"\n")
    return ident


def folder_ident(folder: Path) -> str:
    """The ident of `folder`'s manifest, or '' when it has none."""
    try:
        return (folder / ID_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def content_hashes(files: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A manifest's files (path -> (page key, sha256)) as path -> sha256: what the search
    step needs to read only the pages it has not seen."""
    return {path: sha for path, (_, sha) in files.items()}


# -- the store --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """A published version: its folder and manifest (None: unknown, nothing is reused)."""

    root: Path
    manifest: Manifest | None


@dataclass
class Draft:
    """A version being written. `root` exists and holds `had` (path -> (page key, sha256)),
    the files of the spare it was made from; `published` is where readers find it once
    published. `number` is its version number (0 for an output folder); a `copy` is a
    published version copied to be added to (serve's search index), published only while
    that version is still the live one."""

    root: Path
    had: dict[str, tuple[str, str]]
    published: Path
    number: int = 0
    copy: bool = False


def spare_of(out_dir: Path) -> Path:
    return out_dir.parent / SPARE.format(name=out_dir.name)


class OutputStore:
    """What both stores share: drafts made from a spare, manifests written on publish and
    pruned after. `manifests` is the manifests folder (None: no manifests, every version is
    made from nothing); the manifests of the `shared` folders (the configured output and
    its spare, which another store owns) are never pruned."""

    # Whether a build whose inputs equal the live version's may leave it as it is (no new version).
    keeps_unchanged = False

    def __init__(self, manifests: Path | None, shared: tuple[Path, ...] = ()) -> None:
        self.manifests = manifests
        self._shared = shared

    @contextmanager
    def reading(self) -> Iterator[Built | None]:
        """The live version, not deleted until the block ends; None before the first."""
        raise NotImplementedError

    def begin(self) -> Draft:
        raise NotImplementedError

    def publish(self, draft: Draft, manifest: Manifest | None = None) -> bool:
        """Makes `draft` the live version (False: a copy of a version no longer live, not published)."""
        raise NotImplementedError

    def discard(self, draft: Draft) -> None:
        shutil.rmtree(draft.root, ignore_errors=True)

    def _held(self) -> tuple[Path, ...]:
        """The folders whose manifests this store still needs."""
        raise NotImplementedError

    def _built(self, root: Path) -> Built:
        return Built(root, read_manifest(self.manifests, root))

    def _make(self, root: Path, spare: Path | None, published: Path, number: int = 0) -> Draft:
        """A draft at `root` (which must not exist): the `spare` moved there when its
        manifest says what it holds, else an empty folder (the spare is deleted)."""
        known = read_manifest(self.manifests, spare) if spare is not None and spare.is_dir() else None
        if known is not None:
            os.rename(spare, root)
            (root / ID_FILE).unlink(missing_ok=True)  # until it is whole again
        else:
            if spare is not None:
                shutil.rmtree(spare, ignore_errors=True)
            root.mkdir()
        atomic_write(root / MARKER, MARKER_TEXT.encode())
        return Draft(root, known.files if known is not None else {}, published, number)

    def _seal(self, draft: Draft, manifest: Manifest | None) -> None:
        if manifest is not None and self.manifests is not None:
            write_manifest(self.manifests, draft.root, manifest)

    def _prune_manifests(self) -> None:
        """Deletes the manifests (named by their 24-digit ident) of folders gone."""
        if self.manifests is None or not self.manifests.is_dir():
            return
        keep = {folder_ident(folder) for folder in (*self._held(), *self._shared)}
        for entry in self.manifests.glob("*.json"):
            if entry.stem not in keep and len(entry.stem) == 24 and entry.stem.isalnum():
                entry.unlink(missing_ok=True)


class FolderStore(OutputStore):
    """`sitegen build`'s store: the live version is `out_dir`, swapped whole on publish."""

    keeps_unchanged = True

    def __init__(self, out_dir: Path, manifests: Path | None, shared: tuple[Path, ...] = ()) -> None:
        super().__init__(manifests, shared)
        self.out_dir = out_dir.resolve()
        self.spare = spare_of(self.out_dir)
        self._parent, name = self.out_dir.parent, self.out_dir.name
        self._stale = self._parent / f".sitegen-{name}-old-{os.getpid()}"

    @contextmanager
    def reading(self) -> Iterator[Built | None]:
        yield self._built(self.out_dir) if self.out_dir.is_dir() else None

    def begin(self) -> Draft:
        self._parent.mkdir(parents=True, exist_ok=True)
        _sweep(self._parent, self.out_dir.name)
        fresh = self._parent / f".sitegen-{self.out_dir.name}-new-{os.getpid()}"
        for folder in (fresh, self._stale):
            shutil.rmtree(folder, ignore_errors=True)
        return self._make(fresh, self.spare, self.out_dir)

    def publish(self, draft: Draft, manifest: Manifest | None = None) -> bool:
        out_dir, stale = self.out_dir, self._stale
        try:
            self._seal(draft, manifest)
            if out_dir.is_dir() and _exchange(draft.root, out_dir):
                replaced: Path | None = draft.root  # the previous site is now there
            else:
                moved = out_dir.exists()
                if moved:
                    os.rename(out_dir, stale)
                try:
                    os.rename(draft.root, out_dir)
                except OSError:
                    if moved:  # put the previous site back rather than leave none
                        os.rename(stale, out_dir)
                    raise
                replaced = stale if moved else None
            if replaced is not None:  # the next build's spare
                shutil.rmtree(self.spare, ignore_errors=True)
                os.rename(replaced, self.spare)
            self._prune_manifests()
        finally:
            self.discard(draft)
        return True

    def discard(self, draft: Draft) -> None:
        shutil.rmtree(draft.root, ignore_errors=True)
        shutil.rmtree(self._stale, ignore_errors=True)

    def _held(self) -> tuple[Path, ...]:
        return (self.out_dir, self.spare)


def _sweep(parent: Path, name: str) -> None:
    """Removes folders left by builds that were killed mid-way (their process is gone).
    A previous site moved aside by a build killed between its two renames (only where the
    atomic exchange is missing) is put back first."""
    out_dir = parent / name
    for kind in ("old", "new"):
        for leftover in sorted(parent.glob(f".sitegen-{glob.escape(name)}-{kind}-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and leftover.is_dir()) or process_running(pid):
                continue
            if kind == "old" and not out_dir.exists() and (leftover / MARKER).is_file():
                os.rename(leftover, out_dir)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swaps two folders in one step (Linux renameat2 RENAME_EXCHANGE): at no moment is
    either path missing. False where the system or file system cannot do it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(error, os.strerror(error), str(b))
