"""Rule `bylines`: credits out of the body, into reporters, correspondents and photographers.

In: articles whose first paragraph may open with a byline fused into the lede
(`记者张浩呈 通讯员周永卫、王际明、黄剑报道 去年底,…`), whose last block may be a photo
credit (`通讯员叶希莲 摄`, `毛朝阳、吴赛峰 摄影报道`), or whose last paragraph may close
with names in brackets (`（阳阳）`). Out: the body without them, and front matter fields
`byline` (as printed), `dateline`, `reporters`, `correspondents`, `photographers`,
`photo_credit`. 记者 is a reporter, 通讯员 a correspondent, 摄/摄影 a photographer; a name
credited with no role in a byline is a reporter.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import Draft, PageState, Removal
from sitegen.ingest.patterns import (
    BYLINE_RE,
    DATELINE,
    HAN,
    MARKER,
    VIA,
    closing_names,
    credit_line,
    editors_credit,
    lone_name,
    names_line,
    not_a_name,
    parse_credits,
    roles_of,
)
from sitegen.text import SENTENCE_END, han_count

NAME = "bylines"
MAX_CAPTION = 30  # Han characters of a caption printed above the byline
# (with whose report it reprints: `某某网8月18日讯 据某某晚报报道 …`)
_BARE_DATELINE_RE = re.compile(f"^\\s*(?:{MARKER}\\s*)?(?P<dateline>{DATELINE})(?:\\s*{VIA})?(?:\\s+|(?=[\\d{HAN}“]))")
_TRAILING_CREDIT_RE = re.compile(f"(?<=[{SENTENCE_END}”])\\s*(?P<credit>[^{SENTENCE_END}”]{{2,40}})$")
_DATELINE_PLACE_RE = re.compile(f"^本报([{HAN}]{{2,8}}?)(?:\\d|讯|电)|^(?:新华社|中新社|中新网|人民网)([{HAN}]{{2,8}}?)\\d")


# Where an outlet's name ends, before the place it files from: `中国某某网九江讯`.
_OUTLET_END_RE = re.compile("网|报|社")


# A whole block read as a byline, with the groups a BYLINE_RE match has (never set).
_WHOLE_BLOCK_RE = re.compile(r"(?P<dateline>(?!))?(?P<later_dateline>(?!))?(?P<paren_shot>(?!))?(?P<fused_shot>(?!))?\s*\S.*", re.S)


class _Credits:
    def __init__(self, draft: Draft):
        self.people = {key: list(draft.field(key, [])) for key in ("reporters", "correspondents", "photographers")}

    def add(self, key: str, name: str) -> None:
        if name not in self.people[key]:
            self.people[key].append(name)


def _lede_byline(text: str) -> tuple[re.Match | None, list[tuple[str, str]]]:
    match = BYLINE_RE.match(text)
    if not match:
        return None, []
    credits_text = next((match.group(g) for g in ("paren", "plain", "bare", "fused", "above", "marked", "worked") if match.group(g)), "")
    if match.group("paren"):
        credits_text = re.sub(r"\s*报道$", "", credits_text)  # `（甲 报道）`: who reported, not a name
    credits = parse_credits(credits_text) or []
    rest = text[match.end() :]
    has_role = any(role for role, _ in credits)
    if match.group("plain") and not has_role and not match.group("dateline"):
        # `毛朝阳、周新君、姚磊报道 …` with no 本报讯: only when a space closes it (not 据新华社报道,)
        if rest and not rest[0].isspace():
            return None, []
    if match.group("paren") and not has_role and not match.group("dateline"):
        return None, []  # `（民宿）行业工会，…`: words in brackets, not a byline
    # (a name a role credits is a name, 讯 or 文 in it or not: `通讯员 江讯`)
    if not credits or any(not_a_name(name) for role, name in credits if not role):
        return None, []
    return match, credits


def _dateline_place(dateline: str) -> str:
    """Where the story was filed: 本报杭州…讯 -> 杭州; an outlet named after its city or county
    (`高密融媒10月20日讯`, `今日镇江讯`, `某某网九江讯`) -> the first city its dateline names, or a
    county at the start of its name or after the outlet's."""
    match = _DATELINE_PLACE_RE.match(dateline or "")
    if match:
        return match.group(1) or match.group(2)
    from sitegen.ingest.places import lookup

    flat = re.sub(r"[\d\s]", "", dateline or "")
    starts = {0, *(m.end() for m in _OUTLET_END_RE.finditer(flat))}
    for start in range(len(flat)):
        for length in (4, 3, 2):  # (the longest name first: 乌鲁木齐, 高密)
            word = flat[start : start + length]
            levels = {d.level for d in lookup(word)} if len(word) == length else set()
            if "city" in levels or (start in starts and "county" in levels):
                return word  # (a county only where a name starts: 东海 in 东海经济报, not 江南 in 中国江南网)
    return ""


