"""Rule `duplicates`: text printed twice appears once.

Two defects of real feeds (000_…, 004_…): a paragraph printed twice in a row
(`这组视频上线后…`), and a fragment of one article spliced into another (the end of the
三门 piece inside the 杭工e家 piece, with an OCR variant or two). Blocks are compared on
their letters and digits only; runs of at least MIN_RUN characters that match, allowing a
few differing characters, are duplicates. Within an article the later copy goes; across
articles the copy goes from the article whose own text it resembles least.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from sitegen.ingest.model import Block, Draft, PageState, Removal
from sitegen.ingest.patterns import trailing_credit
from sitegen.ingest.segment import content_words

NAME = "duplicates"
SHINGLE = 8  # characters in the fingerprints that find candidate pairs
MIN_RUN = 20  # letters and digits a duplicate run must have
MAX_GAP = 4  # differing characters tolerated inside a run (OCR variants)
MIN_DENSITY = 0.8
FUZZY_LIMIT = 4000  # longer blocks are compared by exact fingerprints only (bounded time)
WHOLE_BLOCK = 0.9
SAMPLE_ABOVE = 200_000  # letters and digits on a page (a printed page has about 10,000)
SHARED_OPENING = 40  # letters and digits: a shorter run that parts mid-sentence in both copies is a shared phrase
SAMPLE_RATE = 8  # a run covering this share of a block removes the block


@dataclass(frozen=True)
class _Text:
    draft: int
    index: int
    block: Block
    sig: str  # letters and digits
    where: tuple[int, ...]  # position in block.text of each sig character


def _texts(drafts: list[Draft]) -> list[_Text]:
    texts = []
    for d, draft in enumerate(drafts):
        for i, block in enumerate(draft.blocks):
            if block.kind != "text":
                continue
            where = tuple(k for k, ch in enumerate(block.text) if ch.isalnum())
            texts.append(_Text(d, i, block, "".join(block.text[k] for k in where), where))
    return texts


def _regions(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Runs where `a` and `b` match: (a_start, a_end, b_start, b_end), gaps of MAX_GAP allowed."""
    if len(a) > FUZZY_LIMIT or len(b) > FUZZY_LIMIT:
        matches = _exact_runs(a, b)
    else:
        matches = [(m.a, m.b, m.size) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
    regions: list[list[int]] = []
    for i, j, size in matches:
        if regions and 0 <= i - regions[-1][1] <= MAX_GAP and 0 <= j - regions[-1][3] <= MAX_GAP:
            regions[-1][1], regions[-1][3] = i + size, j + size
            regions[-1][4] += size
        else:
            regions.append([i, i + size, j, j + size, size])
    return [
        (r[0], r[1], r[2], r[3])
        for r in regions
        if r[4] >= MIN_RUN and r[4] >= MIN_DENSITY * max(r[1] - r[0], r[3] - r[2])
    ]


def _exact_runs(a: str, b: str) -> list[tuple[int, int, int]]:
    positions = defaultdict(list)
    for i in range(len(a) - SHINGLE + 1):
        positions[a[i : i + SHINGLE]].append(i)
    runs: list[tuple[int, int, int]] = []
    j = 0
    while j <= len(b) - SHINGLE:
        found = positions.get(b[j : j + SHINGLE])
        if not found:
            j += 1
            continue
        i = found[0]
        size = SHINGLE
        while i + size < len(a) and j + size < len(b) and a[i + size] == b[j + size]:
            size += 1
        runs.append((i, j, size))
        j += size
    return runs


def _candidate_pairs(texts: list[_Text]) -> list[tuple[int, int]]:
    """Pairs of blocks sharing fingerprints. On a page far larger than print, only the
    fingerprints chosen by their own characters are kept (both copies of a run keep the
    same ones), so memory stays a fraction of the page's size."""
    owners = defaultdict(set)
    total = sum(len(text.sig) for text in texts)
    keep_one_in = 1 if total <= SAMPLE_ABOVE else SAMPLE_RATE
    for n, text in enumerate(texts):
        sig = text.sig
        for i in range(len(sig) - SHINGLE + 1):
            if keep_one_in == 1 or (ord(sig[i]) + 7 * ord(sig[i + SHINGLE - 1])) % keep_one_in == 0:
                owners[sig[i : i + SHINGLE]].add(n)
    shared = Counter()
    for group in owners.values():
        if 1 < len(group) <= 6:
            ordered = sorted(group)
            for x in range(len(ordered)):
                for y in range(x + 1, len(ordered)):
                    shared[ordered[x], ordered[y]] += 1
    return sorted(pair for pair, count in shared.items() if count >= 2)


def _affinity(text: str, drafts: list[Draft], d: int, skip: Block) -> float:
    """How much `text` reads like the rest of article `d` (shared words, rarer ones weigh more)."""
    words = set(content_words(text))
    rest = set()
    for block in (*drafts[d].heading, *drafts[d].blocks):
        if block is not skip:
            rest.update(content_words(block.text.replace("\n", "")))
    if not words:
        return 0.0
    return sum(1 / math.log(2 + len(w)) for w in words & rest) / len(words)


def _runs_on(text: _Text, end: int) -> bool:
    """The sentence goes on right after the run ending at sig position `end` (a letter
    follows, not punctuation or the block's end): the copies part mid-sentence."""
    return end < len(text.sig) and text.where[end] == text.where[end - 1] + 1


def _captioned(drafts: list[Draft], text: _Text) -> bool:
    """A caption with its photo credit: closing it (`…开镰收割。新华社记者 甲 摄`) or under it."""
    blocks = drafts[text.draft].blocks
    following = blocks[text.index + 1] if text.index + 1 < len(blocks) else None
    found = trailing_credit(text.block.text.replace("\n", ""), last=False)
    return (found is not None and found[2] == "photo") or (following is not None and following.kind == "credit")


def apply(state: PageState, context) -> PageState:
    drafts = list(state.drafts)
    texts = _texts(drafts)
    cuts: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)  # (draft, block) -> sig spans
    position = {id(text): n for n, text in enumerate(texts)}
    for x, y in _candidate_pairs(texts):
        first, second = texts[x], texts[y]
        for a0, a1, b0, b1 in _regions(first.sig, second.sig):
            if first.draft == second.draft:
                if _captioned(drafts, first) and _captioned(drafts, second):
                    continue  # a photo group prints one caption under several photos, each credited
                if b1 - b0 < SHARED_OPENING and _runs_on(first, a1) and _runs_on(second, b1):
                    continue  # two sentences opening alike (`4月18日，某村村民在…` / `4月18日，某村工人…`)
                loser, winner, span, source_end = second, first, (b0, b1), a1
                reason = "printed twice in this article"
            else:
                region = second.sig[b0:b1]
                keep_first = _affinity(region, drafts, first.draft, first.block) >= _affinity(
                    region, drafts, second.draft, second.block
                )
                loser, winner = (second, first) if keep_first else (first, second)
                span, source_end = ((b0, b1), a1) if keep_first else ((a0, a1), b1)
                reason = f"spliced from the article headed {drafts[winner.draft].heading_text[:20]!r}"
            cuts[loser.draft, loser.index].append((*span, reason))
            if span[1] == len(loser.sig):
                _follow(texts, position[id(loser)], position[id(winner)], source_end, reason, cuts)
    removals = []
    by_key = {(t.draft, t.index): t for t in texts}
    for (d, i), spans in sorted(cuts.items()):
        text = by_key[d, i]
        new_text, removed = _cut(text, spans)
        removals.extend(removed)
        blocks = list(drafts[d].blocks)
        blocks[i] = blocks[i].with_text(new_text)
        drafts[d] = replace(drafts[d], blocks=tuple(blocks))
    drafts = [replace(d, blocks=tuple(b for b in d.blocks if b.text.strip())) for d in drafts]
    return state.replace_drafts([d for d in drafts if d.heading or d.blocks], removals=removals)


