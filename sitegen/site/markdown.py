"""Article bodies: Markdown in, safe HTML and plain text out.

CommonMark through markdown-it-py with raw HTML off, so OCR text holding `<` or `&` is
text, never markup. Links are kept only for http(s), mailto and relative targets: a
`javascript:` or `data:` link renders as its text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from sitegen import shortcuts
from sitegen.text import is_han

SAFE_LINK_RE = re.compile(r"(?:https?:|mailto:|[/#?.]|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    """True for http(s), mailto and scheme-less URLs; everything else (javascript:, data:,
    vbscript:, file:) is refused. Control characters and spaces a browser strips count."""
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    return bool(SAFE_LINK_RE.match(cleaned))


def _softbreak(renderer, tokens, idx, options, env):
    """A line break inside a paragraph joins Han characters with nothing: the browser
    would show a space between them (hand-edited files are often wrapped)."""
    before = tokens[idx - 1].content[-1:] if idx > 0 else ""
    after = tokens[idx + 1].content[:1] if idx + 1 < len(tokens) else ""
    if before and after and (is_han(before) or not before.isascii()) and (is_han(after) or not after.isascii()):
        return ""
    return "\n"


def _demote_title(state) -> None:
    """A `# ` heading in a body becomes `<h2>`: the page's `<h1>` is the headline (主题)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = _validate_link
    md.add_render_rule("softbreak", _softbreak)
    md.core.ruler.push("demote_title", _demote_title)
    return md


# A body of plain paragraphs (one line each, blank lines between) and `## ` subheads,
# holding nothing Markdown could give a meaning to, renders the same without the parser:
# most OCR articles are like that, and the parser is most of a page's cost. A line may
# not start with ASCII punctuation or an ordered-list marker (`1. `, `1)`: lists, quotes,
# headings, fences, breaks; a date such as 2018年 is text),
# nor hold the characters that start inline markup (\ ` * _ [ ] < &), control characters
# or spaces at either end (indents, hard breaks); '"' and '>' are escaped as markdown-it
# does. tests/test_site_incremental.py checks the shortcut against the parser.
_FIRST = r"(?!\d{1,9}[.)](?:[ \t]|$))[^\s!-/:-@\[-`{-~\x00-\x1f\x7f]"
_MIDDLE = r"[^\\`*_\[\]<&\x00-\x1f\x7f]"
_LAST = r"[^\s\\`*_\[\]<&\x00-\x1f\x7f#]"
_PLAIN_LINE = re.compile(rf"(?:#{{1,6}} )?{_FIRST}(?:{_MIDDLE}*{_LAST})?")
_OTHER_SPACE = re.compile(r"[^\S ]")


def _plain_lines(body: str) -> list[str] | None:
    """The lines of a body the shortcut can render (blank-line separated), else None."""
    lines = body.split("\n\n")
    for line in lines:
        if not _PLAIN_LINE.fullmatch(line) or _OTHER_SPACE.search(line):
            return None
    return lines


@lru_cache(maxsize=256)  # a card and its article page ask close together; bodies are big
def rendered(body: str) -> tuple[str, tuple[str, ...]]:
    """(HTML, plain text of each paragraph): one parse serves both."""
    lines = _plain_lines(body.strip("\n")) if shortcuts.enabled() else None
    if lines is not None and body.strip("\n"):
        html, texts = [], []
        for line in lines:
            level = len(line) - len(line.lstrip("#")) if line.startswith("#") else 0
            if level:
                tag = "h2" if level == 1 else f"h{level}"
                html.append(f"<{tag}>{_escape(line[level + 1:])}</{tag}>\n")
            else:
                html.append(f"<p>{_escape(line)}</p>\n")
                texts.append(line)
        return "".join(html), tuple(texts)
    return _parsed(body)


def _escape(text: str) -> str:
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text.replace(">", "&gt;") if ">" in text else text


def _parsed(body: str) -> tuple[str, tuple[str, ...]]:
    md = _parser()
    env: dict = {}
    tokens = md.parse(body, env)
    texts = []
    for index, token in enumerate(tokens):
        if token.type == "inline" and index and tokens[index - 1].type == "paragraph_open":
            texts.append("".join(_plain(child) for child in token.children or ()))
    return md.renderer.render(tokens, md.options, env), tuple(t for t in texts if t)


def to_html(body: str) -> str:
    return rendered(body)[0]


def paragraphs(body: str) -> tuple[str, ...]:
    """The plain text of each paragraph (subheads left out), for summaries and counts."""
    return rendered(body)[1]


def _plain(token) -> str:
    if token.type == "softbreak":
        return ""
    if token.type == "hardbreak":
        return " "
    if token.type in ("text", "code_inline"):
        return token.content
    return "".join(_plain(child) for child in token.children or ())
