"""Raw page files on disk -> RawPage values (the file-system edge of ingest).

In: paths given on the command line (files or folders). Out: RawPages in a stable order,
and a Problem for every file that cannot be read. An edition's date comes from the
folder holding the page (`seeds/2018-07-05/…`) unless given; a page's number from the
file name's leading digits counted from zero (`000_…` is 第01版).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.errors import Problem
from sitegen.ingest.decode import DecodeError, decode_page
from sitegen.ingest.model import RawPage
from sitegen.seeds import edition_of, page_of

RAW_SUFFIXES = {".txt", ""}
MAX_PAGE_BYTES = 64 * 1024 * 1024


def find_raw_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expands folders into their raw page files (sorted); names missing paths."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and not p.name.startswith("."))
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, "no such file or folder"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_page(path: Path, root: Path, edition: str | None = None) -> RawPage:
    """Reads and decodes one raw page; raises DecodeError (or OSError) with the reason."""
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise DecodeError(f"{size} bytes is larger than a page can be ({MAX_PAGE_BYTES} bytes)")
    data = path.read_bytes()
    text, encoding = decode_page(data)
    return RawPage(
        path=display_path(path, root),
        lines=tuple(text.split("\n")),
        edition=edition_of(path, edition),
        page=page_of(path),
        encoding=encoding,
        digest=hashlib.sha256(data).hexdigest(),
    )
