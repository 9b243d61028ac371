"""How well ingest gives back real articles of other papers laid out as raw pages.

The articles (benchmarks/corpus/real/, truths written by hand from the published pages)
are dealt onto pages of 3-6 and laid out with a feed's defects (tests/realpages.py), each
set of pages with several layouts. Per article the acceptance measure checks: found,
headline parts, names and roles, city, body, reading order; acceptance is the share of
checks passed (0 for an article lost). Printed per defect class, with names F1, roles and
city over all articles.

    python benchmarks/ingest_real.py                   # dev part (tuned on)
    python benchmarks/ingest_real.py --heldout         # held-out part (only scored)
    python benchmarks/ingest_real.py --part heldout2   # any folder of benchmarks/corpus/real/
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from realpages import CHECKS, CORPUS, ingest_text, layouts, load, pages, render_page, score_page  # noqa: E402


def run(part: str, layout_count: int, verbose: bool = False) -> dict:
    truths = load(part)
    results, extra = [], 0
    for layout in layouts(layout_count):
        for page in pages(truths, layout.seed):
            text, classes = render_page(page, layout)
            found, spurious = score_page(page, classes, ingest_text(text))
            results.extend(found)
            extra += spurious
            if verbose:
                for r in found:
                    misses = [c for c, ok in r.checks.items() if not ok]
                    if misses:
                        print(f"seed {layout.seed} {r.truth.name}: {misses}", file=sys.stderr)
    return summarise(results, extra)


def summarise(results, extra: int) -> dict:
    by_class = defaultdict(list)
    for r in results:
        for c in r.classes:
            by_class[c].append(r)
    true_names = sum(len({n for _, n in r.true_pairs}) for r in results)
    got_names = sum(len({n for _, n in r.got_pairs}) for r in results)
    hit_names = sum(len({n for _, n in r.true_pairs} & {n for _, n in r.got_pairs}) for r in results)
    precision = hit_names / got_names if got_names else 1.0
    recall = hit_names / true_names if true_names else 1.0
    found_pairs = [(p, r) for r in results for p in r.true_pairs if p[1] in {n for _, n in r.got_pairs}]
    roles = sum(p in r.got_pairs for p, r in found_pairs) / len(found_pairs) if found_pairs else 1.0
    return {
        "articles": len(results),
        "acceptance": sum(r.acceptance for r in results) / len(results),
        "names_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "roles": roles,
        "city": sum(r.checks["city"] for r in results) / len(results),
        "lost": sum(1 - r.checks["found"] for r in results),
        "extra": extra,
        "classes": {
            c: (len(rs), sum(r.acceptance for r in rs) / len(rs), {k: sum(r.checks[k] for r in rs) / len(rs) for k in CHECKS})
            for c, rs in sorted(by_class.items())
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="score the held-out part")
    parser.add_argument("--part", help="score this folder of benchmarks/corpus/real/ (dev, heldout, heldout2…)")
    parser.add_argument("--layouts", type=int, default=6)
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    part = args.part or ("heldout" if args.heldout else "dev")
    if not (CORPUS / part).is_dir() or not any((CORPUS / part).glob("*.md")):
        parser.error(f"no articles in {CORPUS / part}")
    s = run(part, args.layouts, args.verbose)
    print(f"## {part}: {s['articles']} articles laid out ({args.layouts} layouts)\n")
    print(f"acceptance {s['acceptance']:.3f} · names F1 {s['names_f1']:.3f} · roles {s['roles']:.3f} · "
          f"city {s['city']:.3f} · lost {s['lost']} · extra {s['extra']}\n")
    print("| class | articles | acceptance | " + " | ".join(CHECKS) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in CHECKS) + " |")
    for name, (count, acceptance, checks) in s["classes"].items():
        print(f"| {name} | {count} | {acceptance:.3f} | " + " | ".join(f"{checks[k]:.2f}" for k in CHECKS) + " |")


if __name__ == "__main__":
    main()
