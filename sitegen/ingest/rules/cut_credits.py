"""Rule `cut_credits`: a credit or byline cut by a column break is joined again.

In: blocks. Out: the same blocks, where a block whose last words begin a credit or a
byline (`…物资。本报通`, `■唐`, `本报记`, `中工网`) and the block under it that finishes it
(`讯员 陈某 摄`, `振江 摄`, `者 吴铎思`, `讯 8月10日…`) are one block again. Without it,
`讯员 陈某 摄` credits a person named 讯员 and `本报通` stays in the text. A bracket of the
item's editors cut by a break (`（某中心 编辑：甲 三审：` / `乙）`) is one credit block again.

The two join when the words across the break read as a credit (`credit_line`) or as the
start of a byline (a dateline or a role and a name running over the break), and what
stands before the break is not a whole credit of its own (`图片` over `张三 摄` stays apart).
"""

from __future__ import annotations

import re
from dataclasses import replace

from sitegen.ingest.model import Block, PageState
from sitegen.ingest.patterns import (
    ANY_OUTLET_DATELINE,
    BRACKETED_DATELINE,
    BYLINE_RE,
    BYLINE_START_RE,
    CREDIT_END_RE,
    HAN,
    MARKER,
    NAME_QUALIFIER_RE,
    ROLE,
    ROLE_GRADES,
    ROLE_OUTLET_NAME,
    ROLE_OUTLETS,
    ROLE_WORDS,
    closing_names,
    credit_line,
    editors_credit,
    names_line,
    nobody_photo,
    parse_credits,
    trailing_credit,
)

NAME = "cut_credits"
MAX_TAIL = 16  # characters of a credit's beginning left before the break
MAX_CREDIT = 60
_BARE_NAMES_RE = re.compile(f"^[{HAN}]{{2,4}}(?:\\s+[{HAN}]{{2,4}})+$")
_BRACKETED_RE = re.compile(r"[（(]([^（()）]{2,40})[)）]")
# What a column break can leave of the word closing a credit: `摄` / `影报道`, `供` / `图`.
CREDIT_END_PIECES = frozenset(w[i:] for w in ("摄影报道", "摄影", "供图") for i in range(1, len(w)))
# The agency after a photo credit, cut off by a column break: `甲摄` / `/新华社`.
_AGENCY_RE = re.compile(f"/\\s*[{HAN}]{{2,8}}")
_SENTENCE_END_RE = re.compile("[。！？!?；;…”’）)]")
_OWN_DATELINE_RE = re.compile(f"^\\s*(?:{ANY_OUTLET_DATELINE}|{BRACKETED_DATELINE})")
MAX_OUTLET_PIECE = 2  # characters of an outlet's name a column break leaves over its dateline (`科` / `技日报讯`)
# An outlet and a grade with the role's core (记者, 通讯员) cut off: `某某日报全媒体`, `某某晚报首席`.
_ROLE_HEAD_RE = re.compile(f"(?:{'|'.join(ROLE_OUTLETS)}|{ROLE_OUTLET_NAME})(?:{'|'.join(ROLE_GRADES)}){{1,2}}")


def _tail(text: str) -> str:
    """What follows the last finished sentence of `text` (all of it when short)."""
    flat = text.replace("\n", "")
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(flat)]
    tail = flat[ends[-1] :] if ends else flat
    if len(tail.strip()) > MAX_TAIL and re.search(r"\s", tail):
        tail = re.split(r"(?=\s)", tail)[-1]  # a caption, then a space and the credit: `…大礼包  单位`
    return tail if 0 < len(tail.strip()) <= MAX_TAIL else ""


def _pieces(tail: str) -> list[str]:
    """The tail and what follows each space in it: `慰问活动现场 记者石家豪` / `摄`."""
    return [tail] + [tail[m.end() :] for m in re.finditer(r"\s+", tail) if tail[m.end() :]]


def _unfinished(tail: str) -> bool:
    """The tail stops inside a role word or a name: `本报通`, `■唐`, `本报通讯员 郝`."""
    last = re.sub(f"^{MARKER}", "", re.split(r"[\s、，,]+", tail.strip())[-1])
    if CREDIT_END_RE.fullmatch(last):
        return False  # `通讯员 甲 摄`: the credit's last word, set apart, is no name cut short
    if any(word.startswith(last) and word != last for word in ROLE_WORDS):
        return True
    if _ROLE_HEAD_RE.fullmatch(last):
        return True  # `湖南日报全媒体` / `记者 甲 摄`: an outlet's role cut before 记者
    name = re.sub(f"^{ROLE}", "", last)
    return len(name) <= 1  # `本报通讯员 郝` / `鑫城 摄`, or the role alone: `通讯员` / `张晓燕 摄影报道`


