"""Names in 拼音 order, the order of a Chinese index: a name in, its sort key and its
index letter (A–Z; '#' for a name that does not start with a Han character or a letter)
out. Readings come from pypinyin; a surname whose reading differs from the character's
everyday one is read as a surname."""

from __future__ import annotations

import os
from functools import lru_cache

# Surnames read otherwise than pypinyin's first reading of the character (单 shàn, not
# dān); two-character surnames first.
SURNAME_READINGS = {
    "尉迟": ["yu", "chi"], "万俟": ["mo", "qi"], "长孙": ["zhang", "sun"],
    "单": ["shan"], "曾": ["zeng"], "仇": ["qiu"], "区": ["ou"], "朴": ["piao"], "解": ["xie"],
    "查": ["zha"], "盖": ["ge"], "覃": ["qin"], "乐": ["yue"], "缪": ["miao"], "翟": ["zhai"],
    "员": ["yun"], "种": ["chong"], "秘": ["bi"], "召": ["shao"], "隗": ["wei"], "能": ["nai"],
    "繁": ["po"], "黑": ["he"], "薄": ["bo"], "冼": ["xian"], "尉": ["yu"],
}


@lru_cache(maxsize=None)
def reading(name: str) -> tuple[str, ...]:
    """张浩呈 -> ('zhang', 'hao', 'cheng'); 单雄信 -> ('shan', 'xiong', 'xin')."""
    # Imported here, and without pypinyin's phrase dictionary: with it the import takes a
    # quarter of a second, a tenth of a cold build of 2,000 articles, and its phrases read
    # names as words (于思 yú sāi, "bearded"); a name is read a character at a time.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import lazy_pinyin

    for size in (2, 1):
        surname = SURNAME_READINGS.get(name[:size])
        if surname:
            return tuple(surname + lazy_pinyin(name[size:]))
    return tuple(lazy_pinyin(name))


def sort_key(name: str) -> tuple:
    return tuple(part.lower() for part in reading(name)), name


def initial(name: str) -> str:
    first = reading(name)[0][:1].upper() if name else ""
    return first if "A" <= first <= "Z" else "#"
