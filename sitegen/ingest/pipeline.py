"""The cleanup as a literal ordered list of named rules, page by page, then across pages.

In: RawPages. Out: PageStates whose drafts are finished articles. Each rule is a module of
`sitegen.ingest.rules` whose NAME is its configuration key (`[tool.sitegen.ingest]`,
`name = false` turns it off) and the name of its golden fixture file in tests/fixtures/rules/.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitegen.ingest.model import PageState, RawPage
from sitegen.ingest.rules import (
    blocks,
    briefs,
    bylines,
    characters,
    continuations,
    cut_credits,
    duplicates,
    headings,
    headline_parts,
    inline_credits,
    kinds,
    missing_text,
    orphans,
    paragraphs,
    photo_items,
    places,
    punctuation,
    repeated_headlines,
)

# Rules that see one page at a time, in order.
PAGE_RULES = (characters, blocks, cut_credits, headings, photo_items, briefs, duplicates, orphans, repeated_headlines)
# Rules that see the whole batch of pages: articles continued on another page.
BATCH_RULES = (continuations,)
# Rules that finish each article.
ARTICLE_RULES = (paragraphs, inline_credits, bylines, missing_text, punctuation, headline_parts, places, kinds)
RULES = PAGE_RULES + BATCH_RULES + ARTICLE_RULES
RULE_NAMES = tuple(rule.NAME for rule in RULES)


@dataclass(frozen=True)
class Context:
    """What rules may know beyond the page: the paper's home province and, for a city's
    paper, its city (short form: 温州), enabled rules."""

    home_province: str = ""
    home_city: str = ""
    enabled: tuple[str, ...] = RULE_NAMES


def run(pages: list[RawPage], context: Context, until: str | None = None) -> list[PageState]:
    """Runs the enabled rules in order (stopping after `until` when given)."""
    states = [PageState(page=page, drafts=()) for page in pages]
    for rule in RULES:
        if rule.NAME in context.enabled or rule.NAME in ("blocks", "headings"):
            if rule in BATCH_RULES:
                states = list(rule.apply_batch(states, context))
            else:
                states = [rule.apply(state, context) for state in states]
            states = [_tag_notes(state, rule.NAME) for state in states]
        if rule.NAME == until:
            break
    return states


def _tag_notes(state: PageState, rule: str) -> PageState:
    new = len(state.notes) - len(state.note_rules)
    return replace(state, note_rules=state.note_rules + (rule,) * new) if new else state


def notes_by_rule(state: PageState) -> list[tuple[str, str]]:
    """(rule, note) for every note a rule made on the page."""
    return list(zip(state.note_rules, state.notes))


def dump(states: list[PageState]) -> str:
    """A readable picture of the drafts: what golden files of rules compare."""
    out: list[str] = []
    for state in states:
        if not state.drafts:  # a rule that runs before `blocks` changes the page's lines
            out.extend(f"[line {n}] {line}" for n, line in enumerate(state.page.lines, start=1) if line)
        for number, draft in enumerate(state.drafts, start=1):
            out.append(f"== article {number}")
            for block in draft.heading:
                out.append(f"[heading {block.first}] {block.text}")
            for key, value in draft.fields:
                out.append(f"{key}: {value}")
            for block in draft.blocks:
                end = block.spans[-1][2]
                span = f"{block.first}" if block.first == end else f"{block.first}-{end}"
                out.append(f"[{block.kind} {span}] " + block.text.replace("\n", "⏎"))
        for removal in state.removals:
            out.append(f"-- removed by {removal.rule} at {removal.line} ({removal.reason}): {removal.text}")
        out.extend(f"** note: {note}" for note in state.notes)
    return "\n".join(out) + "\n"
