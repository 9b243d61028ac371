"""Relevance, counts and the record layout, on small projects built for each rule and
searched in headless Chromium through the site's own search page and search.js:
- a heading match outranks a body match; every phrase in the headline outranks phrases
  spread over kicker and subtitle; a kicker does not mark a headline down; more and
  denser mentions outrank a passing one; among headlines alike, the lede that tells the
  query more often comes first; among equal scores the newer article comes first;
  按时间 is newest first;
- the sort switch lives in the address; the count is the archive's, over several month
  bundles, and says what was searched while it is not;
- the excerpt comes from the body, not the byline;
- the query rules and the record layout (headline, heading, aside, body) are the same in
  Python and in search-query.js;
- the date a page is filed under is read however the theme writes the attribute, and a
  date that is not one is an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser import chromium_available, deployed_headers, serve_folder
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.search import index_site, layout
from sitegen.search.grams import decode, index_text, query_phrases
from sitegen.search.index import scan
from sitegen.search.records import read_record
from sitegen.site.build import BuildOptions, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "site"
CONFIG = '[tool.sitegen]\nsite_name = "测试"\nhome_province = "浙江"\n[tool.sitegen.page_names]\n"01" = "要闻"\n'
FILLER = "市里举行了一场座谈会，与会人员交流了各自的做法和体会，大家表示要把好的经验带回去。"

browser_only = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


def article(folder: Path, edition: str, order: int, headline: str, body: str, reporter: str = "王小明", **heading: str) -> None:
    """An article; `heading`: its kicker and subtitle, if any."""
    path = folder / "content" / edition / "01" / f"{order:02d}-a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = "".join(f"{key}: {value}\n" for key, value in heading.items())
    path.write_text(
        f"---\nheadline: {headline}\n{extra}byline: 记者{reporter}报道\nreporters: [{reporter}]\ncorrespondents: []\n"
        f"province: 浙江\nkind: article\nedition: {edition}\npage: 1\norder: {order}\n---\n{body}\n",
        encoding="utf-8",
    )


def build(folder: Path) -> Path:
    (folder / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    build_site(load_config(folder), BuildOptions(out_dir=folder / "public", ingest=False))
    return folder / "public"


@pytest.fixture(scope="module")
def ranked(tmp_path_factory) -> Path:
    """青瓷 in two identical headlines (D older, E newer) and one longer one (A); five
    times in a short body (B, the oldest); once in a long body (C, the newest)."""
    folder = tmp_path_factory.mktemp("ranked")
    article(folder, "2018-07-03", 1, "龙泉青瓷走出国门远销海外", FILLER * 3)
    article(folder, "2018-07-01", 1, "非遗传承人的一天", "青瓷好看。青瓷难烧。青瓷要等。他说青瓷是命。" + FILLER + "青瓷。")
    article(folder, "2018-07-04", 1, "夏日里的工地", FILLER * 8 + "墙角放着一只青瓷花瓶。" + FILLER * 8)
    article(folder, "2018-07-02", 1, "青瓷展开幕", FILLER * 2)
    article(folder, "2018-07-05", 1, "青瓷展开幕", FILLER * 2)
    article(folder, "2018-07-05", 2, "与此无关的一篇", FILLER * 2, reporter="青松")
    return build(folder)


def urls(chromium, out: Path, query: str, order: str) -> list[str]:
    script = next((out / "assets").glob("search.*.js")).name
    with serve_folder(out, deployed_headers()) as url:
        page = chromium.new_page()
        page.goto(url + "/search/")
        found = page.evaluate(
            "async ([js, q, order]) => (await import(js)).urls('/pagefind/', q, 20, order)", [f"/assets/{script}", query, order]
        )
        page.close()
    return found


@browser_only
def test_heading_first_then_denser_then_newer(chromium, ranked):
    found = urls(chromium, ranked, "青瓷", "relevance")
    d, e, a = "/2018-07-02/01/01/", "/2018-07-05/01/01/", "/2018-07-03/01/01/"
    b, c = "/2018-07-01/01/01/", "/2018-07-04/01/01/"
    assert set(found[:3]) == {d, e, a}  # headline matches first, though B and C are older and newer
    assert found.index(e) < found.index(d)  # the same headline, the same body: the newer first
    assert found[3:] == [b, c]  # five mentions in a short body before one in a long one
    assert urls(chromium, ranked, "青瓷", "time") == [e, c, a, d, b]  # 按时间: newest first


@pytest.fixture(scope="module")
def headlines(tmp_path_factory) -> Path:
    """青瓷 and 海外 in one long headline (A, the oldest), and in shorter, newer headings
    whose headline holds 青瓷 and whose kicker or subtitle holds 海外 (B, C, D); C says
    each more than once, which gives it a score as high as A's."""
    folder = tmp_path_factory.mktemp("headlines")
    article(folder, "2018-07-01", 1, "龙泉的老匠人带着一窑青瓷走出国门远销海外", FILLER)
    article(folder, "2018-07-02", 1, "青瓷", FILLER, kicker="海外青瓷")
    article(folder, "2018-07-03", 1, "青瓷青瓷", FILLER, kicker="海外海外", subtitle="海外")
    article(folder, "2018-07-04", 1, "青瓷", FILLER, kicker="海外", subtitle="海外青瓷")
    # 白茶: one headline twice, the newer with a long kicker.
    article(folder, "2018-07-05", 1, "白茶节开幕", FILLER)
    article(folder, "2018-07-06", 1, "白茶节开幕", FILLER, kicker="安吉举行一年一度的采茶盛会迎八方来客")
    return build(folder)


