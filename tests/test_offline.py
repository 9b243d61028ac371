"""The service worker the build writes (/sw.js) and the offline page: the worker lists
exactly the latest edition's pages and the theme files they use, every one of them in
the output; its version changes with what the latest edition's pages show (a new
edition, a corrected article in it) and with nothing else; rebuilds equal clean builds
with every reused page checked (SITEGEN_CHECK_REUSE)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site
from test_site_browser import FIXTURE
from test_site_incremental import same_tree

pytestmark = pytest.mark.usefixtures("check_reuse")  # every reused page made again and compared
NEW_ARTICLE = """---
headline: 新的一期 头版头条
edition: 2018-07-07
page: 1
order: 1
---
新的一期报纸今天出版。第二句话。
"""


def precache(site: Path) -> tuple[str, list[str]]:
    """(version, URLs) as /sw.js says."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = json.loads(re.search(r"var VERSION = (.*);", text).group(1))
    lists = re.search(r"var PRECACHE = (\[.*?\])\.concat\(\[(.*?)\]\);", text, re.S)
    return version, json.loads(lists.group(1)) + json.loads("[" + lists.group(2) + "]")


def file_of(site: Path, url: str) -> Path:
    return site / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def build(root: Path, out: str = "public") -> Path:
    build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False))
    return root / out


def test_the_worker_lists_the_latest_edition_and_its_theme_files(project):
    site = build(project)
    version, urls = precache(site)
    assert version.startswith("2018-07-06-")
    latest = sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in (site / "2018-07-06").rglob("index.html"))
    pages = [u for u in urls if not u.startswith("/assets/")]
    assert pages == ["/"] + latest + ["/offline.html"]
    assert len(latest) == 3  # edition, 第01版, its one article
    assets = {u.split("/")[-1].split(".")[0] for u in urls if u.startswith("/assets/")}
    assert assets == {"style", "app", "listen", "favicon", "traditional"}
    assert all(file_of(site, u).is_file() for u in urls)
    article = (site / "2018-07-06/01/01/index.html").read_text(encoding="utf-8")
    assert all(u in article for u in urls if u.startswith("/assets/") and not u.endswith(".svg"))


def test_the_offline_page_is_for_the_worker_only(project):
    site = build(project)
    page = (site / "offline.html").read_text(encoding="utf-8")
    assert "没有网络连接" in page and '<meta name="robots" content="noindex">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "offline" not in sitemap and "sw.js" not in sitemap


def test_the_version_changes_with_the_latest_edition_only(project):
    versions = [precache(build(project))[0]]

    older = project / "content/2018-07-05/01/01-宁波江北工会.md"
    older.write_text(older.read_text(encoding="utf-8").replace("去年底", "前年底", 1), encoding="utf-8")
    versions.append(precache(build(project))[0])
    assert versions[-1] == versions[-2]  # an older edition: today's saved pages are still right

    latest = next((project / "content/2018-07-06/01").glob("*.md"))
    latest.write_text(latest.read_text(encoding="utf-8").replace("日前", "近日", 1), encoding="utf-8")
    versions.append(precache(build(project))[0])
    assert versions[-1] != versions[-2]  # a correction today: saved again

    (project / "content/2018-07-07/01").mkdir(parents=True)
    (project / "content/2018-07-07/01/01-新的一期.md").write_text(NEW_ARTICLE, encoding="utf-8")
    site = build(project)
    version, urls = precache(site)
    assert version.startswith("2018-07-07-")
    assert "/2018-07-07/01/01/" in urls and not any(u.startswith("/2018-07-06/") for u in urls)
    same_tree(site, build(project, "clean"))


def test_the_version_changes_when_the_edition_before_the_latest_does(project):
    """The latest edition's pages link to the one before (上一期): saved copies of them
    that still link to a removed edition are stale."""
    before = precache(build(project))[0]
    shutil.rmtree(project / "content" / "2018-07-05")
    assert precache(build(project))[0] != before


def test_a_site_below_a_path_saves_its_own_urls(project):
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'base_url = "https://news.example.org/"', 'base_url = "https://news.example.org/paper/"'), encoding="utf-8")
    site = build(project)
    _, urls = precache(site)
    assert urls[0] == "/paper/" and all(u.startswith("/paper/") for u in urls)
    assert all(file_of(site, u.removeprefix("/paper")).is_file() for u in urls)
    assert '"/paper/offline.html"' in (site / "sw.js").read_text(encoding="utf-8")
