"""Character classes of Chinese newspaper text, shared by every stage.

In: single characters or strings. Out: booleans, counts, filtered strings.
"""

from __future__ import annotations

import re

# CJK Unified Ideographs with extensions A-G and the compatibility block: names such as
# 镕, 堃, 喆 live outside GB2312, and rarer ones outside the BMP.
HAN_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)

# Marks that end a sentence, and closing marks that may follow them.
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》】"


def is_han(ch: str) -> bool:
    return bool(HAN_RE.fullmatch(ch))


def han_chars(text: str) -> list[str]:
    return HAN_RE.findall(text)


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def ends_sentence(text: str) -> bool:
    """True when `text` ends with a sentence-final mark, maybe followed by closers."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END or text.rstrip().endswith("……")


def significant(text: str) -> str:
    """Han characters, letters and digits only: what duplicate detection compares."""
    return "".join(ch for ch in text if ch.isalnum())
