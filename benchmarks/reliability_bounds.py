"""Time and memory bounds under hostile input (docs/RELIABILITY.md): each case runs as its
own `python -m sitegen` process and reports wall time and peak resident memory (the
child's ru_maxrss from resource.getrusage).

    python benchmarks/reliability_bounds.py          # all cases (the 50 MB page takes ~30 s)
    python benchmarks/reliability_bounds.py --quick  # without the 50 MB page
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "seeds" / "2018-07-05" / "004_74110412767267a2.txt"
sys.path.insert(0, str(REPO))


# Runs sitegen in a child of its own and prints that child's own ru_maxrss: RUSAGE_CHILDREN
# of this script would be the largest of all cases so far.
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)


def run(root: Path, *args: str) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one sitegen process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "sitegen", "--root", str(root), "-q", *args],
        cwd=root, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    seconds = time.perf_counter() - started
    peak, code = done.stdout.split()
    return seconds, int(peak) / 1024, int(code)


def project(folder: Path, raw: bytes | None = None, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text('[tool.sitegen]\nbase_url = "https://x.example/"\n', encoding="utf-8")
    if raw is not None:
        (folder / "seeds/2018-07-05").mkdir(parents=True)
        (folder / "seeds/2018-07-05/000_page.txt").write_bytes(raw)
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def big_page(megabytes: int) -> bytes:
    """Articles of random text made of the sample's characters (no two paragraphs alike, so
    duplicate removal does not shrink the page): headline, byline, wrapped paragraphs."""
    import random

    rng = random.Random(megabytes)
    chars = sorted({ch for ch in SAMPLE.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff"})
    out, size = [], 0
    while size < megabytes * 1024 * 1024:
        para = lambda n: "".join(rng.choice(chars) for _ in range(n)) + "。"  # noqa: E731
        lines = ["", "", para(12)[:-1], "", f"本报讯 记者{''.join(rng.sample(chars, 3))}报道 " + para(60)]
        for _ in range(rng.randrange(3, 8)):
            text = para(rng.randrange(40, 200))
            lines += [text[i : i + 21] for i in range(0, len(text), 21)] + [""]
        chunk = "\n".join(lines) + "\n"
        out.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(out).encode("utf-8")


def main() -> None:
    quick = "--quick" in sys.argv
    from sitegen import frontmatter

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)
    )
    started = time.perf_counter()
    try:
        frontmatter.load(bomb)
    except frontmatter.FrontMatterError:
        pass
    print(f"alias bomb (9 levels x 9):                refused in {1000 * (time.perf_counter() - started):.1f} ms")

    cases = [
        ("100,000-character line in a raw page", lambda d: project(d, SAMPLE.read_bytes() + ("\n\n记者张浩呈报道 " + "职工" * 50_000).encode()), ("ingest", "seeds")),
        ("65 MB raw page (over the limit, sparse)", None, ("ingest", "seeds")),
        ("5 MB raw page", lambda d: project(d, big_page(5)), ("ingest", "seeds")),
    ]
    if not quick:
        cases.append(("50 MB raw page", lambda d: project(d, big_page(50)), ("ingest", "seeds")))
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, make, args) in enumerate(cases):
            folder = Path(tmp) / str(number)
            if make is None:
                project(folder)
                (folder / "seeds/2018-07-05").mkdir(parents=True)
                with open(folder / "seeds/2018-07-05/000_huge.txt", "wb") as stream:
                    stream.truncate(65 * 1024 * 1024)
            else:
                make(folder)
            seconds, peak, code = run(folder, *args)
            articles = len(list((folder / "content").rglob("*.md"))) if (folder / "content").is_dir() else 0
            print(f"{name + ':':42s} {seconds:6.1f} s, peak {peak:6.0f} MB, exit {code}, {articles} articles")


if __name__ == "__main__":
    main()
