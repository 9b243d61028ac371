"""Rule `continuations`: an article continued on another page (下转/上接) becomes one article.

In print a long story ends its first part with `（下转第X版）` and resumes on page X under
its headline (often shortened) with `（上接第Y版）`. When both pages are ingested together
the second part joins the first, in reading order; the markers and the repeated headline
are reported as removed. A part whose other page is missing stays as it is, with a note.
"""

from __future__ import annotations

from dataclasses import replace

from sitegen.ingest.model import Draft, PageState, Removal
from sitegen.ingest.patterns import CONTINUED_FROM_RE, CONTINUED_TO_RE
from sitegen.ingest.rules.repeated_headlines import same_heading

NAME = "continuations"


def _strip_markers(draft: Draft) -> tuple[Draft, list[Removal]]:
    blocks = [*draft.heading, *draft.blocks]
    removals = []
    continues_to = continued_from = None
    for index, block in enumerate(blocks):
        for pattern, is_to in ((CONTINUED_TO_RE, True), (CONTINUED_FROM_RE, False)):
            match = pattern.search(block.text)
            if not match:
                continue
            if is_to:
                continues_to = int(match.group(1))
            else:
                continued_from = int(match.group(1))
            removals.append(Removal(NAME, block.first + block.text.count("\n", 0, match.start()), match.group(0), "continuation marker"))
            blocks[index] = block.with_text((block.text[: match.start()] + block.text[match.end() :]).strip())
    heading = tuple(b for b in blocks[: len(draft.heading)] if b.text.strip())
    body = tuple(b for b in blocks[len(draft.heading) :] if b.text.strip())
    return replace(draft, heading=heading, blocks=body, continues_to=continues_to, continued_from=continued_from), removals


def _partner(first_parts: list[tuple[int, int, Draft]], second: Draft, page: int) -> int | None:
    """Index in `first_parts` of the first part that `second` continues."""
    candidates = [i for i, (_, to, _) in enumerate(first_parts) if to == page]
    if len(candidates) > 1 and second.heading:
        named = [i for i in candidates if same_heading(first_parts[i][2], second)]
        candidates = named or candidates
    return candidates[0] if candidates else None


def apply_batch(states: list[PageState], context) -> list[PageState]:
    stripped: list[list[Draft]] = []
    removals: list[list[Removal]] = []
    for state in states:
        drafts, removed = [], []
        for draft in state.drafts:
            draft, found = _strip_markers(draft)
            drafts.append(draft)
            removed.extend(found)
        stripped.append(drafts)
        removals.append(removed)
    by_page = {state.page.page: n for n, state in enumerate(states)}
    notes: list[list[str]] = [[] for _ in states]
    for n, state in enumerate(states):
        for d, draft in enumerate(stripped[n]):
            source_page = draft.continued_from
            if source_page is None:
                continue
            if source_page not in by_page:
                notes[n].append(f"{state.page.path}:{draft.blocks[0].first if draft.blocks else 0}: continued from page {source_page}, which was not ingested with it")
                continue
            m = by_page[source_page]
            first_parts = [(m, draft_.continues_to, draft_) for draft_ in stripped[m]]
            partner = _partner(first_parts, draft, state.page.page)
            if partner is None:
                line = draft.blocks[0].first if draft.blocks else 0
                notes[n].append(f"{state.page.path}:{line}: continued from page {source_page}, where no article says （下转第{state.page.page}版）")
                continue
            target = stripped[m][partner]
            stripped[m][partner] = replace(target, blocks=target.blocks + draft.blocks, continues_to=None)
            removals[n].extend(Removal(NAME, b.first, b.text, "headline repeated over the continuation") for b in draft.heading)
            stripped[n][d] = replace(draft, blocks=(), heading=())  # dropped below: its text moved
    return [
        state.replace_drafts([d for d in drafts if d.blocks or d.heading], removals=removed, notes=note)
        for state, drafts, removed, note in zip(states, stripped, removals, notes)
    ]
