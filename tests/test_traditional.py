"""繁體: the tables made from OpenCC at build time, the switch in headless Chromium, and
queries typed in traditional characters.
- the page table converts phrases a character map gets wrong (头发 → 頭髮, 皇后 stays);
  the query table leaves alone every character simplified text uses (乾隆, 著名);
- the switch converts the headline and the body as OpenCC does, sets lang="zh-Hant",
  leaves links and form values alone, is remembered on the next page (converted before
  its first paint, no layout shift), and turning it off gives back the page exactly;
- nothing of it is fetched until the reader turns it on;
- 溫州 and 寧波 find what 温州 and 宁波 find, in search.js and in Python alike, and the
  query table is fetched only for a query that needs it;
- axe-core finds nothing with the switch on."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from a11y import AXE_TAGS, axe_script
from browser import chromium_available, deployed_headers, launch_chromium, serve_folder
from playwright.sync_api import expect

from sitegen.config import load_config
from sitegen.search.grams import query_phrases
from sitegen.site.build import BuildOptions, build_site
from sitegen.traditional import tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
WENZHOU = ROOT / "content" / "2018-07-05" / "01" / "07-聚医疗互助小钱办职工保障大事.md"
ARTICLE = "/2018-07-05/01/01/"
browser_only = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


def opencc_s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def test_the_page_table_converts_the_phrases_a_character_map_gets_wrong():
    phrases = tables.phrase_map()
    text = "头发，以后，皇后，干部，干燥，发展，面条，里面"
    assert tables.by_chars(text) != opencc_s2t(text)  # (the characters alone get it wrong)
    assert tables.convert(text, phrases) == opencc_s2t(text) == "頭髮，以後，皇后，幹部，乾燥，發展，麪條，裏面"


def test_the_query_table_leaves_alone_what_simplified_text_uses():
    assert tables.simplify("溫州寧波以後頭髮") == "温州宁波以后头发"
    assert tables.simplify("乾隆著名瞭望於是") == "乾隆著名瞭望於是"  # each also written in simplified text
    assert all(tables.may_be_traditional(t) for t in tables.query_map())
    assert query_phrases("溫州 寧波") == [["温", "州"], ["宁", "波"]]


def test_the_shipped_tables_are_what_the_installed_opencc_makes():
    """sitegen ships the tables (making them cost every cold build up to a second and a
    half); they must not drift from OpenCC: `python -m sitegen.traditional.tables`."""
    assert tables.assets() == tables.make_assets()
    data = json.loads(tables.assets()["s2t.json"])
    assert data["opencc"] and "头发\t.髮" in data["phrases"].split("\n")
    assert tables.shipped_query_map() == tables.query_map()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture project (宁波 in several articles) and the sample's 温州 article, with search."""
    project = tmp_path_factory.mktemp("traditional") / "project"
    shutil.copytree(FIXTURE, project)
    shutil.copy(WENZHOU, project / "content" / "2018-07-05" / "01" / WENZHOU.name)
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False))
    return project / "public"


@pytest.fixture(scope="module")
def browser_and_base(site):
    with serve_folder(site, deployed_headers()) as base, launch_chromium() as browser:
        yield browser, base


# Before each frame is painted: is the page visible, and does its headline read simplified?
WATCH_FRAMES = """
window.__frames = [];
const watch = () => {
  const h1 = document.querySelector('h1');
  if (document.body && h1) window.__frames.push([getComputedStyle(document.body).visibility, h1.textContent]);
  if (window.__frames.length < 60) requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
window.__shift = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shift += e.value; })
  .observe({ type: 'layout-shift', buffered: true });
"""


