"""The values that flow through ingest, each stage producing new ones (all frozen).

RawPage (decoded lines of one page file) -> PageState (drafts of articles made of
Blocks, changed rule by rule) -> ArticleSource (front matter and Markdown body).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RawPage:
    """One printed page (版) as decoded text. `lines[0]` is line 1 of the file."""

    path: str  # as shown in messages and `source.file`
    lines: tuple[str, ...]
    edition: dt.date | None
    page: int | None
    encoding: str = "utf-8"
    digest: str = ""  # sha256 of the file's bytes, for the ingest cache


@dataclass(frozen=True)
class Block:
    """A piece of a page: consecutive non-blank lines, later a whole paragraph.

    kind: "text", "heading" (a headline line), "subhead" (小标题), "credit" (photo credit
    such as `通讯员叶希莲 摄`). `text` keeps raw line breaks as "\\n" until the
    paragraphs rule joins them. `first`/`last` are 1-based file lines; `gap` is the
    number of blank lines printed before the block.
    """

    kind: str
    text: str
    first: int
    last: int
    gap: int = 1
    page: str = ""  # the raw page this block came from (articles stitched across pages)
    joined: tuple[tuple[str, int, int], ...] = ()  # (page, first, last) of blocks merged into this one

    @property
    def spans(self) -> tuple[tuple[str, int, int], ...]:
        return ((self.page, self.first, self.last), *self.joined)

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)


@dataclass(frozen=True)
class Removal:
    """Text a rule took out of a body: reported, so no character is lost silently."""

    rule: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Draft:
    """An article being assembled: its headline lines, its body blocks, its credits."""

    heading: tuple[Block, ...]
    blocks: tuple[Block, ...]
    fields: tuple[tuple[str, object], ...] = ()  # front matter found so far, in order
    continues_to: int | None = None  # （下转第X版）
    continued_from: int | None = None  # （上接第X版）
    credited: tuple[tuple[str, int, int], ...] = ()  # lines of bylines and credits taken out of the body

    def field(self, key: str, default=None):
        for name, value in self.fields:
            if name == key:
                return value
        return default

    def with_fields(self, **values) -> Draft:
        kept = tuple((k, v) for k, v in self.fields if k not in values)
        return replace(self, fields=kept + tuple(values.items()))

    @property
    def lines(self) -> list[tuple[str, int, int]]:
        """(page, first, last) of every block, heading included, for `source`."""
        return [span for b in (*self.heading, *self.blocks) for span in b.spans] + list(self.credited)

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks if b.kind in ("text", "subhead"))

    @property
    def heading_text(self) -> str:
        return " ".join(b.text for b in self.heading)


@dataclass(frozen=True)
class PageState:
    page: RawPage
    drafts: tuple[Draft, ...]
    removals: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()  # what the rules did, for the closing report
    note_rules: tuple[str, ...] = ()  # the rule that made each note (set by pipeline.run)

    def replace_drafts(self, drafts, removals=(), notes=()) -> PageState:
        return replace(
            self,
            drafts=tuple(drafts),
            removals=self.removals + tuple(removals),
            notes=self.notes + tuple(notes),
        )

    def map_drafts(self, step) -> PageState:
        """Each draft through `step(draft) -> (draft or drafts, removals)`, in order: the
        shape of a rule that works one article at a time."""
        drafts, removals = [], []
        for draft in self.drafts:
            made, removed = step(draft)
            drafts.extend((made,) if isinstance(made, Draft) else made)
            removals.extend(removed)
        return self.replace_drafts(drafts, removals=removals)


@dataclass(frozen=True)
class ArticleSource:
    """One article ready to be written: its relative path, front matter and body."""

    relpath: str
    front: tuple[tuple[str, object], ...]
    body: str
