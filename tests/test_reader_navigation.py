"""Finding a past paper as a reader would, in Chromium: the 往期 date field opens the
chosen day's month with that day marked, and says so when no paper came out that month;
the 版 strip at the top of an article goes to another 版."""

from __future__ import annotations

import pytest

from browser import chromium_available, deployed_headers, launch_chromium, screenshot, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site
from test_site_browser import FIXTURE

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("navigation") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    with serve_folder(out, deployed_headers()) as base, launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.base = base
        yield page
        context.close()


def test_the_date_field_opens_the_days_month(page):
    page.goto(page.base + "/archive/")
    page.get_by_label("跳到日期").fill("2018-07-05")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/archive/2018/07/#d2018-07-05")
    marked = page.evaluate("getComputedStyle(document.querySelector('#d2018-07-05 a')).outlineStyle")
    assert marked == "solid"
    page.get_by_role("link", name="2018-07-05 报纸").click()
    page.wait_for_url("**/2018-07-05/")
    screenshot(page, "archive-date-jump")


def test_a_month_without_paper_is_said_plainly(page):
    page.goto(page.base + "/archive/2018/")
    field = page.get_by_label("跳到日期")
    field.evaluate("el => { el.min = ''; el.max = ''; }")  # a reader's browser may not hold to them
    field.fill("2017-03-09")
    page.get_by_role("button", name="查看").click()
    assert page.locator(".date-jump-note").inner_text() == "2017年03月没有报纸"
    assert page.url.endswith("/archive/2018/")


def test_the_page_strip_goes_to_another_page(page):
    page.goto(page.base + "/2018-07-05/01/01/")
    strip = page.get_by_role("navigation", name="本期版面")
    assert strip.get_by_role("link", name="第01版 · 要闻").get_attribute("aria-current") == "page"
    strip.get_by_role("link", name="第05版 · 基层").click()
    page.wait_for_url("**/2018-07-05/05/")
    assert "第05版" in page.locator("h1").inner_text()
