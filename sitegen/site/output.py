"""Writing the site: rendered files in, a complete output folder out, swapped in whole.

The site is written to a sibling folder and renamed into place, so a failed or killed
build leaves the previous site as it was. A marker file says a folder is ours: a folder
without it, or one holding the project, its content or seeds, is never replaced.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Problem, SitegenError

MARKER = ".sitegen-output"
MARKER_TEXT = "Written by `sitegen build`: this folder is replaced whole on every build.\n"


def check_target(out_dir: Path, protected: list[Path]) -> None:
    """Raises unless `out_dir` may be replaced: absent, empty, or a previous build's output,
    and holding none of the `protected` folders (project root, content, seeds, …)."""
    out_dir = out_dir.resolve()
    for folder in protected:
        if folder.resolve().is_relative_to(out_dir):
            raise SitegenError([Problem(str(out_dir), 0, f"refusing to write the site over {folder}: choose another --out")])
    if out_dir.exists() and not out_dir.is_dir():
        raise SitegenError([Problem(str(out_dir), 0, "output exists and is not a folder")])
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise SitegenError(
            [Problem(str(out_dir), 0, f"refusing to replace a folder sitegen did not write (no {MARKER}): empty it or choose another --out")]
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
    """Removes folders left by builds that were killed mid-way (their process is gone)."""
    for leftover in parent.glob(f".sitegen-{name}-*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and leftover.is_dir() and not _pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def write_site(files, out_dir: Path, before_swap: Callable[[Path], None] | None = None) -> None:
    """Writes `files` (RenderedFile: path, data) as the whole content of `out_dir`;
    `before_swap(folder)` may add to the new folder (the search index) before it goes live."""
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _sweep(parent, out_dir.name)
    fresh = parent / f".sitegen-{out_dir.name}-new-{os.getpid()}"
    stale = parent / f".sitegen-{out_dir.name}-old-{os.getpid()}"
    for folder in (fresh, stale):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        fresh.mkdir()
        for item in files:
            target = (fresh / item.path).resolve()
            if not target.is_relative_to(fresh):
                raise SitegenError([Problem(item.path, 0, "output path leaves the output folder")])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        (fresh / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if before_swap is not None:
            before_swap(fresh)
        moved = out_dir.exists()
        if moved:
            os.rename(out_dir, stale)
        try:
            os.rename(fresh, out_dir)
        except OSError:
            if moved:  # put the previous site back rather than leave none
                os.rename(stale, out_dir)
            raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)
