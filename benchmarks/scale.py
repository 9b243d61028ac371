"""Scale of `sitegen build` beside Hugo, on the same generated archive (issue 7).

In: sizes in articles. Out: a table of medians (of `--runs`) and peak memory for, per
size: the cold full build without search, search indexing, a rebuild with nothing
changed, the rebuild after editing one article, and the daily case (one new edition of
8 pages x 8 articles added, search included); Hugo (Debian's `hugo`) builds the same
articles with a minimal site (one list and one single template, city and person
taxonomies) in the same run.

Every build is a subprocess (`python -m sitegen --root DIR build --content ... --out ...
--no-ingest`). Peak memory is the largest sum of resident memory of the build's process
tree, sampled every 50 ms (sitegen renders in worker processes and runs Pagefind beside
them, so one process's `ru_maxrss` would understate it); the same with shared pages
counted once (PSS: forked workers share their parent's articles) and `ru_maxrss` of the
largest single child (resource.getrusage(RUSAGE_CHILDREN)) are recorded too, and the
CPU time (user + system) of the whole tree: on a machine others are using, wall time
follows each tool's share of the cores (Hugo runs many threads, sitegen two processes),
CPU time much less. Search from
scratch is the search step's own time in a cold build with search, as the build reports
it. Old outputs and content are moved aside and deleted only when the run ends (see
`discard`).

    python benchmarks/scale.py --sizes 2000 20000 [--runs 3] [--work /tmp/scale-bench]
    python benchmarks/scale.py --sizes 100000 --runs 1 --no-search --no-hugo   # linearity
    python benchmarks/scale.py --sizes 2000 5000 --no-search --baseline ../main  # before/after
    python benchmarks/scale.py --sizes 2000 5000 --search-only --baseline ../main  # the search step alone
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_archive  # noqa: E402 - the generator shared with the search benchmarks

REPO = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
START = "2016-01-01"  # a daily from New Year: 20,000 articles are 313 editions of 2016


def generate(content: Path, articles: int) -> None:
    """A daily: one edition a day, 8 pages of 8 articles, 40% with a kicker."""
    if not content.is_dir():
        search_archive.generate(content, articles, start=START, every_days=1, kickers=0.4)


def next_edition(content: Path, seed: int) -> Path:
    """Adds the edition after the newest one (64 articles); returns its folder."""
    newest = max(dt.date.fromisoformat(p.name) for p in content.iterdir() if p.is_dir())
    day = newest + dt.timedelta(days=1)
    search_archive.generate(content, 64, start=day.isoformat(), seed=seed, every_days=1, kickers=0.4)
    return content / day.isoformat()


# -- old outputs are moved aside, deleted when the run ends -------------------------------
# On a file system without a journal (this machine's ext4), creating a file within minutes
# of many deletions costs up to thirty times more: the inode allocator steps over every
# inode freed in the last minute, or six while its block is unwritten (`recently_deleted`
# in fs/ext4/ialloc.c). Deleting one cold build's 27,000 files just before the next would
# measure that, not the tools, so nothing is deleted until all figures are taken.
TRASH: list[Path] = []


def discard(path: Path) -> None:
    """Moves `path` (if it exists) into the run's trash folder, beside it."""
    if not path.exists():
        return
    trash = path.parent / ".bench-trash"
    trash.mkdir(exist_ok=True)
    target = trash / f"{path.name}-{os.getpid()}-{len(TRASH)}"  # (a killed run's trash may still be there)
    path.rename(target)
    TRASH.append(target)


