"""An editor's correction survives everything that re-ingests: `sitegen ingest`, `sitegen
build` and `sitegen serve --watch` when the raw page changes (real processes, real files)."""

from __future__ import annotations

import shutil
import time

from reliability import SAMPLE, sitegen, write_project
from test_serve_cli import Serving, fetch
from test_serve_support import wait_until

RAW = "seeds/2018-07-05/" + SAMPLE.name


def _edit(root):
    article = sorted((root / "content/2018-07-05/05").glob("01-*.md"))[0]
    text = article.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    edited = front.replace("headline: ", "headline: 编辑改过的标题 ", 1) + "\n---\n" + body + "\n编辑补上的一段。\n"
    article.write_text(edited, encoding="utf-8")
    return article, edited


def test_a_hand_edit_survives_ingest_build_and_serve(tmp_path):
    root = write_project(tmp_path / "paper", {RAW: SAMPLE.read_bytes()})
    assert sitegen(root, "build", "--no-search").returncode == 0
    article, edited = _edit(root)

    (root / RAW).write_bytes(SAMPLE.read_bytes() + b"\n")  # a changed page: no cache hit
    run = sitegen(root, "ingest", "seeds")
    assert run.returncode == 0 and f"kept {article}: edited by hand" in run.stdout, run.stdout
    (root / RAW).write_bytes(SAMPLE.read_bytes() + b"\n\n")
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 0, run.stderr
    assert article.read_text(encoding="utf-8") == edited
    html = (root / "public/2018-07-05/05/01/index.html").read_text(encoding="utf-8")
    assert "编辑改过的标题" in html and "编辑补上的一段。" in html

    serving = Serving(root, "--watch")
    try:
        url = serving.url()
        assert "编辑改过的标题" in fetch(url + "2018-07-05/05/01/")[1]
        builds = sum("built in" in line for line in serving.out)
        (root / RAW).write_bytes(SAMPLE.read_bytes() + "\n\n\n".encode())
        wait_until(lambda: sum("built in" in line for line in serving.out) > builds, timeout=60)
        time.sleep(0.5)
        assert article.read_text(encoding="utf-8") == edited
        assert "编辑补上的一段。" in fetch(url + "2018-07-05/05/01/")[1]
    finally:
        assert serving.stop() == 0

    # --force is the one way to overwrite it, and says so by writing it
    run = sitegen(root, "ingest", "--force", "seeds")
    assert run.returncode == 0 and article.read_text(encoding="utf-8") != edited
    shutil.rmtree(root / "public")
