"""Rule `blocks`: a page's lines -> blocks of consecutive non-blank lines.

Each block remembers its file lines and how many blank lines stood before it (a column
break prints one; the space around a headline often prints more). Photo credits
(`通讯员叶希莲 摄`, `通讯员钟国荣 记者周金友` / `摄影报道` over two lines) become `credit`
blocks; everything else starts as `text`.
"""

from __future__ import annotations

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.patterns import credit_line

NAME = "blocks"


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
        current.append(line)
    if current:
        blocks.append(Block("text", "\n".join(current), start, len(lines), gap, page))
    return [_classify(block) for block in blocks]


def _classify(block: Block) -> Block:
    joined = block.text.replace("\n", "")
    if credit_line(joined):
        return Block("credit", block.text, block.first, block.last, block.gap, block.page)
    return block


def apply(state: PageState, context) -> PageState:
    blocks = split_blocks(state.page.lines, state.page.path)
    return state.replace_drafts([Draft(heading=(), blocks=tuple(blocks))])
