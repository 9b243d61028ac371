"""Rule `orphans`: text printed under the wrong headline goes back to its own article.

On a page, the tail of one article is often printed further down, after another article
and without a headline (000_…: the 金华 piece's tail `金华市总每年投入140万元…` sits after
the 温州 piece; 004_…: the 南浔 piece's `丝机高速飞转…` after the 德清 piece). For every
run of blocks that closes an article (or a run with no headline at all), this rule compares
its words with the rest of its article and with every other article on the page (TF-IDF
over jieba words: names, places and numbers weigh most), and moves the run to the article
it reads like when the difference is clear. A word cut across the boundary (`拉` + `丝机`)
counts as strong evidence. Moved runs go to the end of their article, in reading order. A run
opened by a dateline or a bracketed byline is an untitled item's lede, never a tail: it stays.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.rules.photo_items import opens_story
from sitegen.ingest.segment import content_words, crosses_word
from sitegen.text import ends_sentence

NAME = "orphans"
MIN_MARGIN = 0.035  # how much closer the run must be to the other article
OWN_RATIO = 2.0  # ... and how many times closer
CUT_WORD_BONUS = 0.15
DANGLING_BONUS = 0.03  # an article that stops mid-sentence is waiting for its continuation
MIN_SIMILARITY = 0.04
MIN_HEAD_WORDS = 30  # words the article must keep above a cut
MAX_ARTICLES = 60  # more than a page ever holds
MIN_TAIL_WORDS = 8  # words a run must have to be judged at all


Vector = tuple[dict[str, float], float]  # word -> sqrt(count) * idf, and the norm


@functools.lru_cache(maxsize=4096)
def _counts(text: str) -> Counter:
    return Counter(content_words(text.replace("\n", "")))


def _block_counts(blocks) -> Counter:
    total: Counter = Counter()
    for block in blocks:
        if block.kind != "credit":
            total.update(_counts(block.text))
    return total


def _cosine(a: Vector, b: Vector) -> float:
    (wa, na), (wb, nb) = a, b
    if len(wa) > len(wb):
        wa, wb = wb, wa
    return sum(v * wb[w] for w, v in wa.items() if w in wb) / (na * nb)


def _last_text(blocks) -> Block | None:
    return next((b for b in reversed(blocks) if b.kind == "text"), None)


class _Scorer:
    """TF-IDF similarities between runs closing an article and whole articles.

    Weights are sqrt(count) * idf, idf over the page's articles as first seen. What is
    computed for an article is kept while that article stays the same object, so after a
    move only the two articles that changed are looked at again.
    """

    def __init__(self, drafts: list[Draft]):
        frequency = Counter(word for d in drafts for word in _block_counts((*d.heading, *d.blocks)))
        n = len(drafts)
        self.idf = {word: math.log((n + 1) / (df + 0.5)) + 0.1 for word, df in frequency.items()}
        self._documents: dict[int, tuple[Draft, Vector]] = {}
        self._cuts: dict[int, tuple[Draft, list]] = {}
        self._similarities: dict[tuple[int, int, int], tuple[Draft, Draft, float]] = {}
        self._cut_words: dict[tuple[str, str], bool] = {}

    def vector(self, counts: Counter) -> Vector:
        weights = {w: math.sqrt(c) * self.idf.get(w, 1.0) for w, c in counts.items()}
        return weights, math.sqrt(sum(v * v for v in weights.values())) or 1.0

    def _cosine_counts(self, vector: Vector, counts: Counter) -> float:
        """Cosine of a vector and raw counts, without weighing every word of the counts:
        the squared norm of sqrt(count) * idf is the sum of count * idf²."""
        weights, norm = vector
        idf = self.idf
        dot = sum(v * math.sqrt(counts[w]) * idf.get(w, 1.0) for w, v in weights.items() if w in counts)
        squared = sum(c * idf.get(w, 1.0) ** 2 for w, c in counts.items())
        return dot / (norm * (math.sqrt(squared) or 1.0))

    def document(self, draft: Draft) -> Vector:
        kept = self._documents.get(id(draft))
        if kept is None or kept[0] is not draft:
            kept = (draft, self.vector(_block_counts((*draft.heading, *draft.blocks))))
            self._documents[id(draft)] = kept
        return kept[1]

    def cuts(self, draft: Draft) -> list[tuple[int, int, Vector, float, bool]]:
        """(cut, tail words, tail vector, similarity to the head above, clean end) per usable cut."""
        kept = self._cuts.get(id(draft))
        if kept is not None and kept[0] is draft:
            return kept[1]
        blocks = draft.blocks
        counts = [_block_counts((b,)) for b in blocks]
        heads, head = [], _block_counts(draft.heading)
        for item in counts:  # heads[cut]: the heading and blocks[:cut]
            heads.append(head.copy())
            head.update(item)
        tails, tail = [Counter()] * len(blocks), Counter()
        for cut in range(len(blocks) - 1, -1, -1):  # tails[cut]: blocks[cut:]
            tail = tail.copy()
            tail.update(counts[cut])
            tails[cut] = tail
        found = []
        for cut in range(0 if not draft.heading else 1, len(blocks)):
            if blocks[cut].kind != "text" or opens_story(blocks[cut].text):
                continue  # (`某地讯（通讯员 甲）8月4日…`: an untitled item's lede, no story's tail)
            size = sum(tails[cut].values())
            if cut and sum(heads[cut].values()) < MIN_HEAD_WORDS:
                continue  # too little of the article above the cut to compare with
            if size < MIN_TAIL_WORDS / 3:
                continue  # a few words match anything: too little to judge
            before = _last_text(blocks[:cut])
            tail_vector = self.vector(tails[cut])
            own = self._cosine_counts(tail_vector, heads[cut]) if heads[cut] else 0.0
            found.append((cut, size, tail_vector, own, before is not None and ends_sentence(before.text)))
        self._cuts[id(draft)] = (draft, found)
        return found

    def similarity(self, draft: Draft, cut: int, tail: Vector, other: Draft) -> float:
        key = (id(draft), cut, id(other))
        kept = self._similarities.get(key)
        if kept is None or kept[0] is not draft or kept[1] is not other:
            kept = (draft, other, _cosine(tail, self.document(other)))
            self._similarities[key] = kept
        return kept[2]

    def cut_word(self, end: Block | None, start: Block) -> bool:
        """A word runs from the end of one article into the start of the run (拉 + 丝机)."""
        key = (end.text if end else "", start.text)
        if key not in self._cut_words:
            self._cut_words[key] = end is not None and not ends_sentence(end.text) and crosses_word(*key)
        return self._cut_words[key]


def _best_move(drafts: list[Draft], scorer: _Scorer):
    """The clearest (margin, draft index, cut, target index), or None."""
    qualified: dict[tuple[int, int, int], float] = {}
    ends = [_last_text(d.blocks) for d in drafts]
    for index, draft in enumerate(drafts):
        if any(b.kind == "credit" for b in draft.blocks) or draft.field("brief"):
            continue  # a photo item ends with its credit, a brief is untitled by nature: not orphans
        for cut, size, tail, own, clean_end in scorer.cuts(draft):
            required = MIN_MARGIN * 2 if clean_end else MIN_MARGIN  # a paragraph end is weaker evidence
            for target, other in enumerate(drafts):
                if target == index or not other.heading:
                    continue
                cut_word = scorer.cut_word(ends[target], draft.blocks[cut])
                if size < (MIN_TAIL_WORDS / 3 if cut_word else MIN_TAIL_WORDS):
                    continue
                similarity = scorer.similarity(draft, cut, tail, other)
                dangling = ends[target] is not None and not ends_sentence(ends[target].text)  # stops mid-sentence
                evidence = similarity + (CUT_WORD_BONUS if cut_word else DANGLING_BONUS if dangling else 0.0)
                floor = MIN_SIMILARITY / 4 if cut_word else MIN_SIMILARITY
                margin = evidence - own
                if similarity >= floor and evidence >= OWN_RATIO * own and margin >= required:
                    qualified[index, cut, target] = margin
    if not qualified:
        return None
    (index, cut, target), margin = max(qualified.items(), key=lambda item: (item[1], -item[0][1]))
    # The run starts at the earliest cut that still reads like the target: its first
    # paragraphs are often the least telling (`每月8日工会会员日等活动…`).
    earliest = cut
    for earlier in range(cut - 1, -1, -1):
        if (index, earlier, target) in qualified:
            earliest = earlier
        elif drafts[index].blocks[earlier].kind == "text":
            break
    return margin, index, earliest, target


def apply(state: PageState, context) -> PageState:
    drafts = list(state.drafts)
    notes = []
    if len(drafts) > MAX_ARTICLES:
        # A printed page holds a dozen or two articles; comparing every run with every
        # article grows with the square of their number, so a giant input is left as it is.
        line = drafts[0].blocks[0].first if drafts and drafts[0].blocks else 0
        return state.replace_drafts(
            drafts, notes=[f"{state.page.path}:{line}: warning: {len(drafts)} articles on one page: orphaned fragments not looked for"]
        )
    scorer = _Scorer(drafts)
    for _ in range(len(drafts)):
        move = _best_move(drafts, scorer)
        if move is None:
            break
        margin, index, cut, target = move
        tail = drafts[index].blocks[cut:]
        drafts[target] = replace(drafts[target], blocks=drafts[target].blocks + tail)
        drafts[index] = replace(drafts[index], blocks=drafts[index].blocks[:cut])
        notes.append(
            f"{state.page.path}:{tail[0].first}-{tail[-1].last}: moved to the article headed "
            f"{drafts[target].heading_text[:20]!r} (margin {margin:.2f})"
        )
        drafts = [d for d in drafts if d.heading or d.blocks]
    return state.replace_drafts(drafts, notes=notes)
