"""The newspaper's printed conventions as patterns: bylines, photo credits, continuations.

In: text. Out: matches. Shared by the rules that find these things and those that parse them.
"""

from __future__ import annotations

import re

from sitegen.text import SENTENCE_END, ends_sentence

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A person's name: 2-4 Han characters, or a transliterated name whose parts a middle dot
# joins (阿卜杜麦吉提·麦麦提伊敏), or a name OCR (or the typesetter) spaced out: `（邬 盛）`,
# `（杨 晓勇）`. Look-alikes of the dot (•, ・) are made `·` by the rule `characters` first;
# a name still written with one is not a name the site can use.
NAME = f"(?:[{HAN}]{{1,8}}(?:·[{HAN}]{{1,10}})+|[{HAN}]{{2,4}}|[{HAN}][ \u00a0\u3000]{{1,2}}[{HAN}]{{1,2}})"
NAMES = f"{NAME}(?:\\s*[、，,]\\s*{NAME}|\\s+{NAME})*"
# A role as printed: an outlet or a paper's kind (本报, 晚报, 新华社…), one or two grades (首席, 特约,
# 见习, 实习, 全媒体, 融媒体, 热线见习…) and 记者 or 通讯员; or 实习生.
ROLE_OUTLETS = "本报 本刊 本台 本网 晚报 日报 新华社 中新社 中新网 人民网".split()
# (热线: an evening paper's hotline desk; 老年: retired staff who still report, 本报老年记者)
ROLE_GRADES = "首席 特约 特派 资深 见习 实习 全媒体 全媒 融媒体 摄影 驻站 热线 老年".split()
ROLE_CORES = ("记者", "通讯员")
ROLE_WORDS = [o + g + c for o in ["", *ROLE_OUTLETS] for g in ["", *ROLE_GRADES] for c in ROLE_CORES] + ["实习生"]
# Any outlet may print its own name before the role: 羊城晚报记者, 西海新闻记者, 某某网记者, 某某客户端记者
# (not 社 or 台, which end given names: 张建社记者 is a name and a role; nor words run into
# 本报记者 across a line: `评审会` / `本报记者 甲`).
# Two outlets of one house joined by a dot or a comma print both: `新甘肃·甘肃日报记者`, `中青报·中青网记者`,
# `某城日报、某城网记者`.
ROLE_OUTLET_NAME = f"(?:[{HAN}]{{2,6}}·|[{HAN}]{{1,6}}?(?:报|网)、)?[{HAN}]{{1,6}}?(?<!本)(?:报社|报|网|新闻|客户端)"
ROLE = (
    f"(?:(?:{'|'.join(ROLE_OUTLETS)}|{ROLE_OUTLET_NAME})?(?:{'|'.join(ROLE_GRADES)}){{0,2}}(?:{'|'.join(ROLE_CORES)})|实习生)"
)
# Names printed without a space between them (`通讯员：石晓坤杨凯`): only after a role, and
# holding none (`戴某某通讯员` is a name and a role).
NAME_RUN = f"(?:(?!{ROLE})[{HAN}]){{5,6}}"
# A bullet printed before a credit (□晚报记者 X); OCR reads some as a capital letter (N本报记者).
MARKER = f"(?:[□■◎●▲△◆◇★☆▼▶►]|[A-Z](?={ROLE}))"
# 本报讯 / 本报杭州7月20日讯 / 新华社杭州7月20日电 / 本报北京电, and other outlets' own
# (中工网讯, 新疆经济报讯, 中国甘肃网10月20日讯, 中新网乌鲁木齐2月29日电).
OUTLET = f"(?:本报|新华社|中新社|(?:(?!本报)[{HAN}]){{1,8}}?(?:网|报|社))"
# The date may hold a space OCR or the feed put there (`东北网11 月29日讯`).
DATE = "\\d{1,2}\\s?月\\s?\\d{1,2}\\s?日\\s?"
# Any outlet's name before a date and 讯 or 消息 (`高密融媒10月20日讯`, `某某网8月20日消息`), or before 讯 and a space
# ahead of the lede's date (`今日某地讯  2019年3月27日，…`); a site's or an app's before 消息 and a space
# (`某某发布客户端消息 为了…`).
ANY_OUTLET_DATELINE = (
    f"(?:(?!本报)[{HAN}]){{2,10}}?(?:{DATE}(?:讯|消息)|讯(?=[ \u3000]+\\d)|(?:网|客户端)消息(?=[ \u3000]+[\\d{HAN}]))"
)
# A site may print its paper's name in brackets before 讯: `某某网（某某日报网）讯（通讯员 甲）`.
OUTLET_ALIAS = f"[（(][{HAN}]{{2,10}}(?:网|报)[)）]"
# Any outlet's name before 讯 or 消息 and the bracket of its credits (`昆明信息港讯（昆明日报 记者甲）`,
# `某某网消息（甲 乙）`), or before
# 报道 and a bracket of roles (`云上大冶报道（记者 甲）`; not a paper's `…农民报报道`, whose report it
# reprints: VIA; nor `据最新消息（…）`). (Not in ANY_OUTLET_DATELINE: under a column
# break, `技日报讯（王丽）` is the end of `科` / `技日报讯`, not a dateline of its own.)
BRACKETED_DATELINE = f"(?!据)(?:(?!本报)[{HAN}]){{2,10}}?(?:(?:{OUTLET_ALIAS})?(?:讯|消息)(?=\\s*[（(])|(?<!报)报道(?=\\s*[（(]\\s*{ROLE}))"
# An outlet may name its site or app after a dot (`中国网·滨海高新讯`, `青海新闻网·大美青海客户端讯`).
DATELINE = (
    f"(?:(?:本\\s?报\\s?讯|本报[{HAN}]{{2,8}}(?:{DATE})?(?:讯|电)"
    f"|{OUTLET}·?(?:(?:(?!本报)[{HAN}]){{0,8}}?{DATE}(?:电|讯)|(?:(?!本报)[{HAN}]){{0,8}}?讯)"
    f"|{ANY_OUTLET_DATELINE}|{BRACKETED_DATELINE})(?!员))"
)  # (not the 本报通讯 of 本报通讯员)
# Whose report another paper reprints, after the dateline or in its place: `据甘肃农民报报道`.
VIA = f"据(?:《[{HAN}]{{2,12}}》|[{HAN}]{{2,12}}?)(?:报道|消息)"  # (`据《某某日报》消息`)

