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

import functools
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
DANGLING_BONUS = 0.03  # an article that stops mid-sentence is waiting for its continuation
MIN_SIMILARITY = 0.04
MIN_HEAD_WORDS = 30  # words the article must keep above a cut
MAX_ARTICLES = 60  # more than a page ever holds
MIN_TAIL_WORDS = 8  # words a run must have to be judged at all


class _Vectors:
    """Word counts per block (computed once) and cosine similarity under TF-IDF.

    A text's weight vector is sqrt(count) * idf per word, so its squared norm, the sum of
    count * idf², adds up over blocks: heads and tails of articles need no re-weighing.
    """

    def __init__(self, drafts: list[Draft]):
        documents = [self.of_blocks((*d.heading, *d.blocks)) for d in drafts]
        frequency = Counter(word for document in documents for word in document)
        n = len(documents)
        self.idf2 = {word: (math.log((n + 1) / (df + 0.5)) + 0.1) ** 2 for word, df in frequency.items()}
        self.documents = [(document, self.norm(document)) for document in documents]

    @staticmethod
    def of_text(text: str) -> Counter:
        return _counts(text)

    def of_blocks(self, blocks) -> Counter:
        total: Counter = Counter()
        for block in blocks:
            if block.kind != "credit":
                total.update(self.of_text(block.text))
        return total

    def norm(self, counts: Counter) -> float:
        return math.sqrt(sum(c * self.idf2.get(w, 1.0) for w, c in counts.items())) or 1.0

    def cosine(self, a: tuple[Counter, float], b: tuple[Counter, float]) -> float:
        (ca, na), (cb, nb) = a, b
        if len(ca) > len(cb):
            ca, cb = cb, ca
        return sum(math.sqrt(c * cb[w]) * self.idf2.get(w, 1.0) for w, c in ca.items() if w in cb) / (na * nb)


@functools.lru_cache(maxsize=4096)
def _counts(text: str) -> Counter:
    return Counter(content_words(text.replace("\n", "")))


def _last_text(blocks) -> Block | None:
    return next((b for b in reversed(blocks) if b.kind == "text"), None)


def _sums(counts: list[Counter]) -> list[Counter]:
    """Running totals: result[k] is the sum of counts[:k]."""
    totals, running = [Counter()], Counter()
    for item in counts:
        running = running + item if item else running.copy()
        totals.append(running)
    return totals


def _best_move(drafts: list[Draft], vectors: _Vectors, cut_words: dict):
    """The clearest (margin, draft index, cut, target index), or None."""
    qualified: dict[tuple[int, int, int], float] = {}
    ends = [_last_text(d.blocks) for d in drafts]
    for index, draft in enumerate(drafts):
        blocks = draft.blocks
        if any(b.kind == "credit" for b in blocks):
            continue  # a photo item ends with its credit: nothing of it is an orphan
        counts = [vectors.of_blocks((b,)) for b in blocks]
        heads = _sums([vectors.of_blocks(draft.heading)] + counts)[1:]  # heads[cut]: heading + blocks[:cut]
        tails = _sums(counts[::-1])[::-1]  # tails[cut]: blocks[cut:]
        first_cut = 0 if not draft.heading else 1
        for cut in range(first_cut, len(blocks)):
            if blocks[cut].kind != "text":
                continue
            head_counts = heads[cut]
            if cut and sum(head_counts.values()) < MIN_HEAD_WORDS:
                continue  # too little of the article above the cut to compare with
            before = _last_text(blocks[:cut])
            clean_end = before is not None and ends_sentence(before.text)
            required = MIN_MARGIN * 2 if clean_end else MIN_MARGIN  # a paragraph end is weaker evidence
            tail_size = sum(tails[cut].values())
            if tail_size < MIN_TAIL_WORDS / 3:
                continue  # a few words match anything: too little to judge
            tail_vector = (tails[cut], vectors.norm(tails[cut]))
            own = vectors.cosine(tail_vector, (head_counts, vectors.norm(head_counts))) if head_counts else 0.0
            for target, other in enumerate(drafts):
                if target == index or not other.heading:
                    continue
                end = ends[target]
                key = (end.text if end else "", blocks[cut].text)
                if key not in cut_words:
                    cut_words[key] = end is not None and not ends_sentence(end.text) and crosses_word(*key)
                if tail_size < (MIN_TAIL_WORDS / 3 if cut_words[key] else MIN_TAIL_WORDS):
                    continue
                similarity = vectors.cosine(tail_vector, vectors.documents[target])
                dangling = end is not None and not ends_sentence(end.text)  # the target stops mid-sentence
                evidence = similarity + (CUT_WORD_BONUS if cut_words[key] else DANGLING_BONUS if dangling else 0.0)
                floor = MIN_SIMILARITY / 4 if cut_words[key] else MIN_SIMILARITY
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
