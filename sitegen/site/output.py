"""Where a site may be written: an output folder in, a `SitegenError` out when it may not
be replaced (check_target).

A marker file says a folder is ours: a folder without it, or one holding the project,
its content or seeds, a repository or the system's files, is never replaced. How the
folder is replaced (whole, in one step) is the output store's (store.py).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Problem, SitegenError

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
