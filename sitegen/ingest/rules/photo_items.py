"""Rule `photo_items`: a photo credit closes an item; a short captioned photo gets its own article.

A photo item (图片新闻) is a few lines and a credit (`通讯员叶希莲 摄`); a brief (简讯) is a few
lines closed by names in brackets (`（阳阳）`). When a credit
stands inside an article, what follows it starts a new item. When an article ends with a
credit after a long text, the short run from its last subhead to the credit is a photo
item printed under its own headline (004_…: 戏水摸鱼乐翻天 under the 衢州 article); so is a
short run closed by a byline on its own line (`通讯员：甲乙`) under an article whose lede
already had its byline: one story has one byline.
"""

from __future__ import annotations

from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.patterns import BYLINE_START_RE, byline_only, closing_names, trailing_credit
from sitegen.text import han_count

NAME = "photo_items"
MAX_PHOTO_TEXT = 400  # Han characters a photo item's text may have
MAX_CAPTION = 120  # Han characters of a caption in a photo group
MIN_ARTICLE_TEXT = 100  # what must stay above it for the split to make sense


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
    """After the credit at `index`, one short caption closed by a credit of its own."""
    rest = blocks[index + 1 : index + 3]
    if len(rest) < 2 or rest[0].kind != "text" or han_count(rest[0].text) > MAX_CAPTION:
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


def apply(state: PageState, context) -> PageState:
    drafts = [
        piece
        for draft in state.drafts
        for part in _split_after_credits(draft)
        for piece in _split_photo_tail(part)
    ]
    return state.replace_drafts(drafts)
