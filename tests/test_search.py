"""The search stage: search tokens (and their mirror in search.js), records read from
built pages, per-year bundles and their cache, and the search page in headless Chromium
under the deployed Content-Security-Policy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from browser import chromium_available, deployed_headers, screenshot, serve_folder
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.search import index_site
from sitegen.search.grams import decode, index_text, query_phrases
from sitegen.search.records import read_record
from sitegen.site.build import BuildOptions, build_site
from sitegen.traditional.tables import query_map

FIXTURE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture(autouse=True, scope="module")
def query_table():
    """query_phrases makes the 繁體 query table (0.5 s) on the first query with a character
    outside GB2312 (𠀋): made here, before hypothesis times each example."""
    query_map()


TEXT = st.text(st.sampled_from(list("宁波江北工会为万名货运司机") + list("2162 abcZ，。“”\n𠀋")), max_size=40)


@given(TEXT)
def test_indexed_text_reads_back(text):
    assert decode(index_text(text)) == re.sub(r"\s+", " ", text)


@settings(max_examples=200)
@given(TEXT, st.data())
def test_a_query_found_in_the_text_is_a_run_of_its_tokens(text, data):
    """Soundness of the exact-phrase search: any Han run of 2+ characters in the text,
    as a query, is a consecutive run of the text's tokens."""
    runs = [m for m in re.finditer(r"[\u4e00-\u9fff\U00020000-\U0003134f]{2,}", text)]
    if not runs:
        return
    run = data.draw(st.sampled_from(runs)).group()
    start = data.draw(st.integers(0, len(run) - 2))
    query = run[start : start + data.draw(st.integers(2, len(run) - start))]
    [phrase] = query_phrases(query)
    tokens = index_text(text).split()
    assert any(tokens[i : i + len(phrase)] == phrase for i in range(len(tokens)))


