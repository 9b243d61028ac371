"""Recall and precision of the site's search, measured in a real browser.

In: a built site (with sitegen's index, and optionally plain Pagefind's index of the same
pages beside it). Out: recall@10 and precision@10 per query class. The queries come from
the content, not typed by hand: every person, city and county of the front matter,
2-character words, 4-character runs of Han text (word boundaries crossed or not) and
numbers. A query's relevant articles are those whose indexed text contains it (a number
as a whole number: 20 is not in 2018).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from browser import launch_chromium, serve_folder
from sitegen.search.grams import normalize
from sitegen.search.index import scan
from sitegen.search.records import read_record
from sitegen.text import HAN_RE

DEFAULTS = "pagefind-defaults"  # plain Pagefind's bundle, beside sitegen's pagefind/
CLASSES = ("person", "place", "word2", "phrase4", "number")
PLACE_CLASSES = ("person", "place")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    relevant: frozenset[str]  # article URLs


def article_texts(out_dir: Path) -> dict[str, str]:
    """URL -> the text the search indexes (the `data-pagefind-body` element's text)."""
    return {p.url: read_record(p.path.read_text(encoding="utf-8"), p.url).text for p in scan(out_dir, "")}


def build_queries(articles, texts: dict[str, str], per_class: int = 60, seed: int = 5) -> list[Query]:
    """`articles`: the loaded `Article`s (front matter); `texts`: article_texts()."""
    from sitegen.ingest.segment import words

    rng = random.Random(seed)
    normalized = {url: normalize(text).lower() for url, text in texts.items()}
    candidates: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        candidates["person"].update(name for _, name in article.people())
        candidates["place"].update(p for p in (article.city, article.county) if p)
    for text in sorted(texts.values()):
        for run in re.findall(f"{HAN_RE.pattern}+", text):
            candidates["phrase4"].update(run[i : i + 4] for i in range(len(run) - 3))
            candidates["word2"].update(w for w in words(run) if len(w) == 2 and HAN_RE.fullmatch(w[0]))
        candidates["number"].update(n for n in re.findall(r"\d{2,}", text))
    queries = []
    for kind in CLASSES:
        pool = sorted(candidates[kind])
        chosen = pool if kind in PLACE_CLASSES else rng.sample(pool, min(per_class, len(pool)))
        for text in chosen:
            pattern = re.compile(rf"(?<!\d){text}(?!\d)" if kind == "number" else re.escape(normalize(text).lower()))
            relevant = frozenset(url for url, body in normalized.items() if pattern.search(body))
            if relevant:
                queries.append(Query(text, kind, relevant))
    return queries


def index_defaults(out_dir: Path) -> None:
    """Plain Pagefind over the same pages: what a site gets with no help."""
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out_dir), "--output-subdir", DEFAULTS, "--silent"],
        check=True,
    )


_RUN_SHIPPED = """async ([js, queries]) => {
  const search = await import(js);
  const out = [];
  for (const q of queries) out.push(await search.urls(document.querySelector('[data-search]').dataset.pagefindBase, q));
  return out;
}"""
_RUN_DEFAULTS = """async ([bundle, queries]) => {
  const pagefind = await import(bundle);
  const out = [];
  for (const q of queries) {
    const found = await pagefind.search(q);
    out.push(await Promise.all(found.results.slice(0, 10).map(async (r) => (await r.data()).url)));
  }
  return out;
}"""


def run_queries(out_dir: Path, queries: list[Query], which: str) -> list[list[str]]:
    """The first ten result URLs of each query, from the search page in headless Chromium:
    `shipped` is sitegen's search.js, `defaults` plain Pagefind's API."""
    script = next((out_dir / "assets").glob("search.*.js")).name
    with serve_folder(out_dir) as url, launch_chromium() as browser:
        page = browser.new_page()
        page.goto(url + "/search/")
        texts = [q.text for q in queries]
        if which == "shipped":
            found = page.evaluate(_RUN_SHIPPED, [f"/assets/{script}", texts])
        else:
            found = page.evaluate(_RUN_DEFAULTS, [f"/{DEFAULTS}/pagefind.js", texts])
        page.close()
    return [[u.split("#")[0] for u in urls] for urls in found]


def scores(queries: list[Query], found: list[list[str]]) -> dict[str, dict[str, float]]:
    """Per class and overall: recall@10 (relevant found in the top ten, of at most ten) and
    precision@10 (relevant among what was returned, over queries that returned anything)."""
    by_kind: dict[str, list[tuple[float, float | None]]] = defaultdict(list)
    for query, urls in zip(queries, found):
        top = urls[:10]
        hits = sum(1 for u in top if u in query.relevant)
        pair = (hits / min(10, len(query.relevant)), hits / len(top) if top else None)
        by_kind[query.kind].append(pair)
        by_kind["all"].append(pair)
        if query.kind in PLACE_CLASSES:
            by_kind["names+places"].append(pair)
    table = {}
    for kind, pairs in by_kind.items():
        precisions = [p for _, p in pairs if p is not None]
        table[kind] = {
            "queries": len(pairs),
            "recall": sum(r for r, _ in pairs) / len(pairs),
            "precision": sum(precisions) / len(precisions) if precisions else 0.0,
        }
    return table


def format_table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """results: setup name -> scores(); a Markdown table."""
    kinds = [k for k in (*CLASSES, "names+places", "all") if any(k in r for r in results.values())]
    lines = ["| class | queries | " + " | ".join(f"{name} recall@10 | {name} precision@10" for name in results) + " |"]
    lines.append("| --- " * (2 + 2 * len(results)) + "|")
    for kind in kinds:
        first = next(iter(results.values()))[kind]
        cells = [f"{r[kind]['recall']:.3f} | {r[kind]['precision']:.3f}" for r in results.values()]
        lines.append(f"| {kind} | {first['queries']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