# Where a byline starts (it may run on over a column break): a dateline or a role and a name.
BYLINE_START_RE = re.compile(f"^\\s*(?:{MARKER}\\s*)?(?:{DATELINE}|{ROLE}\\s*[:：]?\\s*[{HAN}][ \\u3000]?[{HAN}])")
# Roles and names, as printed in a byline: 记者张浩呈 通讯员周永卫、王际明、黄剑; a colon may
# follow the role (`通讯员：石晓坤杨凯`), and after a role names may run together.
CREDITS = f"(?:{ROLE}\\s*[:：]?\\s*{NAMES}\\s*)+|{NAMES}"
LOOSE_CREDITS = f"(?:{ROLE}\\s*[:：]?\\s*(?:{NAMES}|{NAME_RUN})\\s*)+|{NAMES}"
# The word closing a photographer's credit, in brackets (`（记者 甲摄影报道）`) or over the
# caption it credits (`记者 甲 通讯员 乙 摄 在…`): the names took the photos too. (`图文报道`
# needs no place here: parse_credits reads 图文 as what the names did, and 报道 closes a byline.)
SHOT = "摄影报道|摄影|摄"
# An outlet printed a space before the roles in a dateline's brackets: `（昆明日报 记者甲）`.
SPACED_OUTLET = f"(?:新华社|[{HAN}]{{2,8}}?(?:日报|晚报|报社|新闻网|网|报))"
# A byline opening a lede: 本报讯 记者X 通讯员Y报道 / 本报讯（记者X 通讯员Y） / 记者X报道 /
# 本报记者 X 本报通讯员 Y (alone on its line) / X讯 据Y报道 （通讯员 Z） / X讯（甲报道）. Group 'credits' holds roles and names.
BYLINE_RE = re.compile(
    f"^\\s*(?:{MARKER}\\s*)?(?P<dateline>{DATELINE})?\\s*(?:{VIA}\\s*)?"
    f"(?:[（(]\\s*(?:{SPACED_OUTLET}\\s+)?(?P<paren>{LOOSE_CREDITS})\\s*(?P<paren_shot>{SHOT})?\\s*(?:报道)?\\s*[)）]|(?P<plain>{CREDITS})\\s*报道|(?P<bare>(?:{ROLE}\\s*[:：]?\\s*(?:{NAMES}|{NAME_RUN})\\s*)+)$"
    # the byline printed over the dateline: `□晚报记者 X` / `本报讯 “…`
    f"|(?P<above>(?:{ROLE}\\s*[:：]?\\s*{NAMES}\\s*)+?)\\s*(?P<later_dateline>{DATELINE})(?=\\s*[\\d{HAN}“])"
    # who wrote and who photographed, marked, fused with the lede: `甲 图/文 前天，…`
    f"|(?P<marked>(?:{NAME}\\s*/\\s*[文图]\\s*)+|{NAMES}\\s*(?:图/文|文/图)|(?:(?:[文图]|图/文|文/图)/?\\s*{NAME}\\s*)+)(?=\\s+[\\d{HAN}“])"
    # what all of them did, then their roles and names: `文/图 某报记者 甲 通讯员 乙 丙`
    f"|(?P<worked>(?:图/文|文/图)\\s*(?:{ROLE}\\s*{NAMES}\\s*)+)(?:$|(?=\\s+[\\d{HAN}“]))"
    # fused with the lede after a space: `本报记者 吴铎思 9月10日，…`
    f"|(?P<fused>{ROLE}\\s*{NAMES}(?:\\s+{ROLE}\\s*{NAMES})*)(?:\\s*(?P<fused_shot>{SHOT}))?(?=\\s+[\\d{HAN}“]))"
)

