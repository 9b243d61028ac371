"""Raw page files on disk -> RawPage values (the file-system edge of ingest).

In: paths given on the command line (files or folders). Out: RawPages in a stable order,
and a Problem for every file that cannot be read. An edition's date comes from the
folder holding the page (`seeds/2018-07-05/…`) unless given; a page's number from the
file name's leading digits counted from zero (`000_…` is 第01版).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from sitegen.errors import Problem
from sitegen.ingest.decode import DecodeError, decode_page
from sitegen.ingest.model import RawPage

RAW_SUFFIXES = {".txt", ""}
_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_PAGE_RE = re.compile(r"^(\d{1,3})(?:[_\-. ]|$)")
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


def edition_of(path: Path, given: str | None) -> dt.date | None:
    """The edition date: `given` (YYYY-MM-DD), else the nearest folder named like a date."""
    if given:
        return dt.date.fromisoformat(given)
    for folder in path.parents:
        match = _DATE_RE.match(folder.name)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    return None


def page_of(path: Path) -> int | None:
    """The page number from the file name: `004_…` -> 5; None when the name has no number."""
    match = _PAGE_RE.match(path.name)
    return int(match.group(1)) + 1 if match else None


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
