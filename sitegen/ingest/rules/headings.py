"""Rule `headings`: find headlines (标题) and subheads (小标题); split the page into articles.

A candidate is a block of one short line that does not end a sentence with 。. It is a
headline line when the layout says a new article starts: a byline follows (`本报讯 …`,
`记者X报道`), two or more blank lines follow, another candidate stands right under it
(引题 over 主题), the previous item just closed with a photo credit, or it opens the page.
Otherwise a candidate after a finished sentence is a subhead inside the current article.
"""

from __future__ import annotations

from sitegen.ingest.model import Block, Draft, PageState
import re

from sitegen.ingest.patterns import BYLINE_RE, BYLINE_START_RE
from sitegen.ingest.segment import crosses_word
from sitegen.text import CLOSERS, ends_sentence, han_count

NAME = "headings"
MAX_HEADING_CHARS = 50
MAX_SUBHEAD_CHARS = 25  # 小标题 are short; a longer lone line is a paragraph cut by the column
NOT_HEADING_END = "。，、,;；：:"
NOT_HEADING_START = "，。、,.;；：:！？!?）)”’"
PAIRS = ("“”", "（）", "()", "《》", "「」")


def is_candidate(blocks: list[Block], index: int) -> bool:
    """A short standalone line that could be a headline or subhead, not a cut-off body line."""
    block = blocks[index]
    text = block.text
    if block.kind != "text" or "\n" in text:
        return False
    if not (2 <= han_count(text) <= MAX_HEADING_CHARS and len(text) <= MAX_HEADING_CHARS + 10):
        return False
    core = text.rstrip(CLOSERS)
    if text[-1] in NOT_HEADING_END or core[-1:] in ("。", "…") or text.endswith(("！”", "？”")):
        return False
    if text[0] in NOT_HEADING_START or BYLINE_START_RE.match(text):
        return False
    if any(text.count(a) != text.count(b) for a, b in PAIRS):
        return False  # an unclosed “ or （: the line runs on into the next block
    last_clause = re.split("[，,、；;：:]", text)[-1]
    if len(last_clause) <= 2 and last_clause != text:
        return False  # …公司内，拉: a sentence cut at the column's end
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and following.kind == "text" and crosses_word(text, following.text):
        return False  # 战斗堡垒作 / 用和…: a word cut by a column break
    return True


def _starts_article(blocks: list[Block], index: int) -> bool:
    """Layout evidence that the candidate group ending at `index` is a headline."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None:
        return False
    if BYLINE_RE.match(following.text.replace("\n", "")):
        return True
    if following.gap >= 2:
        return True
    return False


def _group_end(blocks: list[Block], start: int) -> int:
    end = start
    while end + 1 < len(blocks) and blocks[end + 1].gap <= 1 and is_candidate(blocks, end + 1) and end - start < 2:
        end += 1
    return end


def find_headings(blocks: list[Block]) -> list[Draft]:
    drafts: list[Draft] = []
    heading: tuple[Block, ...] = ()
    body: list[Block] = []
    index = 0
    seen_headings: set[str] = set()
    while index < len(blocks):
        block = blocks[index]
        if not is_candidate(blocks, index):
            body.append(block)
            index += 1
            continue
        end = _group_end(blocks, index)
        group = blocks[index : end + 1]
        previous = body[-1] if body else None
        opens = (
            (not drafts and not heading and not body)
            or len(group) > 1
            or _starts_article(blocks, end)
            or (previous is not None and previous.kind == "credit")
            or block.text in seen_headings
            or (block.gap >= 2 and (previous is None or ends_sentence(previous.text)))
        )
        if opens and end + 1 < len(blocks):
            if heading or body:
                drafts.append(Draft(heading=heading, blocks=tuple(body)))
            heading = tuple(b.__class__("heading", b.text, b.first, b.last, b.gap, b.page) for b in group)
            seen_headings.update(b.text for b in group)
            body = []
            index = end + 1
            continue
        short = len(block.text) <= MAX_SUBHEAD_CHARS
        if short and previous is not None and (previous.kind in ("subhead", "credit") or ends_sentence(previous.text)):
            body.append(Block("subhead", block.text, block.first, block.last, block.gap, block.page))
        else:
            body.append(block)
        index += 1
    if heading or body:
        drafts.append(Draft(heading=heading, blocks=tuple(body)))
    return drafts


def apply(state: PageState, context) -> PageState:
    blocks = [b for draft in state.drafts for b in (*draft.heading, *draft.blocks)]
    return state.replace_drafts(find_headings(blocks))
