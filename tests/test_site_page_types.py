"""A page type is one object: a type defined in a test module (tests/month_pages.py) and
its template are all a site needs to gain a kind of page, and incremental builds are
exact for it without further edits; a type that says it reads too little is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from month_pages import TEMPLATE, MonthArchive, NarrowMonthArchive
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.site import incremental, pages
from sitegen.site.build import BuildOptions, build_site
from test_site_incremental import add_edition, edit_body, edit_headline, project, remove_edition, same_tree  # noqa: F401


def build(root: Path, out: str) -> None:
    build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False, workers=2))


def edit_lead(root: Path) -> None:
    """The lead article of a page: its headline is on the archive of its month."""
    path = sorted((root / "content" / "2019-03-02" / "01").glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: 头条改了", 1), encoding="utf-8")


def with_type(monkeypatch, project: Path, page_type) -> None:
    monkeypatch.setattr(pages, "PAGE_TYPES", (*pages.PAGE_TYPES, page_type))
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "month.html").write_text(TEMPLATE, encoding="utf-8")


def test_a_new_page_type_builds_and_rebuilds_exactly(project, monkeypatch):
    monkeypatch.setattr(incremental, "CHECK_REUSE", True)
    with_type(monkeypatch, project, MonthArchive())
    build(project, "public")
    march = (project / "public" / "archive" / "2019-03" / "index.html").read_text(encoding="utf-8")
    assert "2019年3月2日" in march and "2019-03 往期" in march
    assert "/archive/2019-03/" in (project / "public" / "sitemap.xml").read_text(encoding="utf-8")
    for change in (edit_lead, edit_headline, add_edition, edit_body, remove_edition):
        change(project)
        build(project, "public")
        shutil.rmtree(project / "clean", ignore_errors=True)
        build(project, "clean")
        same_tree(project / "public", project / "clean")


def test_a_page_type_that_reads_too_little_is_caught(project, monkeypatch):
    with_type(monkeypatch, project, NarrowMonthArchive())
    build(project, "public")
    edit_lead(project)
    monkeypatch.setattr(incremental, "CHECK_REUSE", True)
    with pytest.raises(SitegenError) as caught:
        build(project, "public")
    assert [str(p) for p in caught.value.problems] == [
        "/archive/2019-03/: page type 'month': reused a stale page; its reads() misses something the page shows"
    ]
    # Without the check, the scripted comparison with a clean build sees the stale page.
    monkeypatch.setattr(incremental, "CHECK_REUSE", False)
    build(project, "public")
    build(project, "clean")
    with pytest.raises(AssertionError, match="archive/2019-03/index.html"):
        same_tree(project / "public", project / "clean")


def test_two_page_types_of_one_name_are_refused():
    with pytest.raises(ValueError, match="'month'"):
        pages.registry((MonthArchive(), NarrowMonthArchive()))
