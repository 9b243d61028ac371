"""Ingest speed in pages per second on one core, after start-up (jieba's dictionary loaded).

Generates N raw pages from the two sample pages (numbers and names varied so nothing is
cached by accident), spread over editions of 8 pages, then times `ingest_paths` over all
of them, `--runs` times, and prints the median.

    python benchmarks/ingest_speed.py --pages 300 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sitegen.config import load_config
from sitegen.ingest import ingest_paths
from sitegen.ingest.segment import tokenizer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds" / "2018-07-05").glob("*.txt"))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"


def vary(text: str, rng: random.Random) -> str:
    """The same page with other numbers and a few other surnames: same shape, new words."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch.isdigit() and rng.random() < 0.5:
            chars[i] = str(rng.randrange(10))
        elif ch in SURNAMES and rng.random() < 0.3:
            chars[i] = rng.choice(SURNAMES)
    return "".join(chars)


def generate(folder: Path, pages: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for n in range(pages):
        edition = folder / f"2019-{1 + n // 8 // 28:02d}-{1 + n // 8 % 28:02d}"
        edition.mkdir(parents=True, exist_ok=True)
        (edition / f"{n % 8:03d}_generated.txt").write_text(vary(texts[n % len(texts)], rng), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tokenizer()  # start-up: load jieba's dictionary once, outside the timing
    config = load_config(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        generate(seeds, args.pages)
        rates, cpu_rates = [], []
        for run in range(args.runs):
            out = Path(tmp) / f"content-{run}"
            start, cpu = time.perf_counter(), time.process_time()
            report = ingest_paths([seeds], out_dir=out, config=config, force=True)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            rates.append(report.pages / elapsed)
            cpu_rates.append(report.pages / cpu)
            print(
                f"run {run + 1}: {report.pages} pages, {report.articles} articles in {elapsed:.2f} s "
                f"({cpu:.2f} s CPU) = {rates[-1]:.1f} pages/s ({cpu_rates[-1]:.1f} per CPU second)"
            )
    # On a machine shared with other work, wall time counts their turns too; CPU time does not.
    print(
        f"median: {statistics.median(rates):.1f} pages/s on one core, "
        f"{statistics.median(cpu_rates):.1f} per CPU second ({args.pages} pages)"
    )


if __name__ == "__main__":
    main()