def test_query_phrases_split_at_spaces_and_punctuation():
    assert len(query_phrases("宁波 工会")) == 2
    assert len(query_phrases("“江北”，2162")) == 2
    assert query_phrases("２０１８") == [["2018"]]
    assert query_phrases("ＡＰＰ") == [["app"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture project plus one article of 2017, built with its search index."""
    project = tmp_path_factory.mktemp("search") / "project"
    shutil.copytree(FIXTURE, project)
    older = project / "content" / "2017-12-30" / "01"
    older.mkdir(parents=True)
    source = (FIXTURE / "content" / "2018-07-05" / "05" / "04-南浔2162对师徒.md").read_text(encoding="utf-8")
    (older / "01-旧闻.md").write_text(source.replace("edition: 2018-07-05", "edition: 2017-12-30").replace("page: 5", "page: 1").replace("order: 4", "order: 1"), encoding="utf-8")
    out = project / "public"
    build_site(load_config(project), BuildOptions(out_dir=out, ingest=False))
    return project, out


def test_article_record_has_the_themes_filters_meta_and_sort(built):
    _, out = built
    record = read_record((out / "2018-07-05" / "01" / "01" / "index.html").read_text(encoding="utf-8"), "/2018-07-05/01/01/")
    assert record.filters["person"] == ["张浩呈", "周永卫", "王际明", "黄剑"]
    assert record.filters["city"] == ["宁波"] and record.filters["year"] == ["2018"]
    assert record.filters["edition"] == ["2018-07-05"] and record.filters["section"] == ["要闻"]
    assert record.meta["date"] == "2018年7月5日" and record.meta["page"] == "第01版"
    assert record.sort == {"date": "2018-07-05"}
    assert record.text.startswith("宁波江北工会 为2万名货运司机 把好“红色方向盘”\n")
    assert "分钟读完" not in record.text  # data-pagefind-ignore
    assert read_record((out / "index.html").read_text(encoding="utf-8"), "/") is None


def test_one_bundle_per_month_newest_first(built):
    _, out = built
    listing = json.loads((out / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert [(b["period"], b["articles"]) for b in listing["bundles"]] == [("2018-07", 11), ("2017-12", 1)]
    for bundle in listing["bundles"]:
        assert (out / "pagefind" / bundle["path"] / "pagefind.js").is_file()


def test_only_the_changed_month_is_indexed_again(built, tmp_path):
    project, _ = built
    config = load_config(project)
    out = tmp_path / "public"
    build_site(config, BuildOptions(out_dir=out, ingest=False, search=False))
    assert index_site(config, out).indexed == ()  # both months come from the cache
    article = project / "content" / "2017-12-30" / "01" / "01-旧闻.md"
    source = article.read_text(encoding="utf-8").rstrip() + "\n\n" + "后来的一段话。" * 30 + "\n"
    article.write_text(source, encoding="utf-8")
    build_site(config, BuildOptions(out_dir=out, ingest=False, search=False))
    assert index_site(config, out).indexed == ("titles-2017q4", "2017-12")  # a new lead
    article.write_text(source.replace("后来的一段话。\n", "后来的一段话（完）。\n"), encoding="utf-8")
    build_site(config, BuildOptions(out_dir=out, ingest=False, search=False))
    assert index_site(config, out).indexed == ("2017-12",)  # the end of the body is not in the title index
    article.write_text(source.replace("headline: 南浔2162对师徒", "headline: 南浔2162对新师徒"), encoding="utf-8")
    build_site(config, BuildOptions(out_dir=out, ingest=False, search=False))
    assert index_site(config, out).indexed == ("titles-2017q4", "2017-12")
    assert sorted(p.name.rsplit("-", 1)[0] for p in (project / ".sitegen-cache" / "search").iterdir()) == ["2017-12", "2018-07", "titles-2017q4", "titles-2018q3"]


def _unindexed_copy(built, folder: Path) -> tuple:
    """A copy of the built project with no search cache and no index: every bundle is made."""
    project, _ = built
    copy = folder / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".sitegen-cache", "pagefind"))
    return load_config(copy), copy / "public"


def test_bundles_made_in_worker_processes_equal_those_made_in_this_one(built, tmp_path, monkeypatch):
    """Two months or more are indexed in forked processes, one in this one: the same
    files, and each page read once (the title entries come back from the workers)."""
    from sitegen.search import index
    from test_shortcuts import _comparable, tree

    made, read_here = {}, []
    monkeypatch.setattr(index, "_read", lambda page, read=index._read: (read_here.append(page.url), read(page))[1])
    for workers in (1, 2):
        read_here.clear()
        config, out = _unindexed_copy(built, tmp_path / str(workers))
        assert len(index_site(config, out, workers=workers).indexed) == 4
        made[workers] = _comparable(tree(out / "pagefind"))
        assert len(read_here) == len(set(read_here)) == (12 if workers == 1 else 0)  # each article once, here or there
    assert made[1] == made[2]


def test_pages_examined_in_worker_processes_are_those_examined_here(built, tmp_path, monkeypatch):
    """A cold build's scan reads thousands of pages in worker processes: the same pages,
    dates and digests, in the same order, as read in this one."""
    from sitegen.search import index

    config, out = _unindexed_copy(built, tmp_path)
    here = index.scan(out, "", workers=1)
    monkeypatch.setattr(index, "MANY_PAGES", 1)
    assert index.scan(out, "", workers=2) == here
    assert len(here) == 12


def test_under_other_threads_the_workers_are_spawned_and_make_the_same_bundles(built, tmp_path):
    """`sitegen serve` indexes beside its server's threads, where forking could copy a
    held lock into the child: its workers are spawned, and make the same files."""
    import threading

    from sitegen.search import index
    from test_shortcuts import _comparable, tree

    methods, made = {}, {}
    real_pool = index.worker_pool
    try:
        for name in ("alone", "beside a thread"):
            index.worker_pool = lambda workers, context=None, name=name: (
                methods.setdefault(name, set()).add(context.get_start_method()), real_pool(workers, context))[1]
            config, out = _unindexed_copy(built, tmp_path / name.replace(" ", "-"))
            stop = threading.Event()
            other = threading.Thread(target=stop.wait) if name != "alone" else None
            if other is not None:
                other.start()
            try:
                assert len(index_site(config, out, workers=2).indexed) == 4
            finally:
                stop.set()
            made[name] = _comparable(tree(out / "pagefind"))
    finally:
        index.worker_pool = real_pool
    assert methods == {"alone": {"fork"}, "beside a thread": {"spawn"}}
    assert made["alone"] == made["beside a thread"]


def test_a_problem_found_in_a_worker_process_is_reported_as_the_pages(built, tmp_path):
    config, out = _unindexed_copy(built, tmp_path)
    page = out / "2018-07-05" / "01" / "01" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('data-pagefind-weight="10"', 'data-pagefind-weight="high"'), encoding="utf-8")
    with pytest.raises(SitegenError) as raised:
        index_site(config, out, workers=2)
    expected = "/2018-07-05/01/01/: search: data-pagefind-weight='high' is not a number from 0 to 10"
    assert [str(p) for p in raised.value.problems] == [expected] and str(raised.value) == expected


browser_only = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def site_url(built):
    _, out = built
    with serve_folder(out, deployed_headers()) as url:
        yield url


@browser_only
def test_search_js_tokens_match_python(chromium, site_url, built):
    _, out = built
    script = next((out / "assets").glob("search.*.js")).name
    samples = ["宁波江北", "工会推出 2162", "“江北”，会", "２０１８年", "APP平台", "𠀋字", "王际明、黄剑"]
    page = chromium.new_page()
    page.goto(site_url + "/search/")
    js = page.evaluate(
        "async ([js, samples, indexed]) => { const m = await import(js);"
        " return [samples.map((s) => m.queryPhrases(s).phrases), indexed.map((s) => m.decode(s))]; }",
        [f"/assets/{script}", samples, [index_text(s) for s in samples]],
    )
    assert js[0] == [query_phrases(s) for s in samples]
    assert js[1] == [decode(index_text(s)) for s in samples]
    page.close()


@browser_only
def test_a_phrase_never_matches_across_a_space_a_line_or_punctuation(chromium, site_url, built):
    """Each Han character is a word of its own, so these queries would match if Pagefind
    skipped the words in between: '工会 为' (a space), '张浩呈' and '通讯员' (two lines),
    '底，宁波' (a comma)."""
    _, out = built
    script = next((out / "assets").glob("search.*.js")).name
    queries = ["工会为", "浩呈通讯员", "底宁波", "江北工会", "张浩呈", "年底"]
    page = chromium.new_page()
    page.goto(site_url + "/search/")
    found = page.evaluate(
        "async ([js, queries]) => { const m = await import(js);"
        " return Promise.all(queries.map((q) => m.urls('/pagefind/', q, 50))); }",
        [f"/assets/{script}", queries],
    )
    page.close()
    assert dict(zip(queries, found)) == {
        "工会为": [], "浩呈通讯员": [], "底宁波": [],
        "江北工会": ["/2018-07-05/01/01/"], "张浩呈": ["/2018-07-05/01/01/"], "年底": ["/2018-07-05/01/01/"],
    }


@browser_only
def test_searches_made_while_the_index_loads_share_one_load(chromium, site_url, built):
    """The search page starts loading the bundles as it opens; a query typed meanwhile
    must not load and merge them a second time (every result would come back twice)."""
    _, out = built
    script = next((out / "assets").glob("search.*.js")).name
    page = chromium.new_page()
    # (the document parsed, so search.js finds its query rules; the page's own load of the
    # bundles is under way as the two queries start)
    page.goto(site_url + "/search/", wait_until="domcontentloaded")
    found = page.evaluate(
        "async (js) => { const m = await import(js);"
        " const all = await Promise.all([m.find('/pagefind/', '2162'), m.find('/pagefind/', '2162')]);"
        " return all.map((r) => r.results.map((x) => x.id)); }",
        f"/assets/{script}",
    )
    page.close()
    assert [len(ids) for ids in found] == [2, 2] and len(set(found[0])) == 2


@browser_only
def test_a_first_search_reads_recent_months_and_older_ones_on_request(chromium, site_url):
    """A page of results from the newest month is enough for a first answer: the older
    bundle is not fetched until the reader asks for earlier papers."""
    from playwright.sync_api import expect

    page = chromium.new_page()
    older = []
    page.on("request", lambda request: older.append(request.url) if "/pagefind/2017-12/" in request.url else None)
    page.goto(site_url + "/search/?q=%E6%98%9F%E6%9C%9F")  # 星期, in every dateline: eleven of July 2018, one of 2017
    # Not in any heading: the title index (the whole archive) finds none, the text of July eleven.
    expect(page.locator("[data-status]")).to_have_text("找到 11 篇（标题：全部报纸；正文：2018年7月以来）")
    assert older == []
    assert "2017" in page.locator("select[name=year] option").all_text_contents()  # the archive's years all the same
    expect(page.locator(".search-result")).to_have_count(10)
    expect(page.locator("[data-earlier]")).to_have_text("搜索更早的报纸")  # in the status line
    assert page.locator("[data-more]").inner_text() == "更多结果"
    page.click("[data-more]")
    expect(page.locator(".search-result")).to_have_count(11)
    assert page.locator("[data-more]").is_hidden()
    page.click("[data-earlier]")
    expect(page.locator("[data-status]")).to_have_text("找到 12 篇")
    expect(page.locator(".search-result")).to_have_count(10)
    page.click("[data-more]")
    expect(page.locator(".search-result")).to_have_count(12)
    assert any(t.startswith("2017年12月30日") for t in page.locator(".search-result .card-meta").all_inner_texts())
    assert older and page.locator("[data-earlier]").is_hidden() and page.locator("[data-more]").is_hidden()
    page.close()


@browser_only
def test_reader_searches_from_the_header_on_a_phone(chromium, site_url):
    context = chromium.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    from playwright.sync_api import expect

    page.goto(site_url + "/2018-07-05/01/01/")
    page.fill(".header-search input", "2162")
    page.press(".header-search input", "Enter")
    page.wait_for_selector(".search-result")
    # Results show as the first months answer; the count is final once older months are in.
    expect(page.locator("[data-status]")).to_have_text("找到 2 篇")
    first = page.locator(".search-result").first
    assert first.locator(".search-title").inner_text() == "南浔2162对师徒 传承匠心共筑梦"
    # Both have it in the headline, the same: the newer comes first. The byline is in the
    # meta line, not the excerpt.
    assert first.locator(".card-meta").inner_text() == "2018年7月5日 · 第05版 基层 · 湖州 · 本报讯 通讯员张斌报道"
    assert first.locator(".search-title mark").inner_text() == "2162"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.get_by_text("筛选").click()  # the filters fold under 筛选
    box = page.locator("select[name=year]").bounding_box()
    assert box["height"] >= 40  # a thumb's target
    page.select_option("select[name=year]", "2017")
    expect(page.locator(".search-result")).to_have_count(1)  # (wait_for_function would need unsafe-eval)
    assert "year=2017" in page.url and "q=2162" in page.url
    screenshot(page, "search-phone")
    page.goto(site_url + "/search/?q=%E6%80%BB%E5%B7%A5%E4%BC%9A%E4%BB%A5")  # 总工会以, across a word boundary
    page.wait_for_selector(".search-result mark")
    assert page.locator(".search-result mark").first.inner_text() == "总工会以"
    assert all("总工会以" in t for t in page.locator(".search-excerpt").all_inner_texts())
    assert errors == []
    context.close()


def test_a_month_too_big_for_one_pagefind_process_is_indexed_in_halves(monkeypatch):
    from pathlib import Path

    from sitegen.search import index

    monkeypatch.setattr(index, "MAX_BUNDLE", 3)
    pages = [index.PageFile(Path(f"{d}.html"), f"/{d}/", d, d, None) for d in ("2018-07-01", "2018-07-15", "2018-07-16", "2018-07-31", "2018-06-02")]
    periods = index.periods_of(pages)
    assert {period: [p.date for p in items] for period, items in periods.items()} == {
        "2018-07a": ["2018-07-01", "2018-07-15"],
        "2018-07b": ["2018-07-16", "2018-07-31"],
        "2018-06": ["2018-06-02"],
    }


def test_results_arriving_do_not_move_the_page(chromium, site_url):
    """Layout shift under 0.1 while a search runs (the filters fold under 筛选, and the
    page is a screen tall): Lighthouse counted 0.19 when five selects appeared above the
    results after the index loaded."""
    context = chromium.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(site_url + "/search/?q=%E5%B7%A5%E4%BC%9A")  # 工会: in most articles
    page.wait_for_selector(".search-result")
    page.wait_for_timeout(1500)  # older months and the filters fill in
    assert page.get_by_role("searchbox").count() == 1  # the page's own box, not the header's too
    assert page.evaluate("window.__shift") < 0.1
    context.close()


def test_title_entries_kept_by_other_code_are_read_again(tmp_path, monkeypatch):
    """The scan cache keeps each page's title-index entry, which layout.py lays out: an
    entry kept by another version of the code (a longer lede, say) is not reused."""
    from sitegen.search import index

    entry = index.Entry("/2018-07-05/01/01/", "青 瓷", {}, {}, {})
    page = index.PageFile(tmp_path / "a.html", entry.url, "2018-07-05", "digest", entry, "sha-a")
    kept = tmp_path / "search-pages.json"
    index.save_scan(kept, [page], {"sha-b"})
    assert index._load_scan(kept) == {"sha-a": ("2018-07-05", "digest", entry), "sha-b": None}
    monkeypatch.setattr(index, "_versions", lambda: "other code")
    assert index._load_scan(kept) == {}
