"""Rule `punctuation`: half-width marks in Chinese text become the full-width ones print uses.

`,` -> `，` (and `:` `;` `!` `?` likewise) where Chinese text stands beside the mark, but
not inside numbers (87.68, 1,000, 10:30) or Latin text. Brackets around or beside Chinese
become `（）`; straight double quotes pair into “ ”. Spaces after a converted mark go.
Applies to headlines and paragraphs; bylines are kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import PageState
from sitegen.ingest.patterns import HAN

NAME = "punctuation"
_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_CJK = f"[{HAN}\u3000-\u303f\uff00-\uffef“”‘’《》]"
_MARK_RE = re.compile(f"(?<={_CJK})\\s*([,:;!?])\\s*|\\s*([,:;!?])\\s*(?={_CJK})")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_QUOTE_RE = re.compile(r'"([^"\n]*)"')
_HAN_RE = re.compile(f"[{HAN}]")


def _mark(match: re.Match) -> str:
    mark = match.group(1) or match.group(2)
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if mark in ",:" and before.isdigit() and after.isdigit():
        return match.group(0)  # 1,000 and 10:30 are numbers
    return _WIDE[mark]


def _paren(match: re.Match) -> str:
    inner = match.group(1)
    text, start, end = match.string, match.start(), match.end()
    beside = text[start - 1 : start] + text[end : end + 1]
    if _HAN_RE.search(inner) or _HAN_RE.search(beside):
        return f"（{inner}）"
    return match.group(0)


def _quote(match: re.Match) -> str:
    inner = match.group(1)
    return f"“{inner}”" if _HAN_RE.search(inner) else match.group(0)


def fullwidth(text: str) -> str:
    text = _PAREN_RE.sub(_paren, text)
    text = _QUOTE_RE.sub(_quote, text)
    return _MARK_RE.sub(_mark, text)


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        heading = tuple(b.with_text(fullwidth(b.text)) for b in draft.heading)
        blocks = tuple(b.with_text(fullwidth(b.text)) if b.kind in ("text", "subhead") else b for b in draft.blocks)
        drafts.append(replace(draft, heading=heading, blocks=blocks))
    return state.replace_drafts(drafts)
