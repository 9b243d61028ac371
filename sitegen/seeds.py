"""What a delivered file's place says (raw page text, and a 版's PDF or image beside it):
a path in; the edition date from its folder (`seeds/2018-07-05/…`) and the page number
from its name's leading digits counted from zero (`000_…` is 第01版) out. Shared by ingest
and the site, so both read a delivery the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_PAGE_RE = re.compile(r"^(\d{1,3})(?:[_\-. ]|$)")


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
