"""Finished drafts -> ArticleSource values: front matter in a fixed order and a Markdown body.

In: a PageState after every rule. Out: one ArticleSource per article with its path
`<edition>/<page>/<NN>-<slug>.md` relative to the content folder. Pure: no files touched.
"""

from __future__ import annotations

import re

from sitegen.ingest.model import ArticleSource, Draft, PageState
from sitegen.text import significant

# Markdown that OCR text must not trigger: emphasis, links, code, autolinks, HTML.
_INLINE_RE = re.compile(r"([\\`*_\[\]<>])")
# Block markers at the start of a paragraph: headings, quotes, lists, rules, tables.
_BLOCK_START_RE = re.compile(r"^(#|>|[-+*=|]|\d+[.)](?=\s|$))")
_SLUG_CHARS = 16


def escape_markdown(text: str) -> str:
    text = _INLINE_RE.sub(r"\\\1", text)
    return _BLOCK_START_RE.sub(r"\\\1", text)


def slug(headline: str) -> str:
    return significant(headline)[:_SLUG_CHARS] or "article"


def _ranges(draft: Draft, page_path: str) -> str:
    spans = sorted((first, last) for page, first, last in draft.lines if page == page_path)
    merged: list[list[int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 3:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in merged)


def _source(draft: Draft, page_path: str) -> dict:
    others = sorted({page for page, _, _ in draft.lines if page != page_path})
    source = {"file": page_path, "lines": _ranges(draft, page_path)}
    if others:
        source["continued"] = [{"file": other, "lines": _ranges(draft, other)} for other in others]
    return source


def body_markdown(draft: Draft) -> str:
    parts = []
    for block in draft.blocks:
        if block.kind == "subhead":
            parts.append("## " + escape_markdown(block.text))
        elif block.kind == "text" and block.text.strip():
            parts.append(escape_markdown(block.text.strip()))
    return "\n\n".join(parts) + "\n"


def front_matter(draft: Draft, state: PageState, order: int) -> tuple[tuple[str, object], ...]:
    page = state.page
    optional = lambda key: ((key, draft.field(key)),) if draft.field(key) else ()  # noqa: E731
    return (
        ("headline", draft.field("headline")),
        *optional("kicker"),
        *optional("subtitle"),
        *optional("byline"),
        ("reporters", list(draft.field("reporters", []))),
        ("correspondents", list(draft.field("correspondents", []))),
        ("photographers", list(draft.field("photographers", []))),
        *optional("photo_credit"),
        *optional("city"),
        *optional("county"),
        *optional("province"),
        *(optional("dateline") if draft.field("dateline_place") else ()),
        ("kind", draft.field("kind", "article")),
        ("edition", page.edition),
        ("page", page.page),
        ("order", order),
        ("source", _source(draft, page.path)),
    )


def articles(state: PageState) -> list[ArticleSource]:
    page = state.page
    edition = page.edition.isoformat() if page.edition else "undated"
    folder = f"{edition}/{page.page or 0:02d}"
    result = []
    for order, draft in enumerate(state.drafts, start=1):
        front = front_matter(draft, state, order)
        relpath = f"{folder}/{order:02d}-{slug(str(draft.field('headline') or draft.body_text))}.md"  # (untitled: its caption)
        result.append(ArticleSource(relpath, front, body_markdown(draft)))
    return result