# What closes a photo credit: 摄 / 摄影 / 摄影报道 / 图文报道 (wrote and photographed) / 供图, maybe with
# the agency (`摄/中新社`).
CREDIT_END_RE = re.compile(f"\\s*(?:摄影报道|图文报道|摄影|摄|供图)(?:\\s*/\\s*[{HAN}]{{2,8}})?\\s*$")
# What a name did, printed with a slash: `王某/文` (wrote), `赵某/图` (photographed),
# `雍和 图/文` (both), or before the names: `文/王某`, `图/赵某`.
_WORK = {"文": "文", "图": "图", "摄": "图", "摄影": "图", "图文": "图文", "文图": "图文", "图/文": "图文", "文/图": "图文"}
_WORK_WORD = "图/文|文/图|图文|文图|摄影|文|图|摄"
_WORK_AFTER_RE = re.compile(f"(.+?)/({_WORK_WORD})")
_WORK_BEFORE_RE = re.compile(f"(图/文|文/图)/?(?!/)(.+)|({_WORK_WORD})/(.+)")
_TOKEN_SPLIT_RE = re.compile(r"([\s、，,：:]+)")
# What a name did, run into it after a role: `记者 甲乙丙文` (three characters and 文 or 图; a
# name of four begins with a surname of two, `欧阳志文`, and is left whole).
_WORK_RUN_RE = re.compile(f"([{HAN}]{{3}})(文|图)")
COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 夏侯 轩辕 端木 独孤 南宫 司徒 申屠 万俟".split())
_ROLE_RE = re.compile(ROLE)
_ROLE_NOT_STATION_RE = re.compile(f"{ROLE}(?!站)")  # (a paper's 某某记者站 is a desk, no role)
_NAME_RE = re.compile(NAME)
_HAN_TOKEN_RE = re.compile(f"[{HAN}]{{1,2}}")
# An outlet's name printed before the names it credits, spaced or run into them: `新华社 甲`,
# `民族画报和勇` (3+ characters, no piece of 摄影报道: 王建社, 摄影报 are no outlets).
_OUTLET_TOKEN_RE = re.compile(
    f"(?P<outlet>新华社|中新社|[{HAN}]{{2,6}}(?<!本)(?:画报|日报|晚报|报|网|电视台))(?P<name>[{HAN}]{{2,3}})?"
)
# A writer's desk or unit printed before the names: `某县委中心报道组`, `某区融媒体中心`.
_UNIT_TOKEN_RE = re.compile(f"[{HAN}]{{2,12}}(?:报道组|通讯组|新闻中心|融媒体中心|宣传部|记者站)")
# No name ends with a role's first word: `王剑本报` is a name and a dateline cut by a column
# break (`图/摄影师王剑` / `本报` / `长沙讯`).
_ROLE_PIECE_END_RE = re.compile("(?:本报|本网|记者|通讯)$")
# Who a credit can name that is not a person: `单位供图`, `受访者供图`, `资料图片`.
NOT_PEOPLE = frozenset("单位 资料 受访者 网友 读者 主办方 组委会 本报 新华社 图片 视频 供图 通讯 报道 摄影".split())
# Pieces of role words that a column break can leave looking like a name: `本报通` /
# blank / `讯员 陈某 摄` must not credit a person named 讯员.
ROLE_FRAGMENTS = frozenset(
    w[i:j] for w in ROLE_WORDS + ["本报讯", "摄影报道"] for i in range(len(w)) for j in range(i + 2, len(w) + 1)
)


def _tokens(text: str) -> list[str]:
    """Roles apart from the names around them (`戴某通讯员陈某`), split at separators; a
    single character spaced off its name (`邬 盛`, `杨 晓勇`) joins it again."""
    text = _ROLE_NOT_STATION_RE.sub(lambda m: f" {m.group(0)} ", re.sub(f"^\\s*{MARKER}", "", text))
    parts = _TOKEN_SPLIT_RE.split(text.strip())
    tokens: list[str] = []
    for index in range(0, len(parts), 2):
        token = parts[index]
        spaced = index > 0 and parts[index - 1].isspace()
        if spaced and tokens and _HAN_TOKEN_RE.fullmatch(token) and _HAN_TOKEN_RE.fullmatch(tokens[-1]) and 1 in (len(token), len(tokens[-1])):
            if not (_ROLE_RE.fullmatch(tokens[-1]) or token in _WORK or tokens[-1] in _WORK):
                tokens[-1] += token
                continue
        tokens.append(token)
    return [t for t in tokens if t]


