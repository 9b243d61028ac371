"""The 繁體 tables, made from OpenCC's dictionaries (opencc_dicts.py) and shipped with
sitegen in sitegen/traditional/data/: making them takes a quarter to one and a half
seconds, which every cold build paid, and only a change of OpenCC changes them.
`python -m sitegen.traditional.tables` makes them again; a test checks that the shipped
ones are what the installed OpenCC makes (the test extra pins its version).

Out, as theme assets (sitegen/site/theme.py fingerprints them like the theme's files):
- `s2t.json`, the page table: {"chars": "发發后後…" (pairs: simplified, its usual
  traditional form), "phrases": "头发\t.髮\n…" (a phrase and its traditional form, `.` where
  the character table already gives the right character)}. traditional.js converts a page
  as OpenCC's s2t does: the longest phrase at each place, else the character. Only the
  phrases that change the result are kept: those the character table and the shorter
  phrases kept get wrong (头发 → 頭髮, not 頭發; 以后 → 以後, 皇后 stays); 7,138 of OpenCC's
  49,238 with OpenCC 1.4.2 (benchmarks/traditional_accuracy.py measures what is lost).
- `t2s.json`, the query table: {"chars": "溫温寧宁…"}: characters that simplified text
  does not use, each with its simplified form, so that a query typed in traditional
  characters (溫州) finds the articles (温州). A character simplified text may hold
  (乾 in 乾隆, 著 in 著名, any GB2312 character but 後) is left as typed.
  search-query.js loads it only for a query with a character outside GB2312 (or 後).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sitegen.text import is_han

PLACEHOLDER = "."  # in a phrase's target: the character table's character
# In GB2312 but not written in simplified text: 後 (后). search-query.js has the same list.
EXTRA_TRADITIONAL = "後"
MAX_PHRASE = 16
ASSET_NAMES = ("s2t.json", "t2s.json")
SHIPPED = Path(__file__).resolve().parent / "data"


def in_gb2312(char: str) -> bool:
    """Whether `char` is one of GB2312's characters (the browser decodes the same range
    with TextDecoder("gbk") in search-query.js)."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def char_map() -> dict[str, str]:
    """Simplified character -> its usual traditional form (OpenCC's first candidate)."""
    from sitegen.traditional import opencc_dicts

    return {s: t[0] for s, t in opencc_dicts.load("STCharacters").items() if len(s) == 1 and len(t[0]) == 1 and t[0] != s}


def by_chars(text: str) -> str:
    chars = char_map()
    return "".join(chars.get(c, c) for c in text)


def convert(text: str, phrases: dict[str, str]) -> str:
    """`text` in traditional characters: at each place the longest of `phrases`, else
    the character table (the rule traditional.js follows)."""
    chars = char_map()
    out, i = [], 0
    while i < len(text):
        for n in range(min(MAX_PHRASE, len(text) - i), 1, -1):
            found = phrases.get(text[i:i + n])
            if found:
                out.append(found)
                i += n
                break
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return "".join(out)


@functools.cache
def phrase_map() -> dict[str, str]:
    """OpenCC's s2t phrases that the character table and shorter phrases get wrong."""
    from sitegen.traditional import opencc_dicts

    every = dict(opencc_dicts.load("STPhrases_GeneratedFromRegionalPhrases"))
    every.update(opencc_dicts.load("STPhrases"))  # (OpenCC's own phrases win)
    kept: dict[str, str] = {}
    for phrase in sorted(every, key=lambda p: (len(p), p)):
        target = every[phrase][0]
        if len(target) != len(phrase) or len(phrase) > MAX_PHRASE or PLACEHOLDER in phrase + target:
            continue  # (none in OpenCC 1.4: converted text keeps its length)
        if convert(phrase, kept) != target:
            kept[phrase] = target
    return kept


def _encoded_phrases(phrases: dict[str, str]) -> str:
    lines = []
    for phrase in sorted(phrases):
        target = "".join(PLACEHOLDER if t == by_chars(s) else t for s, t in zip(phrase, phrases[phrase]))
        lines.append(f"{phrase}\t{target}")
    return "\n".join(lines)


@functools.cache
def query_map() -> dict[str, str]:
    """Traditional character that simplified text does not use -> its simplified form,
    from OpenCC (what the shipped t2s.json holds)."""
    from sitegen.traditional import opencc_dicts

    used_in_simplified = set(opencc_dicts.load("STCharacters"))
    to_simplified = opencc_dicts.load("TSCharacters")
    for candidates in to_simplified.values():
        used_in_simplified.update(candidates)
    return {
        t: s[0] for t, s in to_simplified.items()
        if len(t) == 1 and len(s[0]) == 1 and t not in used_in_simplified and (not in_gb2312(t) or t in EXTRA_TRADITIONAL)
    }


def may_be_traditional(text: str) -> bool:
    """Whether `text` has a Han character outside GB2312, or 後: only then may the query
    table change it (search-query.js's mayBeTraditional, which loads the table then)."""
    return any(is_han(c) and (not in_gb2312(c) or c in EXTRA_TRADITIONAL) for c in text)


def simplify(text: str) -> str:
    """A query's traditional characters (those of the query table) in simplified form."""
    if not may_be_traditional(text):
        return text
    table = shipped_query_map()
    return "".join(table.get(c, c) for c in text)


def _json(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def make_assets() -> dict[str, bytes]:
    """The tables made from the installed OpenCC: name -> bytes (the same bytes for the same OpenCC)."""
    from sitegen.traditional import opencc_dicts

    return {
        "s2t.json": _json({"opencc": opencc_dicts.version(), "chars": "".join(s + t for s, t in sorted(char_map().items())),
                           "phrases": _encoded_phrases(phrase_map())}),
        "t2s.json": _json({"opencc": opencc_dicts.version(), "chars": "".join(t + s for t, s in sorted(query_map().items()))}),
    }


@functools.cache
def assets() -> dict[str, bytes]:
    """The shipped tables as theme static files: name -> bytes."""
    return {name: (SHIPPED / name).read_bytes() for name in ASSET_NAMES}


@functools.cache
def shipped_query_map() -> dict[str, str]:
    """The shipped query table: traditional character -> simplified."""
    chars = json.loads(assets()["t2s.json"])["chars"]
    return dict(zip(chars[0::2], chars[1::2]))


if __name__ == "__main__":  # python -m sitegen.traditional.tables: the shipped tables made again
    SHIPPED.mkdir(exist_ok=True)
    for name, data in make_assets().items():
        (SHIPPED / name).write_bytes(data)
        print(f"{SHIPPED / name}: {len(data):,} bytes")
