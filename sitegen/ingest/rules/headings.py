"""Rule `headings`: find headlines (标题) and subheads (小标题); split the page into articles.

A candidate is a block of one short line that does not end a sentence with 。. It is a
headline line when the layout says a new article starts: a byline follows (`本报讯 …`,
`记者X报道`), two or more blank lines follow, another candidate stands right under it
(引题 over 主题), the previous item just closed with a photo credit, it opens the page, or
it stands over a lede opening with its date (`5月2日，…`) under a finished story of 150+
characters set without subheads. Otherwise a candidate after a finished sentence is a
subhead inside the current article.
A line that only looks like one is body text: the rest of an unfinished paragraph above
it (a word runs across the column break, or it is as wide as the column), or the first
line of a paragraph cut off under a subhead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.patterns import (
    BRIEF_COLUMN_RE,
    BYLINE_RE,
    BYLINE_START_RE,
    DATELINE,
    HAN,
    byline_only,
    closes_item,
    closing_names,
    lone_name,
    names_before_role,
    names_line,
    role_led_headline,
    trailing_credit,
)
from sitegen.ingest.segment import crosses_word
from sitegen.text import CLOSERS, SENTENCE_END, ends_sentence, han_count, significant

NAME = "headings"
MAX_HEADING_CHARS = 50
MIN_WRAPPED_LINES = 20  # wrapped lines a page needs before its column width means anything
MAX_SUBHEAD_CHARS = 25  # 小标题 are short; a longer lone line is a paragraph cut by the column
NOT_HEADING_END = "。，、,;；：:"
NOT_HEADING_START = "，。、,.;；：:！？!?）)”’"
# What opens a caption or an item of a list, never the rest of a line: ①, ■, ◆.
NUMBERED_RE = re.compile("[\u2460-\u2473\u2776-\u277f]")
ITEM_MARK_RE = re.compile("[\u2460-\u2473\u2776-\u277f□■◆◇●▲△]")
DATELINE_RE = re.compile(f"^\\s*{DATELINE}")
# What opens a photo's caption: 图为 (the picture shows), 上图/下图/左图/右图.
_CAPTION_OPENING = "(?:图为|图片为|[上下左右]图[：:为])"
CAPTION_RE = re.compile(f"^\\s*{_CAPTION_OPENING}")
MAX_CAPTION = 60  # Han characters of a photo's caption set between a headline and its lede
MAX_PLACE_KICKER = 8  # Han characters of a place's kicker closed by a colon (`福建霞浦：`)
_PLACE_KICKER_RE = re.compile(f"[{HAN}]+[：:]")
PAIRS = ("“”", "（）", "《》", "「」")  # `(` and `)` count as `（` and `）`: OCR mixes the widths


def is_candidate(blocks: list[Block], index: int) -> bool:
    """A short standalone line that could be a headline or subhead, not a cut-off body line."""
    block = blocks[index]
    text = block.text
    if block.kind != "text" or "\n" in text:
        return False
    if not (2 <= han_count(text) <= MAX_HEADING_CHARS and len(text) <= MAX_HEADING_CHARS + 10):
        return False
    core = text.rstrip(CLOSERS)
    if _place_over_headline(blocks, index):
        return True  # `福建霞浦：` / `霞光谱出致富曲`: the place or body a headline is about, its kicker
    if text[-1] in NOT_HEADING_END or core[-1:] == "…" or "。" in text or text.endswith(("！”", "？”")):
        return False  # a finished sentence is body text
    if text[0] in NOT_HEADING_START or NUMBERED_RE.match(text) or CAPTION_RE.match(text):
        return False  # (`①不少居民…`, `图为…`: a photo caption is body text)
    if BYLINE_START_RE.match(text) and not role_led_headline(text):
        return False  # a byline, not a series' headline opening with 记者 (`记者走进田间地头`)
    if index > 0 and lone_name(text) and blocks[index - 1].gap <= 2 and is_candidate(blocks, index - 1) and following_text(blocks, index):
        return False  # `长白山下达莱香` / `丰向红` / the lede: the writer's name, a byline
    if names_line(text) or names_before_role(text):
        return False  # `吴昌松  龚玉（实习）`, `甲 乙 某报记者 丙`: the writers' names on a line of their own
    credit = trailing_credit(text, last=False)
    if credit is not None and credit[2] == "photo":
        return False  # a caption and its credit: `慰问活动现场 记者石家豪摄`
    paired = text.replace("(", "（").replace(")", "）")
    if any(paired.count(a) != paired.count(b) for a, b in PAIRS):
        return False  # an unclosed “ or （: the line runs on into the next block
    last_clause = re.split("[，,、；;：:]", text)[-1]
    if len(last_clause) <= 2 and last_clause != text:
        return False  # …公司内，拉: a sentence cut at the column's end
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and following.kind == "text" and crosses_word(text, following.text):
        return False  # 战斗堡垒作 / 用和…: a word cut by a column break
    return True


def _place_over_headline(blocks: list[Block], index: int) -> bool:
    """A short name and a colon on a line of its own (`白甸镇：`, `福建霞浦：`) over a headline
    that its text follows: a kicker, not a sentence introducing the next line."""
    text = blocks[index].text
    if text[-1] not in "：:" or han_count(text) > MAX_PLACE_KICKER or not _PLACE_KICKER_RE.fullmatch(text):
        return False
    return index + 2 < len(blocks) and is_candidate(blocks, index + 1) and blocks[index + 2].kind == "text"


def following_text(blocks: list[Block], index: int) -> bool:
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and following.kind == "text" and following.gap <= 2


def credited(text: str) -> bool:
    """A paragraph closed by a photo credit (`…准备上岗。 张三 摄`) or by names in brackets
    (`…关注。（杨明洲 范国俊）`): an item ends there."""
    flat = text.replace("\n", "")
    found = trailing_credit(flat, last=True)
    if found is not None and found[2] == "byline" and ends_sentence(flat[: found[0]]):
        return True  # `…恢复热闹。本报记者 甲 乙`: a byline after the last sentence
    return (found is not None and found[2] == "photo") or closing_names(flat) is not None


def _closing_byline(body: list[Block]) -> bool:
    """The item so far ends with a byline on a line of its own under its text (`通讯员：甲乙`)."""
    return len(body) > 1 and body[-1].kind == "text" and any(b.kind == "text" for b in body[:-1]) and byline_only(body[-1].text) is not None


# The last sentence of a photo's caption: `…。图为眼科医生为孩子们测视力。`
_CAPTION_SENTENCE_RE = re.compile(f"(?:^|[{SENTENCE_END}])\\s*{_CAPTION_OPENING}[^{SENTENCE_END}]*[{SENTENCE_END}][{CLOSERS}]*\\s*$")


def _captioned_photo(body: list[Block]) -> bool:
    """The item so far is a photo: its credit and one paragraph of caption closed by what the
    picture shows (`…。图为…。`); nothing more belongs to it."""
    texts = [b for b in body if b.kind == "text"]
    return len(texts) == 1 and body[-1] is texts[0] and any(b.kind == "credit" for b in body) and _CAPTION_SENTENCE_RE.search(texts[0].text.replace("\n", "")) is not None


def _starts_article(blocks: list[Block], index: int) -> bool:
    """Layout evidence that the candidate group ending at `index` is a headline."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is None:
        return False
    if BYLINE_RE.match(following.text.replace("\n", "")) or following.gap >= 2:
        return True
    if DATELINE_RE.match(following.text.replace("\n", "")):
        return True  # `东北网11月29日讯昨天，…`: a dateline with no names opens a story too
    after = blocks[index + 2] if index + 2 < len(blocks) else None
    if CAPTION_RE.match(following.text) and han_count(following.text) <= MAX_CAPTION and after is not None:
        if BYLINE_RE.match(after.text.replace("\n", "")) or DATELINE_RE.match(after.text.replace("\n", "")):
            return True  # `图为…。` between the headline and its dated lede: the story's photo
    # A caption with its credit under it (`慰问活动现场 记者石家豪摄`): a photo, then the story.
    return following.kind == "credit" or (len(following.text) <= 2 * MAX_SUBHEAD_CHARS and credited(following.text))


