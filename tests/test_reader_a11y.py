"""What every reader can use: axe-core (WCAG 2.2 AA, target-size included, and axe's best
practices: heading order, named landmarks) reports nothing on any kind of page, at phone
and desktop sizes, light and dark; links in running UI are a thumb's height (44 px) and
no link is under 24 px; headlines break in balanced lines between their printed parts;
the A+ control grows the reading text, not the masthead."""

from __future__ import annotations

import pytest

from a11y import AXE_TAGS, SCHEMES, VIEWPORTS, audit_site, axe_script, page_paths
from browser import chromium_available, deployed_headers, launch_chromium, screenshot, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site

pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")

from test_site_browser import FIXTURE  # noqa: E402 - the hand-made fixture project, per_page = 2

# Running UI: the controls a reader taps to move around, each at least 44 px tall.
RUNNING_UI = ".nav a, .crumbs a, .issue-nav a, .page-strip a, .month-grid a, .archive-months a, .page-tabs a, .page-head a, .pager a, .pagination a, .pagination span, " \
             ".story-nav a, .side a, .chips a, .index-list a, .fontsize button, .traditional-switch, .header-search button, .header-search input"
THUMB = 44
SMALLEST = 24


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("reader") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    return out


@pytest.fixture(scope="module")
def browser_and_base(site):
    with serve_folder(site, deployed_headers()) as base, launch_chromium() as browser:
        yield browser, base


def _paths(site) -> dict[str, str]:
    paths = page_paths(site)
    paths["listing_page_2"] = "/city/%E5%AE%81%E6%B3%A2/page/2/"
    assert (site / "city" / "宁波" / "page" / "2" / "index.html").is_file()  # the fixture paginates
    return paths


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_reports_no_violation_on_any_page(site, viewport, scheme):
    results = audit_site(site, viewports=[viewport], schemes=[scheme])
    assert len(results) == 12
    found = {kind: [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
             for (kind, _, _), violations in results.items() if violations}
    assert found == {}


def test_the_audit_sees_a_contrast_failure(browser_and_base, site):
    """The audit itself can fail: white on the dark scheme's salmon (2.29:1) is reported."""
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme="dark")
    page = context.new_page()
    page.goto(base + "/")
    page.evaluate("document.querySelector('.header-search button').style.color = '#fff'")
    page.evaluate(axe_script())
    ids = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                        ".then(r => r.violations.map(v => v.id))", AXE_TAGS)
    assert "color-contrast" in ids
    context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_links_are_a_thumbs_height(browser_and_base, site, viewport):
    browser, base = browser_and_base
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    short = []
    for kind, path in _paths(site).items():
        page.goto(base + path)
        for selector, least in ((RUNNING_UI, THUMB), ("a, button, select, input", SMALLEST)):
            sizes = page.evaluate(
                """selector => [...document.querySelectorAll(selector)]
                     .filter(el => el.offsetParent !== null && !el.closest('.skip'))
                     .map(el => el.matches('input[type=radio], input[type=checkbox]') && el.closest('label') || el)
                     .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height])""",  # a radio's target is its label
                selector)
            short += [(kind, html, round(h, 1)) for html, h in sizes if h < least - 0.5]
    assert short == []
    context.close()


def _lines(page, selector: str) -> list[list[str]]:
    """The characters of each element matching `selector`, grouped into rendered lines."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)].map(el => {
             const lines = new Map();
             const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
             for (let node = walker.nextNode(); node; node = walker.nextNode()) {
               for (let i = 0; i < node.length; i++) {
                 if (!node.data[i].trim()) continue;
                 const range = document.createRange();
                 range.setStart(node, i); range.setEnd(node, i + 1);
                 const top = Math.round(range.getBoundingClientRect().top);
                 lines.set(top, (lines.get(top) || '') + node.data[i]);
               }
             }
             return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
           })""", selector)


def test_headlines_break_in_balanced_lines_between_printed_parts(browser_and_base, site):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    checked = 0
    for path in ("/", "/2018-07-05/", "/2018-07-05/01/", "/2018-07-05/01/01/", "/2018-07-05/05/01/"):
        page.goto(base + path)
        for lines in _lines(page, ".headline, .card-title"):
            checked += 1
            assert min(len(line) for line in lines) >= 3, lines  # no lone last character
    page.goto(base + "/2018-07-05/01/01/")
    # 宁波江北工会 为2万名货运司机 把好“红色方向盘”: three printed parts, three lines.
    assert _lines(page, ".headline") == [["宁波江北工会", "为2万名货运司机", "把好“红色方向盘”"]]
    assert page.locator(".headline").inner_text() == "宁波江北工会 为2万名货运司机 把好“红色方向盘”"
    assert checked > 10
    context.close()


def test_larger_type_grows_the_story_not_the_masthead(browser_and_base):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base + "/2018-07-05/01/01/")

    def measure():
        return page.evaluate("""() => ({
            brand: document.querySelector('.brand').getBoundingClientRect().height,
            body: parseFloat(getComputedStyle(document.querySelector('.story-body p')).fontSize),
            bodyTop: document.querySelector('.story-body p').getBoundingClientRect().top})""")

    normal = measure()
    for _ in range(5):
        page.get_by_role("button", name="增大字号").click()
    largest = measure()
    assert largest["body"] >= normal["body"] * 1.45
    assert largest["brand"] == normal["brand"]  # the paper's name stays on its line
    assert largest["bodyTop"] < 812 - 2 * largest["body"]  # story text on the first screen
    screenshot(page, "article-phone-largest-type")
    context.close()
