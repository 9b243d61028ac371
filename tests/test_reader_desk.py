"""The wide-screen layout in headless Chromium (the fixture site, deployed headers): from
1024 px an article sits in its reading column with its 版's articles and the edition's 版
beside it; on a phone the side list is not shown and the story starts on the first screen.
A city page narrows to one of its counties by links.
Screenshots go to test-output/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest

from browser import chromium_available, deployed_headers, launch_chromium, screenshot, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")

from test_site_browser import FIXTURE, overflow  # noqa: E402 - the hand-made fixture project

ARTICLE = "/2018-07-05/05/03/"  # third of the five articles of 第05版
PAGE = "/2018-07-05/05/"


@pytest.fixture(scope="module")
def browser_and_base(tmp_path_factory):
    out = tmp_path_factory.mktemp("desk") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    with serve_folder(out, deployed_headers()) as base, launch_chromium() as browser:
        yield browser, base


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def _beside(left, right) -> bool:
    """`right` starts right of `left`'s right edge, and the two share some height."""
    return right["x"] >= left["x"] + left["width"] and right["y"] < left["y"] + left["height"] and left["y"] < right["y"] + right["height"]


def test_desktop_article_has_its_pages_articles_beside_it(browser_and_base):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base + PAGE)
    expected = page.locator(".card-title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(expected) == 5
    page.goto(base + ARTICLE)
    assert overflow(page) <= 0
    story, side, strip = _box(page, ".story"), _box(page, ".side"), _box(page, ".page-strip")
    assert _beside(story, side) and _beside(story, strip)
    assert side["y"] < 800 and story["width"] >= 600  # on the first screen; a reading column, not a sliver
    links = page.locator(".side a")
    assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == expected
    assert page.locator(".side a[aria-current=page]").get_attribute("href") == ARTICLE
    assert page.locator(".page-strip a[aria-current=page]").get_attribute("href") == PAGE
    links.nth(0).click()
    page.wait_for_url(base + expected[0])
    assert page.locator(".side a[aria-current=page]").get_attribute("href") == expected[0]
    page.goto(base + ARTICLE)
    screenshot(page, "article-desktop-side")
    page.goto(base + PAGE)
    assert _beside(_box(page, ".read"), _box(page, ".page-strip"))
    screenshot(page, "page-desktop-side")
    page.goto(base + "/2018-07-05/")
    blocks = page.locator(".page-block")
    assert _beside(blocks.nth(0).bounding_box(), blocks.nth(1).bounding_box())  # 版 in two columns
    screenshot(page, "edition-desktop-columns")
    context.close()


@pytest.mark.parametrize("width", [375, 1023])
def test_below_1024_px_the_article_reads_as_on_a_phone(browser_and_base, width):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": width, "height": 812})
    page = context.new_page()
    page.goto(base + ARTICLE)
    assert overflow(page) <= 0
    assert not page.locator(".side").is_visible()
    story, strip = _box(page, ".story"), _box(page, ".page-strip")
    assert strip["y"] + strip["height"] <= story["y"]  # the 版 strip stays above the story
    assert _box(page, ".story-body p")["y"] < 812 - 40  # the story starts on the first screen
    if width == 375:
        screenshot(page, "article-phone-no-side")
    context.close()


def test_a_city_page_narrows_to_a_county_by_links(browser_and_base):
    """/city/宁波/ holds three articles, one of 江北 and one of 余姚; its 江北 chip opens
    the listing of that one (no script needed: a link)."""
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/city/%E5%AE%81%E6%B3%A2/")
    assert page.locator(".listing-count").inner_text() == "共 3 篇"
    assert " ".join(page.locator(".chips a[aria-current]").inner_text().split()) == "全部 3"
    page.get_by_role("link", name="江北 1").click()
    page.wait_for_url(base + "/city/%E5%AE%81%E6%B3%A2/%E6%B1%9F%E5%8C%97/")
    assert page.locator(".card-title").all_inner_texts() == ["宁波江北工会 为2万名货运司机 把好“红色方向盘”"]
    assert page.locator(".listing-count").inner_text() == "共 1 篇"
    assert " ".join(page.locator(".chips a[aria-current]").inner_text().split()) == "江北 1"
    assert overflow(page) <= 0
    screenshot(page, "city-county-phone")
    context.close()
