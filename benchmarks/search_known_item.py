"""Known-item search: a reader types two or three words of a headline they remember; is
that article among the first results? Measured through the site's own search page
(/search/?q=…) in headless Chromium, beside plain Pagefind with its defaults indexing the
same pages in the same run, on generated archives with real articles mixed in.

    python benchmarks/search_known_item.py --sizes 3000 20000 [--split test] [--json out.json]

Known items (real text, not generated): the articles of the sample edition (content/)
and real published news articles collected from public e-paper and news pages
(benchmarks/data/real_articles.jsonl, each with its source URL). They replace generated
articles at random places of an archive from search_archive.py (headings made of the
paper's words, 40% with a kicker).

The query rule, written down before any figure was taken: segment the item's headline
(主题, not kicker or subtitle) with jieba, keep its content words (two or more
characters or a number, not a stop word: sitegen.ingest.segment.content_words), take
three of them when there are four or more and a coin says so, else two, distinct, in a
random order, joined by a space. Headlines with fewer than two content words give no
query. Items are split by a hash of their source: a third is `dev` (what the ranking may
be looked at and tuned on), two thirds `test` (reported, never tuned on); each item
gets two queries, drawn with different seeds.

Also measured on the same site: names and places recall@10 and precision@10 (the
conformance check of tests/search_quality.py); what a reader's first query downloads and
how long it waits under a mobile network profile (1.6 Mbps down, 150 ms round trip),
once typed on an open search page and once opening /search/?q=… cold; and the cold
build's search step (time, peak memory of the whole build), timed as a subprocess.
The mobile profile is applied by the server (serve_mobile), not by Chromium's per-page
network emulation: Pagefind 1.5 fetches its index from a web worker, whose requests
that emulation neither slowed nor counted (it saw 129 KB: the page's own files).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import http.server
import json
import random
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from browser import launch_chromium, serve_folder, serve_handler  # noqa: E402
from scale import run, search_step_seconds, sitegen  # noqa: E402
from search_archive import generate  # noqa: E402
from search_quality import PLACE_CLASSES, article_texts, build_queries, index_defaults, run_queries, scores  # noqa: E402
from sitegen.frontmatter import parse  # noqa: E402
from sitegen.ingest.segment import content_words  # noqa: E402

REAL = ROOT / "benchmarks" / "data" / "real_articles.jsonl"
CONFIG = '[tool.sitegen]\nsite_name = "基准日报"\nhome_province = "浙江"\n[tool.sitegen.page_names]\n"01" = "要闻"\n"05" = "基层"\n'


def known_items() -> list[dict]:
    """The sample edition's articles and the collected real ones: source, headline,
    kicker, subtitle, body."""
    items = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        front, body, _ = parse(path.read_text(encoding="utf-8"))
        items.append({"source": str(path.relative_to(ROOT)), "headline": front["headline"], "kicker": front.get("kicker"),
                      "subtitle": front.get("subtitle"), "body": body.strip()})
    for line in REAL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        items.append({"source": row["url"], "headline": row["headline"], "kicker": row.get("kicker"),
                      "subtitle": row.get("subtitle"), "body": row["body"]})
    return items


def split_of(item: dict) -> str:
    return "dev" if int(hashlib.sha256(item["source"].encode()).hexdigest(), 16) % 3 == 0 else "test"


def query_for(headline: str, rng: random.Random) -> str | None:
    """The reader's query (see the module's docstring)."""
    words = list(dict.fromkeys(content_words(headline)))
    if len(words) < 2:
        return None
    count = 3 if len(words) >= 4 and rng.random() < 0.5 else 2
    chosen = rng.sample(words, count)
    rng.shuffle(chosen)
    return " ".join(chosen)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def place_items(content: Path, items: list[dict], seed: int = 11) -> dict[str, dict]:
    """Puts each known item in place of a generated article at a random place of the
    archive; returns URL path -> item."""
    rng = random.Random(seed)
    files = sorted(content.rglob("*.md"))
    placed = {}
    for item, path in zip(items, rng.sample(files, len(items))):
        front, _, _ = parse(path.read_text(encoding="utf-8"))
        lines = [f"headline: {_quoted(item['headline'])}"]
        lines += [f"{key}: {_quoted(item[key])}" for key in ("kicker", "subtitle") if item.get(key)]
        lines += [f"{key}: {value}" for key, value in (
            ("byline", front["byline"]), ("reporters", "[" + ", ".join(front["reporters"]) + "]"),
            ("correspondents", "[" + ", ".join(front.get("correspondents") or []) + "]"), ("city", front["city"]),
            ("county", front["county"]), ("province", "浙江"), ("kind", "article"), ("edition", front["edition"]),
            ("page", front["page"]), ("order", front["order"]))]
        path.write_text("---\n" + "\n".join(lines) + "\n---\n" + item["body"] + "\n", encoding="utf-8")
        placed[f"/{front['edition']}/{int(front['page']):02d}/{int(front['order']):02d}/"] = item
    return placed


# The list is final: a count shown, and no older months being searched behind it.
_WAIT = (
    "() => { const s = document.querySelector('[data-status]');"
    " return s && /找到/.test(s.textContent) && !document.querySelector('[data-search]').hasAttribute('data-searching'); }"
)


def through_search_page(out: Path, queries: list[str]) -> list[list[str]]:
    """The first page of result URLs of each query, as the search page lists them."""
    found = []
    with serve_folder(out) as url, launch_chromium() as browser:
        page = browser.new_page()
        for query in queries:
            page.goto(f"{url}/search/?q={quote(query)}")
            page.wait_for_function(_WAIT, timeout=60000)
            found.append([a.split("#")[0] for a in page.eval_on_selector_all(".search-title a", "(links) => links.map((a) => a.getAttribute('href'))")])
        page.close()
    return found


def through_plain_pagefind(out: Path, queries: list[str]) -> list[list[str]]:
    """The first ten result URLs of each query from plain Pagefind's own API and index."""
    with serve_folder(out) as url, launch_chromium() as browser:
        page = browser.new_page()
        page.goto(url + "/search/")
        found = page.evaluate(
            """async (queries) => { const pf = await import('/pagefind-defaults/pagefind.js'); const out = [];
            for (const q of queries) { const r = await pf.search(q);
              out.push(await Promise.all(r.results.slice(0, 10).map(async (x) => (await x.data()).url))); }
            return out; }""",
            queries,
        )
        page.close()
    return [[u.split("#")[0] for u in urls] for urls in found]


