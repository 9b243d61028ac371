"""What a reader sees: the built fixture site in headless Chromium at phone and desktop
sizes, served with the deployed headers (netlify.toml's Content-Security-Policy, so a
CSP violation shows up as a console error). No horizontal scrolling, the headline visible, the A−/A+ control reflows the text
and is remembered, and every page reads with JavaScript off. Screenshots go to
test-output/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium_available, deployed_headers, screenshot, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")

FIXTURE = Path(__file__).parent / "fixtures" / "site"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
PAGES = {"home": "/", "article": "/2018-07-05/01/01/", "city": "/city/%E5%AE%81%E6%B3%A2/"}
HEADLINES = {"home": "告别“两头跑” 服务“一站通”", "article": "宁波江北工会 为2万名货运司机 把好“红色方向盘”", "city": "宁波"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    headers = deployed_headers()
    assert "'wasm-unsafe-eval'" in headers["Content-Security-Policy"]
    with serve_folder(out, headers) as url:
        yield url


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_fit_the_screen_with_the_headline_visible(chromium, base_url, name, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base_url + PAGES[name])
    assert overflow(page) <= 0
    heading = page.locator("h1").first if name != "home" else page.get_by_text(HEADLINES[name]).first
    assert heading.is_visible() and HEADLINES[name] in heading.inner_text()
    box = heading.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    assert page.locator("[data-fontsize]").is_visible()
    screenshot(page, f"{name}-{viewport}")
    assert errors == []
    context.close()


def test_narrowest_phone_does_not_scroll_sideways(chromium, base_url):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    for path in list(PAGES.values()) + ["/2018-07-05/05/05/", "/person/", "/archive/", "/2018-07-05/"]:
        page.goto(base_url + path)
        assert overflow(page) <= 0, path
    context.close()


def test_font_size_control_reflows_and_is_remembered(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(base_url + PAGES["article"])
    body = page.locator(".story-body p").first

    def size() -> float:
        return float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))

    def height() -> float:
        return body.bounding_box()["height"]

    normal, normal_height = size(), height()
    page.get_by_role("button", name="增大字号").click()
    page.get_by_role("button", name="增大字号").click()
    larger = size()
    assert larger > normal and height() > normal_height  # the paragraph reflowed into more lines
    page.reload()
    assert size() == larger  # remembered across pages and reloads
    page.goto(base_url + "/2018-07-05/05/03/")
    assert size() == larger
    for _ in range(3):
        page.get_by_role("button", name="减小字号").click()
    assert size() < normal
    screenshot(page, "article-phone-small-type")
    context.close()


def test_everything_reads_with_javascript_off(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGES["article"])
    assert page.locator("h1").inner_text() == HEADLINES["article"]
    assert "江北区货运司机之家党支部" in page.locator(".story-body").inner_text()
    assert not page.locator("[data-fontsize]").is_visible()  # a control that would do nothing stays hidden
    assert overflow(page) <= 0
    page.get_by_role("link", name="第01版 · 要闻").first.click()
    assert "第01版 · 要闻" in page.locator("h1").inner_text()
    screenshot(page, "page-phone-no-js")
    context.close()


def test_dark_mode_follows_the_system(chromium, base_url):
    context = chromium.new_context(viewport=VIEWPORTS["phone"], color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + PAGES["article"])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 21, 19)"
    screenshot(page, "article-phone-dark")
    context.close()
