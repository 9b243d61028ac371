"""Raw pages made from known articles, laid out with the defects of a real feed.

In: articles (front matter and Markdown body, e.g. the golden files of the sample pages)
and a random generator. Out: the text of a raw page: lines wrapped at a column width or one
line per paragraph, blank lines at column breaks (also inside sentences and names),
half-width punctuation, bylines in the forms of DOMAIN.md fused with the lede or alone,
photo credits at the end, headlines over one to three lines. Ingesting such a page must
give the articles back: the test of the conventions rather than of two sample pages.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sitegen import frontmatter
from sitegen.ingest import serialize
from sitegen.text import han_chars

HALF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}


@dataclass(frozen=True)
class Truth:
    headline: str
    kicker: str
    subtitle: str
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    kind: str
    city: str
    blocks: tuple[tuple[str, str], ...]  # ("p" or "h", text)


def load_truths(folder: Path) -> list[list[Truth]]:
    """Golden article files -> one list of Truths per page folder, in print order."""
    pages = []
    for page in sorted(p for p in folder.rglob("*") if p.is_dir() and any(p.glob("*.md"))):
        truths = []
        for path in sorted(page.glob("*.md")):
            front, body, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
            blocks = tuple(
                ("h", chunk[3:]) if chunk.startswith("## ") else ("p", chunk.replace("\\", "").replace("（原文缺失）", ""))
                for chunk in body.strip().split("\n\n")
                if chunk.strip()
            )
            truths.append(
                Truth(
                    front["headline"], front.get("kicker", ""), front.get("subtitle", ""),
                    tuple(front.get("reporters", ())), tuple(front.get("correspondents", ())),
                    tuple(front.get("photographers", ())), front["kind"], front.get("city", ""), blocks,
                )
            )
        pages.append(truths)
    return pages


@dataclass(frozen=True)
class Layout:
    width: int | None  # None: one line per paragraph (004_…); else the column width (000_…)
    column_break: float  # chance of a blank line between two wrapped lines
    half_width: float  # chance that a full-width mark is printed half-width
    seed: int
    orphan: bool = False  # print an article's tail after the next article, without a headline
    repeat_headline: bool = False  # ... or under its headline printed again
    duplicate: bool = False  # print one paragraph twice


def _punctuate(text: str, rng: random.Random, layout: Layout) -> str:
    return "".join(HALF[ch] if ch in HALF and rng.random() < layout.half_width else ch for ch in text)


def _wrap(text: str, rng: random.Random, layout: Layout) -> list[str]:
    if layout.width is None:
        return [text]
    lines, position = [], 0
    while position < len(text):
        width = layout.width + rng.choice((-1, 0, 0, 1))
        lines.append(text[position : position + width])
        position += width
    out = [lines[0]]
    for line in lines[1:]:
        if rng.random() < layout.column_break:
            out.append("")
        out.append(line)
    return out


def _names(names) -> str:
    return "、".join(names)


def _byline(truth: Truth, rng: random.Random) -> tuple[str, bool]:
    """(byline text, alone on its line?) in one of the printed forms."""
    r, c = truth.reporters, truth.correspondents
    roles = " ".join(part for part in (f"记者{_names(r)}" if r else "", f"通讯员{_names(c)}" if c else "") if part)
    spaced = " ".join(part for part in (f"记者 {' '.join(r)}" if r else "", f"通讯员 {' '.join(c)}" if c else "") if part)
    forms = [
        (f"{roles}报道 ", False),
        (f"本报讯 {roles}报道 ", False),
        (f"本报讯（{roles}）", False),
        (f"■{spaced}", True),
        (f"□{roles}报道 ", False),
    ]
    return rng.choice(forms)


def _credit(truth: Truth, rng: random.Random) -> str:
    parts = []
    for name in truth.photographers:
        role = "通讯员" if name in truth.correspondents else "记者" if name in truth.reporters else ""
        parts.append(f"{role}{name}")
    joiner = " " if any(p[:2] in ("通讯", "记者") for p in parts) else "、"
    return joiner.join(parts) + rng.choice((" 摄", " 摄影报道"))


def _defects(truths: list[Truth], rng: random.Random, layout: Layout) -> list[tuple[Truth, list, list]]:
    """(truth, blocks printed under its headline, blocks printed after the next article)."""
    plans = [(truth, list(truth.blocks), []) for truth in truths]
    if layout.duplicate:
        candidates = [i for i, (t, b, _) in enumerate(plans) if t.kind == "article" and len(b) > 2]
        if candidates:
            i = rng.choice(candidates)
            blocks = plans[i][1]
            k = rng.choice([k for k, (kind, _) in enumerate(blocks) if kind == "p" and k > 0] or [0])
            blocks.insert(k + 1, blocks[k])
    if layout.orphan or layout.repeat_headline:
        candidates = [i for i, (t, b, _) in enumerate(plans[:-1]) if t.kind == "article" and len(b) >= 4]
        if candidates:
            i = rng.choice(candidates)
            truth, blocks, _ = plans[i]
            k = rng.randrange(len(blocks) * 2 // 3, len(blocks))
            while blocks[k][0] != "p":
                k += 1
            text = blocks[k][1]
            cut = rng.randrange(len(text) // 3, max(len(text) // 3 + 1, len(text) * 2 // 3))
            head = blocks[:k] + [("p", text[:cut])]
            tail = [("p", text[cut:])] + blocks[k + 1 :]
            plans[i] = (truth, head, [])
            plans[i + 1] = (plans[i + 1][0], plans[i + 1][1], [(truth, tail)])
    return plans


def render(truths: list[Truth], layout: Layout) -> str:
    rng = random.Random(layout.seed)
    lines: list[str] = ["", ""]
    for number, (truth, blocks, after) in enumerate(_defects(truths, rng, layout)):
        if number:
            lines.extend([""] * rng.choice((1, 2, 3)))
        heading = [truth.kicker, truth.headline, f"——{truth.subtitle}" if truth.subtitle else ""]
        for part in (h for h in heading if h):
            lines.extend([_punctuate(part, rng, layout), ""])
        if truth.kind == "photo":
            lines.append("")
        byline, alone = ("", False) if truth.kind == "photo" or not (truth.reporters or truth.correspondents) else _byline(truth, rng)
        for index, (kind, text) in enumerate(blocks):
            if kind == "h":
                lines.extend([_punctuate(text, rng, layout), ""])  # one blank line around, as printed
                continue
            if index == 0 and byline:
                if alone:
                    lines.append(byline)
                else:
                    text = byline + text
            lines.extend(_wrap(_punctuate(text, rng, layout), rng, layout))
            lines.append("")
        if truth.kind == "photo":
            lines.extend([_credit(truth, rng), ""])
        for moved, tail in after:
            if layout.repeat_headline:
                lines.extend(["", _punctuate(moved.headline, rng, layout), ""])
            for kind, text in tail:
                lines.extend(_wrap(_punctuate(text, rng, layout), rng, layout) if kind == "p" else [text])
                lines.append("")
        while lines and lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"


def han(text: str) -> str:
    return "".join(re.findall("[\u4e00-\u9fff]", text))


def han_ledger(lines, state) -> tuple[Counter, Counter, Counter]:
    """(printed, kept, reported): Han characters of a raw page, of its articles' headline
    parts and bodies, and of what the rules reported removing. Nothing is lost silently
    when printed == kept + reported."""
    printed = Counter(han_chars("\n".join(lines)))
    kept = Counter()
    for article in serialize.articles(state):
        front = dict(article.front)
        kept.update(han_chars(" ".join(front.get(k, "") for k in ("kicker", "headline", "subtitle"))))
        kept.update(han_chars(article.body.replace("（原文缺失）", "")))  # a mark for editors, not text
    reported = Counter(han_chars("".join(r.text for r in state.removals)))
    return printed, kept, reported