@browser_only
def test_the_switch_converts_is_remembered_and_gives_the_page_back(browser_and_base, site):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + ARTICLE)
    assert not [u for u in fetched if "/s2t." in u]  # off: the table is not fetched
    # A link and an option a theme might write with Han characters in their URL or value.
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<p><a href="/city/宁波/" title="宁波">宁波</a> 苎 <select aria-label="城市"><option>宁波</option></select></p>')""")
    body = page.evaluate("document.body.innerHTML")
    title = page.title()
    headline = page.inner_text("h1")
    text = page.inner_text(".story-body")
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert "/city/宁波/" in links
    page.fill(".header-search input", "温州")
    switch = page.get_by_role("button", name="繁體")
    assert switch.get_attribute("aria-pressed") == "false"
    box = switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.inner_text("h1") == opencc_s2t(headline) != headline
    assert page.title() == opencc_s2t(title)
    converted = page.inner_text(".story-body")
    reference = opencc_s2t(text)
    assert len(converted) == len(reference) and converted != text
    assert sum(a == b for a, b in zip(converted, reference)) >= 0.99 * len(reference)
    assert page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))") == links
    assert page.input_value(".header-search input") == "温州"  # a form value stays as typed
    assert page.eval_on_selector("main select", "s => s.value") == "宁波"
    assert page.get_attribute("main a[href='/city/宁波/']", "title") == "寧波" == page.inner_text("main a[href='/city/宁波/']")
    page.fill(".header-search input", "")
    # Moved while converted (the observer sees it added again): converted once, not twice
    # (苎 → 苧 → 薴, the one character OpenCC's table converts again).
    page.evaluate("() => { const p = document.querySelector('main > p:last-child'); p.parentNode.append(p); }")
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")

    # Off: the same bytes as before.
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert page.evaluate("document.body.innerHTML") == body
    assert page.title() == title

    # On again, the next page opens converted: hidden until then, never shown simplified,
    # no layout shift.
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    page.add_init_script(WATCH_FRAMES)
    page.goto(base + "/2018-07-05/01/02/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    while page.evaluate("window.__frames.length") < 10:
        page.wait_for_timeout(50)
    frames = page.evaluate("window.__frames")
    next_headline = page.inner_text("h1")
    assert next_headline == opencc_s2t(next_headline)
    assert [f for f in frames if f[0] == "visible" and f[1] != next_headline] == []
    assert page.evaluate("window.__shift") == 0
    switch = page.get_by_role("button", name="繁體")
    assert switch.get_attribute("aria-pressed") == "true"

    # Off there: its own text back, and the next page stays simplified.
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert opencc_s2t(page.inner_text("h1")) == next_headline != page.inner_text("h1")
    page.goto(base + ARTICLE)
    assert page.inner_text("h1") == headline
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    context.close()


@browser_only
def test_search_results_added_later_are_converted_too(browser_and_base):
    browser, base = browser_and_base
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/search/")
    page.get_by_role("button", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    page.fill(".search-row input", "江北")
    page.press(".search-row input", "Enter")
    page.wait_for_selector(".search-result")
    title = page.inner_text(".search-title")
    assert title == opencc_s2t(title) and "寧波" in page.inner_text(".search-results")
    assert page.input_value(".search-row input") == "江北"
    context.close()


def _search(page, base: str, query: str) -> tuple[list[str], str, list[str]]:
    """The result URLs and status line of the search page for `query`, and what it
    fetched (`page`: a new page each time)."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{base}/search/?q={query}")
    expect(page.locator("[data-status]")).to_have_text(re.compile("^找到"))
    urls = page.eval_on_selector_all(".search-title a", "els => els.map(a => a.getAttribute('href'))")
    status = page.inner_text("[data-status]")
    return urls, status, fetched


@browser_only
def test_a_query_in_traditional_characters_finds_the_simplified_articles(browser_and_base):
    browser, base = browser_and_base
    for traditional, simplified in (("溫州", "温州"), ("寧波", "宁波")):
        page = browser.new_page()
        urls, status, fetched = _search(page, base, simplified)
        assert urls and not [u for u in fetched if "/t2s." in u]  # not needed: not fetched
        page.close()
        page = browser.new_page()
        found = _search(page, base, traditional)
        assert found[:2] == (urls, status)
        assert [u for u in found[2] if "/t2s." in u]
        assert page.input_value(".search-row input") == traditional
        assert page.locator(".search-result mark").count() > 0  # the simplified text is marked
        page.close()


@browser_only
def test_query_rules_for_traditional_characters_agree_in_python_and_javascript(browser_and_base, site):
    browser, base = browser_and_base
    rules = "/assets/" + next((site / "assets").glob("search-query.*.js")).name
    table = "/assets/" + next((site / "assets").glob("t2s.*.json")).name
    queries = ["溫州", "寧波江北", "以後", "乾隆 著名", "頭髮 2018", "温州", "開發區 ＡＰＰ", "𠀋字", "鍾錶"]
    gb2312 = [bytes([row, cell]).decode("gb2312", "ignore") for row in range(0xB0, 0xF8) for cell in range(0xA1, 0xFF)]
    chars = sorted({c for c in gb2312 if c} | set(tables.query_map()) | set("鍾錶乾隆溫州"))
    page = browser.new_page()
    page.goto(base + "/search/")
    js = page.evaluate(
        "async ([rules, table, queries, chars]) => { const m = await import(rules);"
        " const before = m.queryPhrases('溫州').phrases;"
        " for (const q of queries) await m.prepare(q, table);"
        " return { before, phrases: queries.map((q) => m.queryPhrases(q).phrases),"
        " may: chars.filter((c) => m.mayBeTraditional(c)) }; }",
        [rules, table, queries, chars],
    )
    page.close()
    assert js["before"] == [["溫", "州"]]  # before prepare: as typed
    assert js["phrases"] == [query_phrases(q) for q in queries]
    assert js["may"] == [c for c in chars if tables.may_be_traditional(c)]
    assert set(tables.query_map()) <= set(js["may"])  # every character of the table loads it


@browser_only
@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_axe_finds_nothing_with_the_switch_on(browser_and_base, scheme):
    browser, base = browser_and_base
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in (ARTICLE, "/search/?q=%E6%BA%AB%E5%B7%9E", "/"):
        page.goto(base + path)
        if path == ARTICLE:  # turned on once; the next pages open with it remembered (reading
            page.get_by_role("button", name="繁體").click()  # the button's state raced its script)
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
        if path.startswith("/search/"):  # the results listed, the status final: nothing changes under axe
            expect(page.locator("[data-status]")).to_contain_text("找到")
            expect(page.locator("[data-search]")).not_to_have_attribute("data-searching", "")
        page.evaluate(axe_script())
        violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                                   ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target)]))", AXE_TAGS)
        if violations:
            found[path] = violations
    assert found == {}
    context.close()
