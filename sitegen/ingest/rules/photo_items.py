"""Rule `photo_items`: a photo credit closes an item; a short captioned photo gets its own article.

A photo item (图片新闻) is a few lines and a credit (`通讯员叶希莲 摄`); a brief (简讯) is a few
lines closed by names in brackets (`（阳阳）`). When a credit
stands inside an article, what follows it starts a new item (after the last of a run of
credits: photos side by side print one each, `甲 摄` / `乙 摄`). When an article ends with a
credit after a long text, the short run from its last subhead to the credit is a photo
item printed under its own headline (004_…: 戏水摸鱼乐翻天 under the 衢州 article); so is a
short run closed by a byline on its own line (`通讯员：甲乙`) under an article whose lede
already had its byline: one story has one byline.

A photo printed with no headline (its caption closed by its credit: `12月7日，市政工人…。
本报记者 甲 摄`, `…保供应。` / `新华社发`) after an article is an item of its own when the
article above was closed by its credit (`…氛围。（甲乙）`, `…摄影报道`) or by its byline on
a line of its own (`记者 甲`), or is an article of its own length whose words the caption
does not share; a run of such photos is an item each (a headline's photo group stays one).

A paragraph opening with a dateline (`某某网讯 通讯员甲摄影报道：…`, `本报讯 …`) right under
a paragraph closed by its credit (not the first under the headline) opens an item of its
own: no story prints its dateline after its credit. Nor does a story print its dateline or
its bracketed byline (`（记者 甲）曲霞镇…`), nor a photo its credit printed over the caption
(`记者 甲 摄 在…`), under a finished paragraph of its own text: such a
paragraph under 100+ characters of a story opens an untitled item, with the short caption
of its photo printed over it (`图为…。` / `本网讯 近日，…`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.patterns import (
    BYLINE_RE, BYLINE_START_RE, byline_only, closes_item, closing_names, credit_line, parse_credits, trailing_credit,
)
from sitegen.ingest.rules.headings import CAPTION_RE, DATELINE_RE, credited
from sitegen.ingest.segment import content_words
from sitegen.text import ends_sentence, han_count

NAME = "photo_items"
MAX_PHOTO_TEXT = 400  # Han characters a photo item's text may have
MAX_CAPTION = 120  # Han characters of a caption in a photo group
MIN_ARTICLE_TEXT = 100  # what must stay above it for the split to make sense
MIN_STORY_ABOVE = 130  # Han characters of a story above an untitled photo that shares no words with it
MAX_SHARED_WORDS = 0.2  # share of the caption's words the story above may also use
MAX_LEDE_CAPTION = 30  # Han characters of a photo's caption printed over an untitled item's lede
_REPORT_END_RE = re.compile("报道[）)]?\\s*$")


def _as_heading(block: Block) -> Block:
    return replace(block, kind="heading")


def _split_after_credits(draft: Draft) -> list[Draft]:
    drafts: list[Draft] = []
    heading, body = draft.heading, []
    blocks = draft.blocks
    for index, block in enumerate(blocks):
        body.append(block)
        if block.kind == "credit" and _group_goes_on(blocks, index):
            continue  # a photo group: the next caption has its own credit, under the same headline
        if block.kind == "credit" and index + 1 < len(blocks) and blocks[index + 1].kind == "credit":
            continue  # photos side by side, a credit under each (`甲 摄` / `乙 摄`): the item goes on to the last
        if block.kind == "credit" and any(b.kind == "text" for b in body):
            # (a credit right under the headline is the item's byline: `记者 黄瑞 … 摄` / captions)
            drafts.append(replace(draft, heading=heading, blocks=tuple(body)))
            heading, body = (), []
    if body or not drafts:  # a headline with no text yet is kept, never dropped unreported
        if body and body[0].kind == "subhead":
            heading, body = (_as_heading(body[0]),), body[1:]
        drafts.append(replace(draft, heading=heading, blocks=tuple(body)))
    return drafts


def _credited(text: str) -> bool:
    found = trailing_credit(text.replace("\n", ""), last=True)
    return found is not None and found[2] in ("photo", "names")  # `… 铁琴 摄`, `…打分。李明 张端`


def _group_goes_on(blocks: tuple[Block, ...], index: int) -> bool:
    """After the credit at `index`, one short caption closed by a credit of its own; not
    when a story's text stands above the first caption and the two credits name different
    people (photos printed one under another under the story, each an item)."""
    rest = blocks[index + 1 : index + 3]
    if len(rest) < 2 or rest[0].kind != "text" or han_count(rest[0].text) > MAX_CAPTION:
        return False
    story_above = sum(han_count(b.text) for b in blocks[: index - 1] if b.kind == "text") > MAX_CAPTION
    if story_above and rest[1].kind == "credit" and _credit_people(blocks[index].text) != _credit_people(rest[1].text):
        return False
    return rest[1].kind == "credit" or _credited(rest[0].text)


def _split_photo_tail(draft: Draft) -> list[Draft]:
    """A credit (or names in brackets, `（阳阳）`) closing a short run under the last subhead."""
    blocks = draft.blocks
    if len(blocks) < 3:
        return [draft]
    if blocks[-1].kind == "credit":
        text_end = len(blocks) - 1
    elif blocks[-1].kind == "text" and closing_names(blocks[-1].text.replace("\n", "")):
        text_end = len(blocks)  # a short item signed in brackets
    elif blocks[-1].kind == "text" and _credited(blocks[-1].text):
        text_end = len(blocks)  # a caption closed by its credit: `…竞技平台。 铁琴 摄`
    elif blocks[-1].kind == "text" and byline_only(blocks[-1].text) and _bylined_lede(blocks):
        text_end = len(blocks)  # a second byline (`通讯员：甲乙`) under an article bylined in its lede
    else:
        return [draft]
    subheads = [i for i, b in enumerate(blocks[:-1]) if b.kind == "subhead"]
    if not subheads:
        return [draft]
    start = subheads[-1]
    photo_text = sum(han_count(b.text) for b in blocks[start + 1 : text_end])
    article_text = sum(han_count(b.text) for b in blocks[:start] if b.kind == "text")
    if not blocks[start + 1 : text_end] or photo_text > MAX_PHOTO_TEXT or article_text < MIN_ARTICLE_TEXT:
        return [draft]
    article = replace(draft, blocks=blocks[:start])
    photo = Draft(heading=(_as_heading(blocks[start]),), blocks=blocks[start + 1 :])
    return [article, photo]


def _bylined_lede(blocks: tuple[Block, ...]) -> bool:
    lede = next((b for b in blocks if b.kind == "text"), None)
    return lede is not None and BYLINE_START_RE.match(lede.text.replace("\n", "")) is not None


def _photo_credited(text: str) -> bool:
    found = trailing_credit(text.replace("\n", ""), last=True)
    return found is not None and found[2] == "photo"


def _credited_people(text: str) -> frozenset[str]:
    """The names of the credit closing `text` (a caption and its credit, `…现场。甲 摄`)."""
    found = trailing_credit(text.replace("\n", ""), last=True)
    return frozenset(name for _, name in found[3]) if found else frozenset()


def _credit_people(text: str) -> frozenset[str]:
    """The names a credit block credits (`甲 摄`, `（乙 丙 摄）`)."""
    return frozenset(name for _, name in credit_line(text.replace("\n", "")) or ()) or _credited_people(text)


def _closing_credits(blocks: list[Block]) -> int:
    """How many credit blocks close `blocks`."""
    count = 0
    while count < len(blocks) and blocks[-1 - count].kind == "credit":
        count += 1
    return count


def _untitled_photo(blocks: list[Block], headed: bool) -> int | None:
    """Where an untitled photo item closing `blocks` starts (its caption, maybe cut by a
    column break, closed by its credit), when what is above it is an item of its own."""
    credits = _closing_credits(blocks)
    if credits and len(blocks) > credits:
        last = len(blocks) - credits - 1  # (photos side by side print a credit each: `甲 摄` / `乙 摄`)
    elif blocks and blocks[-1].kind == "text" and _photo_credited(blocks[-1].text):
        last = len(blocks) - 1
    else:
        return None
    start = last
    while start > 0 and blocks[start - 1].kind == "text" and not closes_item(blocks[start - 1].text) and not byline_only(blocks[start - 1].text):
        start -= 1  # the caption goes on over a column break
    caption = "".join(b.text for b in blocks[start : last + 1])
    if start == 0 or blocks[start].kind != "text" or blocks[start - 1].kind != "text":
        return None  # (right under a subhead: `_split_photo_tail`'s case)
    if CAPTION_RE.match(blocks[start].text) or han_count(caption) > MAX_PHOTO_TEXT:
        return None  # `图为…`: the caption of the story's own photo
    previous, above = blocks[start - 1], blocks[:start]
    if _photo_credited(previous.text):
        # a photo under another: items each, unless they are one headline's photo group (no
        # caption of which is closed by 摄影报道: that closes a whole photo report; or each
        # caption credits the same people: one photo report's credit repeated)
        if headed and _credited_people(previous.text) == _credited_people(blocks[last].text):
            return None
        group = not _REPORT_END_RE.search(previous.text)
        return start if _untitled_photo(above, headed) is not None or not headed or not group else None
    if credited(previous.text) or previous.kind == "credit":
        return start  # `…氛围。（甲乙）`: the story above closed with its credit
    if byline_only(previous.text) and any(b.kind == "text" for b in above[:-1]):
        return start  # `记者 叶宁` on a line of its own under the story above
    text_above = "".join(b.text for b in above if b.kind == "text")
    if not ends_sentence(previous.text) or han_count(text_above) < MIN_STORY_ABOVE:
        return None
    words = set(content_words(caption))
    shared = len(words & set(content_words(text_above))) / len(words) if words else 1.0
    return start if shared < MAX_SHARED_WORDS else None


def split_untitled_photos(draft: Draft) -> list[Draft]:
    """The article and each untitled photo item printed under it (see `_untitled_photo`)."""
    blocks, items = list(draft.blocks), []
    while (start := _untitled_photo(blocks, headed=bool(draft.heading))) is not None:
        items.insert(0, Draft(heading=(), blocks=tuple(blocks[start:])))
        blocks = blocks[:start]
    return [replace(draft, blocks=tuple(blocks)), *items] if items else [draft]


def _dated(text: str) -> bool:
    """A paragraph opened by its dateline (`本网讯 近日，…`), maybe under its byline
    (`■通讯员 甲 乙 本报讯 …`)."""
    flat = text.replace("\n", "")
    return _opened_by_dateline(flat, BYLINE_RE.match(flat))


def _opened_by_dateline(flat: str, byline: re.Match | None) -> bool:
    """`_dated`, given the paragraph's text on one line and BYLINE_RE's match of it."""
    return bool(DATELINE_RE.match(flat) or (byline and byline.group("later_dateline")))


def opens_story(text: str) -> bool:
    """A paragraph opened by its dateline (`_dated`) or by a bracketed byline naming a role
    (`（记者 甲）曲霞镇…`): what only a story's first paragraph prints."""
    flat = text.replace("\n", "")
    match = BYLINE_RE.match(flat)
    if _opened_by_dateline(flat, match):
        return True
    if match and match.group("fused_shot"):
        return True  # `记者 甲 通讯员 乙 摄 在…`: a photo's credit over its caption
    credits = parse_credits(match.group("paren")) if match and match.group("paren") else None
    return bool(credits) and any(role for role, _ in credits)


