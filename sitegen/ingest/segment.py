"""Chinese word segmentation with jieba: the one module that imports it.

In: text. Out: words. The tokenizer is loaded once per process and knows every place
name of China's administrative divisions (see places.py), so 莲都, 柯桥 or 南浔 come out
whole instead of split into characters.
"""

from __future__ import annotations

import functools
import logging
import pickle
import pkgutil

import jieba

from sitegen.text import HAN_RE

jieba.setLogLevel(logging.WARNING)

# Words too common to tell one article from another.
STOP_WORDS = frozenset(
    "我们 他们 她们 你们 一个 这个 那个 没有 已经 可以 通过 进行 开展 以及 同时 目前 近日 日前 "
    "今年 去年 近年来 其中 这些 那些 还是 就是 不是 因为 所以 如果 但是 而且 并且 以来 方面 相关 "
    "工作 活动 问题 表示 介绍 情况 一些 一次 更多 自己 大家 记者 通讯员 报道 本报讯".split()
)


@functools.lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    from sitegen.ingest.places import place_words

    tok = jieba.Tokenizer()
    tok.initialize()
    for word in place_words():
        tok.add_word(word, freq=max(tok.FREQ.get(word, 0), 2000), tag="ns")
    return tok


@functools.lru_cache(maxsize=1)
def name_char_scores() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Log-probabilities of a character beginning, going on and ending a person's name
    (jieba's part-of-speech model, states B/M/E of `nr`). Read from the model's pickle, as
    jieba.posseg does, without importing jieba.posseg (seconds of start-up)."""
    emit = pickle.loads(pkgutil.get_data("jieba.posseg", "prob_emit.p"))
    return emit[("B", "nr")], emit[("M", "nr")], emit[("E", "nr")]


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts `word` as a word (0: not a word of it)."""
    return tokenizer().FREQ.get(word, 0)


def begins_names(char: str) -> bool:
    """True when `char` begins person's names in jieba's model (a surname, mostly): 王, 邬,
    厉; not 线 (线索提供) or 记 (记者)."""
    return char in name_char_scores()[0]


COMMON_FREQ = 1000  # a word this frequent in jieba's dictionary, not tagged a place, is a common word


@functools.lru_cache(maxsize=4)
def common_words(candidates: frozenset[str]) -> frozenset[str]:
    """Those of `candidates` that jieba's dictionary knows as frequent words other than
    place names (友谊 nr 1499, 和平 nz 7998, 资源 n 17453; not 江北 ns, 余姚 nr 140)."""
    return frozenset(w for w, freq, tag in _dictionary(candidates) if w in candidates and not tag.startswith("ns") and freq >= COMMON_FREQ)


@functools.lru_cache(maxsize=4)
def place_compounds(candidates: frozenset[str]) -> frozenset[str]:
    """Longer words of jieba's dictionary tagged places that begin with one of `candidates`
    (五台山, 象山港 — the place's own; not 大名鼎鼎, 同心协力, 大理石, 多伦多)."""
    return frozenset(w for w, _, tag in _dictionary(candidates) if w not in candidates and tag.startswith("ns"))


@functools.lru_cache(maxsize=4)
def _dictionary(candidates: frozenset[str]) -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of the dictionary's entries that are, or begin with, a candidate."""
    lengths = sorted({len(c) for c in candidates})
    found = []
    with jieba.get_dict_file() as lines:
        for raw in lines:
            word, _, rest = raw.decode("utf-8").partition(" ")
            if any(word[:n] in candidates for n in lengths if n <= len(word)):
                freq, _, tag = rest.strip().partition(" ")
                found.append((word, int(freq), tag))
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # Dictionary words only (no HMM guessing of unknown words): topics and places are
    # dictionary words, and this is the hot path of ingest.
    return tuple(w for w in tokenizer().lcut(text, HMM=False) if w.strip() and (HAN_RE.match(w) or w[0].isalnum()))


@functools.lru_cache(maxsize=8192)
def words_at(text: str) -> dict[int, str]:
    """offset -> the word starting there, segmenting `text` (dictionary words only)."""
    found, offset = {}, 0
    for word in tokenizer().lcut(text, HMM=False):
        found[offset] = word
        offset += len(word)
    return found


def words(text: str) -> list[str]:
    """All words of `text` in order (punctuation and spaces dropped); cached by text."""
    return list(_words(text))


@functools.lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _words(text) if (len(w) >= 2 or w.isdigit()) and w not in STOP_WORDS)


def content_words(text: str) -> list[str]:
    """Words that carry topic: two or more characters (or a number), not a stop word."""
    return list(_content_words(text))


def crosses_word(left: str, right: str) -> bool:
    """True when the end of `left` and the start of `right` form one dictionary word.

    Used where a word was cut across a fragment boundary: `拉` + `丝机高速飞转` is 拉丝机.
    """
    left_tail = "".join(HAN_RE.findall(left[-3:]))
    right_head = right.lstrip()[:4]
    if not left_tail or not right_head or not HAN_RE.match(right_head[0]):
        return False
    joined = left_tail + right_head
    position = 0
    for word in tokenizer().lcut(joined, HMM=False):
        start, position = position, position + len(word)
        if start < len(left_tail) < position and len(word) >= 2:
            return True
    return False
