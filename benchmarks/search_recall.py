"""Search at archive scale: generates N articles (search_archive.py), builds the site,
times sitegen's index (cold, then again with nothing changed), reports bundle files and
sizes, measures recall@10 and precision@10 in headless Chromium for plain Pagefind and
for what sitegen ships, and what a reader's first search downloads and waits for.

    python benchmarks/search_recall.py --articles 10000 --work /tmp/search-bench
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from search_archive import generate  # noqa: E402
from browser import launch_chromium, serve_folder  # noqa: E402
from search_quality import article_texts, build_queries, format_table, index_defaults, run_queries, scores  # noqa: E402
from sitegen.config import load_config  # noqa: E402
from sitegen.search import index_site  # noqa: E402
from sitegen.site.build import BuildOptions, build_site  # noqa: E402
from sitegen.site.content import load_articles  # noqa: E402


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


_FIRST_SEARCH = """async ([js, base, query]) => {
  const search = await import(js);
  const start = performance.now();
  const urls = await search.urls(base, query);
  return performance.now() - start;
}"""


def first_searches(out: Path, queries, per_class: int = 15, seed: int = 3) -> str:
    """A table: for queries of each class, what opening the search page fetches from the
    index (Pagefind's script and wasm, the newest bundle's metadata and filters), what
    the first search then fetches (index chunks, fragments, the rest: metadata and filters
    of older bundles merged) and how long it takes, medians over the queries."""
    rng = random.Random(seed)
    by_kind = defaultdict(list)
    for query in queries:
        by_kind[query.kind].append(query)
    script = next((out / "assets").glob("search.*.js")).name
    rows = [
        "| class | queries | page open KB | index chunks KB | fragments KB | rest KB | ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    with serve_folder(out) as url, launch_chromium() as browser:
        for kind, items in by_kind.items():
            figures = []
            for query in rng.sample(items, min(per_class, len(items))):
                context = browser.new_context()
                page = context.new_page()
                opening = []
                page.on("requestfinished", lambda request: opening.append(request))
                page.goto(url + "/search/")
                page.wait_for_load_state("networkidle")
                opened = sum(r.sizes()["responseBodySize"] for r in opening if "/pagefind/" in r.url)
                requests = []
                page.on("requestfinished", lambda request: requests.append(request))
                ms = page.evaluate(_FIRST_SEARCH, [f"/assets/{script}", "/pagefind/", query.text])
                sizes = defaultdict(int)
                for request in requests:
                    kind_of = "index" if request.url.endswith(".pf_index") else "fragment" if request.url.endswith(".pf_fragment") else "rest"
                    sizes[kind_of] += request.sizes()["responseBodySize"]
                figures.append((opened, sizes["index"], sizes["fragment"], sizes["rest"], ms))
                context.close()
            kb = [statistics.median(f[i] for f in figures) / 1000 for i in range(4)]
            ms = statistics.median(f[4] for f in figures)
            rows.append(f"| {kind} | {len(figures)} | {kb[0]:.0f} | {kb[1]:.0f} | {kb[2]:.0f} | {kb[3]:.0f} | {ms:.0f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    parser.add_argument("--no-defaults", action="store_true", help="skip plain Pagefind (slow, memory hungry)")
    args = parser.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    (work / "project").mkdir(parents=True)
    (work / "project" / "pyproject.toml").write_text(
        '[tool.sitegen]\nsite_name = "测试"\nhome_province = "浙江"\n[tool.sitegen.page_names]\n"01" = "要闻"\n"05" = "基层"\n',
        encoding="utf-8",
    )
    content = work / "project" / "content"
    generate(content, args.articles)
    config = load_config(work / "project")
    out = work / "public"
    start = time.perf_counter()
    result = build_site(config, BuildOptions(out_dir=out, ingest=False, search=False))
    print(f"{result.articles} articles; site without search {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    search = index_site(config, out)
    cold = time.perf_counter() - start
    print(f"index, cold: {cold:.1f} s, Pagefind peak RSS {child_peak_mb():.0f} MB, bundles {search.bundles}")
    total_files = total_bytes = 0
    for period in search.bundles:
        files, size = folder_size(out / "pagefind" / period)
        total_files, total_bytes = total_files + files, total_bytes + size
        print(f"  bundle {period}: {search.bundles[period]} articles, {files} files, {size / 1e6:.1f} MB")
    per = 10000 / result.articles
    print(f"per 10,000 articles: {total_files * per:.0f} files, {total_bytes * per / 1e6:.0f} MB")

    shutil.rmtree(out / "pagefind")
    start = time.perf_counter()
    again = index_site(config, out)
    print(f"index, nothing changed: {time.perf_counter() - start:.1f} s (re-indexed: {again.indexed or 'none'})")

    articles, _ = load_articles(content, config.root)
    queries = build_queries(articles, article_texts(out))
    table = {}
    if not args.no_defaults:
        start = time.perf_counter()
        index_defaults(out)
        print(f"plain Pagefind index: {time.perf_counter() - start:.1f} s")
    for which in (("shipped",) if args.no_defaults else ("defaults", "shipped")):
        start = time.perf_counter()
        table[which] = scores(queries, run_queries(out, queries, which))
        print(f"{which}: {len(queries)} queries in {time.perf_counter() - start:.1f} s")
    print(format_table(table))
    print("first search on a fresh page (medians):")
    print(first_searches(out, queries))


if __name__ == "__main__":
    main()
