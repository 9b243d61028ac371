"""Save-to-screen latency of `sitegen serve --watch`, measured in headless Chromium.

In: nothing (it builds its own projects in a tmp folder). Out: for the sample edition (the
repository's seeds/) and a generated archive of 5,000 articles, the median time from an
article file's write to the reloaded page's DOM holding the new text; targets ≤ 1 s and ≤ 2 s.

    python benchmarks/serve_latency.py [--runs 10] [--articles 5000] [--only sample|archive]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one set of launch settings)
PYPROJECT = """[tool.sitegen]
site_name = "基准日报 数字报"
base_url = "http://localhost:8000/"
home_province = "浙江"
"""
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
CITIES = ["宁波", "杭州", "温州", "绍兴", "湖州", "嘉兴", "金华", "衢州", "台州", "丽水", "舟山"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "浩明华强伟芳娜敏静丽军磊洋勇艳杰涛超秀英"


def generate_archive(content: Path, articles: int, seed: int = 5000) -> Path:
    """Writes `articles` article files (docs/CONTENT.md format); returns the first one."""
    rng = random.Random(seed)
    day, page, order, first = dt.date(2018, 1, 1), 1, 1, None
    for n in range(articles):
        name = lambda: rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        headline = "".join(rng.choices(HAN, k=rng.randint(8, 18)))
        paragraphs = ["".join(rng.choices(HAN, k=rng.randint(60, 200))) + "。" for _ in range(rng.randint(3, 8))]
        city = rng.choice(CITIES)
        path = content / day.isoformat() / f"{page:02d}" / f"{order:02d}-{headline[:6]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\nheadline: {headline}\nreporters: [{name()}]\ncorrespondents: [{name()}]\n"
            f"city: {city}\nprovince: 浙江\nkind: article\nedition: {day.isoformat()}\npage: {page}\n"
            f"order: {order}\n---\n" + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )
        first = first or path
        order += 1
        if order > 6:
            order, page = 1, page + 1
            if page > 8:
                page, day = 1, day + dt.timedelta(days=1)
    return first


def article_url(path: Path) -> str:
    """`content/2018-01-01/01/03-x.md` -> `/2018-01-01/01/03/` (sitegen.site.urls)."""
    return f"/{path.parent.parent.name}/{path.parent.name}/{path.name[:2]}/"


class Serving:
    def __init__(self, root: Path):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        command = [sys.executable, "-m", "sitegen", "--root", str(root), "serve", "--watch", "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    def url(self, timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if line.startswith("serving "):
                    return line.split()[1].rstrip("/")
            if self.process.poll() is not None:
                raise SystemExit("sitegen serve stopped:\n" + "".join(self.lines))
            time.sleep(0.05)
        raise SystemExit("sitegen serve did not start")

    def build_seconds(self) -> list[float]:
        return [float(m.group(1)) for line in self.lines if (m := re.search(r"built in ([\d.]+) s", line))]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_indexed(page, base: str, timeout: float = 300) -> None:
    """Until the served build has its search index (added in the background after each build)."""
    deadline = time.monotonic() + timeout
    while page.request.get(base + "/pagefind/bundles.json").status != 200:
        if time.monotonic() > deadline:
            raise SystemExit("the search index did not follow the build")
        time.sleep(0.1)


def measure(root: Path, article: Path | None, runs: int, browser) -> dict:
    serving = Serving(root)
    try:
        base = serving.url()
        startup = serving.build_seconds()[0]
        if article is None:  # the sample edition: the first article ingest wrote
            article = sorted((root / "content").rglob("*.md"))[0]
        page = browser.new_page()
        page.goto(base + article_url(article))
        time.sleep(1.0)  # let a rebuild caused by ingest's own writes settle
        page.goto(base + article_url(article))
        wait_indexed(page, base)
        original = article.read_text(encoding="utf-8")
        latencies, index_seconds = [], []
        for run in range(runs):
            marker = f"基准标记{run:03d}"
            text = original.rstrip("\n") + f"\n\n{marker}\n"
            with page.expect_navigation(wait_until="domcontentloaded", timeout=120_000):
                started = time.perf_counter()
                article.write_text(text, encoding="utf-8")
            latency = time.perf_counter() - started
            if marker not in page.inner_text("body"):
                raise SystemExit(f"reloaded page lacks {marker}")
            latencies.append(latency)
            # An editor saves now and then: let the background search index of this save
            # finish first, so each run measures a save, not the tail of the previous one.
            wait_indexed(page, base)
            index_seconds.append(time.perf_counter() - started)
        builds = serving.build_seconds()[-runs:]
        page.close()
        return {
            "startup build": startup,
            "median build": statistics.median(builds),
            "median indexed": statistics.median(index_seconds),
            "latencies": latencies,
        }
    except Exception:
        print("".join(serving.lines), file=sys.stderr)
        raise
    finally:
        serving.stop()


def summary(label: str, target: float, result: dict) -> str:
    latencies = result["latencies"]
    median = statistics.median(latencies)
    verdict = "ok" if median <= target else "OVER TARGET"
    return (
        f"{label}: save -> reloaded page median {median:.3f} s (min {min(latencies):.3f}, "
        f"max {max(latencies):.3f}, n={len(latencies)}; target {target:.0f} s: {verdict}); "
        f"rebuild median {result['median build']:.3f} s, first build {result['startup build']:.2f} s; "
        f"save -> search index current, median {result['median indexed']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--only", choices=("sample", "archive"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.only in (None, "sample"):
            sample = Path(tmp) / "sample"
            sample.mkdir()
            shutil.copy(REPO / "pyproject.toml", sample)
            shutil.copytree(REPO / "seeds", sample / "seeds")
            print(summary("sample edition", 1.0, measure(sample, None, args.runs, browser)), flush=True)
        if args.only in (None, "archive"):
            archive = Path(tmp) / "archive"
            archive.mkdir()
            (archive / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
            first = generate_archive(archive / "content", args.articles)
            label = f"archive of {args.articles} articles"
            print(summary(label, 2.0, measure(archive, first, args.runs, browser)), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
