"""records.py reads pages with its own tokenizer (ten times faster than html.parser); here
it must read every page as html.parser does: the built fixture site's pages, and
generated HTML with nesting errors, entities, comments, scripts and odd attributes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitegen.config import load_config
from sitegen.search import records
from sitegen.search.records import read_record
from sitegen.site.build import BuildOptions, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def reference_record(page: str, url: str = "/a/"):
    return records.reference_record(page, url)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("records") / "project"
    shutil.copytree(FIXTURE, project)
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=False))
    return project / "public"


def test_built_pages_read_as_html_parser_reads_them(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert read_record(page, "/a/") == reference_record(page), path


ATTRIBUTES = [
    "data-pagefind-body",
    "data-pagefind-ignore",
    'data-pagefind-meta="title"',
    "data-pagefind-meta='date:2016年3月1日'",
    'data-pagefind-filter="person"',
    'DATA-PAGEFIND-FILTER="city:宁波"',
    'data-pagefind-sort="date:2016-03-01"',
    'data-pagefind-meta="title, page:第03版"',
    'class="story"',
    'href="/p?a=1&amp;b=2"',
    "title='q\"uote'",
    "data-pagefind-meta=x&amp;y",
    "hidden",
    'data-x="a>b"',
]
TAGS = ["div", "p", "span", "a", "h1", "article", "br", "img", "script", "style", "template", "nav", "li"]
TEXTS = ["宁波江北", "工会 2162", "&amp;", "&lt;b&gt;", "&#20013;", "&nbsp;", "a < b", "\n  ", "“八婺工匠”"]


@st.composite
def pieces(draw):
    kind = draw(st.sampled_from(["start", "end", "text", "text", "comment", "selfclose"]))
    tag = draw(st.sampled_from(TAGS))
    if kind == "text":
        return draw(st.sampled_from(TEXTS))
    if kind == "comment":
        return "<!-- <p data-pagefind-body> -->"
    if kind == "end":
        return f"</{tag.upper() if draw(st.booleans()) else tag}>"
    attributes = draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3))
    inner = "".join(" " + a for a in attributes)
    tag = tag.upper() if draw(st.booleans()) else tag
    return f"<{tag}{inner}{' /' if kind == 'selfclose' else ''}>"


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces(), max_size=40))
def test_generated_html_reads_as_html_parser_reads_it(parts):
    page = "<html><body>" + "".join(parts) + "<article data-pagefind-body>尾</article></body></html>"
    assert read_record(page, "/a/") == reference_record(page)