def parse_credits(text: str, shot: bool = False) -> list[tuple[str, str]] | None:
    """Roles and names -> [(role, name)]; None when anything but roles and names is there.

    '通讯员钟国荣 记者周金友' -> [('通讯员', '钟国荣'), ('记者', '周金友')];
    '毛朝阳、吴赛峰' -> [('', '毛朝阳'), ('', '吴赛峰')]. A role applies to the names after it.
    What a name did, printed with a slash, follows its role: '晚报记者 王某/文 赵某/图' ->
    [('晚报记者/文', '王某'), ('晚报记者/图', '赵某')]; '雍和 图/文' -> [('/图文', '雍和')].
    `shot`: the credit is closed by 摄, so what a role is followed by is a name even where it
    does not start with a surname (`通讯员 顿珠 顿多 摄`: Tibetan names have none).
    """
    role, work, found, desk = "", "", [], False
    tokens = _tokens(text)
    # `文/图 记者 甲 通讯员 乙`: what is printed before every role is what all of them did
    overall = _WORK[tokens[0]] if len(tokens) > 1 and tokens[0] in _WORK and _ROLE_RE.fullmatch(tokens[1]) else ""
    for position, token in enumerate(tokens):
        if _ROLE_RE.fullmatch(token):
            if position == len(tokens) - 1:
                return None  # `本报记者 甲 通讯员`: a role with no name is a credit cut short
            role, work = token, overall
            continue
        if token in _WORK:
            if position == len(tokens) - 1 and found:  # `雍和 图/文`: what the names before it did
                found = [(r if "/" in r else f"{r}/{_WORK[token]}", n) for r, n in found]
            else:
                work = _WORK[token]
            continue
        names, token_work = [token], work
        if after := _WORK_AFTER_RE.fullmatch(token):
            names, token_work = [after.group(1)], _WORK[after.group(2)]
        elif role and (run := _WORK_RUN_RE.fullmatch(token)) and token[:2] not in COMPOUND_SURNAMES:
            names, token_work = [run.group(1)], _WORK[run.group(2)]  # `记者 甲乙丙文`
        elif before := _WORK_BEFORE_RE.fullmatch(token):
            # `文/王某`, `文/图王某`: what they did, and the names after it
            work = token_work = _WORK[before.group(1) or before.group(3)]
            names = [before.group(2) or before.group(4)]
        elif _UNIT_TOKEN_RE.fullmatch(token) and position < len(tokens) - 1:
            desk = True
            continue  # `某县委中心报道组 甲 文/图`: the writer's desk credits nobody
        elif token not in ROLE_FRAGMENTS and (outlet := _OUTLET_TOKEN_RE.fullmatch(token)):
            if not outlet.group("name"):
                continue  # `新华社 甲 摄`: the outlet is nobody, the names after it took the photos
            names = [outlet.group("name")]  # `民族画报和勇 摄影`
        elif (role or desk) and not _NAME_RE.fullmatch(token):
            names = split_name_run(token) or names  # (`本报某某记者站 甲乙乙丙丙丙 摄影报道`: the desk's people)
        for name in names:
            if not _NAME_RE.fullmatch(name) or name in ROLE_FRAGMENTS or name in NOT_PEOPLE or _ROLE_PIECE_END_RE.search(name):
                return None
            if not _begins_name(name) and not (shot and role):
                return None
            if not role and len(name) == 4 and not _four_character_name(name):
                return None  # `惠民市集 某报记者 甲 摄`: a caption's words before the credit, no one's name
            found.append((f"{role}/{token_work}" if token_work else role, name))
    return found or None


def _four_character_name(name: str) -> bool:
    """Four Han characters with no role that may be a name: a surname of two first (欧阳志文),
    one that jieba segments alone, or a name its dictionary knows whole (阿依古丽); not two
    words (惠民市集: 惠民 + 市集, a caption's words)."""
    from sitegen.ingest.segment import words

    first = words(name)[0]
    return name[:2] in COMPOUND_SURNAMES or len(first) == 1 or first == name


def _begins_name(name: str) -> bool:
    """A name starts with a character that starts names (`线索提供` is no one); a
    transliterated name (·) is taken as printed."""
    from sitegen.ingest.segment import begins_names

    return "·" in name or begins_names(name[0])


LONE_NAME_FLOOR = -23.5  # jieba's log-probability of the three characters as a person's name
PAIR_NAME_FLOOR = -17.0  # jieba's log-probability of two characters as a person's name
_UNKNOWN_CHAR = -20.0  # the log-probability of a character jieba's name model does not hold


