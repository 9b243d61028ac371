"""Search records from built pages: an article page's HTML in, a `Record` out (its URL,
its text in weighted parts, and the Pagefind metadata, filters and sort keys the theme
declared).

The theme says what to index with Pagefind's own attributes, so a project that overrides
a template keeps control: `data-pagefind-body` (the text), `data-pagefind-ignore`,
`data-pagefind-weight` (how much a match there counts), `data-pagefind-meta`,
`data-pagefind-filter` and `data-pagefind-sort`, each as `key` (the element's text) or
`key:value`. sitegen reads them here and indexes the text in its own words (grams.py)
instead of letting Pagefind segment the page.

The weight also sorts the text into three classes, in this order (layout.py places them):
heading (weight above 1: kicker, headline, subtitle), aside (below 1: byline, dateline)
and body (the rest). Within a class the text keeps its order in the page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sitegen import shortcuts

# Elements whose edges separate text, so that the kicker's last character and the
# headline's first are not read as one phrase.
BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
SKIP = frozenset(("script", "style", "template", "noscript"))
ATTRIBUTES = ("meta", "filter", "sort")
BODY_TAG = r"<[^<>]*\bdata-pagefind-body\b"  # the tag a record starts at (index.py scans bytes for it)
_BODY_TAG = re.compile(BODY_TAG)


HEADING, ASIDE, BODY = "heading", "aside", "body"


def weight_class(weight: float) -> str:
    """heading (above 1), aside (below 1) or body (1): where layout.py puts the text."""
    return HEADING if weight > 1 else ASIDE if weight < 1 else BODY


@dataclass(frozen=True)
class Record:
    url: str
    text: str  # the parts' text, heading, aside and body in that order, newline-separated
    meta: dict[str, str] = field(hash=False)
    filters: dict[str, list[str]] = field(hash=False)
    sort: dict[str, str] = field(hash=False)
    # (weight, text) runs in the order of `text`: `text` is their texts joined by newlines.
    parts: tuple[tuple[float, str], ...] = field(default=(), hash=False)
    # Attributes the theme wrote in a way read otherwise than it meant (index.py reports them).
    problems: tuple[str, ...] = field(default=(), hash=False)


def _weight(value: str | None, inherited: float) -> float | None:
    """A data-pagefind-weight value, as Pagefind reads it: a number from 0 to 10; None
    when it is not a number (Pagefind counts it 1, which would move a headline out of
    the heading class)."""
    if value is None:
        return inherited
    try:
        weight = float(value)
    except ValueError:
        return None
    return min(max(weight, 0.0), 10.0) if weight == weight else None


def attribute_pairs(value: str) -> list[tuple[str, str | None]]:
    """`key` -> [(key, None)] (the value is the element's text); `key:value` -> [(key, value)]."""
    key, colon, rest = value.partition(":")
    return [(key.strip(), rest.strip() if colon else None)] if key.strip() else []


class _Reader:
    """Collects a record from a page's tags and text, handed to it in document order."""

    def __init__(self):
        self.stack: list[tuple[str, bool, list, float]] = []  # tag, ignored, pending (kind, key) texts, weight
        self.in_body = 0  # depth inside data-pagefind-body, 0 outside
        self.skip = 0
        self.found_body = False
        self.text: list[tuple[float, str]] = []  # (weight, text) pieces
        self.values: dict[str, list[tuple[str, str]]] = {kind: [] for kind in ATTRIBUTES}
        self.open_texts: list[tuple[str, str, list[str]]] = []  # kind, key, text pieces
        self.problems: list[str] = []

    def start(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag in SKIP:
            self.skip += 1
        body = "data-pagefind-body" in attributes
        if body:
            self.found_body = True
        ignored = "data-pagefind-ignore" in attributes or (self.stack and self.stack[-1][1])
        pending = []
        if attributes and (self.in_body or body) and not ignored:
            for kind in ATTRIBUTES:
                for key, value in attribute_pairs(attributes.get(f"data-pagefind-{kind}") or ""):
                    if value is None:
                        pending.append((kind, key, []))
                    else:
                        self.values[kind].append((key, value))
        if tag in BLOCKS:
            self._add("\n")
        if tag in VOID:
            return
        inherited = self.stack[-1][3] if self.stack else 1.0
        weight = _weight(attributes.get("data-pagefind-weight"), inherited) if (self.in_body or body) else inherited
        if weight is None:
            self.problems.append(f"data-pagefind-weight={attributes['data-pagefind-weight']!r} is not a number from 0 to 10")
            weight = 1.0
        self.stack.append((tag, bool(ignored), pending, weight))
        self.open_texts.extend(pending)
        if body or self.in_body:
            self.in_body += 1

    def end(self, tag: str) -> None:
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in VOID or not (self.stack and self.stack[-1][0] == tag or any(entry[0] == tag for entry in self.stack)):
            return
        while self.stack:
            name, _, pending, _ = self.stack.pop()
            if self.in_body:
                self.in_body -= 1
            for item in pending:  # by identity: two open elements may both wait for the same key
                del self.open_texts[next(i for i, o in enumerate(self.open_texts) if o is item)]
                kind, key, pieces = item
                self.values[kind].append((key, " ".join("".join(pieces).split())))
            if name == tag:
                break
        if tag in BLOCKS:
            self._add("\n")

    def data(self, data: str) -> None:
        if self.skip or (self.stack and self.stack[-1][1]):
            return
        self._add(data)
        for _, _, pieces in self.open_texts:
            pieces.append(data)

    def _add(self, text: str) -> None:
        if self.in_body:
            self.text.append((self.stack[-1][3] if self.stack else 1.0, text))


# The tokens of HTML as html.parser reads them: a start or end tag (name, attributes, a
# closing slash), a comment, a declaration or processing instruction (dropped), and the
# text between them. tests/test_search_records.py checks this reader against html.parser.
_TOKEN = re.compile(
    r"<(?:(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:\"[^\"]*\"|'[^']*'|[^\"'>])*)>|!--.*?--!?>|![^>]*>|\?[^>]*>)", re.S
)
_ATTRIBUTE = re.compile(r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*")
_RAW_TEXT = frozenset(("script", "style"))  # their content is text up to the closing tag


def _attributes(raw: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name, assignment, value in _ATTRIBUTE.findall(" " + raw):
        if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        found[name.lower()] = html.unescape(value) if assignment else None
    return found


def _feed(reader: _Reader, page: str, at: int) -> None:
    """Hands `page` from `at` on to `reader`, tag by tag. Attributes are read only for tags
    that name a data-pagefind attribute: nothing else looks at them. Once the last body
    element has closed, the rest of the page cannot add to the record and is not read."""
    size = len(page)
    last_body = page.lower().rfind("data-pagefind-body")
    while at < size:
        match = _TOKEN.search(page, at)
        end = match.start() if match else size
        if end > at:
            text = page[at:end]
            reader.data(html.unescape(text) if "&" in text else text)
        if match is None:
            return
        at = match.end()
        tag = match.group(2)
        if tag is None:
            continue  # a comment, declaration or processing instruction
        tag = tag.lower()
        if match.group(1):
            reader.end(tag)
            if not reader.in_body and at > last_body:
                return
        else:
            raw = match.group(3)
            reader.start(tag, _attributes(raw) if "data-pagefind" in raw.lower() else {})
            if raw.endswith("/"):
                reader.end(tag)
            elif tag in _RAW_TEXT:
                close = re.compile(rf"</{tag}\s*>", re.I).search(page, at)
                stop = close.start() if close else size
                if stop > at:
                    reader.data(page[at:stop])
                if close is None:
                    return
                reader.end(tag)
                at = close.end()


def clean_text(raw: str) -> str:
    lines = (" ".join(line.split()) for line in raw.split("\n"))  # (split() takes every kind of space)
    return "\n".join(line for line in lines if line)


def read_record(page: str, url: str) -> Record | None:
    """The page's record, or None when it has no `data-pagefind-body` (not an article).
    Parsing starts at the first tag that names the attribute: nothing before the body
    (head, navigation: a third of a page) can be part of its record."""
    if not shortcuts.enabled():
        return reference_record(page, url)
    at = page.find("data-pagefind-body")  # (a plain search first: the pattern is slow on every tag)
    first = _BODY_TAG.search(page, max(0, page.rfind("<", 0, at))) if at >= 0 else None
    if first is None:
        return None
    reader = _Reader()
    _feed(reader, page, first.start())
    return _record(reader, url)


class _HtmlParserFeed(HTMLParser):
    """The reference reader: html.parser's events handed to the same `_Reader`."""

    def __init__(self, reader: _Reader):
        super().__init__(convert_charrefs=True)
        self.reader = reader

    def handle_starttag(self, tag, attrs):
        self.reader.start(tag, dict(attrs))

    def handle_endtag(self, tag):
        self.reader.end(tag)

    def handle_data(self, data):
        self.reader.data(data)


def reference_record(page: str, url: str) -> Record | None:
    """`read_record` by html.parser (SITEGEN_NO_SHORTCUTS=1, and the tests' reference)."""
    first = _BODY_TAG.search(page)
    if first is None:
        return None
    reader = _Reader()
    feed = _HtmlParserFeed(reader)
    feed.feed(page[first.start() :])
    feed.close()
    return _record(reader, url)


def _record(reader: _Reader, url: str) -> Record | None:
    if not reader.found_body:
        return None
    filters: dict[str, list[str]] = {}
    for key, value in reader.values["filter"]:
        if value and value not in filters.setdefault(key, []):
            filters[key].append(value)
    meta = {key: value for key, value in reader.values["meta"] if value}
    sort = {key: value for key, value in reader.values["sort"] if value}
    parts = _parts(reader.text)
    return Record(url, "\n".join(text for _, text in parts), meta, filters, sort, parts, tuple(reader.problems))


def _parts(pieces: list[tuple[float, str]]) -> tuple[tuple[float, str], ...]:
    """Text pieces in page order -> (weight, clean text) runs, heading class first, then
    aside, then body; pieces of one weight next to each other in a class are one run."""
    runs: dict[str, list[list]] = {HEADING: [], ASIDE: [], BODY: []}
    for weight, text in pieces:
        same_class = runs[weight_class(weight)]
        if same_class and same_class[-1][0] == weight:
            same_class[-1][1].append(text)
        else:
            same_class.append([weight, [text]])
    parts = []
    for kind in (HEADING, ASIDE, BODY):
        for weight, texts in runs[kind]:
            text = clean_text("".join(texts))
            if text:
                parts.append((weight, text))
    return tuple(parts)