_DATED_LEDE_RE = re.compile("^\\s*(?:\\d{4}年)?\\d{1,2}月\\d{1,2}日[，,]")
MIN_STORY_ABOVE = 150  # Han characters of a finished story above a headline over a dated lede


def _dated_lede_under(blocks: list[Block], end: int, body: list[Block]) -> bool:
    """A short line over a lede opening with its date (`4月5日，…`), under 150+ characters of a
    finished story set without subheads: a new story's headline, not a subhead (a story tells
    its date in its lede)."""
    following = blocks[end + 1] if end + 1 < len(blocks) else None
    if following is None or following.kind != "text" or not _DATED_LEDE_RE.match(following.text):
        return False
    if any(b.kind == "subhead" for b in body):
        return False  # a story set with subheads: the next one is another subhead
    texts = [b for b in body if b.kind == "text"]
    return bool(texts) and ends_sentence(texts[-1].text.replace("\n", "")) and sum(han_count(b.text) for b in texts) >= MIN_STORY_ABOVE


def column_width(blocks: list[Block]) -> int | None:
    """The page's column width: the commonest length of wrapped lines (not a block's last).

    None when the page prints a paragraph per line (004_…) and so has no column width.
    """
    lengths = Counter(len(line) for b in blocks if b.kind == "text" for line in b.text.split("\n")[:-1])
    if sum(lengths.values()) < MIN_WRAPPED_LINES:
        return None
    return lengths.most_common(1)[0][0]