@browser_only
def test_every_word_in_the_headline_outranks_words_spread_over_the_heading(chromium, headlines):
    found = urls(chromium, headlines, "青瓷 海外", "relevance")
    assert found[0] == "/2018-07-01/01/01/"  # the one headline holding both, though longer and older
    assert sorted(found[1:]) == ["/2018-07-02/01/01/", "/2018-07-03/01/01/", "/2018-07-04/01/01/"]
    with serve_folder(headlines, deployed_headers()) as url:  # and so in the full text, with a filter
        page = chromium.new_page()
        page.goto(url + "/search/?q=青瓷 海外&year=2018")
        page.wait_for_selector(".search-result")
        assert page.locator(".search-title a").first.get_attribute("href").startswith("/2018-07-01/01/01/")
        page.close()


@browser_only
def test_a_kicker_does_not_mark_a_headline_down(chromium, headlines):
    # the same headline: equal, so the newer first, though its kicker makes its heading longer
    assert urls(chromium, headlines, "白茶", "relevance") == ["/2018-07-06/01/01/", "/2018-07-05/01/01/"]


@pytest.fixture(scope="module")
def told(tmp_path_factory) -> Path:
    """拉丝机 and 南浔 in three headlines: the oldest (A) is the story about them, its lede
    says both; the newer two (B, C) hold them in passing, their bodies never. The newest
    article (D) says both in its lede under a headline without them."""
    folder = tmp_path_factory.mktemp("told")
    article(folder, "2018-07-01", 1, "南浔拉丝机厂的新订单", "南浔一家拉丝机厂昨天接到了今年最大的一笔订单。" + FILLER)
    article(folder, "2018-07-02", 1, "南浔工会走访拉丝机等企业", FILLER * 2)
    article(folder, "2018-07-03", 1, "拉丝机旁的南浔姑娘", FILLER * 2)
    article(folder, "2018-07-04", 1, "一笔订单", "南浔的拉丝机又一次卖到了海外。" + FILLER)
    return build(folder)


