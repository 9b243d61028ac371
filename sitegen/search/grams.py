"""Search tokens: text in, the words sitegen puts in the search index out (and back).

Chinese has no spaces, so any dictionary segmentation (jieba at index time, the browser's
Intl.Segmenter at query time) can disagree with itself and lose a name it does not know
(Pagefind issue #1237). Instead every Han character is indexed as a word of its own:
宁波江北 -> 宁 波 江 北. A query becomes the phrase of its characters, searched as an exact
phrase (consecutive positions), which matches exactly the articles that contain it,
whatever a dictionary says; a single character is already as small as a segmenter can
cut it, so the browser leaves the query's words as they are.

Digits and Latin words are indexed as themselves (Pagefind lower-cases them). Every other
character is a word of its own and a run of spaces or a line break is the word `¦`:
Pagefind gives them positions but indexes nothing for them, so no phrase matches across
punctuation or from one line to the next, and the indexed text reads back as the text.
A query typed in traditional characters is simplified first (溫州 -> 温州, with the query
table of sitegen/traditional/tables.py); the index holds the text as written.
sitegen/search/static/search-query.js holds the same rules for queries; tests compare the two.
"""

from __future__ import annotations

import re

from sitegen.text import HAN_RE
from sitegen.traditional.tables import simplify

SPACE = "¦"  # stands for a run of spaces or a line break, which Pagefind would drop
# A Han run, a run of ASCII letters and digits, or anything else (one character, or a
# run of spaces).
_PIECE = re.compile(rf"({HAN_RE.pattern}+)|([0-9A-Za-z]+)|(\s+|.)", re.S)
_SPACES = re.compile(r"\s+")
_FULL_WIDTH_RE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULL_WIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}


class _Apart(dict):
    """str.translate table, filled as characters are met: ASCII letters, digits and
    spaces stay, any other character becomes a word of its own (spaces around it)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        self[cp] = found = ch if ch.isascii() and (ch.isalnum() or ch.isspace()) else f" {ch} "
        return found


_APART = _Apart()


def normalize(text: str) -> str:
    """Full-width digits and letters (２０１８) to ASCII, as readers type them."""
    return text.translate(_FULL_WIDTH) if _FULL_WIDTH_RE.search(text) else text


def index_text(text: str) -> str:
    """The text as Pagefind should index it: each Han character, ASCII word, punctuation
    mark and run of spaces (as `¦`) a word of its own, in order, one space apart.
    `decode` reverses it."""
    return " ".join(_SPACES.sub(f" {SPACE} ", normalize(text)).translate(_APART).split())


def decode(indexed: str) -> str:
    """Indexed text back to readable text (each run of spaces or line breaks as one space)."""
    return "".join(" " if word == SPACE else word for word in indexed.split())


def query_phrases(query: str) -> list[list[str]]:
    """A reader's query -> phrases to search, each a list of words that must appear in
    order: a Han run gives its characters (traditional ones simplified), an ASCII run
    itself (lower-cased). Spaces and punctuation separate phrases."""
    phrases: list[list[str]] = []
    current: list[str] = []
    for han, word, other in _PIECE.findall(simplify(normalize(query)).lower()):
        if other:
            if current:
                phrases.append(current)
            current = []
        else:
            current.extend(han or [word])
    if current:
        phrases.append(current)
    return phrases
