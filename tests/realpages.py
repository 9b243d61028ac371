"""Raw pages laid out from real articles of other papers, and the acceptance measure.

In: the hand-written truths of benchmarks/corpus/real/{dev,heldout,heldout2}/*.md (published text,
credits marked `{{…}}` where the page printed them) and a seed. Out: the text of raw pages
with a feed's defects (column wrap, column breaks inside sentences, names and credits,
half-width punctuation, bylines fused with the lede, look-alike `·`, invisible characters,
`■`/`□` credit marks, photo items and briefs run into their neighbours), and per article
the checks of the acceptance measure: found, headline parts, names and roles, city, body,
reading order. The checks are those of tests/test_ingest_synthetic.py::compare, made per
article so that one miss does not hide the rest of a page.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import frontmatter
from sitegen.ingest import pipeline
from sitegen.ingest.model import RawPage

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "real"
HOME_PROVINCE = "浙江"
HALF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}
LOOKALIKE_DOTS = "•‧．・"
INVISIBLE = ("\u200b", "\u00a0", "\u3000", "\u200e")
CREDIT_RE = re.compile(r"\{\{(.*?)\}\}")
ROLES = ("reporters", "correspondents", "photographers")


def han(text: str) -> str:
    return "".join(re.findall("[\u4e00-\u9fff]", text))


@dataclass(frozen=True)
class Truth:
    name: str  # file name
    paper: str
    headline: str
    kicker: str
    subtitle: str
    column: str  # a column head printed above an untitled brief (工会动态)
    people: dict  # role -> names
    city: str
    kind: str  # article, photo, brief
    paragraphs: tuple[str, ...]  # as printed, credits marked {{…}}

    @property
    def body(self) -> str:
        return "".join(han(CREDIT_RE.sub("", p)) for p in self.paragraphs)

    @property
    def credits(self) -> list[str]:
        return [c for p in self.paragraphs for c in CREDIT_RE.findall(p)]


def load(part: str) -> list[Truth]:
    """The articles of `part` (a folder of the corpus: 'dev', 'heldout', 'heldout2'), in file order."""
    truths = []
    for path in sorted((CORPUS / part).glob("*.md")):
        front, body, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        truths.append(
            Truth(
                path.name, front.get("paper", ""), front.get("headline") or "", front.get("kicker") or "",
                front.get("subtitle") or "", front.get("column") or "",
                {role: list(front.get(role) or []) for role in ROLES}, front.get("city") or "", front.get("kind", "article"),
                tuple(p.strip() for p in body.strip().split("\n\n") if p.strip()),
            )
        )
    return truths


# -- defect classes: what an article is (from its truth) and what the layout did to it --

def content_classes(truth: Truth) -> set[str]:
    from sitegen.ingest.places import divisions

    classes = {"all", truth.kind if truth.kind != "article" else "article"}
    for paragraph in truth.paragraphs:
        first = CREDIT_RE.search(paragraph)
        if first and paragraph[: first.start()].strip():
            classes.add("credit_in_paragraph")  # `…获得比赛前三名。通讯员王某某 摄`
    photo_credits = [c for c in truth.credits if re.search("摄|供图", c)]
    if len(photo_credits) > 1:
        classes.add("photo_group")
    for credit in truth.credits:
        names = re.sub(r"^[^（(]*?(讯|电)", "", credit)
        if len(han(names)) >= 2 and not re.search("记者|通讯员|摄|供图|报道", names):
            classes.add("names_without_role")  # `（阳阳）`, `本报讯（甲 乙）`
    if any("·" in n for names in truth.people.values() for n in names) or any("·" in p for p in truth.paragraphs):
        classes.add("dot_name")
    text = truth.kicker + truth.headline + truth.subtitle + "".join(truth.paragraphs)
    if truth.city and truth.city not in text:
        counties = {d.short for d in divisions() if d.level == "county" and d.city == truth.city}
        if any(c in text for c in counties):
            classes.add("county")
    if truth.city:
        provinces = {d.province for d in divisions() if d.city == truth.city}
        if HOME_PROVINCE not in provinces:
            classes.add("out_of_province")
    return classes


# -- layout --

@dataclass
class Layout:
    seed: int
    width: int | None  # None: a line per paragraph
    column_break: float
    half_width: float
    defects: float  # chance of each layout defect per article


def _punctuate(text: str, rng: random.Random, layout: Layout) -> str:
    return "".join(HALF[ch] if ch in HALF and rng.random() < layout.half_width else ch for ch in text)


def _wrap(text: str, rng: random.Random, layout: Layout, protect: tuple[int, int] | None = None) -> list[str]:
    """Lines of a paragraph: wrapped at the column width, blank lines at column breaks."""
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


def _cut(credit: str, rng: random.Random) -> str:
    """A column break inside a credit: `本报通` / blank / `讯员 陈某 摄`, or inside a name."""
    letters = [i for i in range(1, len(credit)) if credit[i - 1].strip() and credit[i].strip()]
    if not letters:
        return credit
    at = rng.choice(letters)
    return credit[:at] + "\n\n" + credit[at:]


def _disguise_credit(credit: str, rng: random.Random, classes: set[str], layout: Layout) -> str:
    if rng.random() < layout.defects and "·" in credit:
        credit = credit.replace("·", rng.choice(LOOKALIKE_DOTS))
        classes.add("lookalike_dot")
    if rng.random() < layout.defects:
        spaces = [i for i, ch in enumerate(credit) if ch in " 　"] or [len(credit) // 2]
        at = rng.choice(spaces)
        credit = credit[:at] + rng.choice(INVISIBLE) + credit[at:]
        classes.add("invisible")
    return credit


def render_article(truth: Truth, rng: random.Random, layout: Layout) -> tuple[list[str], set[str]]:
    classes = content_classes(truth)
    lines: list[str] = []
    if truth.column:
        lines.extend([truth.column, ""])
    heading = [truth.kicker, truth.headline, f"——{truth.subtitle}" if truth.subtitle else ""]
    for part in (h for h in heading if h):
        lines.extend([_punctuate(part, rng, layout), ""])
    paragraphs = list(truth.paragraphs)
    # A byline alone on its line is fused with the lede on some pages.
    if len(paragraphs) > 1 and CREDIT_RE.fullmatch(paragraphs[0]) and rng.random() < layout.defects and "摄" not in paragraphs[0]:
        paragraphs[:2] = [paragraphs[0] + " " + paragraphs[1]]
        classes.add("fused_byline")
    for index, paragraph in enumerate(paragraphs):
        pieces = CREDIT_RE.split(paragraph)  # text, credit, text, credit, ...
        printed = []
        for n, piece in enumerate(pieces):
            if n % 2:
                credit = _disguise_credit(piece, rng, classes, layout)
                alone = CREDIT_RE.fullmatch(paragraph) is not None
                if alone and rng.random() < layout.defects and not credit.lstrip().startswith(("□", "■")) and index > 0:
                    credit = rng.choice("■□") + credit.strip()
                    classes.add("marker_credit")
                if rng.random() < layout.defects and len(han(credit)) >= 3 and layout.width is not None:
                    credit = _cut(credit, rng)
                    classes.add("cut_credit")
                printed.append(credit)
            else:
                if "·" in piece and rng.random() < layout.defects:
                    piece = piece.replace("·", rng.choice(LOOKALIKE_DOTS))
                    classes.add("lookalike_dot")
                printed.append(_punctuate(piece, rng, layout))
        text = "".join(printed)
        for chunk in text.split("\n\n"):
            lines.extend(_wrap(chunk, rng, layout))
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return lines, classes


def render_page(truths: list[Truth], layout: Layout) -> tuple[str, list[set[str]]]:
    rng = random.Random(layout.seed)
    lines: list[str] = ["", ""]
    classes = []
    for number, truth in enumerate(truths):
        if number:
            short = truth.kind in ("photo", "brief") or truths[number - 1].kind in ("photo", "brief")
            lines.extend([""] * (1 if short and rng.random() < 0.5 else rng.choice((1, 2, 3))))
        article_lines, found = render_article(truth, rng, layout)
        lines.extend(article_lines)
        classes.append(found)
    return "\n".join(lines) + "\n", classes


def pages(truths: list[Truth], seed: int) -> list[list[Truth]]:
    """The articles dealt onto pages of 3-6 (briefs of one column stay together, in order)."""
    rng = random.Random(seed)
    groups: list[list[Truth]] = []
    for truth in truths:
        if truth.kind == "brief" and groups and groups[-1][0].kind == "brief" and not truth.column:
            groups[-1].append(truth)
        else:
            groups.append([truth])
    rng.shuffle(groups)
    result, current = [], []
    for group in groups:
        current.extend(group)
        if len(current) >= rng.randint(3, 6):
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def layouts(count: int) -> list[Layout]:
    rng = random.Random(1405)
    return [
        Layout(seed, rng.choice([None, 12, 13, 14, 15, 16]), rng.choice([0.0, 0.02, 0.04]), rng.random(), 0.5)
        for seed in range(count)
    ]


# -- ingest and the acceptance measure --

def ingest_text(text: str) -> list[dict]:
    page = RawPage("real.txt", tuple(text.split("\n")), dt.date(2020, 1, 1), 1)
    [state] = pipeline.run([page], pipeline.Context(home_province=HOME_PROVINCE))
    # The mark （原文缺失） asks the editor to look; it is not text (tests/test_ingest_synthetic.py).
    return [dict(d.fields) | {"body": d.body_text.replace("（原文缺失）", "")} for d in state.drafts]


def _overlap(a: str, b: str) -> float:
    from collections import Counter

    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


@dataclass
class Result:
    truth: Truth
    classes: set[str]
    checks: dict = field(default_factory=dict)  # check -> 0/1
    true_pairs: set = field(default_factory=set)
    got_pairs: set = field(default_factory=set)

    @property
    def acceptance(self) -> float:
        return sum(self.checks.values()) / len(self.checks)


CHECKS = ("found", "headline", "names", "city", "body", "order")


def score_page(truths: list[Truth], classes: list[set[str]], articles: list[dict]) -> tuple[list[Result], int]:
    """Per truth article, the checks of the acceptance measure; and how many articles ingest
    made that match no truth (an item split in two, a fragment on its own)."""
    bodies = [han(a["body"]) + han(a.get("headline", "") or "") for a in articles]
    pairs = sorted(
        ((_overlap(t.body, b), i, j) for i, t in enumerate(truths) for j, b in enumerate(bodies)), reverse=True
    )
    match: dict[int, int] = {}
    used: set[int] = set()
    for similarity, i, j in pairs:
        if similarity >= 0.5 and i not in match and j not in used:
            match[i], _ = j, used.add(j)
    results, previous = [], -1
    for i, truth in enumerate(truths):
        result = Result(truth, classes[i])
        result.true_pairs = {(role, name) for role in ROLES for name in truth.people[role]}
        j = match.get(i)
        if j is None:
            result.checks = {check: 0 for check in CHECKS}
            results.append(result)
            continue
        article = articles[j]
        got = {role: list(article.get(role, [])) for role in ROLES}
        result.got_pairs = {(role, name) for role in ROLES for name in got[role]}
        headline_ok = truth.kind == "brief" or (
            han(truth.headline) == han(article.get("headline", "") or "")
            and han(truth.kicker) == han(article.get("kicker", "") or "")
            and han(truth.subtitle) == han(article.get("subtitle", "") or "")
        )
        result.checks = {
            "found": 1,
            "headline": int(headline_ok),
            "names": int(all(set(got[r]) == set(truth.people[r]) for r in ROLES)),
            "city": int(truth.city == (article.get("city") or "")),
            "body": int(truth.body == han(article["body"])),
            "order": int(j > previous),
        }
        previous = max(previous, j)
        results.append(result)
    return results, len(articles) - len(match)