def _name_score(name: str) -> float:
    """jieba's log-probability of `name` as a person's name: its first character beginning
    one, the inner ones going on, the last ending it."""
    from sitegen.ingest.segment import name_char_scores

    begin, middle, end = name_char_scores()
    inner = sum(middle.get(c, _UNKNOWN_CHAR) for c in name[1:-1])
    return begin.get(name[0], _UNKNOWN_CHAR) + inner + end.get(name[-1], _UNKNOWN_CHAR)


def _reads_as_name(name: str, floor: float) -> bool:
    """A name printed with no role: not a role's piece or a word known to be no one, no
    word of jieba's dictionary, a surname first (segmented alone), and scored above `floor`
    by jieba's person-name model."""
    from sitegen.ingest.segment import words

    if name in ROLE_FRAGMENTS or name in NOT_PEOPLE or not_a_name(name) or not _begins_name(name):
        return False
    return len(words(name)[0]) == 1 and _name_score(name) > floor


_ROLE_LED_RE = re.compile(f"\\s*{ROLE}")
_ROLE_LED_REST_RE = re.compile(f"[{HAN}“”]{{6,}}")
_CREDIT_WORD_RE = re.compile("摄|报道|讯")


def role_led_headline(text: str) -> bool:
    """A headline or kicker opening with a role's word and a verb, no name: `记者感受新时代
    山乡巨变`, `记者走进田间地头` (a series printed over reporters' stories). What follows the role
    is six or more Han characters with no space, no second role and nothing of a credit
    (摄, 报道, 讯), and it does not start like a name (a surname first)."""
    match = _ROLE_LED_RE.match(text)
    rest = text[match.end() :].strip() if match else ""
    if not match or not _ROLE_LED_REST_RE.fullmatch(rest) or _ROLE_RE.search(rest) or _CREDIT_WORD_RE.search(rest):
        return False
    return not _begins_name(rest[0])


def lone_name(text: str) -> str | None:
    """The writer's name alone on a line under a headline (`丰向红`, `丰 向红` with a space OCR
    put in): three Han characters that jieba's model reads as a person's name, segmented with
    a one-character surname first (not 金秋颂, 高原红: a word first, a short headline)."""
    flat = re.sub(r"\s", "", text)
    return flat if re.fullmatch(f"[{HAN}]{{3}}", flat) and _reads_as_name(flat, LONE_NAME_FLOOR) else None


def split_name_run(run: str) -> list[str] | None:
    """Names printed with no space between them (`石晓坤杨凯`) -> the likeliest names of 2-3
    characters, scored by jieba's model of where person names begin, go on and end."""
    if not re.fullmatch(f"[{HAN}]{{5,6}}", run):
        return None
    splits = [[run[:k], run[k:]] for k in (2, 3) if 2 <= len(run) - k <= 3]
    if len(run) == 6:
        splits.append([run[:2], run[2:4], run[4:]])
    return max(splits, key=lambda names: sum(_name_score(n) for n in names))


def roles_of(role: str, photo: bool) -> list[str]:
    """The front matter lists a credited name goes in, from its role as `parse_credits`
    gives it. 通讯员 -> correspondents, another role (or none, outside a photo credit) ->
    reporters; a photo credit (`photo`: 摄, 供图) or `/图` -> photographers; `/文` -> reporters."""
    printed, _, work = role.partition("/")
    lists = []
    if printed or "文" in work or not (photo or work):
        lists.append("correspondents" if "通讯员" in printed else "reporters")
    if "图" in work or (photo and not work):
        lists.append("photographers")
    return lists


# Words a photo credit may open or close with: `图片为记者 甲 摄`, `文/图甲（除署名外）`, and the
# slash some papers set between a caption and its credit (`…饮料。/ 甲 摄`).
_CREDIT_LEAD_IN_RE = re.compile("^\\s*(?:(?:图片|照片|图)(?:为|由|\\s*[:：])|/(?![文图摄]))\\s*")
# Who photographed, printed before the names: `图/摄影师甲`, `（摄影 甲）`, `摄影：甲 乙`, with a
# grade (`特约摄影 甲`) or a mark (`■摄影 甲`, the box read as 口: `口摄影/实习记者 甲`), and the
# names' roles after it (`摄影/实习记者 甲`: a reporter who took the photo).
# (摄影 needs a mark or a space after it, and 摄 alone opens nothing: `…林宏 摄` / `安康市`.)
_PHOTO_FIRST_RE = re.compile(
    f"\\s*(?:{MARKER}\\s*)?(?:口(?=\\S{{0,4}}摄影)\\s*)?(?:图\\s*/\\s*)?(?:本报|本刊)?(?:特约|首席|资深|见习|实习)?"
    f"(?:摄影师\\s*[:：/]?|摄影\\s*[:：/]|摄影\\s)\\s*(?P<names>(?:{ROLE}\\s*[:：]?\\s*)?{NAMES})\\s*"
)
# A web page's label of where a report came from, then the outlet: `出处：某某报 `, `来源：某某网 `;
# the outlet credits nobody, the roles and names after it do.
_SOURCE_LABEL_RE = re.compile(f"^\\s*(?:出处|来源|稿源)\\s*[:：]\\s*[{HAN}]{{2,12}}?(?:报|网|社|台)\\s+")
_CREDIT_QUALIFIER_RE = re.compile("\\s*[（(]除署名外[^（()）]{0,12}[)）]\\s*$")


