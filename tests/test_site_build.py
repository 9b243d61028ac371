"""The built fixture site (tests/fixtures/site): pages, links, metadata, feeds, escaping,
determinism. Real files written by `build_site`, read back as a browser or crawler would."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "site"
BASE = "https://news.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    result = build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    assert result.articles == 11 and result.warnings == ()
    return out


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_the_url_scheme_promises_is_written(site):
    for path in [
        "index.html", "2018-07-05/index.html", "2018-07-05/01/index.html", "2018-07-05/05/index.html",
        "2018-07-05/01/01/index.html", "2018-07-05/05/05/index.html", "2018-07-06/01/01/index.html",
        "archive/index.html", "city/index.html", "city/宁波/index.html", "city/宁波/page/2/index.html",
        "person/index.html", "person/程雪/index.html", "404.html", "feed.xml", "feed.json",
        "sitemap.xml", "robots.txt", ".sitegen-output",
    ]:
        assert (site / path).is_file(), path


def test_every_page_has_language_viewport_canonical_and_open_graph(site):
    for file in html_files(site):
        html = file.read_text(encoding="utf-8")
        assert html.startswith('<!doctype html>\n<html lang="zh-CN">'), file
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html, file
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert canonical.startswith(BASE), file
        for prop in ("og:type", "og:title", "og:description", "og:url", "og:site_name"):
            assert f'<meta property="{prop}" content="' in html, (file, prop)


def test_home_is_the_latest_edition(site):
    home = read(site, "index.html")
    assert "2018年7月6日 星期五" in home and "告别“两头跑” 服务“一站通”" in home
    assert f'<link rel="canonical" href="{BASE}">' in home
    assert 'href="/2018-07-05/"' in home  # the edition before


def test_edition_lists_its_pages_with_headlines_in_print_order(site):
    html = read(site, "2018-07-05/index.html").partition("<main")[2]
    assert "第01版 · 要闻" in html and "第05版 · 基层" in html
    headlines = ["宁波江北工会", "衢州职工真情讲述", "莲都推进基层活力建设", "金华工会", "两地工会助力精准扶贫",
                 "问题“摆”上来", "戏水摸鱼乐翻天", "德清县总工会", "南浔2162对师徒"]
    positions = [html.index(h) for h in headlines]
    assert positions == sorted(positions)


def test_page_lists_its_articles_in_print_order_with_neighbours(site):
    html = read(site, "2018-07-05/05/index.html")
    links = re.findall(r'<h2 class="card-title"><a href="(/2018-07-05/05/\d\d/)">', html)
    assert links == [f"/2018-07-05/05/{n:02d}/" for n in range(1, 6)]
    assert 'href="/2018-07-05/01/">← 第01版 · 要闻' in html
    assert 'href="/2018-07-05/">本期目录' in html


def test_article_shows_headline_group_byline_roles_date_and_page(site):
    html = read(site, "2018-07-05/01/04/index.html")
    assert '<p class="kicker" data-pagefind-meta="kicker" data-pagefind-weight="5">扎根新农村 激活产业带</p>' in html
    assert '<h1 class="headline" data-pagefind-meta="title" data-pagefind-weight="10">金华工会：乡亲们，娘家人助你走振兴路！</h1>' in html
    # The credit as printed, in its printed order, each name linked where it stands.
    byline = re.search(r'<div class="byline credits"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", byline) == "通讯员阙建记者羊荣江报道"
    assert '记者<a href="/person/%E7%BE%8A%E8%8D%A3%E6%B1%9F/" data-pagefind-filter="person">羊荣江</a>报道' in byline
    assert "2018年7月5日 星期四" in html and ">第01版<" in html and ">要闻<" in html
    assert "<h2>把工会建到新农村去</h2>" in html
    assert 'rel="prev" href="/2018-07-05/01/03/"' in html and 'rel="next" href="/2018-07-05/01/05/"' in html
    assert 'href="/2018-07-05/05/">第05版 · 基层 →' in html
    assert "约 1 分钟读完" in html


def test_photo_credits_are_shown_as_printed_each_person_once(site):
    html = read(site, "2018-07-05/01/05/index.html")
    byline = re.search(r'<div class="byline credits"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", byline) == "通讯员钟国荣记者周金友摄影报道"
    assert byline.count("钟国荣") == 1 and byline.count("周金友") == 1


def test_credits_fall_back_to_roles_when_a_name_is_not_printed(tmp_path):
    """An editor added a photographer the printed byline does not name: the role lines."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    article = next((project / "content/2018-07-05/01").glob("04-*.md"))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\ncorrespondents:", "\nphotographers: [林一]\ncorrespondents:", 1), encoding="utf-8")
    out = tmp_path / "public"
    build_site(load_config(project), BuildOptions(out_dir=out, ingest=False, search=False))
    html = (out / "2018-07-05/01/04/index.html").read_text(encoding="utf-8")
    assert 'class="byline credits"' not in html
    byline = re.search(r'<p class="byline"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", "", byline) == "记者羊荣江通讯员阙建摄影林一"


def test_article_json_ld_is_a_news_article_with_print_fields(site):
    data = json_ld(read(site, "2018-07-05/01/01/index.html"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "宁波江北工会 为2万名货运司机 把好“红色方向盘”"
    assert [a["name"] for a in data["author"]] == ["张浩呈"] and data["author"][0]["@type"] == "Person"
    assert [c["name"] for c in data["contributor"]] == ["周永卫", "王际明", "黄剑"]
    assert data["datePublished"] == "2018-07-05T00:00:00+08:00"
    assert (data["printEdition"], data["printPage"], data["printSection"]) == ("2018-07-05", "第01版", "要闻")
    assert data["dateline"] == "宁波"
    assert data["locationCreated"]["address"]["addressRegion"] == "浙江"
    assert data["url"] == f"{BASE}2018-07-05/01/01/"


def test_descriptions_end_at_a_sentence_end(site):
    html = read(site, "2018-07-05/01/01/index.html")
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert 0 < len(description) <= 120 and description[-1] in "。！？”"
    assert description == "去年底，宁波江北区货运司机工会联合会成立，作为宁波市首家货运司机工会联合会，运行半年多来，先后服务司机及家属子女8500余人次，使“车轮上的工会”成为全区2万余名货运司机的新家园。"


def test_hostile_text_is_text_never_markup(site):
    html = read(site, "2018-07-05/05/05/index.html")
    assert "<script>alert" not in html and "<b>粗体" not in html
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert "A&amp;B 公司" in html
    assert "[甬工惠](javascript:alert(1))" in html  # left as the text it was
    for file in html_files(site):
        assert not re.search(r'href="\s*(javascript|data):', file.read_text(encoding="utf-8"), re.I), file
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert data["headline"] == '宁波工会打造“职工普惠保险”平台 <script>alert("headline")</script>'
    assert data["alternativeHeadline"] == "“线上推广+线下服务” & 甬工惠</script><!--"


def test_article_is_marked_for_the_search_index(site):
    html = read(site, "2018-07-05/05/03/index.html")
    assert "data-pagefind-body" in html
    for attribute in ('data-pagefind-filter="city"', 'data-pagefind-filter="person"', 'data-pagefind-filter="year:2018"',
                      'data-pagefind-filter="edition:2018-07-05"', 'data-pagefind-meta="date:2018年7月5日"',
                      'data-pagefind-sort="date:2018-07-05"', 'data-pagefind-meta="kicker"', 'data-pagefind-filter="page"'):
        assert attribute in html, attribute
    for listing in ("index.html", "city/湖州/index.html", "person/程雪/index.html"):
        assert "data-pagefind-body" not in read(site, listing)


def test_city_index_counts_and_city_pages_paginate(site):
    index = read(site, "city/index.html")
    assert re.search(r'href="/city/%E5%AE%81%E6%B3%A2/">宁波 <span class="count">3 篇</span></a>', index)
    assert re.search(r">湖州 <span class=\"count\">2 篇</span></a>", index)
    first, second = read(site, "city/宁波/index.html"), read(site, "city/宁波/page/2/index.html")
    assert '<link rel="next" href="/city/%E5%AE%81%E6%B3%A2/page/2/">' in first
    assert '<link rel="prev" href="/city/%E5%AE%81%E6%B3%A2/">' in second
    assert first.count('class="card-title"') == 2 and second.count('class="card-title"') == 1
    assert "告别“两头跑”" in first  # newest first


def test_person_pages_gather_every_role(site):
    index = read(site, "person/index.html")
    assert re.search(r">毛朝阳 <span class=\"count\">2 篇</span> <span class=\"muted\">记者、摄影</span></a>", index)
    html = read(site, "person/毛朝阳/index.html")
    assert "问题“摆”上来" in html and "衢州职工真情讲述" in html
    assert "· 记者</p>" in html and "· 摄影</p>" in html


def test_archive_is_a_calendar_of_years_months_and_days(site):
    front = read(site, "archive/index.html")
    # The newest month as a grid, each day with an edition a link to it, Monday first.
    assert '<td id="d2018-07-05"><a href="/2018-07-05/" aria-label="2018-07-05 报纸">5</a></td>' in front
    assert '<td id="d2018-07-06"><a href="/2018-07-06/"' in front
    assert '<td id="d2018-07-07"><span>7</span></td>' in front
    week = re.search(r"<tr>(<td></td>)*<td id=\"d2018-07-01\">", front)
    assert week and week.group(0).count("<td></td>") == 6  # 1 July 2018 was a Sunday
    assert '<a href="/archive/2018/">2018年</a> <small>2 期</small>' in front
    assert '<a href="/archive/2018/07/">7月</a>' in front
    assert 'data-months="2018-07"' in front and 'min="2018-07-05" max="2018-07-06"' in front
    year = read(site, "archive/2018/index.html")
    assert year.count('class="month-grid"') == 1 and "2018年7月" in year
    month = read(site, "archive/2018/07/index.html")
    # The month's editions newest first, each 版 with its lead article linked.
    assert month.index("2018年7月6日") < month.index("2018年7月5日")
    assert '<a href="/2018-07-05/01/01/">宁波江北工会 为2万名货运司机 把好“红色方向盘”</a>' in month
    assert not (site / "archive" / "2018" / "06").exists() and not (site / "archive" / "page").exists()


def test_edition_pages_open_with_the_issue_and_its_pages(site):
    article = read(site, "2018-07-05/01/05/index.html")
    top = article[: article.index('<h1 class="headline"')]
    assert '<a rel="next" href="/2018-07-06/">下一期 7月6日 →</a>' in top
    assert '<a href="/2018-07-05/05/">第05版 · 基层</a>' in top
    assert '<a href="/2018-07-05/01/" aria-current="page">第01版 · 要闻</a>' in top
    page = read(site, "2018-07-06/01/index.html")
    assert '<a rel="prev" href="/2018-07-05/">← 上一期 7月5日</a>' in page[: page.index("<h1")]


def test_reading_order_goes_on_to_the_next_page(site):
    last_of_01 = read(site, "2018-07-05/01/05/index.html")
    story_nav = last_of_01[last_of_01.index('class="story-nav"'):]
    assert '<a rel="next" href="/2018-07-05/05/01/">' in story_nav
    first_of_05 = read(site, "2018-07-05/05/01/index.html")
    story_nav = first_of_05[first_of_05.index('class="story-nav"'):]
    assert '<a rel="prev" href="/2018-07-05/01/05/">' in story_nav


def test_feeds_sitemap_and_robots(site):
    atom = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:updated", ns).text == "2018-07-06T00:00:00+08:00"
    entries = atom.findall("a:entry", ns)
    assert len(entries) == 11 and entries[0].find("a:id", ns).text == f"{BASE}2018-07-06/01/01/"
    feed = json.loads(read(site, "feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and len(feed["items"]) == 11
    assert feed["items"][0]["date_published"] == "2018-07-06T00:00:00+08:00"
    sitemap = ET.fromstring((site / "sitemap.xml").read_bytes())
    locs = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in sitemap]
    assert f"{BASE}2018-07-05/01/01/" in locs and f"{BASE}city/%E5%AE%81%E6%B3%A2/" in locs
    assert not any("404" in loc for loc in locs) and locs == sorted(locs)
    assert read(site, "robots.txt").endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_assets_are_fingerprinted_by_content(site):
    names = sorted(p.name for p in (site / "assets").iterdir())
    # app.js, favicon.svg, listen.js, search.js, style.css, traditional.js; from sitegen
    # search-query.js and the 繁體 tables s2t.json and t2s.json
    assert len(names) == 9
    for name in names:
        digest = name.rsplit(".", 2)[1]
        assert hashlib.sha256((site / "assets" / name).read_bytes()).hexdigest()[:10] == digest
    css = next(n for n in names if n.endswith(".css"))
    assert f'href="/assets/{css}"' in read(site, "index.html")


def _article_weight(site: Path) -> int:
    """The largest article page's own HTML plus the stylesheet, in bytes."""
    css = next((site / "assets").glob("style.*.css")).stat().st_size
    return max(p.stat().st_size for p in site.glob("2018-*/*/*/index.html")) + css


def test_article_page_html_and_css_stay_under_30_kb(site, tmp_path):
    assert _article_weight(site) < 30 * 1024
    sample = tmp_path / "sample"  # the sample edition's real articles, the longest ones
    repo = Path(__file__).resolve().parent.parent
    build_site(load_config(repo), BuildOptions(content_dir=repo / "content", out_dir=sample, ingest=False, search=False))
    assert _article_weight(sample) < 30 * 1024


def test_two_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=again, ingest=False, search=False))

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(site) == files(again)


def test_source_date_epoch_sets_the_feed_time(tmp_path, monkeypatch):
    # Not the newest edition's midnight, which the feed shows without SOURCE_DATE_EPOCH:
    # with that value, a build ignoring the variable passed.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13 20:26:40 +08:00
    build_site(load_config(FIXTURE), BuildOptions(out_dir=tmp_path / "out", ingest=False, search=False))
    assert "<updated>2020-09-13T20:26:40+08:00</updated>" in (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8")
