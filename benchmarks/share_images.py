"""What share images (og:image, one PNG per article) cost a build, issue 17's budget: no
more than 20% of a cold build of 20,000 articles.

In: sizes in articles. Out: per size, medians of `--runs` of the cold build (no output, no
cache) with share images as configured by default (every article), for the last 30 days'
articles only (`share_image_days = 30`) and without (`share_images = false`), alternating so all
meet the same disk, wall and CPU seconds; and the rebuild after one article's headline is
edited (the first after the cold build included). Same generated daily as
benchmarks/scale.py, builds as subprocesses measured as there.

On this machine's disk a new file can cost thirty times its usual 20 µs for minutes after
many deletions (see scale.py, "old outputs are moved aside"), and then the images' 20,000
files cost more than their drawing: the time to make a file is probed before each cold
build (`scale.creation_probe`) and printed, so a run taken in that state can be told
apart, and `--work` on a tmpfs with `--delete-between` takes the disk out. User CPU is
given apart.

    python benchmarks/share_images.py --sizes 20000 [--runs 3] [--search] [--work /tmp/share-bench]
    python benchmarks/share_images.py --sizes 20000 --search --work /dev/shm/share-bench --delete-between
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402 - the archive, the measuring and the trash of the scale benchmark

SETTINGS = {
    "every article": "",  # the default
    "last 30 days": "share_image_days = 30\n",  # the others show the paper's own
    "no images": "share_images = false\n",
}


def bench(work: Path, articles: int, runs: int, search: bool, delete_between: bool = False) -> dict:
    base = work / str(articles)
    pristine = base / "content-pristine"
    scale.generate(pristine, articles)
    roots = {}
    for name, setting in SETTINGS.items():
        root = roots[name] = base / name.replace(" ", "-")
        root.mkdir(parents=True, exist_ok=True)
        (root / "pyproject.toml").write_text(f"[tool.sitegen]\n{setting}", encoding="utf-8")
        scale.discard(root / "content")
        shutil.copytree(pristine, root / "content")
    os.sync()

    def clean(root: Path) -> None:
        for folder in (root / "public", root / ".sitegen-cache", *root.glob(".sitegen-public-*")):
            scale.discard(folder)
        if delete_between:
            scale.empty_trash()
        os.sync()

    samples: dict[str, list[tuple[float, float, float]]] = {f"{name} {case}": [] for name in SETTINGS for case in ("cold", "one edit")}
    probes: list[float] = []  # µs to create a file, before each cold build
    for run in range(runs):
        for name, root in roots.items():
            clean(root)
            probe = scale.creation_probe(root)
            seconds, _, _ = scale.run(scale.sitegen(root, root / "content", root / "public", search=search))
            samples[f"{name} cold"].append((seconds, scale.run.last_cpu, scale.run.last_user))
            probes.append(probe)
            print(
                f"  {name} cold {run + 1}: {seconds:.2f} s (CPU {scale.run.last_cpu:.2f} s, user {scale.run.last_user:.2f} s;"
                f" a new file took {probe:.0f} µs before it)",
                flush=True,
            )
    for run in range(runs):
        for name, root in roots.items():
            article = sorted((root / "content").rglob("*.md"))[run * 97 % 1000]
            text = article.read_text(encoding="utf-8")
            article.write_text(text.replace("headline: ", f"headline: 改{run}", 1), encoding="utf-8")
            seconds, _, _ = scale.run(scale.sitegen(root, root / "content", root / "public", search=search))
            samples[f"{name} one edit"].append((seconds, scale.run.last_cpu, scale.run.last_user))
            print(f"  {name} one edit {run + 1}: {seconds:.2f} s", flush=True)
    images = {name: len(list((root / "public").rglob("share.png"))) for name, root in roots.items()}
    medians = {key: tuple(statistics.median(sample[i] for sample in v) for i in range(3)) for key, v in samples.items()}
    return {"articles": articles, "images": images, "medians": medians, "samples": samples, "probes": probes}


def report(result: dict, search: bool) -> None:
    m = result["medians"]
    print(f"\n{result['articles']:,} articles, search {'on' if search else 'off'}; images: {result['images']}")
    probes = result["probes"]
    print(f"a new file took {min(probes):.0f}-{max(probes):.0f} µs before the cold builds (about 20 on a file system at rest)")
    print("| build | without | every article (default) | added | last 30 days | added |")
    print("| --- | --- | --- | --- | --- | --- |")
    for case, index, unit in (("cold", 0, "wall"), ("cold", 1, "CPU"), ("cold", 2, "user CPU"), ("one edit", 0, "wall")):
        base = m[f"no images {case}"][index]
        row = f"| {case}, {unit} | {base:.2f} s |"
        for name in ("every article", "last 30 days"):
            value = m[f"{name} {case}"][index]
            row += f" {value:.2f} s | {100 * (value / base - 1):+.1f}% |"
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", action="store_true", help="builds index search too")
    parser.add_argument("--work", type=Path, default=Path("/tmp/share-bench"))
    parser.add_argument(
        "--delete-between", action="store_true", help="deletes each output before the next build (on tmpfs: no cost, and no room for nine)"
    )
    args = parser.parse_args()
    try:
        for size in args.sizes:
            report(bench(args.work, size, args.runs, args.search, args.delete_between), args.search)
    finally:
        scale.empty_trash()


if __name__ == "__main__":
    main()