def credit_line(text: str) -> list[tuple[str, str]] | None:
    """A photo credit such as `通讯员叶希莲 摄` or `记者 王某/文 赵某/图` -> its roles and
    names, else None."""
    if len(text) > 60:
        return None
    if (bracketed := _BRACKETED_RE.fullmatch(text.strip())) and CREDIT_END_RE.search(bracketed.group("credit")):
        text = bracketed.group("credit")  # `（甲 乙 摄影报道）`: the whole credit printed in brackets
    text = _CREDIT_QUALIFIER_RE.sub("", _CREDIT_LEAD_IN_RE.sub("", text))
    end = CREDIT_END_RE.search(text)
    if end and not text[: end.start()].rstrip().endswith("/"):  # (`本报记者张雷/摄`: the slash's)
        return parse_credits(text[: end.start()], shot=True)
    if (first := _PHOTO_FIRST_RE.fullmatch(text)) and (found := parse_credits(first.group("names"))):
        return found  # `图/摄影师甲`, `（摄影 甲）`
    if "/" in text and (found := parse_credits(text)) and any("图" in role.partition("/")[2] for role, _ in found):
        return found
    return None


MAX_CREDIT = 40
# A credit closes a paragraph after a finished sentence or a space (`现场 记者X摄`).
_START_AFTER_RE = re.compile(f"[{SENTENCE_END}”’）)]|\\s+")
_OPEN_BRACKET_RE = re.compile("[（(]")
_BRACKETED_RE = re.compile(f"[（(](?P<credit>[^（()）]{{2,{MAX_CREDIT}}})[)）]")
_ROLE_START_RE = re.compile(f"^\\s*{ROLE}")
_BARE_NAMES_RE = re.compile(f"^[{HAN}]{{2,4}}(?:\\s+[{HAN}]{{2,4}})+$")
# `线索提供 王某` names who gave a tip, not who wrote or photographed.
# A photo an agency or a unit supplied, crediting no person.
_SUPPLIED_PHOTO = "(?:单位|受访者|资料|网友|读者|本报资料)供图|资料图片|资料照片"
_NOBODY_CREDIT_RE = re.compile(
    f"{_SUPPLIED_PHOTO}|新华社发|[{HAN}]{{2,4}}提供\\s*[:：]?\\s*{NAMES}"
    f"|据[{HAN}]{{2,10}}?(?:讯|电|报道|消息)"  # `（据新华社讯）`: whose report it was, nobody's name
)
# A photo credited to nobody, on a line of its own: `新华社发`, `■中新社 发`, `资料图片`, `单位供图`,
# an agency or a picture library in brackets: `（贵州图片库发）`, `（新华社发）`.
_AGENCY_SENT = f"(?:新华社|中新社|[{HAN}]{{2,8}}(?:图片库|图库))发"
_NOBODY_PHOTO_RE = re.compile(f"(?:{MARKER})?(?:{_SUPPLIED_PHOTO}|{_AGENCY_SENT}|[（(]{_AGENCY_SENT}[)）])")


def nobody_photo(text: str) -> bool:
    """A line that credits a photo to no person (an agency's or a unit's photo)."""
    return _NOBODY_PHOTO_RE.fullmatch(re.sub(r"\s", "", text)) is not None


# Who edited and checked the item, in brackets after it, maybe after the desk's name:
# `（某某融媒体中心 编辑：甲 三审：乙）`. Editors are not writers: a credit of nobody.
_EDITOR_ROLE = "(?:责任编辑|编辑|责编|审核|审校|初审|二审|三审|终审|校对|监制)"
_EDITORS_CREDIT_RE = re.compile(
    f"(?:{MARKER}\\s*)?[（(]\\s*(?:[{HAN}]{{2,16}}\\s+)?(?:{_EDITOR_ROLE}\\s*[:：]\\s*{NAMES}\\s*)+[)）]"
)


def editors_credit(text: str) -> bool:
    """A bracket naming only the item's editors and checkers (and their desk)."""
    return _EDITORS_CREDIT_RE.fullmatch(text.replace("\n", "").strip()) is not None