@browser_only
def test_a_headline_whose_story_tells_the_words_outranks_one_that_holds_them_in_passing(chromium, told):
    a, b, c, d = "/2018-07-01/01/01/", "/2018-07-02/01/01/", "/2018-07-03/01/01/", "/2018-07-04/01/01/"
    assert urls(chromium, told, "拉丝机 南浔", "relevance") == [a, c, b, d]  # then newer; a lede alone after every headline
    with serve_folder(told, deployed_headers()) as url:  # and so through the search page, in the full text of a year
        page = chromium.new_page()
        page.goto(url + "/search/?q=拉丝机 南浔&year=2018")
        page.wait_for_selector(".search-result")
        assert page.locator(".search-title a").first.get_attribute("href").startswith(a)
        page.close()


@pytest.fixture(scope="module")
def told_more(tmp_path_factory) -> Path:
    """One headline three times, each lede telling 拉丝机 and 南浔: the oldest (A) again and
    again in its first sentences; the newer two (B, C) once."""
    folder = tmp_path_factory.mktemp("told_more")
    opening = "南浔一家拉丝机厂昨天接到了今年最大的一笔订单。"
    again = "南浔的拉丝机厂接到大订单，南浔人说起拉丝机都知道它。"
    article(folder, "2018-07-01", 1, "南浔拉丝机厂的新订单", again + FILLER * 2)
    article(folder, "2018-07-02", 1, "南浔拉丝机厂的新订单", opening + FILLER * 2)
    article(folder, "2018-07-03", 1, "南浔拉丝机厂的新订单", opening + FILLER * 2)
    return build(folder)


@browser_only
def test_a_lede_that_tells_the_words_more_often_outranks_a_newer_one_that_tells_them_once(chromium, told_more):
    assert urls(chromium, told_more, "拉丝机 南浔", "relevance") == ["/2018-07-01/01/01/", "/2018-07-03/01/01/", "/2018-07-02/01/01/"]


@pytest.fixture(scope="module")
def lede_only(tmp_path_factory) -> Path:
    """拉丝机 in an older kicker (K), and in a newer article's lede under a headline
    without it (D)."""
    folder = tmp_path_factory.mktemp("lede_only")
    article(folder, "2018-07-01", 1, "厂里来了新订单", FILLER * 2, kicker="拉丝机厂")
    article(folder, "2018-07-02", 1, "一笔订单", "拉丝机又一次卖到了海外。" + FILLER)
    return build(folder)


@browser_only
def test_a_lede_alone_is_no_heading_match(chromium, lede_only):
    # the title index holds the lede, but only the heading makes a heading match
    assert urls(chromium, lede_only, "拉丝机", "relevance") == ["/2018-07-01/01/01/", "/2018-07-02/01/01/"]


@browser_only
def test_the_excerpt_is_body_text_and_the_byline_is_in_the_meta_line(chromium, ranked):
    with serve_folder(ranked, deployed_headers()) as url:
        page = chromium.new_page()
        page.goto(url + "/search/?q=" + "青松")  # only in a byline
        page.wait_for_selector(".search-result")
        assert page.inner_text("[data-status]") == "找到 1 篇"
        assert page.inner_text(".search-result .card-meta").endswith("记者青松报道")  # the credit as printed
        assert page.inner_text(".search-excerpt").startswith(FILLER[:20])
        page.close()


@pytest.fixture(scope="module")
def months(tmp_path_factory) -> Path:
    """Three months of five articles (the nth of a month on its 1nth); 座谈会 in every
    body, 蓝海 in the headline of the first article of each month and in the body of the
    fifth."""
    folder = tmp_path_factory.mktemp("months")
    for month in ("2018-05", "2018-06", "2018-07"):
        for order in range(1, 6):
            headline = f"{month[-2:]}月蓝海行动" if order == 1 else f"{month[-2:]}月第{order}篇报道"
            article(folder, f"{month}-1{order}", order, headline, FILLER + ("说到蓝海。" if order == 5 else ""))
    return build(folder)


