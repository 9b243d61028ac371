"""Helpers for the reliability tests (docs/RELIABILITY.md): projects written to a tmp
folder, `sitegen` run as a real process, snapshots of an output folder, hostile strings."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "seeds" / "2018-07-05" / "004_74110412767267a2.txt"

# What a hostile feed or a careless editor could put into any text field.
HOSTILE = (
    "<script>alert('s')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(2)>",
    "</script><script>alert(3)</script><!--",
    "[点我](javascript:alert(4))",
    "<a href=\"javascript:alert(5)\">链接</a>",
    "{{ 7*7 }}{% raw %}",
)

ARTICLE = """---
headline: {headline}
reporters: [{reporter}]
city: {city}
edition: {edition}
page: {page}
order: {order}
---
{body}
"""


def write_project(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.sitegen]\nbase_url = "https://x.example/"\nhome_province = "浙江"\n', encoding="utf-8")
    for name, data in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def article(headline="莲都推进基层活力建设", reporter="程雪", city="丽水", edition="2018-07-05", page=1, order=1, body="近日，丽水莲都区总工会组织开展基层工会活动。") -> str:
    return ARTICLE.format(headline=headline, reporter=reporter, city=city, edition=edition, page=page, order=order, body=body)


def many_articles(editions: int, pages: int = 4, per_page: int = 10) -> dict[str, str]:
    """A generated archive: editions x pages x articles of a few hundred characters."""
    files = {}
    for e in range(editions):
        edition = dt.date(2018, 7, 1) + dt.timedelta(days=e)
        for page in range(1, pages + 1):
            for order in range(1, per_page + 1):
                files[f"content/{edition}/{page:02d}/{order:02d}-a.md"] = article(
                    headline=f"第{e}天第{page}版第{order}篇 工会服务职工", reporter=f"张{order}明", city="宁波",
                    edition=edition.isoformat(), page=page, order=order, body="职工服务工作做得好。" * 60,
                )
    return files


def sitegen(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m sitegen --root ROOT ARGS…` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "--root", str(root), *args],
        cwd=root, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1530748800"},
    )


def sitegen_process(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "--root", str(root), *args],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1530748800"},
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256): two equal snapshots, equal sites."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    """Folders of builds in progress or killed (`.sitegen-public-new-PID`); not the caches
    a build keeps on purpose."""
    return sorted(p.name for p in parent.iterdir() if re.fullmatch(r"\.sitegen-.+-(new|old)-\d+", p.name))


CONFINED = r'''
import hashlib, json, subprocess, sys
from pathlib import Path
spec = json.loads(sys.argv[1])
def snapshot(folder):
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}
steps = []
for args in spec["steps"]:
    run = subprocess.run([sys.executable, "-m", "sitegen", "--root", spec["root"], *args], cwd=spec["root"],
                         capture_output=True, text=True, timeout=120)
    steps.append({"code": run.returncode, "stderr": run.stderr, "site": snapshot(spec["watch"]),
                  "leftovers": sorted(p.name for p in Path(spec["watch"]).parent.iterdir() if p.name.startswith(".sitegen-"))})
Path(spec["result"]).write_text(json.dumps(steps))
'''


def confined(root: Path, mounts: list[str], steps: list[list[str]], watch: Path) -> list[dict]:
    """Runs `sitegen` steps in a mount namespace of its own, after `mounts` (shell
    commands such as `mount -t tmpfs -o size=400k tmpfs DIR`): a full or read-only disk
    without touching the machine's. Each step's exit code, stderr, and the files of the
    folder `watch` after it (seen from inside). Skips where namespaces are not allowed."""
    import json
    import shutil

    import pytest

    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) for a private mount namespace")
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not allowed here")
    result = root.parent / f"{root.name}-confined.json"
    spec = {"root": str(root), "steps": steps, "watch": str(watch), "result": str(result)}
    script = " && ".join([*mounts, 'exec "$0" -c "$1" "$2"'])
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1530748800"}
    run = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, sys.executable, CONFINED, json.dumps(spec)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(result.read_text())
