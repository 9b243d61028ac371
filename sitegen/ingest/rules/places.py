"""Rule `places`: the city (地级市) and county the story is about, from its words.

In: each article's headline, lede and body, scanned for every division's name. Out: `city`, `county`, `province` fields (short forms: 宁波, 余姚, 浙江),
empty where none applies. The choice itself is `sitegen.ingest.places.locate`.
"""

from __future__ import annotations

from sitegen.ingest.model import PageState
from sitegen.ingest.places import locate, mentions

NAME = "places"


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        texts = [b.text for b in draft.blocks if b.kind in ("text", "subhead")]
        heading = " ".join(str(draft.field(k, "")) for k in ("kicker", "headline", "subtitle"))
        place = locate(
            mentions(heading),
            mentions(texts[0]) if texts else [],
            mentions("\n".join(texts[1:])),
            home_province=context.home_province,
            dateline=str(draft.field("dateline_place", "")),
        )
        drafts.append(draft.with_fields(city=place.city or "", county=place.county or "", province=place.province or ""))
    return state.replace_drafts(drafts)
