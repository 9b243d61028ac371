"""The newspaper's printed conventions as patterns: bylines, photo credits, continuations.

In: text. Out: matches. Shared by the rules that find these things and those that parse them.
"""

from __future__ import annotations

import re

from sitegen.text import SENTENCE_END, ends_sentence

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A person's name: 2-4 Han characters, or a transliterated name whose parts a middle dot
# joins (阿卜杜麦吉提·麦麦提伊敏). Look-alikes of the dot (•, ・) are made `·` by the rule
# `characters` first; a name still written with one is not a name the site can use.
NAME = f"(?:[{HAN}]{{2,8}}(?:·[{HAN}]{{1,10}})+|[{HAN}]{{2,4}})"
NAMES = f"{NAME}(?:\\s*[、，,]\\s*{NAME}|\\s+{NAME})*"
ROLE_WORDS = (
    "本报首席记者 首席记者 本报特约记者 特约记者 本报见习记者 见习记者 本报实习记者 实习记者 本报记者 摄影记者 "
    "新华社记者 新华社通讯员 中新社记者 记者 本报通讯员 特约通讯员 通讯员 实习生"
).split()
ROLE = "(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + ")"
MARKER = "[□■◎●▲△]"
# 本报讯 / 本报杭州7月20日讯 / 新华社杭州7月20日电 / 本报北京电, and other outlets' own
# (中工网讯, 四川经济网讯, 商洛日报讯, 中新网乌鲁木齐2月29日电).
OUTLET = f"(?:本报|新华社|中新社|[{HAN}]{{1,6}}?(?:网|日报|晚报|工人报|社))"
DATELINE = (
    f"(?:本报讯|本报[{HAN}]{{2,8}}(?:\\d{{1,2}}月\\d{{1,2}}日)?(?:讯|电)"
    f"|{OUTLET}(?:[{HAN}]{{2,8}}?\\d{{1,2}}月\\d{{1,2}}日电|[{HAN}]{{0,8}}?讯))"
)

# Where a byline starts (it may run on over a column break): a dateline or a role and a name.
BYLINE_START_RE = re.compile(f"^\\s*(?:{MARKER}\\s*)?(?:{DATELINE}|{ROLE}\\s*[{HAN}]{{2}})")
# Roles and names, as printed in a byline: 记者张浩呈 通讯员周永卫、王际明、黄剑
CREDITS = f"(?:{ROLE}\\s*{NAMES}\\s*)+|{NAMES}"
# A byline opening a lede: 本报讯 记者X 通讯员Y报道 / 本报讯（记者X 通讯员Y） / 记者X报道 /
# 本报记者 X 本报通讯员 Y (alone on its line). Group 'credits' holds roles and names.
BYLINE_RE = re.compile(
    f"^\\s*(?:{MARKER}\\s*)?(?P<dateline>{DATELINE})?\\s*"
    f"(?:[（(]\\s*(?P<paren>{CREDITS})\\s*[)）]|(?P<plain>{CREDITS})\\s*报道|(?P<bare>(?:{ROLE}\\s*{NAMES}\\s*)+)$"
    # fused with the lede after a space: `本报记者 吴铎思 9月10日，…`
    f"|(?P<fused>{ROLE}\\s*{NAMES}(?:\\s+{ROLE}\\s*{NAMES})*)(?=\\s+[\\d{HAN}“]))"
)

# What closes a photo credit: 摄 / 摄影 / 摄影报道 / 供图.
CREDIT_END_RE = re.compile(r"\s*(?:摄影报道|摄影|摄|供图)\s*$")
_TOKEN_SPLIT_RE = re.compile(r"[\s、，,]+")
_ROLE_NAME_RE = re.compile(f"({ROLE})?(.*)")
_NAME_RE = re.compile(NAME)
# Who a credit can name that is not a person: `单位供图`, `受访者供图`, `资料图片`.
NOT_PEOPLE = frozenset("单位 资料 受访者 网友 读者 主办方 组委会 本报 新华社 图片 视频 供图 通讯 报道 摄影".split())
# Pieces of role words that a column break can leave looking like a name: `本报通` /
# blank / `讯员 陈某 摄` must not credit a person named 讯员.
ROLE_FRAGMENTS = frozenset(
    w[i:j] for w in ROLE_WORDS + ["本报讯", "摄影报道"] for i in range(len(w)) for j in range(i + 2, len(w) + 1)
)


def parse_credits(text: str) -> list[tuple[str, str]] | None:
    """Roles and names -> [(role, name)]; None when anything but roles and names is there.

    '通讯员钟国荣 记者周金友' -> [('通讯员', '钟国荣'), ('记者', '周金友')];
    '毛朝阳、吴赛峰' -> [('', '毛朝阳'), ('', '吴赛峰')]. A role applies to the names after it.
    """
    role, found = "", []
    for token in _TOKEN_SPLIT_RE.split(re.sub(f"^\\s*{MARKER}", "", text).strip()):
        if not token:
            continue
        match = _ROLE_NAME_RE.fullmatch(token)
        role = match.group(1) or role
        name = match.group(2)
        if not name:
            continue
        if not _NAME_RE.fullmatch(name) or name in ROLE_FRAGMENTS or name in NOT_PEOPLE:
            return None
        found.append((role, name))
    return found or None


