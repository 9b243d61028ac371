"""Writing the site: rendered files in, a complete output folder out, swapped in whole.

The site is written to a sibling folder and exchanged with the previous one in a single
step (renameat2 on Linux; two renames elsewhere, undone by the next build if killed
between them), so a failed or killed build leaves the previous site as it was. A marker
file says a folder is ours: a folder without it, or one holding the project, its content
or seeds, a repository or the system's files, is never replaced (check_target).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from sitegen.errors import Problem, SitegenError
from sitegen.workers import process_running

MARKER = ".sitegen-output"
MARKER_TEXT = "Written by `sitegen build`: this folder is replaced whole on every build.\n"


# Folders of the system: a site is never written over them or inside them (a web
# server's folder such as /var/www or /srv/www is fine).
SYSTEM_TREES = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr"))
SYSTEM_FOLDERS = tuple(Path(p) for p in ("/", "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var"))
VCS = (".git", ".hg", ".svn", ".bzr", "_darcs", ".jj")
# What sits at the top of a site sitegen built (besides edition folders named by date):
# a copy of one that lost its dot files (`cp -r public/* …`) is still recognised.
SITE_NAMES = {"404.html", "archive", "assets", "city", "feed.json", "feed.xml", "index.html", "offline.html",
              "pagefind", "person", "robots.txt", "search", "share.png", "sitemap.xml", "sw.js"}


def _refuse(out_dir: Path, why: str) -> SitegenError:
    return SitegenError([Problem(str(out_dir), 0, f"refusing to write the site here: {why}")])


def check_target(out_dir: Path, root: Path, protected: list[Path], force: bool = False) -> None:
    """Raises unless `out_dir` may be replaced: absent, empty, or a previous build's output
    (its marker file). Refused whatever the flag: a folder holding the project `root`, the
    home folder or a `protected` folder (content, seeds, templates, theme), or inside one;
    a system folder; a hidden folder of the home folder (~/.ssh); a folder holding a
    repository (.git). `force` (`--force-output`) allows a folder without the marker only
    when it holds a site sitegen built (copied without its dot files) and lies in no
    repository's working tree: the site is swapped in whole, so whatever else the folder
    held would be lost."""
    out_dir = out_dir.resolve()
    for folder in [root, Path.home(), *protected]:
        if folder.resolve().is_relative_to(out_dir):
            raise SitegenError([Problem(str(out_dir), 0, f"refusing to write the site over {folder}: choose another --out")])
    for folder in protected:
        # (a project keeping its articles at its root still has its output beside them)
        if folder.resolve() != root.resolve() and out_dir.is_relative_to(folder.resolve()):
            raise SitegenError([Problem(str(out_dir), 0, f"refusing to write the site inside {folder}: choose another --out")])
    why = system_refusal(out_dir, root)
    if why:
        raise _refuse(out_dir, why)
    if out_dir.exists() and not out_dir.is_dir():
        raise SitegenError([Problem(str(out_dir), 0, "output exists and is not a folder")])
    held = [name for name in VCS if (out_dir / name).exists()] if out_dir.is_dir() else []
    if held:
        raise _refuse(out_dir, f"it holds {held[0]} (a repository), which replacing the folder would delete: choose another --out")
    if not out_dir.is_dir() or (out_dir / MARKER).is_file() or not any(out_dir.iterdir()):
        return
    if not force:
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
    tree = working_tree(out_dir)
    if tree is not None:
        raise _refuse(out_dir, f"--force-output never replaces a folder inside a repository's working tree ({tree}): empty it by hand")
    others = sorted(entry.name for entry in out_dir.iterdir() if not _site_name(entry.name))
    if others or not (out_dir / "index.html").is_file():
        what = f"{others[0]!r} is not part of a site sitegen built" if others else "it holds no index.html"
        raise _refuse(out_dir, f"--force-output replaces only a site sitegen built, and {what}: empty it by hand")


def system_refusal(folder: Path, root: Path) -> str | None:
    """Why no site may be written to `folder` (resolved), or None: a system folder, or
    a hidden folder of the home folder such as ~/.ssh. A folder inside the project `root`
    is the project's own (a project may live in /usr/local/src or ~/.local)."""
    if folder.is_relative_to(root.resolve()):
        return None
    if folder in SYSTEM_FOLDERS or any(folder.is_relative_to(tree) for tree in SYSTEM_TREES):
        return "it is a system folder: choose another --out"
    home = Path.home().resolve()
    if folder.is_relative_to(home) and folder != home and folder.relative_to(home).parts[0].startswith("."):
        return f"{home / folder.relative_to(home).parts[0]} is a hidden folder of the home folder: choose another --out"
    return None


def _site_name(name: str) -> bool:
    return name in SITE_NAMES or name.startswith(".sitegen-") or (len(name) == 10 and name[4] == name[7] == "-" and name.replace("-", "").isdigit())


def working_tree(folder: Path) -> Path | None:
    """The top of the version-controlled working tree `folder` lies in (it or a parent
    holds .git, .hg, …), or None."""
    for parent in (folder, *folder.parents):
        if any((parent / name).exists() for name in VCS):
            return parent
    return None


def _sweep(parent: Path, name: str) -> None:
    """Removes folders left by builds that were killed mid-way (their process is gone).
    A previous site moved aside by a build killed between its two renames (only where the
    atomic exchange is missing) is put back first."""
    out_dir = parent / name
    for kind in ("old", "new"):
        for leftover in sorted(parent.glob(f".sitegen-{glob_escape(name)}-{kind}-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and leftover.is_dir()) or process_running(pid):
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
