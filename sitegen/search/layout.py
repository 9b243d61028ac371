"""Where a record's text sits in the index: a `Record` in, the words Pagefind indexes for
it out (its full-text record, and the small heading record of the archive's title index).

A search result carries the positions of its match but not which element they were in,
and fetching each result's fragment to find out would cost a download per match. So the
position tells: the heading class (kicker, headline, subtitle) takes positions
0..HEADING_END-1, padded with SPACE words, which Pagefind counts but does not index; the
aside class (byline, dateline) follows, then a run of PAD SPACE words, then the body. A
phrase whose first match is before HEADING_END is in the heading; the body starts after
the last run of PAD or more SPACE words (the text itself never has two in a row).
Within the heading, the headline (its first part of the highest weight: the 主题, not the
kicker or subtitle) comes first, at 0..HEADLINE_END-1, and the other parts after it,
from HEADLINE_END: a phrase whose match starts before HEADLINE_END is in the headline.
The title index's records are laid out the same way, with the start of the body (the
lede) from HEADING_END. Pagefind's page length counts the distinct words indexed, so
the padding changes no score.

Each part carries its weight to Pagefind with the markers its HTML reader makes of
`data-pagefind-weight`, so Pagefind's own ranking counts a headline match ten times.
themes' search.js reads HEADING_END and PAD from query.js; a test checks they agree.
"""

from __future__ import annotations

from sitegen.search.grams import SPACE, index_text
from sitegen.search.records import ASIDE, BODY, HEADING, Record, weight_class

HEADING_END = 128  # the first position after the heading class
HEADLINE_END = 64  # the heading's other parts start here, after the headline
PAD = 16  # SPACE words before the body: more than the text ever has in a row
# A heading longer than this (in words) leaves its later parts to the body class.
HEADING_WORDS = HEADING_END - PAD
LEDE_CHARS = 60  # of the body, in a title-index record after its heading
EXCERPT_CHARS = 100  # of the body, a title-index result's excerpt (its `lead`)


def _weighted(weight: float, text: str) -> str:
    words = index_text(text)
    if weight == 1:
        return words
    return " ".join(filter(None, (f"___PAGEFIND_WEIGHT___{weight:g}", words, "___END_PAGEFIND_WEIGHT___")))


def _size(text: str) -> int:
    return len(index_text(text).split())


def _start(end: int, first: bool) -> int:
    """Where a heading part starts: the headline at 0, the next part at HEADLINE_END (or a
    SPACE after a longer headline), each later one a SPACE after the part before (`end`)."""
    return 0 if first else max(end + 1, HEADLINE_END)


def classes(record: Record) -> dict[str, list[tuple[float, str]]]:
    """The record's parts by class, the heading's headline first (its first part of the
    highest weight), then its other parts in page order; heading parts that would end
    beyond HEADING_WORDS positions move to the front of the body (still indexed, no
    longer a heading)."""
    found: dict[str, list[tuple[float, str]]] = {HEADING: [], ASIDE: [], BODY: []}
    heading = [part for part in record.parts if weight_class(part[0]) == HEADING]
    if heading:
        top = max(weight for weight, _ in heading)
        first = next(i for i, (weight, _) in enumerate(heading) if weight == top)
        heading.insert(0, heading.pop(first))
    end, overflow = 0, []
    for weight, text in heading:
        start = _start(end, first=not found[HEADING])
        size = _size(text)
        if not overflow and start + size <= HEADING_WORDS:
            found[HEADING].append((weight, text))
            end = start + size
        else:
            overflow.append((weight, text))
    for weight, text in record.parts:
        if weight_class(weight) != HEADING:
            found[weight_class(weight)].append((weight, text))
    found[BODY][:0] = overflow
    return found


def _words(parts: list[tuple[float, str]]) -> str:
    """A class's words, one space apart; parts are a line apart (SPACE), as in `Record.text`."""
    return f" {SPACE} ".join(_weighted(weight, text) for weight, text in parts)


def _spaces(count: int) -> str:
    return " ".join([SPACE] * count)


def _heading(parts: list[tuple[float, str]]) -> tuple[str, int]:
    """The heading class's words (its headline, then SPACE words up to HEADLINE_END, then
    the other parts) and the positions they take."""
    if not parts:
        return "", 0
    (weight, text), rest = parts[0], parts[1:]
    used = _size(text)
    pieces = [_weighted(weight, text)]
    if rest:
        start = _start(used, first=False)
        pieces.append(_spaces(start - used))
        pieces.append(_words(rest))
        used = start + sum(_size(t) for _, t in rest) + len(rest) - 1  # a SPACE between parts
    return " ".join(pieces), used


def full_text(record: Record) -> str:
    """The content of the record's full-text entry: heading, padding to HEADING_END,
    aside, PAD padding, body."""
    parts = classes(record)
    head, used = _heading(parts[HEADING])
    pieces = (head, _spaces(HEADING_END - used), _words(parts[ASIDE]), _spaces(PAD), _words(parts[BODY]))
    return " ".join(piece for piece in pieces if piece)


def title(record: Record) -> tuple[str, str]:
    """The record's entry in the title index: (its content, the first EXCERPT_CHARS of its
    body for a result's excerpt), or ("", "") for a record without a heading. The content
    is its heading class laid out as in the full text, then from HEADING_END the first
    LEDE_CHARS characters of its body. Among the headings that hold a query, search.js puts
    first those whose story opens with it too: a reader's remembered words are what the
    story is about, not only words its headline happens to share with other headlines."""
    parts = classes(record)
    head, used = _heading(parts[HEADING])
    if not head:
        return "", ""
    body = " ".join(text.replace("\n", " ") for _, text in parts[BODY])
    content = " ".join(piece for piece in (head, _spaces(HEADING_END - used), index_text(body[:LEDE_CHARS])) if piece)
    return content, body[:EXCERPT_CHARS]
