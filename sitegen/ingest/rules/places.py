"""Rule `places`: the city (地级市) and county the story is about, from its words.

In: each article's headline, lede and body, scanned for every division's name. Out: `city`, `county`, `province` fields (short forms: 宁波, 余姚, 浙江),
empty where none applies. The choice itself is `sitegen.ingest.places.locate`.
"""

from __future__ import annotations

from sitegen.ingest.model import PageState
from sitegen.ingest.places import locate, mentions
from sitegen.text import han_count

NAME = "places"
SHORT_OPENING = 80  # Han characters


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        texts = [b.text for b in draft.blocks if b.kind in ("text", "subhead")]
        heading = " ".join(str(draft.field(k, "")) for k in ("kicker", "headline", "subtitle"))
        # The lede names the place; a short opening (a quote, a scene) leaves it to the next paragraph.
        lede = 2 if texts and han_count(texts[0]) < SHORT_OPENING else 1
        place = locate(
            mentions(heading),
            mentions("\n".join(texts[:lede])),
            mentions("\n".join(texts[lede:])),
            home_province=context.home_province,
            dateline=str(draft.field("dateline_place", "")),
        )
        drafts.append(draft.with_fields(city=place.city or "", county=place.county or "", province=place.province or ""))
    return state.replace_drafts(drafts)
