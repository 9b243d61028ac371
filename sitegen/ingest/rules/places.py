"""Rule `places`: the city (地级市) and county the story is about, from its words.

In: each article's headline, lede and body, scanned for every division's name. Out: `city`, `county`, `province` fields (short forms: 宁波, 余姚, 浙江),
empty where none applies. The choice itself is `sitegen.ingest.places.locate`.
A city's paper calls its city `我市` or `本市`: with `home_city` configured, each counts as
a mention of it.
"""

from __future__ import annotations

import re

from sitegen.ingest.model import PageState
from sitegen.ingest.places import locate, mentions
from sitegen.text import han_count

NAME = "places"
SHORT_OPENING = 80  # Han characters
# The paper's own city (not 本市 inside 日本市场 or 资本市场).
OWN_CITY_RE = re.compile(r"我市|(?<![日资基根])本市(?![场值])")


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        texts = [b.text for b in draft.blocks if b.kind in ("text", "subhead")]
        heading = " ".join(str(draft.field(k, "")) for k in ("kicker", "headline", "subtitle"))
        # The lede names the place; a short opening (a quote, a scene) leaves it to the next paragraph.
        lede = 2 if texts and han_count(texts[0]) < SHORT_OPENING else 1
        place = locate(
            _mentions(heading, context.home_city),
            _mentions("\n".join(texts[:lede]), context.home_city),
            _mentions("\n".join(texts[lede:]), context.home_city),
            home_province=context.home_province,
            dateline=str(draft.field("dateline_place", "")),
        )
        drafts.append(draft.with_fields(city=place.city or "", county=place.county or "", province=place.province or ""))
    return state.replace_drafts(drafts)


def _mentions(text: str, home_city: str) -> list[str]:
    """The place names of `text`, and the paper's own city once for each `我市` or `本市`."""
    found = mentions(text)
    return found + [home_city] * len(OWN_CITY_RE.findall(text)) if home_city else found
