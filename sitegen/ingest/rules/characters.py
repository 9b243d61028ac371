"""Rule `characters`: invisible characters out, look-alike middle dots made `·`.

In: a page's decoded lines. Out: the same lines where OCR's invisible characters (zero
width space, LRM/RLM and other direction marks, word joiner, soft hyphen) are removed, a
no-break space or an ideographic space inside a line is an ordinary space (inside a role
word, `通讯　员`, none at all), and a dot printed between two Han characters with a
look-alike of `·` (`•` `‧` `．` `・` `∙` `⋅` `･`) is `·`, as in 阿卜杜拉·买买提, also where a
line or column break falls after (or before) the dot. Without it a byline such as `记者\u200b张三` goes
unrecognised, and a name written with `•` is refused by `sitegen build`.
A slash some papers print between a role and its name (`记者/甲`, `通讯员/乙 摄`) is a space,
as a role's colon is read; a slash before what a name did (`甲/文`, `文/甲`) stays.
A credit some papers print in square brackets (`【记者：甲 乙】`, `［通讯员 甲 摄影报道］`,
also cut by a column break) gets round ones, as every other credit has.
No Han character is touched; every change is counted in the rule's note.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import PageState
from sitegen.ingest.patterns import HAN

NAME = "characters"
INVISIBLE_RE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
SPACE_RE = re.compile("(?<=\\S)[ \u00a0\u2000-\u200a\u202f\u205f\u3000]*[\u00a0\u2000-\u200a\u202f\u205f\u3000][ \u00a0\u2000-\u200a\u202f\u205f\u3000]*(?=\\S)")
# A no-break or ideographic space the feed put inside a role word (`通讯　员`, `记\u00a0者`).
ROLE_SPACE_RE = re.compile("(?<=通)[\u00a0\u3000]+(?=讯员)|(?<=通讯)[\u00a0\u3000]+(?=员)|(?<=记)[\u00a0\u3000]+(?=者)")
LOOKALIKE_DOT_RE = re.compile(f"(?<=[{HAN}])\\s*[•‧．・∙⋅･\u00b7]\\s*(?=[{HAN}])")


def clean_line(line: str) -> tuple[str, int, int]:
    """(clean line, invisible characters removed, dots made `·`)."""
    line, invisible = INVISIBLE_RE.subn("", line)
    line, inside_roles = ROLE_SPACE_RE.subn("", line)
    invisible += inside_roles
    line = SPACE_RE.sub(" ", line)
    dots = sum(1 for m in LOOKALIKE_DOT_RE.finditer(line) if m.group(0) != "·")
    line = LOOKALIKE_DOT_RE.sub("·", line) if dots else line
    return line, invisible, dots


# A look-alike dot at a line's end (or start) whose name goes on over a line or column break.
DOT_AT_END_RE = re.compile(f"(?<=[{HAN}])\\s*[•‧．・∙⋅･]\\s*$")
DOT_AT_START_RE = re.compile(f"^\\s*[•‧．・∙⋅･]\\s*(?=[{HAN}])")
_HAN_START_RE = re.compile(f"^\\s*[{HAN}]")
_HAN_END_RE = re.compile(f"[{HAN}]\\s*$")


def _dots_across_lines(lines: list[str]) -> list[int]:
    """`（苏强 盖•` / blank / `欧图海）`: a dot between the Han characters around a break is `·`.
    Returns the (1-based) lines changed."""
    made = []
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for before, after in zip(filled, filled[1:]):
        if DOT_AT_END_RE.search(lines[before]) and _HAN_START_RE.match(lines[after]):
            lines[before] = DOT_AT_END_RE.sub("·", lines[before])
            made.append(before + 1)
        elif DOT_AT_START_RE.match(lines[after]) and _HAN_END_RE.search(lines[before]):
            lines[after] = DOT_AT_START_RE.sub("·", lines[after])
            made.append(after + 1)
    return made


# Square brackets some papers print around a credit: `【记者：甲】`, `［通讯员 甲 摄影报道］`.
SQUARE_PAIRS = {"【": "】", "［": "］", "〔": "〕"}
_SQUARE_OPEN_RE = re.compile("[【［〔]")
_CREDIT_WORD_RE = re.compile("记者|通讯员|摄|供图|报道|实习生")
MAX_BRACKETED_CREDIT = 40  # characters between the brackets

# `记者/甲`, `融媒体记者/乙`: a slash between a role and the name it credits (not `记者/摄`).
ROLE_SLASH_RE = re.compile(f"(?:(?<=记者)|(?<=通讯员)|(?<=实习生))[ \t]*/[ \t]*(?=[{HAN}])(?![文图摄](?:$|[^{HAN}]))")


def _role_slashes(lines: list[str]) -> list[int]:
    """`记者/甲` -> `记者 甲`. Returns the (1-based) lines changed."""
    made = []
    for number, line in enumerate(lines):
        lines[number], changed = ROLE_SLASH_RE.subn(" ", line)
        if changed:
            made.append(number + 1)
    return made


def _credit_brackets(lines: list[str]) -> list[int]:
    """`【记者：甲 乙】` -> `（记者：甲 乙）`, where the brackets hold a credit (a role or a photo
    credit's word, under MAX_BRACKETED_CREDIT characters), also when a line or column break
    falls inside. Returns the (1-based) lines changed."""
    made = []
    for number, line in enumerate(lines):
        for opening in _SQUARE_OPEN_RE.finditer(line):
            closing_mark = SQUARE_PAIRS[opening.group(0)]
            inside, end_line = line[opening.end():], number
            while closing_mark not in inside and len(inside) < MAX_BRACKETED_CREDIT and end_line + 1 < len(lines):
                end_line += 1
                inside += lines[end_line]
            cut = inside.find(closing_mark)
            if cut < 0 or cut > MAX_BRACKETED_CREDIT or not _CREDIT_WORD_RE.search(inside[:cut]):
                continue
            column = lines[end_line].find(closing_mark) if end_line != number else line.find(closing_mark, opening.end())
            lines[number] = lines[number][: opening.start()] + "（" + lines[number][opening.end():]
            lines[end_line] = lines[end_line][:column] + "）" + lines[end_line][column + 1:]
            made.append(number + 1)
    return made


def apply(state: PageState, context) -> PageState:
    lines, invisible, dots, first = [], 0, 0, 0
    for number, raw in enumerate(state.page.lines, start=1):
        line, gone, made = clean_line(raw)
        if (gone or made) and not first:
            first = number
        invisible, dots = invisible + gone, dots + made
        lines.append(line)
    across = _dots_across_lines(lines)
    dots += len(across)
    brackets = _credit_brackets(lines)
    slashes = _role_slashes(lines)
    first = min(filter(None, [first, *across, *brackets, *slashes]), default=0)
    if not (invisible or dots or brackets or slashes):
        return state
    note = f"{state.page.path}:{first}: {invisible} invisible characters removed, {dots} look-alike dots made '·'" + (
        f", {len(brackets)} credits' square brackets made round" if brackets else ""
    ) + (f", {len(slashes)} slashes after a role made spaces" if slashes else "")
    return replace(state, page=replace(state.page, lines=tuple(lines))).replace_drafts(state.drafts, notes=[note])
