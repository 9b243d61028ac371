"""Rule `paragraphs`: wrapped lines and column breaks -> whole paragraphs.

Lines of a block are one paragraph broken at the column width (12-15 characters in
000_…); they join without spaces (a space only between two Latin letters). A blank line
after a line that does not finish its sentence is a column break, not a paragraph end:
`王` / blank / `际明` is 王际明. Where two blocks were not next to each other on the page
(a moved fragment, a continuation), they join only when a word runs across the cut
(`拉` + `丝机` is 拉丝机); otherwise the text the OCR lost stays lost, as a paragraph break.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import Block, PageState
from sitegen.ingest.patterns import BYLINE_RE, closes_item, lone_name
from sitegen.ingest.segment import crosses_word

NAME = "paragraphs"
_LATIN_BREAK_RE = re.compile(r"(?<=[A-Za-z])\n(?=[A-Za-z])")


def join_lines(text: str) -> str:
    return _LATIN_BREAK_RE.sub(" ", text).replace("\n", "")


def adjacent(previous: Block, block: Block) -> bool:
    """True when `block` follows `previous` directly on the same page (blank lines between)."""
    page, _, last = previous.spans[-1]
    return page == block.page and block.first - last - 1 == block.gap


def is_byline(text: str) -> bool:
    """True when `text` is a byline and nothing else (`■通讯员 李华、王明`, `本报讯 记者X报道`)."""
    match = BYLINE_RE.match(text)
    return bool(match) and not text[match.end() :].strip()


def _split_byline_line(block: Block) -> list[Block]:
    """A byline printed alone on the block's first line stays a paragraph of its own."""
    first, _, rest = block.text.partition("\n")
    if not rest or not is_byline(first) or crosses_word(first, rest):
        return [block]  # `记者吴晓静 通讯员陈怡报` / `道 温州…`: the line only looks whole
    return [replace(block, text=first, last=block.first), replace(block, text=rest, first=block.first + 1, gap=0, joined=())]


def _continues(previous: Block, block: Block) -> bool:
    if previous.kind != "text" or block.kind != "text":
        return False
    if closes_item(previous.text) and not is_byline(previous.text):
        return False  # a sentence or a credit (`…清扫地面。本报记者 蔚可任 摄`) ends the paragraph
    if is_byline(previous.text):
        # `记者洪茵婷 通讯员王钰` / `哲、白玉报道 …` runs on, and so does `记者 甲 乙` / `丙 通讯员 丁`
        # (a name cut by the break, though 乙 looked whole); `■通讯员 李华、王明` / `近日，…` does not.
        # The dateline under a whole byline (`本报记者 甲` / `本报讯 …`) opens the lede, not the byline.
        joined = BYLINE_RE.match(previous.text + block.text)
        dateline_only = joined is not None and joined.group("later_dateline") and joined.start("later_dateline") >= len(previous.text)
        return bool(joined) and joined.end() > len(previous.text) and not dateline_only and adjacent(previous, block)
    opening = BYLINE_RE.match(block.text)
    if opening is not None and opening.group("dateline"):
        return False  # `湖南法院网讯 （许愿）…` opens the lede: a caption above it (`图为…`) ends there
    if adjacent(previous, block):
        return True
    return crosses_word(previous.text, block.text)


def apply(state: PageState, context) -> PageState:
    drafts = []
    for draft in state.drafts:
        paragraphs: list[Block] = []
        pieces = [piece for block in draft.blocks for piece in (_split_byline_line(block) if block.kind == "text" else [block])]
        for block in pieces:
            block = block.with_text(join_lines(block.text)) if block.kind == "text" else block
            # the writer's name alone under the headline (`丰向红`) is a byline, not a paragraph's start
            named = len(paragraphs) == 1 and bool(draft.heading) and lone_name(paragraphs[0].text) is not None
            if paragraphs and not named and _continues(paragraphs[-1], block):
                last = paragraphs[-1]
                paragraphs[-1] = replace(last, text=last.text + block.text, joined=last.joined + block.spans)
            else:
                paragraphs.append(block)
        drafts.append(replace(draft, blocks=tuple(paragraphs)))
    return state.replace_drafts(drafts)
