"""Where `sitegen serve --out X` keeps its builds: `X.serve/`, made and marked by the
first preview and shared by every preview of the project, each in a subfolder of its
own (`X.serve/<pid>/`). A second preview, or one that fails on a taken port, never
touches another's files; a folder named X.serve that no preview made is never used.

In: the output folder named on the command line. Out: this preview's own folder, or a
`SitegenError` (exit 2) naming the folder refused and why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitegen.errors import EXIT_USAGE, Problem, SitegenError
from sitegen.site.output import system_refusal
from sitegen.workers import process_running

MARKER = ".sitegen-serve"
MARKER_TEXT = "Made by `sitegen serve`: each running preview keeps its builds in a subfolder named by its process id.\n"


def _refuse(folder: Path, why: str) -> SitegenError:
    return SitegenError([Problem(str(folder), 0, why)], EXIT_USAGE)


def builds_root(out: Path, project: Path) -> Path:
    """`out` + `.serve`, made and marked if absent; refused when it holds anything that
    no preview made, or lies where no site may be written (output.system_refusal)."""
    out = out.resolve()
    if out.parent == out:
        raise _refuse(out, "previews are kept beside the output folder, and the root folder has none: choose another --out")
    root = out.with_name(out.name + ".serve")
    why = system_refusal(root, project)
    if why:
        raise _refuse(root, f"refusing to keep previews here: {why}")
    if root.exists() and not root.is_dir():
        raise _refuse(root, "previews are kept in this folder, and it is a file: choose another --out")
    if root.is_dir() and not (root / MARKER).is_file() and any(root.iterdir()):
        raise _refuse(root, f"refusing to keep previews in a folder sitegen serve did not make (no {MARKER}): empty it or choose another --out")
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return root


def own_folder(root: Path) -> Path:
    """This process's folder in `root` (not made yet); the folders of previews whose
    process is gone (killed) are deleted first."""
    for entry in root.iterdir():
        if entry.name.isdigit() and entry.is_dir() and int(entry.name) != os.getpid() and not process_running(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
    return root / str(os.getpid())


def release(root: Path) -> None:
    """Deletes `root` once no preview uses it (only its marker is left)."""
    try:
        if [entry.name for entry in root.iterdir()] != [MARKER]:
            return
        (root / MARKER).unlink()
        root.rmdir()
    except FileNotFoundError:
        return
    except OSError:  # a preview started meanwhile: the folder stays marked as ours
        (root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
