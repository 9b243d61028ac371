"""The person index (/person/) of a big archive: names by 拼音 initial, cut into pages of
at most `names_per_page` between initials (a larger initial fills pages of its own), every
page with a jump bar of all initials that lands on the page where each begins. The truth
is the names in the generated article files."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from browser import chromium_available, deployed_headers, launch_chromium, screenshot, serve_folder
from sitegen import frontmatter
from sitegen.config import load_config
from sitegen.site import indexes
from sitegen.site.build import BuildOptions, build_site
from sitegen.site.views import IndexEntry, IndexGroup

FIXTURE = Path(__file__).parent / "fixtures" / "site"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import search_archive  # noqa: E402 - the benchmarks' archive generator

PER_PAGE = 30


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("people") / "project", 400)
    build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    return root / "public"


def project(root: Path, articles: int) -> Path:
    """The fixture project with `articles` generated articles, PER_PAGE names a page."""
    shutil.copytree(FIXTURE, root)
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = 2", f"per_page = 2\nnames_per_page = {PER_PAGE}"),
                      encoding="utf-8")
    search_archive.generate(root / "content", articles, start="2019-03-01", every_days=1)
    return root


def names_in_files(content: Path) -> set[str]:
    names = set()
    for path in content.rglob("*.md"):
        front, _, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        for key in ("reporters", "correspondents", "photographers"):
            names.update(front.get(key) or ())
    return names


def index_pages(public: Path) -> list[tuple[str, str]]:
    """(site path, HTML) of every page of the person index, following 下一页."""
    pages, path = [], "/person/"
    while path:
        html = (public / unquote(path).strip("/") / "index.html").read_text(encoding="utf-8")
        pages.append((path, html))
        found = re.search(r'<a rel="next" href="([^"]+)">下一页</a>', html)
        path = found.group(1) if found else ""
    return pages


def test_a_big_index_is_cut_between_initials_and_holds_every_name_once(public):
    pages = index_pages(public)
    truth = names_in_files(public.parent / "content")
    assert len(truth) > 300 and len(pages) >= len(truth) / PER_PAGE
    shown, letters = [], []
    for path, html in pages:
        names = re.findall(r'<li><a href="/person/[^"]+/">(\S+) <span class="count">', html)
        assert 0 < len(names) <= PER_PAGE, path
        shown += names
        letters += re.findall(r'<h2 class="letter-head" id="py-(\w|#)">', html)
    assert sorted(shown) == sorted(truth) and len(shown) == len(set(shown))
    order = [letter for i, letter in enumerate(letters) if i == 0 or letters[i - 1] != letter]
    assert order == sorted(set(letters), key=lambda l: (l == "#", l))  # each initial in one run, A–Z then #
    assert any("（续）" in html for _, html in pages)  # some initial outgrew a page


def test_every_page_jumps_to_every_initial(public):
    pages = dict(index_pages(public))
    starts = {}  # letter -> the first page that holds it
    for path, html in pages.items():
        for letter in re.findall(r'id="py-(\w)"', html):
            starts.setdefault(letter, path)
    for path, html in pages.items():
        bar = re.search(r'<nav class="letter-bar"[^>]*>(.*?)</nav>', html, re.S).group(1)
        links = re.findall(r'<a href="([^"]*)#py-(\w)">(\w)</a>', bar)
        assert [letter for _, letter, _ in links] == sorted(starts)
        for target, letter, label in links:
            assert label == letter and (urljoin(path, target) if target else path) == starts[letter], (path, letter)


def test_pages_are_cut_between_groups_when_they_fit():
    def group(letter, n):
        return IndexGroup(letter, tuple(IndexEntry(f"{letter}{i}", "", 1) for i in range(n)))

    def shape(pages):
        return [[(g.letter, len(g.entries), g.continued) for g in page] for page in pages]

    assert shape(indexes.letter_pages((group("A", 2), group("B", 1), group("C", 2)), 3)) == [
        [("A", 2, False), ("B", 1, False)], [("C", 2, False)]]
    assert shape(indexes.letter_pages((group("A", 1), group("B", 7), group("C", 1)), 3)) == [
        [("A", 1, False)], [("B", 3, False)], [("B", 3, True)], [("B", 1, True), ("C", 1, False)]]
    assert shape(indexes.letter_pages((), 3)) == [[]]


@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")
def test_the_jump_bar_lands_on_another_pages_initial(public):
    pytest.importorskip("playwright.sync_api")
    from a11y import AXE_TAGS, axe_script

    last_page = index_pages(public)[-1][1]
    letter = re.findall(r'id="py-(\w)"', last_page)[-1]
    with serve_folder(public, deployed_headers()) as base, launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.goto(base + "/person/")
        page.locator(".letter-bar").get_by_role("link", name=letter, exact=True).click()
        page.wait_for_url(re.compile(rf"/person/page/\d+/#py-{letter}$"))
        heading = page.locator(f"#py-{letter}").bounding_box()
        bar = page.locator(".letter-bar").bounding_box()
        assert bar["y"] + bar["height"] <= heading["y"] < 812  # in view, under the sticky bar
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        screenshot(page, "person-index-jump")
        page.evaluate(axe_script())
        found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map(v => v.id))",
                              AXE_TAGS)
        assert found == []
        context.close()


def test_a_rebuild_after_a_new_name_equals_a_clean_one(tmp_path, monkeypatch):
    """A new name moves the cut of every later page of the index; a rebuild shows it as a
    clean build does (SITEGEN_CHECK_REUSE: the index's reads cover its pages)."""
    from sitegen.site import incremental
    from test_site_incremental import same_tree

    monkeypatch.setattr(incremental, "CHECK_REUSE", True)
    root = project(tmp_path / "project", 160)
    build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    before = len(index_pages(root / "public"))
    path = sorted((root / "content").glob("2019-*/*/*.md"))[5]
    path.write_text(path.read_text(encoding="utf-8").replace("reporters: [", "reporters: [艾新, ", 1), encoding="utf-8")
    build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    build_site(load_config(root), BuildOptions(out_dir=root / "clean", ingest=False, search=False))
    same_tree(root / "public", root / "clean")
    assert "艾新" in index_pages(root / "public")[0][1] and len(index_pages(root / "public")) >= before