def creation_probe(near: Path, files: int = 2000) -> float:
    """Microseconds to create one empty file beside `near` now: about 20 on a file system
    with no recent deletions, up to thirty times more within minutes of many (see above).
    Printed beside a build's time so a run taken in that state can be told apart. The
    files stay until the run ends."""
    folder = near.parent / f".creation-probe-{os.getpid()}-{len(TRASH)}"
    folder.mkdir()
    started = time.perf_counter()
    for number in range(files):
        os.close(os.open(folder / str(number), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    spent = time.perf_counter() - started
    discard(folder)
    return spent / files * 1e6


def empty_trash() -> None:
    for path in TRASH:
        shutil.rmtree(path, ignore_errors=True)
    TRASH.clear()


# -- measuring a subprocess --------------------------------------------------------------


def _pss(pid: int) -> int:
    """Proportional set size: resident memory with pages shared between processes (a
    forked worker and its parent) divided among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(root: int, pss: bool = False) -> int:
    """Resident bytes of `root` and all its descendants (from /proc); with `pss`, the
    proportional share instead (shared pages counted once)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * PAGE_SIZE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid) if pss else rss.get(pid, 0)
        stack += [child for child, parent in parents.items() if parent == pid]
    return total


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """(seconds, peak tree RSS bytes, largest child's ru_maxrss bytes) of one command.
    The command runs under a fresh Python so getrusage(RUSAGE_CHILDREN) is its own."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "sys.stderr.buffer.write(r.stderr[-4000:])\n"
        "sys.stdout.buffer.write(r.stdout[-2000:] + b'\\n')\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(usage.ru_utime, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", wrapper, *command], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "CI": "true"},
    )
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))
            peak_pss = max(peak_pss, _tree_rss(process.pid, pss=True))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err.decode(errors='replace')}")
    run.last_pss = peak_pss  # the proportional figure of the same run
    run.last_cpu = float(out.split()[-2])  # user + system seconds of the whole process tree
    # User seconds alone: a file system that recently freed many inodes (the previous cold
    # build's output, moved aside) makes creating files cost several times the system time.
    run.last_user = float(out.split()[-3])
    run.last_output = out.decode(errors="replace")  # the tool's own report (sitegen's step timings)
    return seconds, peak, int(out.split()[-1]) * 1024


def search_step_seconds(output: str) -> float | None:
    """The search step's own time in a sitegen build's report (`... search 31.19s)`)."""
    found = re.search(r"\bsearch (\d+\.\d+)s", output)
    return float(found.group(1)) if found else None


# -- the two tools -------------------------------------------------------------------------


def sitegen(root: Path, content: Path, out: Path, search: bool, code: Path | None = None) -> list[str]:
    """The build command; `code`: another checkout of sitegen to run instead (--baseline)."""
    program = ["-m", "sitegen"] if code is None else ["-c", f"import sys; sys.path.insert(0, {str(code)!r}); from sitegen.cli import main; sys.exit(main())"]
    command = [sys.executable, *program, "--root", str(root), "build", "--content", str(content), "--out", str(out), "--no-ingest"]
    return command + ([] if search else ["--no-search"])


HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-cn"
title = "基准日报"
disableKinds = ["RSS"]
paginate = 20
[taxonomies]
city = "cities"
person = "persons"
"""
HUGO_LIST = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ with .Params.kicker }}<small>{{ . }}</small> {{ end }}{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>
{{ with .Paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</body></html>
"""
HUGO_SINGLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><article>{{ with .Params.kicker }}<p>{{ . }}</p>{{ end }}<h1>{{ .Title }}</h1>{{ with .Params.subtitle }}<p>{{ . }}</p>{{ end }}
<p>{{ .Params.byline }} {{ range .Params.persons }}<a href="{{ "persons/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
{{ .Content }}</article>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>
"""


def to_hugo(source: Path, target: Path) -> None:
    """Article files -> Hugo content: headline -> title, edition -> date, people and
    city as taxonomies; the body as it is. Only files whose bytes changed are written."""
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        lines = []
        people: list[str] = []
        for line in front.splitlines():
            key, _, value = line.partition(": ")
            if key == "headline":
                lines.append(f"title: {value}")
            elif key == "edition":
                lines.append(f"date: {value}")
            elif key == "city":
                lines.append(f"cities: [{value}]")
            elif key in ("reporters", "correspondents"):
                people += [n.strip() for n in value.strip("[]").split(",") if n.strip()]
            else:
                lines.append(line)
        lines.append(f"persons: [{', '.join(dict.fromkeys(people))}]")
        out = target / "content" / path.relative_to(source)
        data = "---\n" + "\n".join(lines) + "\n---\n" + body
        if not out.is_file() or out.read_text(encoding="utf-8") != data:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(data, encoding="utf-8")


def hugo_site(site: Path) -> None:
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")


def hugo(site: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(site), "--destination", str(out)]


# -- the cases -------------------------------------------------------------------------------


def edit_one(content: Path, round_: int) -> Path:
    """Changes one sentence of one article in the middle of the archive."""
    files = sorted(content.rglob("*.md"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n---\n", f"\n---\n第{round_}次修改：", text, count=1), encoding="utf-8")
    return path


def measure(label: str, runs: int, setup, results: dict, key: str, after=None) -> None:
    """Runs the command `setup(i)` returns, `runs` times; `after()` is called after each."""
    samples = []
    for index in range(runs):
        command = setup(index)
        samples.append(run(command) + (run.last_pss, run.last_cpu))
        if after is not None:
            after()
        print(
            f"  {label} run {index + 1}: {samples[-1][0]:.2f} s, {samples[-1][1] / 2**20:.0f} MB RSS, "
            f"{samples[-1][3] / 2**20:.0f} MB PSS, {samples[-1][4]:.2f} s CPU",
            flush=True,
        )
    results[key] = {
        "seconds": statistics.median(s[0] for s in samples),
        "peak_mb": max(s[1] for s in samples) / 2**20,
        "maxrss_mb": max(s[2] for s in samples) / 2**20,
        "pss_mb": max(s[3] for s in samples) / 2**20,
        "cpu_s": statistics.median(s[4] for s in samples),
        "runs": [round(s[0], 2) for s in samples],
    }


def bench_size(
    work: Path, articles: int, runs: int, search_runs: int, with_hugo: bool, with_search: bool = True, baseline: Path | None = None
) -> dict:
    base = work / str(articles)
    pristine = base / "content-pristine"
    generate(pristine, articles)
    results: dict = {"articles": articles}
    root = base / "project"
    root.mkdir(parents=True, exist_ok=True)
    # Like for like with Hugo's minimal site, which draws no pictures: what share images
    # add is measured on its own (benchmarks/share_images.py).
    (root / "pyproject.toml").write_text("[tool.sitegen]\nshare_images = false\n", encoding="utf-8")
    baseline_root = base / "project-baseline"
    baseline_root.mkdir(exist_ok=True)
    # The same settings where the baseline code knows them (code older than share images
    # refuses the key; left out, newer code would draw 2,000 pictures the other does not).
    if baseline is not None and "share_images" in (baseline / "sitegen" / "config.py").read_text(encoding="utf-8"):
        shutil.copyfile(root / "pyproject.toml", baseline_root / "pyproject.toml")
    content, out = base / "content", base / "public"

    def fresh_content() -> None:
        discard(content)
        shutil.copytree(pristine, content)
        os.sync()

    def clean() -> None:  # then what earlier builds wrote is on disk: no build pays for another's
        for folder in (out, root / ".sitegen-cache", baseline_root / ".sitegen-cache", *base.glob(".sitegen-public-*")):
            discard(folder)
        os.sync()

    print(f"sitegen, {articles} articles", flush=True)
    fresh_content()
    cold = lambda i: (clean(), sitegen(root, content, out, search=False))[1]
    hugo_ready = with_hugo and shutil.which("hugo")
    site, hout = base / "hugo", base / "hugo-public"
    if hugo_ready:
        discard(site)
        hugo_site(site)
        to_hugo(content, site)

    def hugo_cold(i):
        discard(hout)
        discard(site / "resources")
        os.sync()
        return hugo(site, hout)

    tools = (["baseline"] if baseline else []) + ["sitegen"] + (["hugo"] if hugo_ready else [])
    if len(tools) > 1:
        # Cold builds alternate between the tools: consecutive cold builds slow down on a
        # busy disk (each writes and deletes tens of thousands of files), and both should
        # meet the same conditions.
        baseline_cold = lambda i: (clean(), sitegen(baseline_root, content, out, search=False, code=baseline))[1]
        commands = {"sitegen": lambda _: cold(i), "baseline": baseline_cold, "hugo": hugo_cold}
        for i in range(runs):
            print(f"  a new file costs {creation_probe(out):.0f} µs here (about 20 on a file system at rest)", flush=True)
            for tool in tools:
                measure(f"{tool} cold" if tool != "sitegen" else "cold, no search", 1, commands[tool], results, f"{tool}_cold_{i}")
        for tool in tools:
            samples = [results.pop(f"{tool}_cold_{i}") for i in range(runs)]
            results[f"{tool}_cold"] = {
                "seconds": statistics.median(s["seconds"] for s in samples),
                "peak_mb": max(s["peak_mb"] for s in samples),
                "maxrss_mb": max(s["maxrss_mb"] for s in samples),
                "pss_mb": max(s["pss_mb"] for s in samples),
                "cpu_s": statistics.median(s["cpu_s"] for s in samples),
                "runs": [s["runs"][0] for s in samples],
            }
    else:
        measure("cold, no search", runs, cold, results, "sitegen_cold")
    measure("no change", runs, lambda i: sitegen(root, content, out, search=False), results, "sitegen_nochange")
    measure("one edit", runs, lambda i: (edit_one(content, i), sitegen(root, content, out, search=False))[1], results, "sitegen_edit")

    if not with_search:  # the linearity run of 100,000: builds without search only
        return results

    def with_search(i):  # nothing kept: the cold build, then the index from scratch
        clean()
        return sitegen(root, content, out, search=True)

    stage: list[float] = []

    def search_stage() -> None:
        seconds = search_step_seconds(getattr(run, "last_output", ""))
        if seconds is not None:
            stage.append(seconds)

    measure("cold, search included", search_runs, with_search, results, "sitegen_search_build", after=search_stage)
    results["sitegen_search"] = {
        "seconds": statistics.median(stage) if stage else float("nan"),
        "runs": stage,
        "peak_mb": results["sitegen_search_build"]["peak_mb"],
        "pss_mb": results["sitegen_search_build"].get("pss_mb", 0),
        "maxrss_mb": results["sitegen_search_build"]["maxrss_mb"],
    }

    def daily(i):
        next_edition(content, seed=100 + i)
        return sitegen(root, content, out, search=True)

    measure("daily, search included", runs, daily, results, "sitegen_daily")

    if hugo_ready:
        print(f"hugo, {articles} articles", flush=True)
        fresh_content()
        discard(site)
        hugo_site(site)
        to_hugo(content, site)
        subprocess.run(hugo(site, hout), check=True, stdout=subprocess.DEVNULL)
        measure("no change", runs, lambda i: hugo(site, hout), results, "hugo_nochange")
        measure("one edit", runs, lambda i: (edit_one(content, i), to_hugo(content, site), hugo(site, hout))[2], results, "hugo_edit")
        # The daily case without search: Hugo has none of its own (Pagefind over its
        # output is the issue's anchor column).
        measure(
            "daily (no search)", runs,
            lambda i: (next_edition(content, seed=100 + i), to_hugo(content, site), hugo(site, hout))[2],
            results, "hugo_daily",
        )
    return results


# The search step alone: `index_site` on a built site, in a process of its own, timed
# inside it. The Pagefind processes' own CPU time comes from wait4 as each one ends, so
# that sitegen's share (reading pages, sending records, writing files) is the rest.
INDEX_ONLY = r"""
import hashlib, os, sys, time
from pathlib import Path
code, root, out, log = sys.argv[1:5]
if code:
    sys.path.insert(0, code)
from sitegen.config import load_config
from sitegen.search import index_site, pagefind_run

def close(self):
    self.process.stdin.close()
    _, status, usage = os.wait4(self.process.pid, 0)
    self.process.returncode = os.waitstatus_to_exitcode(status)
    with open(log, "a") as f:
        f.write(f"{usage.ru_utime + usage.ru_stime}\n")

pagefind_run._Service.close = close
out = Path(out)
hashes = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
before, start = os.times(), time.perf_counter()
index_site(load_config(Path(root)), out, hashes=hashes)
seconds, after = time.perf_counter() - start, os.times()
cpu = sum(after[:4]) - sum(before[:4])
pagefind = sum(float(line) for line in open(log))
print("INDEX", seconds, cpu, pagefind)
"""


def bench_search_only(work: Path, articles: int, runs: int, baseline: Path | None = None) -> dict:
    """The search step from scratch, `runs` times (alternating with `baseline`'s code)."""
    base = work / str(articles)
    content, root, out = base / "content-pristine", base / "project", base / "public"
    generate(content, articles)
    root.mkdir(parents=True, exist_ok=True)
    discard(out)
    subprocess.run(sitegen(root, content, out, search=False), check=True, stdout=subprocess.DEVNULL)
    results: dict = {"articles": articles}
    codes = ([("baseline_search_only", baseline)] if baseline else []) + [("search_only", None)]
    samples: dict[str, list] = {key: [] for key, _ in codes}
    log = base / "pagefind-cpu.log"
    for index in range(runs):
        for key, code in codes:
            for folder in (out / "pagefind", *(root / ".sitegen-cache").glob("search*")):
                discard(folder)
            log.write_text("")
            os.sync()
            probe = creation_probe(out)
            seconds, peak, _ = run([sys.executable, "-c", INDEX_ONLY, str(code or REPO), str(root), str(out), str(log)])
            found = re.search(r"INDEX (\S+) (\S+) (\S+)", run.last_output)
            wall, cpu, pagefind = (float(x) for x in found.groups())
            samples[key].append((wall, cpu, pagefind, peak, run.last_pss))
            print(f"  search step{' (baseline)' if code else ''} run {index + 1}: {wall:.2f} s, CPU {cpu:.2f} s "
                  f"(Pagefind {pagefind:.2f}, sitegen {cpu - pagefind:.2f}), {peak / 2**20:.0f} MB RSS, {run.last_pss / 2**20:.0f} MB PSS; "
                  f"a new file took {probe:.0f} µs before it", flush=True)
    for key, found in samples.items():
        results[key] = {
            "seconds": statistics.median(s[0] for s in found),
            "cpu_s": statistics.median(s[1] for s in found),
            "pagefind_cpu_s": statistics.median(s[2] for s in found),
            "sitegen_cpu_s": statistics.median(s[1] - s[2] for s in found),
            "peak_mb": max(s[3] for s in found) / 2**20,
            "pss_mb": max(s[4] for s in found) / 2**20,
            "runs": [round(s[0], 2) for s in found],
        }
    return results


def table(all_results: list[dict]) -> str:
    rows = [
        ("cold build, no search", "sitegen_cold", "hugo_cold"),
        ("cold build, no search, --baseline code", "baseline_cold", "hugo_cold"),
        ("cold build, search included", "sitegen_search_build", None),
        ("search index from scratch (the build's search step)", "sitegen_search", None),
        ("no-change rebuild", "sitegen_nochange", "hugo_nochange"),
        ("one article edited", "sitegen_edit", "hugo_edit"),
        ("daily: one edition added (sitegen with search)", "sitegen_daily", "hugo_daily"),
        ("search step alone, from scratch", "search_only", None),
        ("search step alone, from scratch, --baseline code", "baseline_search_only", None),
    ]
    lines = [
        "| case | articles | sitegen s (CPU s) | sitegen peak MB RSS (PSS) | Hugo s (CPU s) | Hugo peak MB RSS |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for results in all_results:
        for label, ours, theirs in rows:
            if ours not in results and theirs not in results:
                continue
            a = results.get(ours, {})
            b = results.get(theirs, {}) if theirs else {}
            fmt = lambda d, k, f: format(d[k], f) if k in d else "—"
            lines.append(
                f"| {label} | {results['articles']:,} | {fmt(a, 'seconds', '.2f')} ({fmt(a, 'cpu_s', '.2f')}) "
                f"| {fmt(a, 'peak_mb', '.0f')} ({fmt(a, 'pss_mb', '.0f')}) "
                f"| {fmt(b, 'seconds', '.2f')} ({fmt(b, 'cpu_s', '.2f')}) | {fmt(b, 'peak_mb', '.0f')} |"
            )
    for results in all_results:
        for key in ("search_only", "baseline_search_only"):
            if key in results:
                r = results[key]
                lines.append(f"\n{key} {results['articles']:,}: CPU {r['cpu_s']:.2f} s = Pagefind {r['pagefind_cpu_s']:.2f} + "
                             f"sitegen {r['sitegen_cpu_s']:.2f} (medians; runs {r['runs']})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search-runs", type=int, default=None, help="runs of the search case (default: --runs)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/scale-bench"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-search", action="store_true", help="only the cases without search (cold, no change, one edit)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--baseline", type=Path, help="another sitegen checkout whose cold builds alternate with these")
    parser.add_argument("--search-only", action="store_true", help="only the search step, from scratch, on a site built once")
    args = parser.parse_args()
    if not args.no_hugo and not shutil.which("hugo"):
        print("hugo is not installed (apt-get install -y hugo): sitegen only", file=sys.stderr)
    load_before = os.getloadavg()
    try:
        all_results = [
            bench_search_only(args.work, n, args.search_runs or args.runs, args.baseline) if args.search_only else
            bench_size(args.work, n, args.runs, args.search_runs or args.runs, not args.no_hugo, not args.no_search, args.baseline)
            for n in args.sizes
        ]
    finally:
        empty_trash()
    load_after = os.getloadavg()
    print()
    print(table(all_results))
    print(f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min); {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps({"results": all_results, "load": [load_before, load_after]}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