def _follow(texts: list[_Text], loser: int, winner: int, source_end: int, reason: str, cuts) -> None:
    """A copy that runs to the end of its block may go on in the next blocks of its article
    (a column break inside the repeated paragraph): cut those while they match the source."""
    source = texts[winner].sig[source_end:]
    following = winner + 1
    while len(source) < 200 and following < len(texts) and texts[following].draft == texts[winner].draft:
        source += texts[following].sig
        following += 1
    index = loser + 1
    while source and index < len(texts) and texts[index].draft == texts[loser].draft:
        sig = texts[index].sig
        shared = len(sig) if source.startswith(sig) else (len(source) if sig.startswith(source) else 0)
        if not shared:
            return
        cuts[texts[index].draft, texts[index].index].append((0, shared, reason))
        source = source[shared:]
        index += 1


def _cut(text: _Text, spans: list[tuple[int, int, str]]) -> tuple[str, list[Removal]]:
    """Removes sig spans from a block's text (the whole block when they cover nearly all)."""
    block = text.block
    covered = sum(e - s for s, e, _ in _merge(spans))
    if covered >= WHOLE_BLOCK * len(text.sig):
        return "", [Removal(NAME, block.first, block.text.replace("\n", ""), spans[0][2])]
    removals, pieces, position = [], [], 0
    for start, end, reason in _merge(spans):
        raw_start = text.where[start]
        raw_end = text.where[end - 1] + 1
        while raw_end < len(block.text) and not block.text[raw_end].isalnum() and block.text[raw_end] != "\n":
            raw_end += 1  # the run's own closing punctuation goes with it
        pieces.append(block.text[position:raw_start])
        line = block.first + block.text.count("\n", 0, raw_start)
        removals.append(Removal(NAME, line, block.text[raw_start:raw_end].replace("\n", ""), reason))
        position = raw_end
    pieces.append(block.text[position:])
    return "".join(pieces), removals


def _merge(spans):
    merged: list[list] = []
    for start, end, reason in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, reason])
    return [tuple(m) for m in merged]
