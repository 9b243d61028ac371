"""Rule `kinds`: `photo` for a photo item (图片新闻), `article` for everything else.

A photo item carries a photo credit (摄 / 摄影报道) and no byline of its own over a text;
its text is a few lines.
"""

from __future__ import annotations

from sitegen.ingest.model import PageState
from sitegen.text import han_count

NAME = "kinds"
MAX_PHOTO_TEXT = 600


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        photo = (
            bool(draft.field("photo_credit"))
            and not draft.field("has_lede_byline")
            and han_count(draft.body_text) <= MAX_PHOTO_TEXT
        )
        drafts.append(draft.with_fields(kind="photo" if photo else "article"))
    return state.replace_drafts(drafts)
