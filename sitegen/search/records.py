"""Search records from built pages: an article page's HTML in, a `Record` out (its URL,
its text, and the Pagefind metadata, filters and sort keys the theme declared).

The theme says what to index with Pagefind's own attributes, so a project that overrides
a template keeps control: `data-pagefind-body` (the text), `data-pagefind-ignore`,
`data-pagefind-meta`, `data-pagefind-filter` and `data-pagefind-sort`, each as `key`
(the element's text) or `key:value`. sitegen reads them here and indexes the text in its
own words (grams.py) instead of letting Pagefind segment the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose edges separate text, so that the kicker's last character and the
# headline's first do not form a bigram that no reader sees.
BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
SKIP = frozenset(("script", "style", "template", "noscript"))
ATTRIBUTES = ("meta", "filter", "sort")
_SPACES = re.compile(r"[ \t\r\f\v]+")
BODY_TAG = r"<[^<>]*\bdata-pagefind-body\b"  # the tag a record starts at (index.py scans bytes for it)
_BODY_TAG = re.compile(BODY_TAG)


@dataclass(frozen=True)
class Record:
    url: str
    text: str  # the body's text, blocks separated by newlines
    meta: dict[str, str] = field(hash=False)
    filters: dict[str, list[str]] = field(hash=False)
    sort: dict[str, str] = field(hash=False)


def _pairs(value: str) -> list[tuple[str, str | None]]:
    """`key` -> [(key, None)] (the value is the element's text); `key:value` -> [(key, value)]."""
    key, colon, rest = value.partition(":")
    return [(key.strip(), rest.strip() if colon else None)] if key.strip() else []


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, list]] = []  # tag, ignored, pending (kind, key) texts
        self.in_body = 0  # depth inside data-pagefind-body, 0 outside
        self.skip = 0
        self.found_body = False
        self.text: list[str] = []
        self.values: dict[str, list[tuple[str, str]]] = {kind: [] for kind in ATTRIBUTES}
        self.open_texts: list[tuple[str, str, list[str]]] = []  # kind, key, text pieces

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIP:
            self.skip += 1
        body = "data-pagefind-body" in attributes
        if body:
            self.found_body = True
        ignored = "data-pagefind-ignore" in attributes or (self.stack and self.stack[-1][1])
        pending = []
        if (self.in_body or body) and not ignored:
            for kind in ATTRIBUTES:
                for key, value in _pairs(attributes.get(f"data-pagefind-{kind}") or ""):
                    if value is None:
                        pending.append((kind, key, []))
                    else:
                        self.values[kind].append((key, value))
        if tag in BLOCKS:
            self._add("\n")
        if tag in VOID:
            return
        self.stack.append((tag, bool(ignored), pending))
        self.open_texts.extend(pending)
        if body or self.in_body:
            self.in_body += 1

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in VOID or not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            name, _, pending = self.stack.pop()
            if self.in_body:
                self.in_body -= 1
            for item in pending:
                self.open_texts.remove(item)
                kind, key, pieces = item
                self.values[kind].append((key, " ".join("".join(pieces).split())))
            if name == tag:
                break
        if tag in BLOCKS:
            self._add("\n")

    def handle_data(self, data):
        if self.skip or (self.stack and self.stack[-1][1]):
            return
        self._add(data)
        for _, _, pieces in self.open_texts:
            pieces.append(data)

    def _add(self, text: str) -> None:
        if self.in_body:
            self.text.append(text)


def clean_text(raw: str) -> str:
    lines = (" ".join(_SPACES.sub(" ", line).split()) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def read_record(html: str, url: str) -> Record | None:
    """The page's record, or None when it has no `data-pagefind-body` (not an article).
    Parsing starts at the first tag that names the attribute: nothing before the body
    (head, navigation: a third of a page) can be part of its record."""
    first = _BODY_TAG.search(html)
    if first is None:
        return None
    reader = _Reader()
    reader.feed(html[first.start() :])
    reader.close()
    if not reader.found_body:
        return None
    filters: dict[str, list[str]] = {}
    for key, value in reader.values["filter"]:
        if value and value not in filters.setdefault(key, []):
            filters[key].append(value)
    meta = {key: value for key, value in reader.values["meta"] if value}
    sort = {key: value for key, value in reader.values["sort"] if value}
    return Record(url, clean_text("".join(reader.text)), meta, filters, sort)
