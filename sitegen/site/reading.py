"""Chinese reading aids: summaries cut at a sentence end, reading time, date labels.

In: plain text or dates. Out: short strings for listings, descriptions and bylines.
Chinese has no spaces between words, so everything here counts characters, never words.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from sitegen.text import CLOSERS

CHARS_PER_MINUTE = 400  # a common estimate for reading Chinese on screen
SUMMARY_CHARS = 120
FULL_STOPS = "。！？!?"
WEEKDAYS = "一二三四五六日"


def summarize(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The longest run of whole sentences of `text` within `limit` characters.

    A sentence ends at 。！？ (and the closing quotes after it). When the first sentence
    alone is longer than `limit`, it is cut at `limit` and marked with an ellipsis.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = 0
    for index, char in enumerate(text[:limit]):
        if char in FULL_STOPS:
            end = index + 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            if end <= limit:
                cut = end
    return text[:cut] if cut else text[: limit - 1] + "…"


_NOT_ALNUM = re.compile(r"[\W_]+")


def letter_count(text: str) -> int:
    """Letters and digits of `text` (Han characters mostly): what reading time counts."""
    return len(_NOT_ALNUM.sub("", text))  # [\W_] is the complement of str.isalnum()


def reading_minutes(letters: int) -> int:
    """Minutes to read a text of `letters` letters and digits (see letter_count)."""
    return max(1, math.ceil(letters / CHARS_PER_MINUTE))


def date_label(date: dt.date) -> str:
    """`2018年7月5日 星期四`, independent of the machine's locale."""
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}"


def short_date_label(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def midnight(date: dt.date, timezone: str) -> str:
    """An edition's publication time: `2018-07-05T00:00:00+08:00` (the paper's time zone)."""
    return f"{date.isoformat()}T00:00:00{timezone}"


def page_label(number: int) -> str:
    """版次 as printed: `第01版`."""
    return f"第{number:02d}版"