@browser_only
def test_counts_cover_every_month_and_say_what_was_searched(chromium, months):
    from playwright.sync_api import expect

    with serve_folder(months, deployed_headers()) as url:
        page = chromium.new_page()
        page.goto(url + "/search/?q=%E8%93%9D%E6%B5%B7")  # 蓝海: fewer than a page, so every month is searched
        expect(page.locator("[data-status]")).to_have_text("找到 6 篇")
        expect(page.locator(".search-result")).to_have_count(6)
        page.goto(url + "/search/?q=%E5%BA%A7%E8%B0%88%E4%BC%9A")  # 座谈会: fifteen bodies over three months
        expect(page.locator("[data-status]")).to_have_text("找到 10 篇（标题：全部报纸；正文：2018年6月以来）")
        page.click("[data-earlier]")  # in the same line
        expect(page.locator("[data-status]")).to_have_text("找到 15 篇")
        page.get_by_text("筛选").click()
        page.select_option("select[name=year]", "2018")
        expect(page.locator("[data-status]")).to_have_text("找到 15 篇")
        page.close()


@browser_only
def test_the_sort_switch_is_kept_in_the_address(chromium, months):
    from playwright.sync_api import expect

    with serve_folder(months, deployed_headers()) as url:
        page = chromium.new_page()
        page.goto(url + "/search/?q=%E8%93%9D%E6%B5%B7")  # 蓝海: three headlines (the 11th), three bodies (the 15th)
        expect(page.locator(".search-result")).to_have_count(6)
        assert page.is_checked("input[name=sort][value='']")  # 按相关度 by default
        assert all("蓝海" in title for title in page.locator(".search-title").all_inner_texts()[:3])
        page.check("input[name=sort][value=time]")
        expect(page).to_have_url(url + "/search/?q=%E8%93%9D%E6%B5%B7&sort=time")
        expect(page.locator(".search-result .card-meta").first).to_contain_text("2018年7月15日")
        page.reload()
        assert page.is_checked("input[name=sort][value=time]")
        expect(page.locator(".search-result .card-meta").first).to_contain_text("2018年7月15日")
        page.check("input[name=sort][value='']")
        expect(page).to_have_url(url + "/search/?q=%E8%93%9D%E6%B5%B7")
        expect(page.locator(".search-title").first).to_contain_text("月蓝海行动")
        page.close()