def known_item_scores(targets: list[str], found: list[list[str]]) -> dict[str, float]:
    ranks = [urls.index(t) + 1 if t in urls else None for t, urls in zip(targets, found)]
    n = len(ranks)
    return {
        "queries": n,
        "top1": sum(1 for r in ranks if r == 1) / n,
        "top3": sum(1 for r in ranks if r and r <= 3) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


class _Link:
    """One shared downlink: bytes leave at `rate` bytes a second, whoever sends them."""

    def __init__(self, rate: float):
        self.rate, self.free, self.sent, self.lock = rate, time.monotonic(), 0, threading.Lock()

    def send(self, size: int) -> None:
        with self.lock:
            now = time.monotonic()
            self.free = max(self.free, now) + size / self.rate
            self.sent += size
            wait = self.free - now
        time.sleep(wait)


class _MobileHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # kept-alive connections, as a browser's
    link: _Link
    rtt = 0.15

    def do_GET(self):  # noqa: N802 - the base class's name
        time.sleep(self.rtt)  # the request's way there and the response's first byte back
        super().do_GET()

    def copyfile(self, source, outputfile):
        try:
            while chunk := source.read(8192):
                self.link.send(len(chunk))
                outputfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed mid-download (the service worker saving the edition)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_mobile(folder: Path, rtt: float = 0.15, mbps: float = 1.6):
    """Serves `folder` as over a mobile network: each response starts `rtt` seconds after
    its request, and all bodies share `mbps`; yields (base URL, link), link.sent counting
    the bytes sent."""
    link = _Link(mbps * 1e6 / 8)
    handler = functools.partial(type("Handler", (_MobileHandler,), {"link": link, "rtt": rtt}), directory=str(folder))
    with serve_handler(handler) as url:
        yield url, link


def mobile_first_query(out: Path, queries: list[str]) -> dict[str, float]:
    """Medians over `queries`, each in a fresh browser context (empty cache) over
    serve_mobile: `typed`: the search page open and idle, the query typed in its box and
    sent, until the first result shows (seconds, KB sent meanwhile); `opened`:
    /search/?q=… opened until the first result shows (seconds, KB); `page_open`: what
    opening /search/ fetches before a query (KB)."""
    figures = {"typed_s": [], "typed_kb": [], "opened_s": [], "opened_kb": [], "page_open_kb": []}
    with serve_mobile(out) as (url, link), launch_chromium() as browser:
        for query in queries:
            for mode in ("typed", "opened"):
                context = browser.new_context()
                page = context.new_page()
                before = link.sent
                if mode == "typed":
                    page.goto(url + "/search/")
                    page.wait_for_function("() => /输入/.test(document.querySelector('[data-status]').textContent)", timeout=120000)
                    page.wait_for_load_state("networkidle")
                    figures["page_open_kb"].append((link.sent - before) / 1000)
                    before = link.sent
                    page.fill("[data-search] input[name=q]", query)
                    start = time.perf_counter()
                    page.press("[data-search] input[name=q]", "Enter")
                else:
                    start = time.perf_counter()
                    page.goto(f"{url}/search/?q={quote(query)}", wait_until="commit")
                page.wait_for_selector(".search-result", timeout=120000)
                figures[f"{mode}_s"].append(time.perf_counter() - start)
                figures[f"{mode}_kb"].append((link.sent - before) / 1000)
                context.close()
    return {key: statistics.median(values) for key, values in figures.items()}


def bench(work: Path, articles: int, split: str, per_item: int, mobile: int) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    project = work / "project"
    content = project / "content"
    project.mkdir(parents=True)
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    generate(content, articles, every_days=1, kickers=0.4, word_titles=True)
    placed = place_items(content, known_items())
    out = work / "public"
    seconds, peak, _ = run(sitegen(project, content, out, search=True))
    result = {"articles": articles, "build_s": seconds, "search_s": search_step_seconds(run.last_output),
              "peak_mb": peak / 2**20, "pss_mb": run.last_pss / 2**20}
    print(f"{articles} articles: build {seconds:.1f} s, search step {result['search_s']} s, "
          f"peak {result['peak_mb']:.0f} MB RSS ({result['pss_mb']:.0f} MB PSS)", flush=True)
    start = time.perf_counter()
    index_defaults(out)
    result["defaults_index_s"] = time.perf_counter() - start
    targets, queries, splits = [], [], []
    for url, item in placed.items():
        for seed in range(per_item):
            query = query_for(item["headline"], random.Random(f"{seed}:{item['source']}"))
            if query:
                targets.append(url)
                queries.append(query)
                splits.append(split_of(item))
    chosen = [i for i, s in enumerate(splits) if split in ("all", s)]
    targets, queries = [targets[i] for i in chosen], [queries[i] for i in chosen]
    result["items"] = len({t for t in targets})
    for name, runner in (("sitegen", through_search_page), ("plain Pagefind", through_plain_pagefind)):
        start = time.perf_counter()
        found = runner(out, queries)
        result[name] = known_item_scores(targets, found)
        result[name]["misses"] = [(q, t, f[:3]) for q, t, f in zip(queries, targets, found) if t not in f[:3]][:40]
        print(f"  {name}: {result[name]['queries']} queries in {time.perf_counter() - start:.0f} s: "
              f"top-1 {result[name]['top1']:.3f}, top-3 {result[name]['top3']:.3f}, MRR {result[name]['mrr']:.3f}", flush=True)
    from sitegen.config import load_config
    from sitegen.site.content import load_articles

    loaded, _ = load_articles(content, load_config(project).root)
    names = [q for q in build_queries(loaded, article_texts(out)) if q.kind in PLACE_CLASSES]
    for which in ("shipped", "defaults"):
        table = scores(names, run_queries(out, names, which))["names+places"]
        result[f"names_{which}"] = table
        print(f"  names and places, {which}: {table['queries']} queries, recall@10 {table['recall']:.3f}, "
              f"precision@10 {table['precision']:.3f}", flush=True)
    if mobile:
        result["mobile"] = mobile_first_query(out, random.Random(5).sample(queries, min(mobile, len(queries))))
        print("  mobile first query:", {k: round(v, 2) for k, v in result["mobile"].items()}, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--queries-per-item", type=int, default=2)
    parser.add_argument("--mobile", type=int, default=9, help="queries timed under the mobile profile (0: none)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/known-item-bench"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = [bench(args.work / str(n), n, args.split, args.queries_per_item, args.mobile) for n in args.sizes]
    print(f"\n| articles | engine | queries ({args.split}) | top-1 | top-3 | MRR |\n| --- | --- | --- | --- | --- | --- |")
    for r in results:
        for name in ("sitegen", "plain Pagefind"):
            s = r[name]
            print(f"| {r['articles']:,} | {name} | {s['queries']} | {s['top1']:.3f} | {s['top3']:.3f} | {s['mrr']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
