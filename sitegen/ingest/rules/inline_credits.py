"""Rule `inline_credits`: credits printed inside a paragraph, at its end, out of the text.

In: articles made of paragraphs. Out: the paragraphs without their trailing credits, and
the people in `reporters`, `correspondents`, `photographers` (`byline`, `photo_credit` as
printed). Real pages print credits where a caption or a short item ends:
`…获得比赛前三名。通讯员王某某 记者李某 摄`, a photo group with a credit after each caption
(`某县电工技能比赛现场。张某 摄`), a caption and its credit (`慰问活动现场 记者石家豪摄`,
`活动现场（石家豪 摄）`), roles and names closing the item (`…节目。记者周金友、洪菡婷`,
followed by `通讯员张晓燕 摄影报道`: all of them took the photos), names with no role after
the last sentence (`…现场打分。李明 张端`) and an organisation in brackets closing a brief
(`（宝鸡县总工会）`: a credit, but of nobody). The byline opening the lede and a credit on a
line of its own are the rule `bylines`' job.
"""

from __future__ import annotations

from dataclasses import replace

from sitegen.ingest.model import Draft, PageState, Removal
from sitegen.ingest.patterns import BYLINE_RE, byline_only, roles_of, trailing_credit

NAME = "inline_credits"


def extract(draft: Draft) -> tuple[Draft, list[Removal]]:
    people = {key: list(draft.field(key, [])) for key in ("reporters", "correspondents", "photographers")}

    def add(key: str, name: str) -> None:
        if name not in people[key]:
            people[key].append(name)

    blocks = list(draft.blocks)
    texts = [i for i, b in enumerate(blocks) if b.kind == "text"]
    removals, photo_credits, bylines = [], [], []
    for i in texts:
        block = blocks[i]
        found = trailing_credit(block.text, last=i == texts[-1])
        # (a byline the whole block holds, not only the roles at its end: `□记者：甲 通讯员：乙、丙`)
        alone = (found is None or found[2] == "byline") and i == texts[-1] and i != texts[0] and (named := byline_only(block.text))
        if alone:
            found = (0, block.text.strip(), "byline", named)  # `通讯员：甲乙` under the last paragraph
        if found is None:
            continue
        start, printed, kind, credited = found
        byline = BYLINE_RE.match(block.text)
        if byline and byline.end() >= start and not alone:
            continue  # `本报讯 通讯员张斌报道` opens the lede: the rule `bylines`' job
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if kind == "byline" and following is not None and following.kind == "credit":
            kind = "photo"  # `记者周金友、洪菡婷` / `通讯员张晓燕 摄影报道`: they all took the photos
        for role, name in credited:
            for key in roles_of(role, photo=kind == "photo"):
                add(key, name)
        (photo_credits if kind == "photo" else bylines).append(printed)
        removals.append(Removal(NAME, block.last, printed, f"{kind} credit closing a paragraph"))
        blocks[i] = block.with_text(block.text[:start].rstrip())
    if not removals:
        return draft, []
    fields = dict(people)
    if photo_credits:
        fields["photo_credit"] = " ".join(filter(None, [draft.field("photo_credit", ""), *photo_credits]))
    if bylines or photo_credits:
        fields["byline"] = draft.field("byline") or " ".join(bylines or photo_credits)
    gone = [b for b in blocks if not b.text.strip()]
    blocks = [b for b in blocks if b.text.strip() or b.kind != "text"]
    credited = draft.credited + tuple(span for b in gone for span in b.spans)
    return replace(draft, blocks=tuple(blocks), credited=credited).with_fields(**fields), removals


def apply(state: PageState, context) -> PageState:
    return state.map_drafts(extract)
