"""Writing files so that no reader sees half of one, and copying trees by hard links.

- `atomic_write`: bytes in, a file replaced in one step (written beside it, renamed);
- `write_new` / `link_new`: a file made afresh at a name, an old file there unlinked
  first, never changed in place (it may be hard-linked into a site being served);
- `link_tree`: a copy of a folder made of hard links (a copy where links are refused);
- `sweep_temporaries`: deletes what `atomic_write`s of killed processes left behind.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sitegen.workers import process_running

TEMPORARY = ".tmp"  # atomic_write's file beside its target: `.<name>.<pid>.tmp`
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def atomic_write(path: Path, data: bytes) -> None:
    """Replaces `path` with `data` in one rename; its folder is made when missing. A
    failed write (a full disk, a file size limit) leaves `path` as it was and raises an
    OSError that names it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}{TEMPORARY}")
    try:
        write_new(temporary, data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if exc.filename is None or exc.filename == str(temporary):  # (os.write names no file)
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _as_new(name: str, create: Callable[[str], object]):
    """`create(name)` for a name that must be a new file: an old file there is unlinked
    first, a missing folder made. One system call in the common case, a new name in an
    existing folder; a rebuild that fills a new folder calls this for every page."""
    try:
        return create(name)
    except FileExistsError:
        os.unlink(name)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(name), exist_ok=True)
    return create(name)


def write_new(target: Path | str, data: bytes) -> None:
    """Writes `data` as a new file at `target`: a hard-linked old file is never changed."""
    fd = _as_new(os.fspath(target), lambda name: os.open(name, _NEW_FILE, 0o666))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def link_new(source: str, target: str) -> None:
    """Makes `target` a new hard link to `source`, or a copy where links fail."""
    try:
        _as_new(target, lambda name: os.link(source, name))
    except OSError:
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    """A copy of `source` at `target` (which must not exist) made of hard links: cheap,
    and sound as long as files are only ever replaced, never written in place."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def sweep_temporaries(folder: Path) -> int:
    """Deletes, in `folder` and below, the `.<name>.<pid>.tmp` files of `atomic_write`s
    whose process is gone (killed between write and rename); returns how many. Files of
    a process still running are its writes in flight and stay."""
    swept = 0
    for leftover in folder.rglob(f".*{TEMPORARY}"):
        pid = leftover.name[: -len(TEMPORARY)].rsplit(".", 1)[-1]
        if pid.isdigit() and not process_running(pid) and leftover.is_file():
            leftover.unlink(missing_ok=True)
            swept += 1
    return swept
