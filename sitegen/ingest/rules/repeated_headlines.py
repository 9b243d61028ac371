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
    for draft in state.drafts:
        earlier = next(
            (i for i, d in enumerate(drafts) if draft.heading and d.heading and same_heading(d, draft)),
            None,
        )
        if earlier is None:
            drafts.append(draft)
            continue
        drafts[earlier] = replace(drafts[earlier], blocks=drafts[earlier].blocks + draft.blocks)
        removals.extend(Removal(NAME, b.first, b.text, "headline printed again over the continuation") for b in draft.heading)
    return state.replace_drafts(drafts, removals=removals)
