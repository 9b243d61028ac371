"""Rule `briefs`: untitled briefs in a column (简讯, 工会动态) each become an article.

In: articles found by `headings`. Out: the same, where a run of briefs is split into one
article per brief. A brief opens with a mark (`△兴平地区七厂家工会…`, also ▲ ◆ ◇ ● ○ ■ □
when what follows is not a credit) or follows a brief closed by names or an organisation
in brackets (`…共演出21个节目。（杨晓勇）`, `（宝鸡县总工会）`); a short line right above the
first brief is the column's head (`工会动态`), the headline of its briefs. Without a column
head a brief is titled by its first words, as an article that lost its headline is. Briefs
have no subheads: a headline-like line after one heads the next story. Under a column's
head (`创城动态`, `简讯`) short paragraphs with no marks and no credits are a brief each
(one that stops mid-sentence at a column break goes on in the next block).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState, Removal
from sitegen.ingest.patterns import BRIEF_COLUMN_RE, BYLINE_START_RE, byline_only, closing_names, names_line, trailing_credit
from sitegen.ingest.rules.photo_items import split_untitled_photos
from sitegen.text import ends_sentence, han_count

NAME = "briefs"
MARK_RE = re.compile("^\\s*[△▲◆◇●○■□]\\s*(?=\\S)")
MAX_COLUMN_HEAD = 12  # Han characters of a column's head (工会动态, 简讯)
MAX_UNMARKED_BRIEF = 300  # Han characters of a block of such a brief (a column break may cut one)


def opens_brief(block: Block) -> bool:
    text = block.text.replace("\n", "")
    return block.kind == "text" and bool(MARK_RE.match(text)) and not BYLINE_START_RE.match(text) and not byline_only(text)


def closes_brief(blocks: list[Block]) -> bool:
    """The brief so far ends with names or an organisation in brackets (maybe cut by a column break)."""
    flat = "".join(b.text for b in blocks).replace("\n", "")
    if closing_names(flat):
        return True
    found = trailing_credit(flat, last=True)
    return found is not None and found[2] == "org"


def _is_column_head(block: Block) -> bool:
    return (
        block.kind in ("text", "subhead")
        and "\n" not in block.text
        and 2 <= han_count(block.text) <= MAX_COLUMN_HEAD
        and not ends_sentence(block.text)
        and not names_line(block.text)  # `吴昌松  龚玉（实习）` closes the story above
    )


def _column_of_paragraphs(draft: Draft) -> bool:
    """A column's head (`创城动态`, `简讯`) over short paragraphs with no marks: each one a brief."""
    kinds = [b.kind for b in draft.blocks]
    texts = draft.blocks[: kinds.index("subhead")] if "subhead" in kinds else draft.blocks  # then the next story
    return (
        len(draft.heading) == 1
        and BRIEF_COLUMN_RE.search(draft.heading_text.strip()) is not None
        and len(texts) >= 2
        and all(b.kind == "text" and han_count(b.text) <= MAX_UNMARKED_BRIEF for b in texts)
    )


def split_briefs(draft: Draft) -> tuple[list[Draft], list[Removal]]:
    blocks = list(draft.blocks)
    first = next((i for i, b in enumerate(blocks) if opens_brief(b)), None)
    by_paragraph = first is None and _column_of_paragraphs(draft)
    if by_paragraph:
        first = 0
    if first is None:
        return [draft], []
    drafts, removals = [], []
    column = ""
    head = blocks[:first]
    if head and _is_column_head(head[-1]):
        column = head[-1].text.strip()
        removals.append(Removal(NAME, head[-1].first, column, "column head over briefs"))
        head = head[:-1]
    if head:  # the article above keeps its headline, and the untitled photos under it are theirs
        drafts.extend(split_untitled_photos(replace(draft, blocks=tuple(head))))
    elif draft.heading:
        # The headings rule took the column's head for a headline: it heads the briefs.
        column = column or draft.heading_text
        removals.extend(Removal(NAME, b.first, b.text, "column head over briefs") for b in draft.heading)
    briefs: list[list[Block]] = []
    after: Draft | None = None
    for index, block in enumerate(blocks[first:], start=first):
        if briefs and block.kind == "subhead":
            # Briefs have no subheads: a headline-like line after one heads the next story.
            after = Draft(heading=(replace(block, kind="heading"),), blocks=tuple(blocks[index + 1 :]))
            break
        finished = by_paragraph and ends_sentence(briefs[-1][-1].text) if briefs else False
        if not briefs or opens_brief(block) or closes_brief(briefs[-1]) or finished:
            briefs.append([block])
        else:
            briefs[-1].append(block)
    for pieces in briefs:
        pieces[0] = pieces[0].with_text(MARK_RE.sub("", pieces[0].text))
        drafts.append(Draft(heading=(), blocks=tuple(pieces), fields=(("brief", True), ("column", column))))
    if after is not None:
        more, removed = split_briefs(after)
        drafts.extend(more)
        removals.extend(removed)
    return drafts, removals


def apply(state: PageState, context) -> PageState:
    return state.map_drafts(split_briefs)