@browser_only
def test_query_rules_and_layout_agree_in_python_and_javascript(chromium, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    out = project / "public"
    build_site(load_config(project), BuildOptions(out_dir=out, ingest=False, search=False))
    records = [read_record(p.path.read_text(encoding="utf-8"), p.url) for p in scan(out, "")]
    queries = ["宁波江北", "工会推出 2162", "“江北”，会", "２０１８年", "APP平台", "𠀋字", "王际明、黄剑", "拉丝机 南浔", "货运司机  江北"]
    script = next((out / "assets").glob("search-query.*.js")).name
    with serve_folder(out) as url:
        page = chromium.new_page()
        page.goto(url + "/search/")
        js = page.evaluate(
            "async ([js, queries, indexed, full]) => { const m = await import(js); return {"
            " phrases: queries.map((q) => m.queryPhrases(q).phrases), decoded: indexed.map((s) => m.decode(s)),"
            " body: full.map((s) => m.bodyWords(s)), heading: m.HEADING_END, headline: m.HEADLINE_END, pad: m.PAD }; }",
            [f"/assets/{script}", queries, [index_text(q) for q in queries], [layout.full_text(r) for r in records]],
        )
        page.close()
    assert js["phrases"] == [query_phrases(q) for q in queries]
    assert js["decoded"] == [decode(index_text(q)) for q in queries]
    assert (js["heading"], js["headline"], js["pad"]) == (layout.HEADING_END, layout.HEADLINE_END, layout.PAD)
    bodies = [" ".join(index_text(text) for _, text in layout.classes(r)["body"]).split() for r in records]
    assert [[w for w in words if w != "¦"] for words in js["body"]] == [[w for w in b if w != "¦"] for b in bodies]


def test_the_layout_puts_the_headline_first_then_the_heading_then_the_byline_before_the_body(tmp_path):
    page = (
        '<article data-pagefind-body><p data-pagefind-weight="0.5">记者 王小明</p><p data-pagefind-weight="5">引题</p>'
        '<h1 data-pagefind-weight="10">标题在后</h1><p>正文。</p><p data-pagefind-weight="5">副题</p></article>'
    )
    record = read_record(page, "/a/")
    assert record.text == "引题\n标题在后\n副题\n记者 王小明\n正文。"
    words = layout.full_text(record).split()
    plain = [w for w in words if not w.startswith("___")]
    assert plain[:5] == ["标", "题", "在", "后", "¦"]  # the headline (the heading's highest weight) first
    assert set(plain[4 : layout.HEADLINE_END]) == {"¦"}
    assert plain[layout.HEADLINE_END : layout.HEADLINE_END + 6] == ["引", "题", "¦", "副", "题", "¦"]
    assert plain[layout.HEADING_END : layout.HEADING_END + 4] == ["记", "者", "¦", "王"]
    assert plain[-3:] == ["正", "文", "。"] and plain[-3 - layout.PAD : -3] == ["¦"] * layout.PAD
    title = layout.title(record)[0].split()
    assert title[0] == "___PAGEFIND_WEIGHT___10"
    title = [w for w in title if not w.startswith("___")]
    assert title[: layout.HEADLINE_END + 5] == plain[: layout.HEADLINE_END + 5]  # laid out alike
    assert set(title[layout.HEADLINE_END + 5 : layout.HEADING_END]) == {"¦"}
    assert title[layout.HEADING_END :] == ["正", "文", "。"]  # then the lede, without the byline


def test_a_heading_too_long_for_its_place_leaves_its_later_parts_to_the_body(tmp_path):
    long_kicker = "很" * (layout.HEADING_WORDS - layout.HEADLINE_END)
    page = (
        f'<article data-pagefind-body><p data-pagefind-weight="5">{long_kicker}</p><h1 data-pagefind-weight="10">标题</h1>'
        '<p data-pagefind-weight="5">副题</p><p>正文。</p></article>'
    )
    parts = layout.classes(read_record(page, "/a/"))
    assert parts["heading"] == [(10, "标题"), (5, long_kicker)]  # it ends at HEADING_WORDS exactly
    assert parts["body"] == [(5, "副题"), (1, "正文。")]
    plain = [w for w in layout.full_text(read_record(page, "/a/")).split() if not w.startswith("___")]
    assert plain[layout.HEADLINE_END] == "很" and plain[layout.HEADING_WORDS : layout.HEADING_END] == ["¦"] * layout.PAD


@pytest.mark.parametrize(
    "attribute",
    ["data-pagefind-sort='date:2017-12-30'", 'data-pagefind-sort = "date: 2017-12-30"', 'data-pagefind-sort="date"'],
)
def test_the_date_is_read_however_the_theme_writes_it(tmp_path, attribute):
    page = f'<article data-pagefind-body><h1>标题</h1><time {attribute}>2017-12-30</time><p>正文</p></article>'
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    [found] = scan(tmp_path, "")
    assert found.date == "2017-12-30"


def test_a_date_that_is_not_one_is_an_error(tmp_path):
    page = '<article data-pagefind-body><h1>标题</h1><time data-pagefind-sort="date">2017年12月30日</time></article>'
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    with pytest.raises(SitegenError) as error:
        scan(tmp_path, "")
    assert "a.html" in str(error.value.problems[0].path) and "2017年12月30日" in error.value.problems[0].message


def test_the_title_index_covers_every_year(tmp_path):
    folder = tmp_path / "p"
    article(folder, "2017-12-30", 1, "旧年的标题", FILLER)
    article(folder, "2018-07-05", 1, "新年的标题", FILLER)
    out = build(folder)
    assert (out / "pagefind" / "titles-2017q4" / "pagefind.js").is_file()
    result = index_site(load_config(folder), out)
    assert result.indexed == ()
