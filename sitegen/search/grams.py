"""Search tokens: text in, the words sitegen puts in the search index out (and back).

Chinese has no spaces, so any dictionary segmentation (jieba at index time, the browser's
Intl.Segmenter at query time) can disagree with itself and lose a name it does not know
(Pagefind issue #1237). Instead every Han character is indexed as the bigram it starts:
宁波江北 -> 宁波 波江 江北 北, the last character of a run standing alone. A query of two or
more characters becomes its bigrams searched as an exact phrase, which matches exactly the
articles that contain it, whatever the dictionary says.

Pagefind lower-cases words and the browser re-segments Han text, so each Han character is
written in letters: `xq` and four base-26 letters per character (`xq` never starts an
English or pinyin word). Digits and Latin words are indexed as themselves, lower-cased.
themes/default/static/search.js holds the same rules for queries; tests compare the two.
"""

from __future__ import annotations

import re

from sitegen.text import HAN_RE

MARK = "xq"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A Han run, a run of ASCII letters and digits, or anything else (one character, or a
# run of spaces).
_PIECE = re.compile(rf"({HAN_RE.pattern}+)|([0-9A-Za-z]+)|(\s+|.)", re.S)
_FULL_WIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}
_CODE = re.compile(rf"{MARK}([a-z]{{4}})(?:[a-z]{{4}})?")


def _letters(ch: str) -> str:
    n = ord(ch)
    return "".join(LETTERS[(n // 26**k) % 26] for k in (3, 2, 1, 0))


def _char(code: str) -> str:
    n = 0
    for letter in code:
        n = n * 26 + LETTERS.index(letter)
    return chr(n)


def normalize(text: str) -> str:
    """Full-width digits and letters (２０１８) to ASCII, as readers type them."""
    return text.translate(_FULL_WIDTH)


_CODES: dict[str, str] = {}  # character -> its letters: a few thousand characters recur


def _han_tokens(run: str) -> list[str]:
    codes = [_CODES.get(ch) or _CODES.setdefault(ch, _letters(ch)) for ch in run]
    return [MARK + code + nxt for code, nxt in zip(codes, codes[1:])] + [MARK + codes[-1]]


SPACE = "¦"  # stands for a run of spaces or a line break, which Pagefind would drop


def index_text(text: str) -> str:
    """The text as Pagefind should index it: one token per Han character (its bigram),
    words and punctuation kept in order, separated by spaces. `decode` reverses it."""
    out: list[str] = []
    for han, word, other in _PIECE.findall(normalize(text)):
        out.extend(_han_tokens(han) if han else [word or (SPACE if other.isspace() else other)])
    return " ".join(out)


def decode(indexed: str) -> str:
    """Indexed text back to readable text (each run of spaces or line breaks as one space)."""
    pieces = (_char(m.group(1)) if (m := _CODE.fullmatch(token)) else token for token in indexed.split())
    return "".join(" " if piece == SPACE else piece for piece in pieces)


def query_phrases(query: str) -> list[list[str]]:
    """A reader's query -> phrases to search, each a list of tokens that must appear in
    order. Spaces and punctuation separate phrases. A Han run of two or more characters
    gives its bigrams; a lone Han character gives its one-letter-code prefix, which only
    a prefix search finds (see search.js)."""
    phrases: list[list[str]] = []
    current: list[str] = []
    for han, word, other in _PIECE.findall(normalize(query).lower()):
        if other:
            if current:
                phrases.append(current)
            current = []
        elif word:
            current.append(word)
        else:
            current.extend(_han_tokens(han)[:-1] if len(han) > 1 else [MARK + _letters(han)])
    if current:
        phrases.append(current)
    return phrases
