"""Where a record's text sits in the index: a `Record` in, the words Pagefind indexes for
it out (its full-text record, and the small heading record of the archive's title index).

A search result carries the positions of its match but not which element they were in,
and fetching each result's fragment to find out would cost a download per match. So the
position tells: the heading class (kicker, headline, subtitle) takes positions
0..HEADING_END-1, padded with SPACE words, which Pagefind counts but does not index; the
aside class (byline, dateline) follows, then a run of PAD SPACE words, then the body. A
phrase whose first match is before HEADING_END is in the heading; the body starts after
the last run of PAD or more SPACE words (the text itself never has two in a row).

Each part carries its weight to Pagefind with the markers its HTML reader makes of
`data-pagefind-weight`, so Pagefind's own ranking counts a headline match ten times.
themes' search.js reads HEADING_END and PAD from query.js; a test checks they agree.
"""

from __future__ import annotations

from sitegen.search.grams import SPACE, index_text
from sitegen.search.records import ASIDE, BODY, HEADING, Record, weight_class

HEADING_END = 128  # the first position after the heading class
PAD = 16  # SPACE words before the body: more than the text ever has in a row
# A heading longer than this (in words) leaves its later parts to the body class.
HEADING_WORDS = HEADING_END - PAD


def _weighted(weight: float, text: str) -> str:
    words = index_text(text)
    if weight == 1:
        return words
    return " ".join(filter(None, (f"___PAGEFIND_WEIGHT___{weight:g}", words, "___END_PAGEFIND_WEIGHT___")))


def classes(record: Record) -> dict[str, list[tuple[float, str]]]:
    """The record's parts by class; heading parts beyond HEADING_WORDS words move to the
    front of the body (still indexed, no longer a heading)."""
    found: dict[str, list[tuple[float, str]]] = {HEADING: [], ASIDE: [], BODY: []}
    used, overflow = 0, []
    for weight, text in record.parts:
        kind = weight_class(weight)
        if kind == HEADING and not overflow:
            size = len(index_text(text).split()) + (1 if used else 0)
            if used + size <= HEADING_WORDS:
                used += size
                found[HEADING].append((weight, text))
                continue
        if kind == HEADING:
            overflow.append((weight, text))
        else:
            found[kind].append((weight, text))
    found[BODY][:0] = overflow
    return found


def _words(parts: list[tuple[float, str]]) -> str:
    """A class's words, one space apart; parts are a line apart (SPACE), as in `Record.text`."""
    return f" {SPACE} ".join(_weighted(weight, text) for weight, text in parts)


def _spaces(count: int) -> str:
    return " ".join([SPACE] * count)


def full_text(record: Record) -> str:
    """The content of the record's full-text entry: heading, padding to HEADING_END,
    aside, PAD padding, body."""
    parts = classes(record)
    head = _words(parts[HEADING])
    # Its words but the weight markers, two a part of a weight other than 1 (no word of
    # the text starts with `_`: index_text makes each `_` a word of its own).
    used = (head.count(" ") + 1 if head else 0) - 2 * sum(1 for weight, _ in parts[HEADING] if weight != 1)
    pieces = (head, _spaces(HEADING_END - used), _words(parts[ASIDE]), _spaces(PAD), _words(parts[BODY]))
    return " ".join(piece for piece in pieces if piece)


def heading(record: Record) -> str:
    """The content of the record's entry in the title index: its heading class alone."""
    return _words(classes(record)[HEADING])


def lead(record: Record, length: int = 100) -> str:
    """The start of the body, for a title-index result's excerpt."""
    body = " ".join(text.replace("\n", " ") for _, text in classes(record)[BODY])
    return body[:length]