def credit_line(text: str) -> list[tuple[str, str]] | None:
    """A photo credit such as `通讯员叶希莲 摄` -> its roles and names, else None."""
    if len(text) > 60:
        return None
    end = CREDIT_END_RE.search(text)
    return parse_credits(text[: end.start()]) if end else None


MAX_CREDIT = 40
# A credit closes a paragraph after a finished sentence or a space (`现场 记者X摄`).
_START_AFTER_RE = re.compile(f"[{SENTENCE_END}”’）)]|\\s+")
_OPEN_BRACKET_RE = re.compile("[（(]")
_BRACKETED_RE = re.compile(f"[（(](?P<credit>[^（()）]{{2,{MAX_CREDIT}}})[)）]")
_ROLE_START_RE = re.compile(f"^\\s*{ROLE}")
_BARE_NAMES_RE = re.compile(f"^[{HAN}]{{2,4}}(?:\\s+[{HAN}]{{2,4}})+$")
_NOBODY_CREDIT_RE = re.compile("(?:单位|受访者|资料|网友|读者|本报资料)供图|资料图片|新华社发|资料照片")
_ORGANISATION_RE = re.compile(f"^[{HAN}]{{2,12}}(?:总工会|工会|公司|集团|办公室|委员会|中心|办事处|局|厂)$")


def _credit_starts(text: str) -> list[int]:
    """Where a credit closing `text` may start: after a finished sentence or a space, or at
    an opening bracket, within the last MAX_CREDIT characters; leftmost first."""
    low = max(0, len(text) - MAX_CREDIT - 2)
    starts = {m.end() for m in _START_AFTER_RE.finditer(text, low)}
    starts |= {m.start() for m in _OPEN_BRACKET_RE.finditer(text, low)}
    return sorted(p for p in starts if 0 < p < len(text))


def trailing_credit(text: str, last: bool) -> tuple[int, str, str, list[tuple[str, str]]] | None:
    """(where the credit starts, as printed, kind, people) of the credit closing `text`.

    kind: "photo" (摄, 摄影报道, 供图), "byline" (roles and names), "names" (no role), "org"
    (an organisation, or nobody: `单位供图`).
    """
    text = text.rstrip()
    for start in _credit_starts(text):
        printed = text[start:].strip()
        bracketed = _BRACKETED_RE.fullmatch(printed)
        if bracketed is None and (len(printed) < 2 or re.search(f"[{SENTENCE_END}”’（()）]", printed)):
            continue
        credit = (bracketed.group("credit") if bracketed else printed).strip()
        found = _read_credit(credit, last, bracketed is not None)
        if found is not None:
            return (start + len(text[start:]) - len(text[start:].lstrip()), printed, *found)
    return None


def _read_credit(credit: str, last: bool, bracketed: bool) -> tuple[str, list[tuple[str, str]]] | None:
    if _NOBODY_CREDIT_RE.fullmatch(credit):
        return "org", []  # `单位供图`, `资料图片`: a credit of nobody
    if CREDIT_END_RE.search(credit):
        people = credit_line(credit)
        return ("photo", people) if people else None
    words = re.sub(r"\s*报道$", "", credit)
    if _ROLE_START_RE.match(words) and (people := parse_credits(words)):
        return "byline", people
    if last and not bracketed and _BARE_NAMES_RE.match(words) and (people := parse_credits(words)):
        return "names", people
    if last and bracketed and _ORGANISATION_RE.match(credit):
        return "org", []
    return None


def closes_item(text: str) -> bool:
    """True when `text` ends a sentence, or ends with a photo credit (`…上岗。 张三 摄`) or
    with names (`…打分。李明 张端`, `…关注。（杨明洲 范国俊）`). Roles and names alone may be a byline running on."""
    if ends_sentence(text) or closing_names(text.replace("\n", "")):
        return True
    found = trailing_credit(text.replace("\n", ""), last=True)
    return found is not None and found[2] in ("photo", "names", "org")


# （下转第2版） / （上接第1版） with half- or full-width brackets.
CONTINUED_TO_RE = re.compile(r"[（(]\s*下转第?\s*(\d{1,3})\s*版\s*[)）]")
CONTINUED_FROM_RE = re.compile(r"[（(]\s*上接第?\s*(\d{1,3})\s*版\s*[)）]")

# Names in brackets closing a short item: `…活动。（阳阳）`, `（甲 乙 丙）`.
CLOSING_NAMES_RE = re.compile(f"(?<=[。！？!?…”])\\s*[（(]\\s*(?P<names>{NAMES})\\s*[)）]\\s*$")
# Words that are not names although they stand where names do (据新华社报道, （完）, （图）).
NOT_NAME_RE = re.compile("[社报网台据讯图文电完]")


def closing_names(text: str) -> re.Match | None:
    """The `（阳阳）` closing an item, when what is in the brackets is only names."""
    match = CLOSING_NAMES_RE.search(text)
    if not match:
        return None
    names = parse_credits(match.group("names"))
    return match if names and not any(NOT_NAME_RE.search(n) for _, n in names) else None