def _joins(tail: str, following: Block) -> bool:
    rest = following.text.replace("\n", "")
    head = following.text.split("\n", 1)[0]
    if len(rest) <= MAX_CREDIT and credit_line(tail + rest) and not credit_line(tail.strip()):
        return not credit_line(rest) or _unfinished(tail)
    if (rest.strip() in CREDIT_END_PIECES or _AGENCY_RE.fullmatch(rest.strip())) and credit_line(tail + rest.strip()):
        return True  # `…增多。本报记者 甲摄` / `影报道`: the rest of 摄影报道
    nobody = trailing_credit("。" + tail + rest, last=False) if len(rest) <= MAX_CREDIT else None
    bracketed = nobody is not None and nobody[1].startswith(("（", "("))
    if nobody is not None and (nobody[2] in ("org", "photo") or bracketed) and nobody[0] <= len(tail):
        return True  # `单位` / `供图`; `…护林。（张九强 摄` / `）`, `…氛围。（记` / `者 甲）`: the bracket closed under the break
    closing = closing_names("。" + tail + rest) if len(rest) <= MAX_CREDIT else None
    if closing is not None and closing.start("names") <= len(tail) + 1 < closing.end("names") + 1:
        return True  # `…很受员工欢迎。（` / `李忠庆）`
    if len(rest) <= MAX_CREDIT and _unfinished(tail) and _BARE_NAMES_RE.match((tail + rest).strip()):
        return True  # `…打分。李` / `明 张端`: names closing an item, cut inside one
    if len(rest) <= MAX_CREDIT and names_line(tail + rest) and (not names_line(tail) or NAME_QUALIFIER_RE.fullmatch(rest.strip())):
        return True  # `■吴昌松  龚玉（实` / `习）`: the writers' names on a line of their own
    if _OWN_DATELINE_RE.match(head) and len(tail.strip()) > MAX_OUTLET_PIECE:
        return False  # `晒场开放` / `某某融媒5月8日讯`: a dateline whole under a headline
    start = BYLINE_START_RE.match(tail + head)
    return bool(start) and start.end() > len(tail) and not BYLINE_START_RE.match(tail)


def _bracket_runs_on(previous: Block, block: Block) -> bool:
    """`新疆经济报讯 （` / `记者丁梅）“我和…`, `…报道 （通讯员 武君香` / `）进入…`: the bracket
    of credits a dateline opened runs on over the column break."""
    before = previous.text.replace("\n", "")
    if len(before) > MAX_CREDIT or BYLINE_RE.match(before):
        return False
    whole = BYLINE_RE.match(before + block.text.split("\n", 1)[0])
    return bool(whole) and whole.group("paren") is not None and whole.start("paren") <= len(before) < whole.end() 


def _bracketed_credit(block: Block) -> bool:
    """A block that is only names (and roles, 摄) in brackets: `（彭东雁 刘黎明）`, `（廖小兵 周宇 摄影报道）`,
    `（出处：某报 记者 甲/文 乙/摄）`."""
    flat = re.sub(f"^{MARKER}\\s*", "", block.text.replace("\n", "").strip())  # `■（夏丽明）`
    match = _BRACKETED_RE.fullmatch(flat)
    if not match:
        return False
    credit = re.sub(r"\s*(?:摄影报道|摄影|摄|供图|报道)$", "", match.group(1).strip())
    if parse_credits(credit):
        return True
    # what the names did after a slash, a source label: `（出处：某报 记者 甲/文 乙/摄）`
    found = trailing_credit("。" + flat, last=True)
    return found is not None and found[0] == 1 and found[2] == "photo" and bool(found[3])


def _credit_end_piece(previous: Block, block: Block) -> bool:
    rest = block.text.strip()
    return "\n" not in rest and (rest in CREDIT_END_PIECES or _AGENCY_RE.fullmatch(rest) is not None) and credit_line(previous.text.replace("\n", "") + rest) is not None


def _editors_cut(previous: Block, block: Block) -> bool:
    """`（某中心 编辑：甲 三审：` / `乙）`: a bracket of the item's editors cut by a column break."""
    whole = previous.text + block.text
    return len(whole) <= 2 * MAX_CREDIT and editors_credit(whole) and not editors_credit(previous.text)


def join_cut_credits(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and previous.kind == "text" and 1 <= block.gap <= 2 and _editors_cut(previous, block):
            out[-1] = replace(previous, kind="credit", text=previous.text + "\n" + block.text, last=block.last)
            continue
        if previous is not None and previous.kind == "text" and block.kind == "text" and 1 <= block.gap <= 2 and _bracketed_credit(block):
            # The credit closing the text above, set on a line of its own or after a column break.
            out[-1] = replace(previous, text=previous.text + "\n" + block.text, last=block.last)
            continue
        if previous is not None and previous.kind == "credit" and 1 <= block.gap <= 2 and _credit_end_piece(previous, block):
            # `吕某 摄` / `影报道`: the rest of 摄影报道 under a credit that looked whole
            out[-1] = replace(previous, text=previous.text + "\n" + block.text, last=block.last)
            continue
        if (
            previous is not None
            and previous.kind == "text"
            and block.kind in ("text", "credit")
            and 1 <= block.gap <= 2
            and (_bracket_runs_on(previous, block) or ((tail := _tail(previous.text)) and any(_joins(piece, block) for piece in _pieces(tail))))
        ):
            text = previous.text + "\n" + block.text
            tail = _tail(previous.text)
            whole = text.replace("\n", "")
            kind = "credit" if tail == previous.text.replace("\n", "") and (credit_line(whole) or nobody_photo(whole)) else "text"
            out[-1] = replace(previous, kind=kind, text=text, last=block.last)
            # `（` / `彭东雁 刘黎明）` made whole may be the credit closing the text above it
            if len(out) > 1 and out[-2].kind == "text" and kind == "text" and 1 <= out[-1].gap <= 2 and _bracketed_credit(out[-1]):
                merged = out.pop()
                out[-1] = replace(out[-1], text=out[-1].text + "\n" + merged.text, last=merged.last)
            continue
        out.append(block)
    return out


def apply(state: PageState, context) -> PageState:
    drafts = [replace(draft, blocks=tuple(join_cut_credits(list(draft.blocks)))) for draft in state.drafts]
    return state.replace_drafts(drafts)
