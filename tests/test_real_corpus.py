"""The real corpus (benchmarks/corpus/real/): its parts keep apart, and the benchmark names them.

A held-out part is only worth its name if none of its articles is also in the part tuned on;
the benchmark scores any part by name and refuses one that has no articles.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from realpages import CORPUS, ROLES, load

ROOT = Path(__file__).resolve().parent.parent
PARTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_parts_share_no_article():
    seen: dict[str, str] = {}
    for part in PARTS:
        for truth in load(part):
            where = f"{part}/{truth.name}"
            assert truth.body not in seen, f"{where} repeats {seen.get(truth.body)}"
            seen[truth.body] = where


def test_truths_follow_the_conventions():
    for part in PARTS:
        for truth in load(part):
            where = f"{part}/{truth.name}"
            assert truth.kind in ("article", "photo", "brief"), where
            assert truth.headline or truth.kind in ("brief", "photo"), where  # untitled briefs and photos
            assert all(p.count("{{") == p.count("}}") for p in truth.paragraphs), where
            assert truth.paper, where
            names = [n for role in ROLES for n in truth.people[role]]
            assert all(n and " " not in n for n in names), where


def test_benchmark_refuses_a_part_with_no_articles():
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ingest_real.py"), "--part", "no-such-part"],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2
    assert "no articles in" in run.stderr and "Traceback" not in run.stderr
