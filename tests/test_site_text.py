"""Pure pieces of the site stage: Markdown safety, Chinese summaries and reading time,
the URL scheme."""

from __future__ import annotations

import datetime as dt

import pytest

from sitegen.site import markdown, urls
from sitegen.site.reading import date_label, page_label, letter_count, reading_minutes, summarize


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
     "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA", "vbscript:msgbox", "file:///etc/passwd"],
)
def test_dangerous_links_render_as_text(link):
    html = markdown.to_html(f"[点此]({link}) ![图](<{link}>)")
    assert "<a " not in html and "<img " not in html


@pytest.mark.parametrize("link", ["https://www.zjgrrb.com/", "http://a.cn/x?y=1#z", "/2018-07-05/", "../01/", "#note", "mailto:a@b.cn"])
def test_ordinary_links_are_kept(link):
    assert '<a href="' in markdown.to_html(f"[链接]({link})")


def test_raw_html_is_escaped_and_subheads_are_h2():
    html = markdown.to_html("# 大标题\n\n<script>alert(1)</script> & <b>\n\n## 摸清情况，党支部建起来\n")
    assert html == (
        "<h2>大标题</h2>\n<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</p>\n"
        "<h2>摸清情况，党支部建起来</h2>\n"
    )


def test_wrapped_chinese_lines_join_without_a_space():
    assert markdown.to_html("去年底，宁波江北\n区货运司机工会\nlatin\nwords") == "<p>去年底，宁波江北区货运司机工会\nlatin\nwords</p>\n"


def test_paragraphs_are_plain_text_without_subheads():
    assert markdown.paragraphs("第一段[链接](http://x)。\n\n## 小标题\n\n第二段\n续。") == ("第一段链接。", "第二段续。")


def test_summary_cuts_at_a_sentence_end():
    text = "如何进一步精准帮扶，让困难职工真脱贫、早脱贫？近日，衢州市总工会第28期“工情直通车”开进江山。举行了一场特别的“圆桌会”。"
    assert summarize(text, 40) == "如何进一步精准帮扶，让困难职工真脱贫、早脱贫？"
    assert summarize(text, 50) == "如何进一步精准帮扶，让困难职工真脱贫、早脱贫？近日，衢州市总工会第28期“工情直通车”开进江山。"
    assert summarize(text, 1000) == text


def test_summary_keeps_closing_quotes_with_the_sentence():
    text = "张显钢说：“很开心有机会回到曾经工作过的地方。”此次活动让三门教育部门的劳模走进校园，进一步提高了教学水平。"
    assert summarize(text, 30) == "张显钢说：“很开心有机会回到曾经工作过的地方。”"


def test_summary_of_one_long_sentence_is_cut_with_an_ellipsis():
    assert summarize("甲" * 200, 10) == "甲" * 9 + "…"


def test_reading_time_counts_characters():
    assert reading_minutes(letter_count("字" * 400)) == 1
    assert reading_minutes(letter_count("字，" * 401)) == 2
    assert reading_minutes(letter_count("")) == 1


def test_labels_do_not_depend_on_the_locale():
    assert date_label(dt.date(2018, 7, 5)) == "2018年7月5日 星期四"
    assert date_label(dt.date(2018, 7, 8)) == "2018年7月8日 星期日"
    assert page_label(1) == "第01版"


def test_url_scheme():
    assert urls.edition_path(dt.date(2018, 7, 5)) == "/2018-07-05/"
    assert urls.page_path(dt.date(2018, 7, 5), 5) == "/2018-07-05/05/"
    assert urls.paged("/city/宁波/", 1) == "/city/宁波/" and urls.paged("/city/宁波/", 3) == "/city/宁波/page/3/"
    assert urls.output_file("/city/宁波/") == "city/宁波/index.html" and urls.output_file("/404.html") == "404.html"
    links = urls.Links("https://example.org/paper/")
    assert links.href("/city/宁波/") == "/paper/city/%E5%AE%81%E6%B3%A2/"
    assert links.absolute("/") == "https://example.org/paper/"


def test_a_long_listing_links_its_ends_and_the_pages_near_the_current_one():
    from sitegen.site.viewkit import page_numbers

    assert page_numbers(1, 1) == [1]
    assert page_numbers(3, 7) == [1, 2, 3, 4, 5, 6, 7]  # a one-page gap shows the page
    assert page_numbers(6, 450) == [1, None, 4, 5, 6, 7, 8, None, 450]
    assert page_numbers(450, 450) == [1, None, 448, 449, 450]
    assert all(len(page_numbers(n, 1000)) <= 9 for n in range(1, 1001))  # never every page