def _story_start(blocks: tuple[Block, ...], index: int) -> int | None:
    """Where the untitled item whose lede `blocks[index]` opens with its dateline or byline
    starts (at its photo's short caption right over it), when a finished story is above."""
    start = index
    caption = blocks[index - 1]
    if caption.kind == "text" and CAPTION_RE.match(caption.text) and han_count(caption.text) <= MAX_LEDE_CAPTION:
        start = index - 1
    above = [b for b in blocks[:start] if b.kind == "text"]
    if not above or blocks[start - 1].kind != "text" or not ends_sentence(blocks[start - 1].text.replace("\n", "")):
        return None
    return start if sum(han_count(b.text) for b in above) >= MIN_ARTICLE_TEXT else None


def split_dated_items(draft: Draft) -> list[Draft]:
    """The item and each untitled item opened by a dateline under its credit, or by a
    dateline or byline under a finished story."""
    blocks, cuts = draft.blocks, []
    for index in range(2, len(blocks)):  # (from 2: a headline's credited caption over its lede stays)
        block, previous = blocks[index], blocks[index - 1]
        if block.kind != "text" or not opens_story(block.text):
            continue
        if previous.kind == "text" and credited(previous.text):  # (a credit block: `_split_after_credits`)
            if _dated(block.text):
                cuts.append(index)
        elif (start := _story_start(blocks, index)) is not None and (not cuts or start > cuts[-1]):
            cuts.append(start)
    if not cuts:
        return [draft]
    pieces = [replace(draft, blocks=blocks[: cuts[0]])]
    for start, end in zip(cuts, [*cuts[1:], len(blocks)]):
        pieces.append(Draft(heading=(), blocks=blocks[start:end]))
    return pieces


def apply(state: PageState, context) -> PageState:
    drafts = [
        item
        for whole in state.drafts
        for draft in split_dated_items(whole)
        for part in _split_after_credits(draft)
        for piece in _split_photo_tail(part)
        for item in split_untitled_photos(piece)
    ]
    return state.replace_drafts(drafts)
