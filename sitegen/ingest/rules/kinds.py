"""Rule `kinds`: `photo` for a photo item (图片新闻), `brief` for an untitled item opened by
its dateline (简讯: `headline_parts` left its headline empty), `article` for everything else.

A photo item carries a photo credit (摄 / 摄影报道) and no byline of its own over a text;
its text is a few lines.
"""

from __future__ import annotations

from sitegen.ingest.model import Draft, PageState
from sitegen.text import han_count

NAME = "kinds"
MAX_PHOTO_TEXT = 600


def is_photo(draft: Draft) -> bool:
    """Whether `draft` (its credits read by `bylines`) is a photo item."""
    return bool(draft.field("photo_credit")) and not draft.field("has_lede_byline") and han_count(draft.body_text) <= MAX_PHOTO_TEXT


def kind(draft: Draft) -> str:
    """`draft`'s kind, once `headline_parts` has run (an empty headline marks a brief)."""
    if is_photo(draft):
        return "photo"
    return "brief" if draft.field("headline") == "" else "article"


def apply(state: PageState, context) -> PageState:
    return state.replace_drafts([draft.with_fields(kind=kind(draft)) for draft in state.drafts])
