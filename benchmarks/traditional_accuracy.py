"""繁體: how closely the browser's conversion (traditional.js with the s2t.json table the
build makes) follows OpenCC's full s2t conversion, what the table weighs, and what making
it costs a build.

In: the sample's articles (content/), the held-out real articles
(benchmarks/data/real_articles.jsonl: headline, subtitle, body) and the held-out pages of
benchmarks/corpus/real/heldout/. None of them was used to make the table: it keeps the
phrases of OpenCC's dictionary that the character table gets wrong, whatever the text.
Out: per set, the share of characters equal to OpenCC's s2t output, over all characters
and over those OpenCC changes; the same for the character table alone (no phrases), for
comparison; gzip sizes; seconds to make the tables and to read the shipped ones.

    python benchmarks/traditional_accuracy.py [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import launch_chromium, serve_folder

from sitegen.traditional import opencc_dicts, tables

THEME = ROOT / "themes" / "default" / "static"


def article_text(path: Path) -> str:
    """An article file's headline, kicker, subtitle and body (front matter's other fields dropped)."""
    source = path.read_text(encoding="utf-8")
    _, front, body = source.split("---\n", 2)
    heads = [m.group(2) for m in re.finditer(r"^(headline|kicker|subtitle): (.+)$", front, re.MULTILINE)]
    return "\n".join(heads + [body])


def text_sets() -> dict[str, list[str]]:
    real = [json.loads(line) for line in (ROOT / "benchmarks" / "data" / "real_articles.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return {
        "content/ (sample)": [article_text(p) for p in sorted((ROOT / "content").rglob("*.md"))],
        "real_articles.jsonl": ["\n".join(filter(None, (a.get("headline"), a.get("subtitle"), a.get("body")))) for a in real],
        "corpus/real/heldout": [p.read_text(encoding="utf-8") for p in sorted((ROOT / "benchmarks" / "corpus" / "real" / "heldout").glob("*.md"))],
    }


def browser_conversions(texts: list[str], table: bytes) -> list[str]:
    """`texts` converted by traditional.js in headless Chromium, with `table` as s2t.json."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "traditional.js").write_bytes((THEME / "traditional.js").read_bytes())
        (site / "s2t.json").write_bytes(table)
        (site / "index.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><script src="traditional.js" data-table="s2t.json"></script></head><body></body></html>',
            encoding="utf-8")
        with serve_folder(site) as url, launch_chromium() as browser:
            page = browser.new_page()
            page.goto(url + "/")
            converted = page.evaluate("texts => window.sitegenTraditional.load().then((convert) => texts.map(convert))", texts)
            page.close()
    return converted


def agreement(originals: list[str], converted: list[str], reference: list[str]) -> tuple[int, int, int, int]:
    """(characters, equal to the reference, characters the reference changes, of those equal)."""
    total = same = changed = changed_same = 0
    for original, got, want in zip(originals, converted, reference):
        if len(got) != len(want):
            raise SystemExit(f"length differs from OpenCC's: {original[:30]!r}")
        for o, g, w in zip(original, got, want):
            total += 1
            same += g == w
            if o != w:
                changed += 1
                changed_same += g == w
    return total, same, changed, changed_same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timings: median of this many runs")
    args = parser.parse_args()

    import opencc

    s2t = opencc.OpenCC("s2t")
    made_times = []
    for _ in range(args.runs):
        for cached in (opencc_dicts.load, tables.char_map, tables.phrase_map, tables.query_map):
            cached.cache_clear()
        start = time.perf_counter()
        made = tables.make_assets()
        made_times.append(time.perf_counter() - start)
    read_times = []
    for _ in range(args.runs):
        tables.assets.cache_clear()
        start = time.perf_counter()
        tables.assets()
        read_times.append(time.perf_counter() - start)
    assert tables.assets() == made, "the shipped tables differ from this OpenCC's: python -m sitegen.traditional.tables"

    print(f"OpenCC {opencc_dicts.version()}: {len(tables.char_map())} characters, "
          f"{len(tables.phrase_map())} phrases kept of {len(opencc_dicts.load('STPhrases'))}; "
          f"query table {len(tables.query_map())} characters")
    for name in ("s2t.json", "t2s.json"):
        print(f"{name}: {len(made[name]):,} bytes, {len(gzip.compress(made[name], 9)):,} gzipped")
    script = (THEME / "traditional.js").read_bytes()
    print(f"traditional.js: {len(script):,} bytes, {len(gzip.compress(script, 9)):,} gzipped")
    print(f"making the tables (when OpenCC changes): median {statistics.median(made_times):.2f} s; reading the shipped ones: "
          f"median {statistics.median(read_times) * 1000:.1f} ms ({args.runs} runs)")

    chars_only = json.dumps({"chars": json.loads(made["s2t.json"])["chars"], "phrases": ""}).encode()
    print(f"\n{'text':22} {'chars':>7} {'browser = OpenCC':>17} {'of changed':>11} {'chars only':>11} {'of changed':>11}")
    for name, texts in text_sets().items():
        reference = [s2t.convert(t) for t in texts]
        full = agreement(texts, browser_conversions(texts, made["s2t.json"]), reference)
        plain = agreement(texts, browser_conversions(texts, chars_only), reference)
        print(f"{name:22} {full[0]:7,} {full[1] / full[0]:16.3%} {full[3] / full[2]:11.2%} "
              f"{plain[1] / plain[0]:11.3%} {plain[3] / plain[2]:11.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
