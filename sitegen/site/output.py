"""Writing the site: rendered files in, a complete output folder out, swapped in whole.

The site is written to a sibling folder and exchanged with the previous one in a single
step (renameat2 on Linux; two renames elsewhere, undone by the next build if killed
between them), so a failed or killed build leaves the previous site as it was. A marker file says a folder is ours: a folder
without it, or one holding the project, its content or seeds, is never replaced.
"""

from __future__ import annotations

import ctypes
import errno
import ctypes.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Problem, SitegenError

MARKER = ".sitegen-output"
MARKER_TEXT = "Written by `sitegen build`: this folder is replaced whole on every build.\n"


def check_target(out_dir: Path, root: Path, protected: list[Path], force: bool = False) -> None:
    """Raises unless `out_dir` may be replaced: absent, empty, or a previous build's output.
    It may not hold the project `root` or the home folder, nor hold or lie inside a
    `protected` folder (content, seeds, templates, theme). `force` (`--force-output`)
    allows a folder without the marker; the rest is refused whatever the flag."""
    out_dir = out_dir.resolve()
    for folder in [root, Path.home(), *protected]:
        if folder.resolve().is_relative_to(out_dir):
            raise SitegenError([Problem(str(out_dir), 0, f"refusing to write the site over {folder}: choose another --out")])
    for folder in protected:
        # (a project keeping its articles at its root still has its output beside them)
        if folder.resolve() != root.resolve() and out_dir.is_relative_to(folder.resolve()):
            raise SitegenError([Problem(str(out_dir), 0, f"refusing to write the site inside {folder}: choose another --out")])
    if out_dir.exists() and not out_dir.is_dir():
        raise SitegenError([Problem(str(out_dir), 0, "output exists and is not a folder")])
    if not force and out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise SitegenError(
            [
                Problem(
                    str(out_dir),
                    0,
                    f"refusing to replace a folder sitegen did not write (no {MARKER}): "
                    "empty it, choose another --out, or pass --force-output to replace it",
                )
            ]
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep(parent: Path, name: str) -> None:
    """Removes folders left by builds that were killed mid-way (their process is gone).
    A previous site moved aside by a build killed between its two renames (only where the
    atomic exchange is missing) is put back first."""
    out_dir = parent / name
    for kind in ("old", "new"):
        for leftover in sorted(parent.glob(f".sitegen-{glob_escape(name)}-{kind}-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and leftover.is_dir()) or _pid_alive(int(pid)):
                continue
            if kind == "old" and not out_dir.exists() and (leftover / MARKER).is_file():
                os.rename(leftover, out_dir)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


def glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


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


def write_site(out_dir: Path, fill, before_swap: Callable[[Path], None] | None = None) -> None:
    """Makes the new site beside `out_dir` with `fill` (incremental.Fill: from the site
    before the live one, writing only what changed), lets `before_swap(folder)` add to it
    (the search index), and swaps it in; `fill` keeps the replaced site for the next build."""
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _sweep(parent, out_dir.name)
    fresh = parent / f".sitegen-{out_dir.name}-new-{os.getpid()}"
    stale = parent / f".sitegen-{out_dir.name}-old-{os.getpid()}"
    for folder in (fresh, stale):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        fill.start(fresh)
        (fresh / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if before_swap is not None:
            before_swap(fresh)
        fill.seal(fresh)
        if out_dir.is_dir() and _exchange(fresh, out_dir):
            fill.keep(fresh)
            return  # the previous site is now in `fresh`, removed below
        moved = out_dir.exists()
        if moved:
            os.rename(out_dir, stale)
        try:
            os.rename(fresh, out_dir)
        except OSError:
            if moved:  # put the previous site back rather than leave none
                os.rename(stale, out_dir)
            raise
        if moved:
            fill.keep(stale)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)
