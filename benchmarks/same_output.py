"""Whether a change to sitegen changes what it writes: the same projects built by this
checkout and by another (`--baseline`), compared file by file.

In: the baseline checkout. Out: for the sample edition (the repository's seeds/) and a
generated archive, the number of files and those whose bytes differ; exit 1 when any
differs. Each build runs in its own process with its checkout first on the path and its
checkout as the working folder (`python -m` puts the working folder first), at the same
project path, with the same SOURCE_DATE_EPOCH, so the only expected difference is the id
in `.sitegen-manifest`, which hashes the code's version. Search is off by default:
Pagefind writes its filter files in a different order on every run of the same code.

    python benchmarks/same_output.py --baseline ../main [--articles 600] [--search]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_archive  # noqa: E402 - the generator shared with the other benchmarks

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {".sitegen-manifest"}  # its id hashes the code's version


def build(code: Path, project: Path, search: bool) -> dict[str, bytes]:
    """The site `code` builds from `project` (built in place, then read and deleted, with
    the articles its ingest wrote when the project has raw pages)."""
    program = f"import sys; sys.path.insert(0, {str(code)!r}); from sitegen.cli import main; sys.exit(main())"
    command = [sys.executable, "-c", program, "--root", str(project), "build", *([] if search else ["--no-search"])]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1600000000")
    done = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{code}: build failed\n{done.stderr[-2000:]}")
    public = project / "public"
    files = {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}
    written = [project / "content"] if (project / "seeds").is_dir() else []
    for leftover in [public, project / ".sitegen-cache", *project.glob(".sitegen-public-*"), *written]:
        shutil.rmtree(leftover, ignore_errors=True)
    return files


def compare(label: str, project: Path, baseline: Path, search: bool) -> bool:
    before, after = build(baseline, project, search), build(REPO, project, search)
    differ = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path) and path not in EXPECTED)
    print(f"{label}: {len(after)} files, {'identical' if not differ else f'{len(differ)} differ: {differ[:8]}'}"
          f" (apart from {', '.join(sorted(EXPECTED))})")
    return not differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another sitegen checkout")
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--search", action="store_true")
    args = parser.parse_args()
    baseline = args.baseline.resolve()
    same = True
    with tempfile.TemporaryDirectory(prefix="sitegen-same-") as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        shutil.copy(REPO / "pyproject.toml", sample)
        shutil.copytree(REPO / "seeds", sample / "seeds")
        same &= compare("sample edition", sample, baseline, args.search)
        archive = Path(tmp) / "archive"
        archive.mkdir()
        shutil.copy(REPO / "pyproject.toml", archive)
        search_archive.generate(archive / "content", args.articles, start="2019-03-01", every_days=1, kickers=0.5)
        same &= compare(f"archive of {args.articles} articles", archive, baseline, args.search)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
