"""What each cleanup rule does to the sample pages: articles, blocks, removals and notes.

    python benchmarks/rule_effects.py [raw page files or folders; default: seeds/]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen.ingest import pipeline
from sitegen.ingest.read import find_raw_files, read_page
from sitegen.text import han_count

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    files, _ = find_raw_files([Path(a) for a in argv] or [ROOT / "seeds"])
    pages = [read_page(path, ROOT) for path in files]
    context = pipeline.Context(home_province="浙江")
    previous = None
    for rule in pipeline.RULES:
        states = pipeline.run(pages, context, until=rule.NAME)
        articles = sum(len(s.drafts) for s in states)
        blocks = sum(len(d.blocks) for s in states for d in s.drafts)
        removals = [r for s in states for r in s.removals if r.rule == rule.NAME]
        notes = [n for s in states for n in s.notes] if previous is None else [
            n for s, p in zip(states, previous) for n in s.notes[len(p.notes) :]
        ]
        removed = sum(han_count(r.text) for r in removals)
        print(f"{rule.NAME:20s} articles {articles:3d}  blocks {blocks:4d}  removed {len(removals):2d} ({removed} Han)")
        for removal in removals:
            print(f"    - line {removal.line}: {removal.reason}: {removal.text[:40]}")
        for note in notes:
            print(f"    * {note}")
        previous = states


if __name__ == "__main__":
    main(sys.argv[1:])