_ORGANISATION_RE = re.compile(f"^[{HAN}]{{2,12}}(?:总工会|工会|公司|集团|办公室|委员会|中心|办事处|局|厂|部|院|所|站|队)$")
# The writer's unit, then the writer: `（县新闻中心 王某）`, `（某镇宣传站 甲 乙）`.
_UNIT_AND_NAMES_RE = re.compile(f"^(?P<unit>[{HAN}]{{2,12}})\\s+(?P<names>{NAMES})$")


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
        if found is None and last and not bracketed and text[start - 1].isspace() and ends_sentence(text[:start].rstrip()):
            name = lone_name(credit)  # `…请教了。 郑依群`: the writer's name set apart after the last sentence
            found = ("names", [("", name)]) if name else None
        if found is not None:
            return (start + len(text[start:]) - len(text[start:].lstrip()), printed, *found)
    return None


def _read_credit(credit: str, last: bool, bracketed: bool) -> tuple[str, list[tuple[str, str]]] | None:
    credit = _SOURCE_LABEL_RE.sub("", credit)
    if _NOBODY_CREDIT_RE.fullmatch(credit) or _NOBODY_CREDIT_RE.fullmatch(re.sub(r"\s", "", credit)):  # (`据新 华社讯`)
        return "org", []  # `单位供图`, `资料图片`: a credit of nobody
    if CREDIT_END_RE.search(credit) and _place_supplied(credit):
        return "org", []  # `某县 供图`: the photo a place's union or office supplied, nobody's
    if CREDIT_END_RE.search(credit) or "/" in credit or _PHOTO_FIRST_RE.fullmatch(credit):
        people = credit_line(credit)
        if people or CREDIT_END_RE.search(credit):
            return ("photo", people) if people else None
    words = re.sub(r"\s*报道$", "", credit)
    if _ROLE_START_RE.match(words) and (people := parse_credits(words)):
        return "byline", people
    if last and not bracketed and _BARE_NAMES_RE.match(words) and (people := parse_credits(words)):
        return "names", people
    if last and bracketed and _ORGANISATION_RE.match(re.sub(r"\s", "", credit)):  # `（宝鸡县 总工会）`
        return "org", []
    if last and bracketed and _ROLE_RE.fullmatch(re.sub(r"\s", "", credit)):  # `（本报记者）`: the desk, no name
        return "org", []
    if last and bracketed and editors_credit(f"（{credit}）"):  # `（某中心 编辑：甲 三审：乙）`: editors, no writer
        return "org", []
    unit = _UNIT_AND_NAMES_RE.match(credit) if last and bracketed else None
    if unit and _ORGANISATION_RE.match(unit.group("unit")) and (people := parse_credits(unit.group("names"))):
        return "names", people  # `（县新闻中心 王某）`: the unit credits nobody, the names wrote it
    return None


_PLACE_SUPPLIED_RE = re.compile(f"^\\s*/?\\s*(?P<place>[{HAN}]{{2,6}})\\s*供图\\s*$")


def _place_supplied(credit: str) -> bool:
    """`/ 某县 供图`: a photo supplied by a place (a division's name: its union, its office)."""
    from sitegen.ingest.places import lookup

    match = _PLACE_SUPPLIED_RE.match(credit)
    return match is not None and bool(lookup(match.group("place")))


def closes_item(text: str) -> bool:
    """True when `text` ends a sentence, or ends with a photo credit (`…上岗。 张三 摄`) or
    with names (`…打分。李明 张端`, `…关注。（杨明洲 范国俊）`), or with a byline in brackets
    after the last sentence (`…榜样。（某报记者 甲）`). Roles and names alone may be a byline
    running on (`…节目。记者甲、乙` / `丙`: a name cut by a column break)."""
    if ends_sentence(text) or closing_names(text.replace("\n", "")) or names_line(text) is not None:
        return True  # (the writers' names on a line of their own, `吴昌松  龚玉（实习）`, close what is above)
    flat = text.replace("\n", "")
    found = trailing_credit(flat, last=True)
    if found is not None and found[2] == "byline" and _BRACKETED_RE.fullmatch(found[1]) and ends_sentence(flat[: found[0]]):
        return True  # `…榜样。（某报记者 甲）`: a byline whose bracket is closed runs on into nothing
    return found is not None and found[2] in ("photo", "names", "org")


def byline_only(text: str) -> list[tuple[str, str]] | None:
    """Roles and names and nothing else (`通讯员：甲乙`, `■本报记者 甲 通讯员 乙`, `甲 乙 某报记者
    丙`): a byline on its own line, which under the text of an item closes it."""
    flat = re.sub(f"^\\s*{MARKER}", "", text.replace("\n", "")).strip()
    if len(flat) > MAX_CREDIT:
        return None
    if not _ROLE_START_RE.match(flat):
        return names_line(flat) or names_before_role(flat)
    return parse_credits(re.sub(r"\s*报道$", "", flat))