def looks_wrapped(blocks: list[Block], index: int, width: int | None) -> bool:
    """A line as long as the column, with no space, that runs on into the next block:
    the first line of a paragraph cut off by a column break, not a headline or subhead."""
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return (
        width is not None
        and not block.text.startswith(("——", "—", "--"))  # a subtitle (副题) opens with a dash
        and abs(len(block.text) - width) <= 1
        and " " not in block.text
        and following is not None
        and following.kind == "text"
        and following.gap <= 1
        and not BYLINE_START_RE.match(following.text)
        and not ITEM_MARK_RE.match(following.text)  # `①不少居民…`: a caption opens there, no line runs on
    )


def _continues(previous: Block | None, block: Block, width: int | None) -> bool:
    """The candidate is the rest of an unfinished paragraph just above it (a column break)."""
    if previous is None or previous.kind != "text" or block.gap > 1 or closes_item(previous.text):
        return False
    if crosses_word(previous.text, block.text):
        return True
    return width is not None and len(block.text) <= width + 1 and " " not in block.text


def _group_end(blocks: list[Block], start: int, width: int | None) -> int:
    end = start
    while (
        end + 1 < len(blocks)
        and end - start < 2
        and blocks[end + 1].gap <= 1
        and is_candidate(blocks, end + 1)
        and not looks_wrapped(blocks, end + 1, width)
    ):
        end += 1
    return end


def find_headings(blocks: list[Block]) -> list[Draft]:
    drafts: list[Draft] = []
    heading: tuple[Block, ...] = ()
    body: list[Block] = []
    index = 0
    seen_headings: set[str] = set()
    width = column_width(blocks)
    while index < len(blocks):
        block = blocks[index]
        if not is_candidate(blocks, index):
            body.append(block)
            index += 1
            continue
        previous = body[-1] if body else None
        end = _group_end(blocks, index, width)
        if end + 1 == len(blocks) and end > index:
            end -= 1  # a headline needs something under it
        group = blocks[index : end + 1]
        if _continues(previous, block, width) and significant(block.text) not in seen_headings:
            # `…多亏了工会的宣` / `传越来越多的人了` is the paragraph's last line; but a short
            # kicker after an article cut mid-sentence still heads the group a byline follows.
            # A byline right under it makes any group a headline: no paragraph goes on into a byline.
            following = blocks[end + 1] if end + 1 < len(blocks) else None
            bylined = following is not None and bool(BYLINE_RE.match(following.text.replace("\n", "")))
            kicker = (len(group) > 1 or bylined) and _starts_article(blocks, end) and not crosses_word(previous.text, block.text)
            if not kicker:
                body.append(block)
                index += 1
                continue
        opens = (
            (not drafts and not heading and not body)
            or len(group) > 1
            or _starts_article(blocks, end)
            or (previous is not None and previous.kind == "credit")
            or (previous is not None and previous.kind == "text" and credited(previous.text))
            or (previous is not None and _closing_byline(body))
            or _captioned_photo(body)
            or significant(block.text) in seen_headings
            or BRIEF_COLUMN_RE.match(block.text.strip()) is not None  # a column of briefs is no subhead
            or (block.gap >= 2 and previous is not None and closes_item(previous.text))
            or _dated_lede_under(blocks, end, body)
        )
        if opens and end + 1 < len(blocks):
            if heading or body:
                drafts.append(Draft(heading=heading, blocks=tuple(body)))
            heading = tuple(replace(b, kind="heading") for b in group)
            seen_headings.update(significant(b.text) for b in group)
            body = []
            index = end + 1
            continue
        short = len(block.text) <= MAX_SUBHEAD_CHARS
        # Subheads are set in the column, so a column-wide line is one only after a finished
        # sentence; right under another subhead it is the first line of the paragraph.
        after_subhead = previous is not None and previous.kind in ("subhead", "credit") and not looks_wrapped(blocks, index, width)
        if short and previous is not None and (after_subhead or (previous.kind == "text" and ends_sentence(previous.text))):
            body.append(replace(block, kind="subhead"))
        else:
            body.append(block)
        index += 1
    if heading or body:
        drafts.append(Draft(heading=heading, blocks=tuple(body)))
    return drafts


def apply(state: PageState, context) -> PageState:
    blocks = [b for draft in state.drafts for b in (*draft.heading, *draft.blocks)]
    return state.replace_drafts(find_headings(blocks))
