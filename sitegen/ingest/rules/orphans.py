"""Rule `orphans`: text printed under the wrong headline goes back to its own article.

On a page, the tail of one article is often printed further down, after another article
and without a headline (000_…: the 金华 piece's tail `金华市总每年投入140万元…` sits after
the 温州 piece; 004_…: the 南浔 piece's `丝机高速飞转…` after the 德清 piece). For every
run of blocks that closes an article (or a run with no headline at all), this rule compares
its words with the rest of its article and with every other article on the page (TF-IDF
over jieba words: names, places and numbers weigh most), and moves the run to the article
it reads like when the difference is clear. A word cut across the boundary (`拉` + `丝机`)
counts as strong evidence. Moved runs go to the end of their article, in reading order.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from sitegen.ingest.model import Block, Draft, PageState
from sitegen.ingest.segment import content_words, crosses_word
from sitegen.text import ends_sentence

NAME = "orphans"
MIN_MARGIN = 0.035  # how much closer the run must be to the other article
OWN_RATIO = 2.0  # ... and how many times closer
CUT_WORD_BONUS = 0.15
MIN_SIMILARITY = 0.04
MIN_HEAD_WORDS = 30  # words the article must keep above a cut


class _Vectors:
    """Word counts per block, computed once, weighted by inverse document frequency."""

    def __init__(self, drafts: list[Draft]):
        self._counts: dict[str, Counter] = {}
        documents = [self.of_blocks((*d.heading, *d.blocks)) for d in drafts]
        frequency = Counter(word for document in documents for word in document)
        n = len(documents)
        self.idf = {word: math.log((n + 1) / (df + 0.5)) + 0.1 for word, df in frequency.items()}
        self.documents = [self.weigh(document) for document in documents]

    def of_text(self, text: str) -> Counter:
        if text not in self._counts:
            self._counts[text] = Counter(content_words(text.replace("\n", "")))
        return self._counts[text]

    def of_blocks(self, blocks) -> Counter:
        total: Counter = Counter()
        for block in blocks:
            if block.kind != "credit":
                total.update(self.of_text(block.text))
        return total

    def weigh(self, counts: Counter) -> tuple[dict[str, float], float]:
        weights = {w: math.sqrt(c) * self.idf.get(w, 1.0) for w, c in counts.items()}
        return weights, math.sqrt(sum(v * v for v in weights.values())) or 1.0

    @staticmethod
    def cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
        (wa, na), (wb, nb) = a, b
        if len(wa) > len(wb):
            wa, wb = wb, wa
        return sum(v * wb[w] for w, v in wa.items() if w in wb) / (na * nb)


def _last_text(blocks) -> Block | None:
    return next((b for b in reversed(blocks) if b.kind == "text"), None)


def _best_move(drafts: list[Draft], vectors: _Vectors, cut_words: dict):
    """The clearest (margin, draft index, cut, target index), or None."""
    best = None
    ends = [_last_text(d.blocks) for d in drafts]
    for index, draft in enumerate(drafts):
        blocks = draft.blocks
        if any(b.kind == "credit" for b in blocks):
            continue  # a photo item ends with its credit: nothing of it is an orphan
        first_cut = 0 if not draft.heading else 1
        for cut in range(first_cut, len(blocks)):
            tail = blocks[cut:]
            if tail[0].kind != "text":
                continue
            head = (*draft.heading, *blocks[:cut])
            head_vector = vectors.of_blocks(head)
            if head and sum(head_vector.values()) < MIN_HEAD_WORDS:
                continue  # too little of the article above the cut to compare with
            before = _last_text(blocks[:cut])
            clean_end = before is not None and ends_sentence(before.text)
            required = MIN_MARGIN * 2 if clean_end else MIN_MARGIN  # a paragraph end is weaker evidence
            tail_vector = vectors.weigh(vectors.of_blocks(tail))
            own = vectors.cosine(tail_vector, vectors.weigh(head_vector)) if head else 0.0
            for target, other in enumerate(drafts):
                if target == index or not other.heading:
                    continue
                similarity = vectors.cosine(tail_vector, vectors.documents[target])
                end = ends[target]
                key = (end.text if end else "", tail[0].text)
                if key not in cut_words:
                    cut_words[key] = end is not None and not ends_sentence(end.text) and crosses_word(*key)
                margin = similarity + (CUT_WORD_BONUS if cut_words[key] else 0.0) - own
                clear = similarity + (CUT_WORD_BONUS if cut_words[key] else 0.0) >= OWN_RATIO * own
                floor = MIN_SIMILARITY / 4 if cut_words[key] else MIN_SIMILARITY
                if similarity >= floor and clear and margin >= required and (best is None or margin > best[0]):
                    best = (margin, index, cut, target)
    return best


def apply(state: PageState, context) -> PageState:
    drafts = list(state.drafts)
    notes = []
    cut_words: dict = {}
    for _ in range(len(drafts)):
        vectors = _Vectors(drafts)
        move = _best_move(drafts, vectors, cut_words)
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
