"""Rule `missing_text`: where the source itself lost text, say so; never invent it.

In: articles made of paragraphs. Out: the same, where a paragraph of text that stops in
the middle of a sentence and is followed by another paragraph (which the rule
`paragraphs` could not join to it: they were not next to each other, no word runs across)
ends with the visible mark `（原文缺失）` for editors, and a warning names its line. The
sample's 温州 article stops at `…注册登录工会` and goes on with `病情复杂、病程长的情况，…`.
Captions and other short lines without a full stop are left alone.
"""

from __future__ import annotations

from dataclasses import replace

from sitegen.ingest.model import PageState
from sitegen.ingest.patterns import closes_item
from sitegen.text import CLOSERS, han_count

NAME = "missing_text"
MARK = "（原文缺失）"
MIN_PARAGRAPH = 20  # Han characters: shorter lines without a full stop are captions or lists
NOT_CUT_ENDS = "：:；;，,、—" + CLOSERS  # a paragraph may end on these and go on in the next


def cut_off(text: str) -> bool:
    """A paragraph that stops in the middle of a sentence."""
    text = text.rstrip()
    return (
        han_count(text) >= MIN_PARAGRAPH
        and not text.endswith(MARK)
        and text[-1:] not in NOT_CUT_ENDS
        and not closes_item(text)
    )


def apply(state: PageState, context) -> PageState:
    drafts, notes = [], []
    for draft in state.drafts:
        blocks = list(draft.blocks)
        for i, (block, following) in enumerate(zip(blocks, blocks[1:])):
            if block.kind == "text" and following.kind == "text" and cut_off(block.text):
                blocks[i] = block.with_text(block.text.rstrip() + MARK)
                notes.append(
                    f"{state.page.path}:{block.spans[-1][2]}: warning: text missing in the source after "
                    f"'…{block.text.rstrip()[-8:]}' (the next paragraph starts mid-sentence); marked {MARK}"
                )
        drafts.append(replace(draft, blocks=tuple(blocks)))
    return state.replace_drafts(drafts, notes=notes)
