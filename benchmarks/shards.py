"""A measured simulation of building a multi-decade archive as independent shards.

In: a number of shards and articles per shard. Out: each shard (one period of the
archive, here consecutive years of a daily from 2016) generated into its own content
folder and built on its own, as a separate machine or CI job would (cold, search
included), with its time and peak memory; then the shard outputs are merged into one
folder the way static hosting would receive them, and the paths that more than one
shard writes (the ones a hub build must own) are listed.

    python benchmarks/shards.py [--shards 3] [--articles 2000] [--work /tmp/scale-shards]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402
import search_archive  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/scale-shards"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    scale.discard(args.work)  # deleted when the run ends, as in scale.py
    try:
        run_shards(args)
    finally:
        scale.empty_trash()


def run_shards(args: argparse.Namespace) -> None:
    rows = []
    owners: Counter[str] = Counter()
    for index in range(args.shards):
        year = 2016 + index
        base = args.work / str(year)
        content, out, root = base / "content", base / "public", base / "project"
        root.mkdir(parents=True)
        search_archive.generate(content, args.articles, start=f"{year}-01-01", seed=year, every_days=1, kickers=0.4)
        os.sync()
        seconds, peak, _ = scale.run(scale.sitegen(root, content, out, search=True))
        search = scale.search_step_seconds(scale.run.last_output)
        search = float("nan") if search is None else search
        files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
        owners.update(files)
        rows.append(
            {"shard": year, "articles": args.articles, "seconds": seconds, "search_seconds": search,
             "peak_mb": peak / 2**20, "pss_mb": scale.run.last_pss / 2**20, "files": len(files)}
        )
        print(
            f"shard {year}: {args.articles} articles, {seconds:.1f} s (search step {search:.1f} s), "
            f"{peak / 2**20:.0f} MB RSS ({scale.run.last_pss / 2**20:.0f} MB PSS), {len(files)} files",
            flush=True,
        )
    shared = sorted(path for path, count in owners.items() if count > 1)
    top = Counter(path.split("/", 1)[0] if "/" in path else path for path in shared)
    print(f"\npaths written by more than one shard: {len(shared)}; by top-level entry:")
    for name, count in sorted(top.items(), key=lambda kv: -kv[1]):
        print(f"  {name}: {count}")
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"shards": rows, "shared": dict(top)}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
