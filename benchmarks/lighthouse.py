"""Lighthouse (mobile) scores of every kind of page of a built site.

In: a built site folder (default: builds the sample edition), served on loopback with the
deployed headers of netlify.toml. Out: a table of the four category scores per page (the
search page is `noindex` on purpose, so its SEO score is shown but not held to the bar);
exit 1 when a score is under --min (default 95).

Needs Lighthouse 12.2.3 (Node 20) and Debian's chromium:
    npm i -E --prefix ~/.cache/sitegen-lighthouse lighthouse@12.2.3   (or pass --lighthouse)
    python benchmarks/lighthouse.py [--site public] [--lighthouse PATH] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from a11y import PAGES, build_sample, page_paths  # noqa: E402
from browser import CHROMIUM, deployed_headers, serve_folder  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DEFAULT_LIGHTHOUSE = Path.home() / ".cache" / "sitegen-lighthouse" / "node_modules" / ".bin" / "lighthouse"


def scores(lighthouse: Path, url: str, work: Path) -> dict[str, float]:
    report = work / "report.json"
    subprocess.run(
        [str(lighthouse), url, "--quiet", "--output=json", f"--output-path={report}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run",
         "--only-categories=" + ",".join(CATEGORIES)],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the sample)")
    parser.add_argument("--lighthouse", type=Path, default=DEFAULT_LIGHTHOUSE)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--min", type=int, default=95)
    args = parser.parse_args()
    failing = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = args.site
        if site is None:
            site = build_sample(work / "site")
        paths = page_paths(site)
        print(f"{'page':<14} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        with serve_folder(site, deployed_headers()) as base:
            for kind in PAGES:
                runs = [scores(args.lighthouse, base + paths[kind], work) for _ in range(args.runs)]
                median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                held = [c for c in CATEGORIES if not (kind == "search" and c == "seo")]
                failing += sum(median[c] < args.min for c in held)
                print(f"{kind:<14} " + " ".join(f"{median[c]:>14g}" for c in CATEGORIES))
    print(f"{failing} scores under {args.min}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
