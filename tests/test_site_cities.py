"""City pages (/city/宁波/) say how many articles they hold and narrow to a county or
district (区县, the articles' `county` field) by links to per-county listings, paginated
like the city's own. The truth is read from the article files, not from sitegen's indexes."""

from __future__ import annotations

import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

import pytest

from sitegen import frontmatter
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.site.build import BuildOptions, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "site"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import search_archive  # noqa: E402 - the benchmarks' archive generator


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project (per_page = 2) and 240 generated articles, a third without a county."""
    root = tmp_path_factory.mktemp("cities") / "project"
    shutil.copytree(FIXTURE, root)
    search_archive.generate(root / "content", 240, start="2019-03-01", every_days=1)
    for path in sorted((root / "content").glob("2019-*/*/*.md"))[::3]:
        path.write_text(re.sub(r"(?m)^county: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    return root


def truth(root: Path) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """(city -> article paths, (city, county) -> article paths) from the front matter."""
    by_city, by_county = defaultdict(set), defaultdict(set)
    for path in (root / "content").rglob("*.md"):
        front, _, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        order = front.get("order") or int(path.name[:2])
        href = f"/{front['edition']}/{int(front['page']):02d}/{order:02d}/"
        if front.get("city"):
            by_city[front["city"]].add(href)
            if front.get("county"):
                by_county[(front["city"], front["county"])].add(href)
    return by_city, by_county


def listing(public: Path, path: str) -> tuple[str, list[str]]:
    """(the first page's HTML, the article links of every page of the listing at `path`)."""
    first = (public / path.strip("/") / "index.html").read_text(encoding="utf-8")
    links, html, number = [], first, 1
    while True:
        cards = re.findall(r'<h2 class="card-title"><a href="([^"]+)"', html)
        assert 1 <= len(cards) <= 2, (path, number)  # per_page = 2
        links += cards
        number += 1
        page = public / path.strip("/") / "page" / str(number) / "index.html"
        if not page.is_file():
            return first, links
        html = page.read_text(encoding="utf-8")


def test_every_city_page_counts_its_articles(built):
    by_city, _ = truth(built)
    assert len(by_city) >= 11
    for city, hrefs in by_city.items():
        html, links = listing(built / "public", f"/city/{city}/")
        assert f'<p class="muted listing-count">共 {len(hrefs)} 篇</p>' in html, city
        assert sorted(links) == sorted(hrefs) and len(links) == len(set(links)), city


def test_a_county_filter_lists_that_countys_articles_only(built):
    by_city, by_county = truth(built)
    assert len(by_county) > 40
    for (city, county), hrefs in by_county.items():
        html, links = listing(built / "public", f"/city/{city}/{county}/")
        assert sorted(links) == sorted(hrefs), (city, county)
        assert f'<p class="muted listing-count">共 {len(hrefs)} 篇</p>' in html
        assert re.search(rf'aria-current="true">{county} <span class="count">{len(hrefs)}</span>', html)
    for city, hrefs in by_city.items():
        html = (built / "public" / "city" / city / "index.html").read_text(encoding="utf-8")
        chips = {unquote(href): (name, int(count)) for href, name, count in
                 re.findall(r'<a href="([^"]+)"[^>]*>(\S+) <span class="count">(\d+)</span></a>', html)}
        counties = {county: len(found) for (c, county), found in by_county.items() if c == city}
        expected = {f"/city/{city}/{county}/": (county, n) for county, n in counties.items()}
        if counties:
            expected[f"/city/{city}/"] = ("全部", len(hrefs))
        assert chips == expected, city


def test_a_county_named_page_is_refused_with_its_place(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    path = root / "content" / "2018-07-05" / "01" / "01-宁波江北工会.md"
    path.write_text(path.read_text(encoding="utf-8").replace("county: 江北", "county: page"), encoding="utf-8")
    with pytest.raises(SitegenError) as error:
        build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    messages = [f"{p.path}:{p.line}: {p.message}" for p in error.value.problems]
    assert messages == ["content/2018-07-05/01/01-宁波江北工会.md:8: front matter: 'page' cannot name a county: "
                        "it names a city's listing pages"]
