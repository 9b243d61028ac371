"""Rule `blocks`: a page's lines -> blocks of consecutive non-blank lines.

Each block remembers its file lines and how many blank lines stood before it (a column
break prints one; the space around a headline often prints more). A line wrapped at a space
keeps one (`记者 甲 乙 ` / `丙`: three names, not 乙丙). Photo credits
(`通讯员叶希莲 摄`, `通讯员钟国荣 记者周金友` / `摄影报道` over two lines) become `credit`
blocks, and so do photos credited to nobody (`新华社发`, `资料图片`) and a bracket of the item's
editors (`（某中心 编辑：甲 三审：乙）`: it closes the item, `bylines` drops it); everything else starts
as `text`. Page furniture (第01版 要闻, the date line, 责任编辑：X) is set aside and reported.
"""

from __future__ import annotations

import re

from sitegen.ingest.model import Block, Draft, PageState, Removal
from sitegen.ingest.patterns import credit_line, editors_credit, nobody_photo

NAME = "blocks"
# Page furniture printed around the stories: the page line (第01版 要闻), the date line,
# the editors' credits. Not part of any article.
FURNITURE_RE = re.compile(
    r"^\s*(?:第\s*\d{1,3}\s*版(?:\s+\S{1,8})?"
    r"|\d{4}年\d{1,2}月\d{1,2}日(?:\s*星期[一二三四五六日天])?(?:\s+第\s*\d{1,3}\s*版)?"
    r"|(?:责任编辑|本版编辑|美术编辑|版式设计|本版责编|责编|校对|编辑)\s*[:：]?\s*\S{2,4}(?:\s+\S{2,4})*)\s*$"
)


def split_blocks(lines: tuple[str, ...], page: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = gap = 0
    blank_run = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(Block("text", "\n".join(current), start, number - 1, gap, page))
                current = []
            blank_run += 1
            continue
        if not current:
            start, gap, blank_run = number, blank_run, 0
        elif raw[:1].isspace() or lines[number - 2].rstrip("\r")[-1:].isspace():
            current[-1] += " "  # a line wrapped at a space (`记者 甲 乙 ` / `丙`): the space stays
        current.append(line)
    if current:
        blocks.append(Block("text", "\n".join(current), start, len(lines), gap, page))
    return [_classify(block) for block in blocks]


def _classify(block: Block) -> Block:
    joined = block.text.replace("\n", "")
    if credit_line(joined) or nobody_photo(joined) or editors_credit(joined):  # (`新华社发`, `（编辑：甲）`: credits of nobody)
        return Block("credit", block.text, block.first, block.last, block.gap, block.page)
    return block


def apply(state: PageState, context) -> PageState:
    blocks, removals = [], []
    for block in split_blocks(state.page.lines, state.page.path):
        if "\n" not in block.text and FURNITURE_RE.match(block.text):
            removals.append(Removal(NAME, block.first, block.text, "page furniture"))
        else:
            blocks.append(block)
    return state.replace_drafts([Draft(heading=(), blocks=tuple(blocks))], removals=removals)