# Names with no role, spaced, before a role and its names: `甲 乙 丙 某某客户端记者 丁`.
_NAMES_BEFORE_ROLE_RE = re.compile(f"((?:[{HAN}]{{2,3}}\\s+){{1,4}})(?={ROLE})")


RARE_WORD_FREQ = 20  # a word jieba's dictionary counts fewer times may still be a person's name


def _named_before_role(name: str) -> bool:
    """A name with no role before a role: read as `names_line` reads names, or a rare word of
    jieba's dictionary (胡果, 3) that its person-name model scores as a name (not 春风, 夏雨)."""
    floor = LONE_NAME_FLOOR if len(name) == 3 else PAIR_NAME_FLOOR
    if _reads_as_name(name, floor):
        return True
    from sitegen.ingest.segment import word_frequency

    rare = word_frequency(name) < RARE_WORD_FREQ and _begins_name(name) and not not_a_name(name)
    return rare and name not in ROLE_FRAGMENTS and name not in NOT_PEOPLE and _name_score(name) > floor


def names_before_role(flat: str) -> list[tuple[str, str]] | None:
    """A byline whose first names have no role (the desk's or other outlets' writers), each
    read as a name (`_named_before_role`), then roles and names -> [(role, name)]."""
    flat = re.sub(f"^\\s*{MARKER}\\s*", "", flat)  # (`■甲 乙 某报记者 丙`)
    match = _NAMES_BEFORE_ROLE_RE.match(flat)
    if not match:
        return None
    names = match.group(1).split()
    if not all(_named_before_role(n) for n in names):
        return None
    rest = parse_credits(flat[match.end() :])
    return [("", n) for n in names] + rest if rest and all(role for role, _ in rest) else None


# What a paper prints after an intern's name: `龚玉（实习）`, `甲（实习生）`.
NAME_QUALIFIER_RE = re.compile("[（(](?:实习生?|见习)[)）]")
_NAME_SPLIT_RE = re.compile(r"\s*[、，,]\s*|\s+")


def names_line(text: str) -> list[tuple[str, str]] | None:
    """Two to four people's names and nothing else (`吴昌松  龚玉（实习）`, `李明、张端`): the
    writers, printed with no role on a line of their own. Each name begins with a surname,
    is no word of jieba's dictionary (not `春风 夏雨`, a headline's two words) and reads as a
    name to jieba's person-name model (not `更普适、更优惠、更贴心`)."""
    flat = re.sub(f"^\\s*{MARKER}", "", NAME_QUALIFIER_RE.sub("", text.replace("\n", " "))).strip()
    tokens = [t for t in _NAME_SPLIT_RE.split(flat) if t]
    if not 2 <= len(tokens) <= 4 or any(not re.fullmatch(f"[{HAN}]{{2,3}}", t) for t in tokens):
        return None
    if not all(_reads_as_name(t, LONE_NAME_FLOOR if len(t) == 3 else PAIR_NAME_FLOOR) for t in tokens):
        return None  # `春风 夏雨` (dictionary words), `更普适、更优惠、更贴心` (no names to jieba's model)
    return [("", t) for t in tokens]


# The head of a column of untitled briefs (工会动态, 简讯, 创城动态): it heads a new article,
# and under it unmarked short paragraphs are briefs each.
BRIEF_COLUMN_RE = re.compile(f"^[{HAN}]{{0,8}}(?:动态|简讯|快讯|短讯|简报|速递|速览|集锦|一束)$")

# （下转第2版） / （上接第1版） with half- or full-width brackets.
CONTINUED_TO_RE = re.compile(r"[（(]\s*下转第?\s*(\d{1,3})\s*版\s*[)）]")
CONTINUED_FROM_RE = re.compile(r"[（(]\s*上接第?\s*(\d{1,3})\s*版\s*[)）]")

# Names in brackets closing a short item: `…活动。（阳阳）`, `（甲 乙 丙）`, `…冠军。■（甲乙）`.
CLOSING_NAMES_RE = re.compile(f"(?<=[。！？!?…”])\\s*(?:{MARKER}\\s*)?[（(]\\s*(?P<names>{NAMES})\\s*[)）]\\s*$")
# Words that are not names although they stand where names do (据新华社报道, （完）, （图）).
NOT_NAME_RE = re.compile("[社报网台据讯图文电完]")


def closing_names(text: str) -> re.Match | None:
    """The `（阳阳）` closing an item, when what is in the brackets is only names."""
    match = CLOSING_NAMES_RE.search(text)
    if not match:
        return None
    names = parse_credits(match.group("names"))
    return match if names and not any(not_a_name(n) for _, n in names) else None


def not_a_name(word: str) -> bool:
    """A word standing where names do that is no name (据新华社报道, （完）, （图）); a
    transliterated name (盖·欧图海) may hold any character."""
    return "·" not in word and NOT_NAME_RE.search(word) is not None
