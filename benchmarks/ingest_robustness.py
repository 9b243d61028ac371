"""How often ingest gives the sample articles back from pages laid out anew with a feed's defects.

Each trial renders the golden sample articles (tests/fixtures/pages) as a raw page with a
random column width (or a line per paragraph), column breaks, half-width punctuation and
byline forms, plus one defect: none, an orphaned tail printed after the next article, a
tail under its repeated headline, or a paragraph printed twice. A trial passes when every
article comes back with the same headline parts, people, kind, city and body characters.

    python benchmarks/ingest_robustness.py --trials 40
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic import Layout, render  # noqa: E402
from test_ingest_synthetic import TRUTHS, compare, ingest_text  # noqa: E402

DEFECTS = ("none", "orphan", "repeat_headline", "duplicate")


def success_rate(defect: str, trials: int) -> tuple[int, int]:
    passed = total = 0
    for seed in range(trials):
        rng = random.Random(seed)
        flags = {defect: True} if defect != "none" else {}
        layout = Layout(rng.choice([None, 12, 13, 14, 15]), rng.choice([0.0, 0.02]), rng.random(), seed, **flags)
        for truths in TRUTHS:
            total += 1
            passed += not compare(truths, ingest_text(render(truths, layout)))
    return passed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    args = parser.parse_args()
    print("| defect | pages recovered exactly |\n| --- | --- |")
    for defect in DEFECTS:
        passed, total = success_rate(defect, args.trials)
        print(f"| {defect} | {passed}/{total} ({passed / total:.0%}) |")


if __name__ == "__main__":
    main()
