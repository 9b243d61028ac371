"""Rule `headline_parts`: headline lines -> kicker (引题), headline (主题), subtitle (副题).

Three lines are kicker, headline, subtitle. Two lines are kicker and headline, unless the
second opens with a dash (—— it is then a subtitle) . One line may carry two parts around
a dash: `衢州工会…掀起一场“头脑风暴”—— 问题“摆”上来 对策“议”出来` is a kicker ending in
the dash, then the headline; `主题 ——副题` is headline and subtitle. An article printed
without a headline (a fragment no rule could place) takes its first words, marked as such;
a photo item printed with its caption alone (图片新闻), or an item that opens with its
dateline (`本报讯 近日，…`) and has no title (a brief), has none: its headline stays empty, as
printed (the site shows such items as 图片新闻 and 简讯, docs/CONTENT.md).
"""

from __future__ import annotations

import re

from sitegen.ingest.model import PageState
from sitegen.ingest.rules.kinds import is_photo
from sitegen.text import SENTENCE_END

NAME = "headline_parts"
_DASH = "[—－-]{2,}|—"
_KICKER_DASH_RE = re.compile(f"^(?P<kicker>.+?[^\\s])(?:{_DASH})\\s+(?P<headline>\\S.*)$")
_SUBTITLE_DASH_RE = re.compile(f"^(?P<headline>.+?)\\s+(?:{_DASH})(?P<subtitle>\\S.*)$")
_LEADING_DASH_RE = re.compile(f"^(?:{_DASH})\\s*")
_UNTITLED_CHARS = 20


def split_heading(lines: list[str]) -> dict[str, str]:
    lines = [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
    if len(lines) >= 3:
        kicker, headline, subtitle = lines[-3], lines[-2], lines[-1]
        return {"kicker": kicker, "headline": headline, "subtitle": _LEADING_DASH_RE.sub("", subtitle)}
    if len(lines) == 2:
        first, second = lines
        if _LEADING_DASH_RE.match(second):
            return {"headline": first, "subtitle": _LEADING_DASH_RE.sub("", second)}
        return {"kicker": re.sub(f"(?:{_DASH})$", "", first).strip(), "headline": second}
    if len(lines) == 1:
        line = lines[0]
        match = _KICKER_DASH_RE.match(line)
        if match:
            return {"kicker": match.group("kicker"), "headline": match.group("headline")}
        match = _SUBTITLE_DASH_RE.match(line)
        if match:
            return {"headline": match.group("headline"), "subtitle": match.group("subtitle")}
        return {"headline": line}
    return {}


def untitled(body: str) -> str:
    """The first words of an article that lost its headline: up to the first sentence end."""
    first = re.split(f"[{SENTENCE_END}，,]", body.strip(), maxsplit=1)[0]
    return first[:_UNTITLED_CHARS] + ("…" if len(first) > _UNTITLED_CHARS else "")


def apply(state: PageState, context) -> PageState:
    drafts, notes = [], []
    for draft in state.drafts:
        parts = split_heading([b.text for b in draft.heading])
        if not parts and draft.field("brief"):
            parts = {"headline": draft.field("column") or untitled(draft.body_text)}  # 简讯 print no headline
        if not parts and is_photo(draft):
            parts = {"headline": ""}  # a photo printed with its caption alone: untitled, as printed
        if not parts and draft.field("dateline"):
            parts = {"headline": ""}  # an item opened by its dateline (本报讯…) with no title: a brief, untitled as printed
        if not parts:
            body = draft.body_text
            parts = {"headline": untitled(body)}
            line = draft.blocks[0].first if draft.blocks else 0
            notes.append(f"{state.page.path}:{line}: warning: text with no headline; titled {parts['headline']!r}")
        drafts.append(draft.with_fields(kicker=parts.get("kicker", ""), headline=parts["headline"], subtitle=parts.get("subtitle", "")))
    return state.replace_drafts(drafts, notes=notes)
