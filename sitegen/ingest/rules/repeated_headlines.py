"""Rule `repeated_headlines`: an article continued lower on the page under the same headline is one.

000_…: the 温州 piece runs at lines 357-455 and again at 632-670 under its headline printed
a second time. The later part joins the earlier one, in reading order; the repeated
headline is reported as removed.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from sitegen.ingest.model import Draft, PageState, Removal
from sitegen.text import significant

NAME = "repeated_headlines"
SAME_HEADLINE = 0.85
MAX_FUZZY_ARTICLES = 60  # more than a page holds: compare exact lines only (bounded time)
MIN_CHARS = 4  # shorter lines (传帮带) are too common to identify an article


def _same_line(a: str, b: str) -> bool:
    a, b = significant(a), significant(b)
    if len(a) < MIN_CHARS or len(b) < MIN_CHARS:
        return False
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SAME_HEADLINE and matcher.quick_ratio() >= SAME_HEADLINE and matcher.ratio() >= SAME_HEADLINE


def same_heading(a: Draft, b: Draft) -> bool:
    """True when `b`'s headline repeats `a`'s: the whole of it, or one of its lines
    (a continuation often prints only the main headline, 主题, without the kicker)."""
    if _same_line(a.heading_text, b.heading_text):
        return True
    return any(_same_line(x.text, y.text) for x in a.heading for y in b.heading)


def apply(state: PageState, context) -> PageState:
    drafts = []
    removals = []
    fuzzy = len(state.drafts) <= MAX_FUZZY_ARTICLES
    by_line: dict[str, int] = {}  # a headline line's letters and digits -> the first article printing it
    for draft in state.drafts:
        keys = [significant(b.text) for b in draft.heading]
        earlier = next((by_line[k] for k in keys if len(k) >= MIN_CHARS and k in by_line), None)
        if earlier is None and fuzzy and draft.heading:
            # OCR variants and a headline printed without its kicker need a closer look.
            earlier = next((i for i, d in enumerate(drafts) if d.heading and same_heading(d, draft)), None)
        if earlier is None:
            for key in keys:
                by_line.setdefault(key, len(drafts))
            drafts.append(draft)
            continue
        drafts[earlier] = replace(drafts[earlier], blocks=drafts[earlier].blocks + draft.blocks)
        removals.extend(Removal(NAME, b.first, b.text, "headline printed again over the continuation") for b in draft.heading)
    return state.replace_drafts(drafts, removals=removals)