def extract(draft: Draft) -> tuple[Draft, list[Removal]]:
    blocks = list(draft.blocks)
    credits = _Credits(draft)
    removals: list[Removal] = []
    fields = {k: draft.field(k) for k in ("byline", "dateline", "photo_credit") if draft.field(k)}
    texts = [i for i, b in enumerate(blocks) if b.kind == "text"]
    lede = texts[0] if texts else None
    match = None
    if lede is not None:
        match, found = _lede_byline(blocks[lede].text)
        # `慰问活动现场` (a caption whose credit is gone) / `本报讯（记者邓霞）1月8日，…`; the
        # photos of a story may print several captions over its byline.
        for position in range(1, len(texts)):
            if match or han_count(blocks[texts[position - 1]].text) > MAX_CAPTION:
                break
            later, found = _lede_byline(blocks[texts[position]].text)
            if later:
                lede, match = texts[position], later
        if not match and len(texts) > 1 and draft.heading and (name := lone_name(blocks[lede].text)):
            # the writer's name alone under the headline (`丰向红`): a byline with no role
            match, found = _WHOLE_BLOCK_RE.match(blocks[lede].text), [("", name)]
        elif not match and len(texts) > 1 and draft.heading and (names := names_line(blocks[lede].text)):
            # the writers' names on a line of their own over the lede (`甲 乙` / `本报讯 …`)
            match, found = _WHOLE_BLOCK_RE.match(blocks[lede].text), names
        if match:
            fields["byline"] = match.group(0).strip()
            if match.group("dateline") or match.group("later_dateline"):
                fields["dateline"] = match.group("dateline") or match.group("later_dateline")
            # `（记者 甲摄影报道）`, `记者 甲 摄 在…`: the names took the photos too
            shot = bool(match.group("paren_shot") or match.group("fused_shot"))
            for role, name in found:
                for key in roles_of(role, photo=shot):
                    credits.add(key, name)
            if shot:
                fields["photo_credit"] = match.group(0).strip()
            removals.append(Removal(NAME, blocks[lede].first, match.group(0).strip(), "byline"))
            blocks[lede] = blocks[lede].with_text(blocks[lede].text[match.end() :].strip())
        alone = match is not None and not blocks[lede].text and lede != texts[-1] and not fields.get("dateline")
        if alone:
            lede = texts[texts.index(lede) + 1]  # the byline on a line of its own: `本报讯` opens the next
        elif match is None and len(texts) > 1 and han_count(blocks[lede].text) <= MAX_CAPTION and _BARE_DATELINE_RE.match(blocks[texts[1]].text):
            lede = texts[1]  # a photo's caption over the lede its dateline opens: `图为…。` / `本网讯 近日，…`
        if (match is None or alone) and (bare := _BARE_DATELINE_RE.match(blocks[lede].text)):
            # `本报讯 9月24日至25日，…`: a dateline with no names is not body text either
            fields["dateline"] = bare.group("dateline")
            removals.append(Removal(NAME, blocks[lede].first, bare.group(0).strip(), "dateline"))
            blocks[lede] = blocks[lede].with_text(blocks[lede].text[bare.end() :].strip())
    photo_credits = []
    for i, block in enumerate(blocks):
        if block.kind == "credit" and editors_credit(block.text):  # `（某中心 编辑：甲 三审：乙）`: no photo, nobody's
            removals.append(Removal(NAME, block.first, block.text.replace("\n", "").strip(), "editors' credit"))
        elif block.kind == "credit":
            photo_credits.append((i, block.text.replace("\n", " ").strip(), credit_line(block.text.replace("\n", ""))))
    last = next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].kind == "text"), None)
    if last is not None:
        text = blocks[last].text
        trailing = _TRAILING_CREDIT_RE.search(text)
        if trailing and credit_line(trailing.group("credit")):
            photo_credits.append((None, trailing.group("credit").strip(), credit_line(trailing.group("credit"))))
            blocks[last] = blocks[last].with_text(text[: trailing.start()].rstrip())
        else:
            closing = closing_names(text)
            if closing:
                names = parse_credits(closing.group("names"))
                printed = closing.group(0).strip()
                fields.setdefault("byline", printed)
                for role, name in names:
                    for key in roles_of(role, photo=False):
                        credits.add(key, name)
                removals.append(Removal(NAME, blocks[last].first, printed, "names closing the item"))
                blocks[last] = blocks[last].with_text(text[: closing.start()].rstrip())
    for index, printed, found in photo_credits:
        for role, name in found or []:
            for key in roles_of(role, photo=True):
                credits.add(key, name)
        removals.append(Removal(NAME, blocks[index].first if index is not None else blocks[last].last, printed, "photo credit"))
    if photo_credits:
        printed = " ".join(p for _, p, _ in photo_credits)
        fields["photo_credit"] = " ".join(filter(None, [fields.get("photo_credit", ""), printed]))
        fields.setdefault("byline", printed)
    gone = [b for b in blocks if b.kind == "credit" or not b.text.strip()]
    blocks = [b for b in blocks if b.kind != "credit" and b.text.strip()]
    credited = draft.credited + tuple(span for b in gone for span in b.spans)
    draft = replace(draft, blocks=tuple(blocks), credited=credited).with_fields(
        byline=fields.get("byline", ""),
        dateline=fields.get("dateline", ""),
        dateline_place=_dateline_place(fields.get("dateline", "")),
        photo_credit=fields.get("photo_credit", ""),
        has_lede_byline=match is not None or bool(draft.field("has_lede_byline")),
        **credits.people,
    )
    return draft, removals


def apply(state: PageState, context) -> PageState:
    return state.map_drafts(extract)

