"""Rule `repeated_headlines`: an article continued lower on the page under the same headline is one.

000_…: the 温州 piece runs at lines 357-455 and again at 632-670 under its headline printed
a second time. The later part joins the earlier one, in reading order; the repeated
headline is reported as removed.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from sitegen.ingest.model import PageState, Removal
from sitegen.text import significant

NAME = "repeated_headlines"
SAME_HEADLINE = 0.85


def same_heading(a: str, b: str) -> bool:
    a, b = significant(a), significant(b)
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_HEADLINE)


def apply(state: PageState, context) -> PageState:
    drafts = []
    removals = []
    for draft in state.drafts:
        earlier = next(
            (i for i, d in enumerate(drafts) if draft.heading and d.heading and same_heading(d.heading_text, draft.heading_text)),
            None,
        )
        if earlier is None:
            drafts.append(draft)
            continue
        drafts[earlier] = replace(drafts[earlier], blocks=drafts[earlier].blocks + draft.blocks)
        removals.extend(Removal(NAME, b.first, b.text, "headline printed again over the continuation") for b in draft.heading)
    return state.replace_drafts(drafts, removals=removals)
