"""The theme contract (docs/THEMES.md) holds for a theme other than the default: the
sample (the repository's content/) built with the deliberately small theme in
tests/themes/minimal renders every page type, its search index finds names and places
through sitegen's shipped query rules, rebuilds stay byte-identical, and a theme that
breaks the contract (a missing template, a search attribute written otherwise) stops
the build with `path: message` and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from browser import chromium_available, deployed_headers, launch_chromium, serve_folder
from search_quality import article_texts, build_queries, run_queries
from sitegen.config import load_config
from sitegen.site import models
from sitegen.site.build import BuildOptions, build_site
from sitegen.site.content import load_articles
from sitegen.site.pages import PAGE_TYPES
from sitegen.site.viewkit import ViewKit
from test_serve_cli import fetch, serve  # noqa: F401 - serve is a fixture
from test_serve_support import wait_until
from test_site_incremental import same_tree

pytestmark = pytest.mark.usefixtures("check_reuse")  # every reused page made again and compared
REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "themes" / "minimal"
browser_only = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


def sample(folder: Path, theme: str = str(MINIMAL)) -> Path:
    """The repository's sample project (configuration and content/) in `folder`, built
    with `theme`."""
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "content", folder / "content")
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    config, count = re.subn(r'(?m)^theme = ".*"$', f"theme = {json.dumps(theme)}", config)
    assert count == 1
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    return folder


def with_theme_copy(folder: Path, edit=None) -> Path:
    """The sample with a copy of the minimal theme inside it, named by its path
    (`design/minimal`); `edit(templates_folder)` changes the copy."""
    project = sample(folder, "design/minimal")
    shutil.copytree(MINIMAL, project / "design" / "minimal")
    if edit is not None:
        edit(project / "design" / "minimal" / "templates")
    return project


def build_cli(project: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitegen", "--root", str(project), "--quiet", "build", "--out", str(project / "public"), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    project = sample(tmp_path_factory.mktemp("theme") / "project")
    out = project / "public"
    build_site(load_config(project), BuildOptions(out_dir=out, ingest=False))
    return project, out


def test_every_page_type_renders_through_the_minimal_theme(built):
    project, out = built
    config = load_config(project)
    articles, problems = load_articles(config.content, config.root)
    assert not problems
    kit = ViewKit(models.group(articles, config.page_name), config)
    for page_type in PAGE_TYPES:
        if not page_type.template:  # drawn by sitegen (share images), whatever the theme
            continue
        assert (MINIMAL / "templates" / page_type.template).is_file(), page_type.template
        key = next(iter(page_type.jobs(kit)))
        for spec in page_type.pages(kit, key):
            path = out / spec.path.lstrip("/")
            html = (path / "index.html" if spec.path.endswith("/") else path).read_text(encoding="utf-8")
            if "meta" not in spec.context:  # sw.js: a script, not a page
                assert spec.path.endswith(".js") and str(spec.context["version"]) in html
                continue
            assert f"<title>{escape(spec.context['meta'].title)}</title>" in html, spec.path
            assert re.search(r'<link rel="stylesheet" href="/assets/plain\.[0-9a-f]{10}\.css">', html), spec.path
            assert "masthead" not in html  # none of the default theme's markup


def test_the_theme_includes_sitegens_query_rules_and_its_own_static_files(built):
    _, out = built
    search = (out / "search" / "index.html").read_text(encoding="utf-8")
    rules = re.search(r'data-query-rules="(/assets/search-query\.[0-9a-f]{10}\.js)"', search)
    assert rules and (out / rules.group(1).lstrip("/")).read_bytes() == (REPO / "sitegen" / "search" / "static" / "search-query.js").read_bytes()
    assert sorted(p.name.split(".")[0] for p in (out / "assets").iterdir()) == ["plain", "s2t", "search", "search-query", "t2s"]


@browser_only
def test_the_index_finds_every_name_and_place_of_the_sample(built):
    """Every person and place of the sample's front matter, run through the minimal
    theme's search.js (sitegen's query rules, Pagefind's API): exactly the articles whose
    indexed text contains it."""
    project, out = built
    articles, _ = load_articles(project / "content", project)
    queries = [q for q in build_queries(articles, article_texts(out)) if q.kind in ("person", "place")]
    assert {"张浩呈", "江北"} <= {q.text for q in queries}
    found = run_queries(out, queries, "shipped")
    assert {q.text: sorted(set(urls)) for q, urls in zip(queries, found)} == {q.text: sorted(q.relevant) for q in queries}


@browser_only
def test_a_reader_searches_on_the_minimal_search_page(built):
    _, out = built
    with serve_folder(out, deployed_headers()) as url, launch_chromium() as browser:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "/search/?q=张浩呈 江北")
        page.wait_for_selector("[data-results] a", timeout=15000)
        links = page.eval_on_selector_all("[data-results] a", "links => links.map((a) => [a.getAttribute('href'), a.textContent])")
        page.close()
    assert links == [["/2018-07-05/01/01/", "宁波江北工会 为2万名货运司机 把好“红色方向盘”"]]
    assert errors == []


def test_a_rebuild_after_an_edit_equals_a_clean_build(tmp_path):
    project = sample(tmp_path / "project")
    config = load_config(project)
    build_site(config, BuildOptions(out_dir=project / "public", ingest=False))
    article = next((project / "content").rglob("*.md"))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("headline: ", "headline: 改过的", 1) + "\n补充的一段话。\n", encoding="utf-8")
    build_site(config, BuildOptions(out_dir=project / "public", ingest=False))
    build_site(config, BuildOptions(out_dir=project / "clean", ingest=False))
    same_tree(project / "public", project / "clean")
    assert "改过的" in (project / "public" / "index.html").read_text(encoding="utf-8")


def test_a_template_missing_from_the_theme_is_named_with_the_one_that_extends_it(tmp_path):
    project = with_theme_copy(tmp_path / "project", lambda templates: (templates / "city.html").unlink())
    run = build_cli(project, "--no-search")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        "design/minimal/templates/city.html: template not found: a theme needs city.html "
        "(docs/THEMES.md lists them; looked in design/minimal/templates)",
        "design/minimal/templates/person.html:1: template not found: city.html (looked in design/minimal/templates)",
    ]
    assert not (project / "public").exists()


def test_a_theme_folder_that_is_not_there_is_a_configuration_error(tmp_path):
    project = sample(tmp_path / "project", "design/none")
    run = build_cli(project, "--no-search")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip() == f"{project / 'pyproject.toml'}: theme 'design/none' not found (looked in {project / 'design' / 'none'})"


def test_serve_watches_a_theme_named_by_its_folder(tmp_path, serve):
    project = with_theme_copy(tmp_path / "project")
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        assert "主题改过" not in fetch(url)[1]
        _edit("<h1>{{ edition.date_label }}</h1>", "<h1>主题改过 {{ edition.date_label }}</h1>", "edition.html")(project / "design" / "minimal" / "templates")
        wait_until(lambda: "主题改过" in fetch(url)[1])
    finally:
        assert serving.stop() == 0


def _edit(old: str, new: str, template: str = "article.html"):
    def edit(templates: Path) -> None:
        path = templates / template
        source = path.read_text(encoding="utf-8")
        assert old in source
        path.write_text(source.replace(old, new), encoding="utf-8")

    return edit


FIRST = "/2018-07-05/01/01/"


@pytest.mark.parametrize(
    "edit, expected",
    [
        (_edit("<article data-pagefind-body ", "<article "),
         f"{FIRST}: search: an article page without data-pagefind-body is not searchable: article.html marks the "
         "article with it (docs/THEMES.md) (14 more article pages like it)"),
        (_edit("data-pagefind-sort=", "data-pagefind-meta="),
         f"{FIRST}: search: a page with data-pagefind-body needs a 'date' sort key inside that element "
         '(data-pagefind-sort="date:2018-07-05"); only article pages carry data-pagefind-body (docs/THEMES.md)'),
        (_edit("<main>", "<main data-pagefind-body>", "base.html"),
         "/2018-07-05/01/: search: a page with data-pagefind-body needs a 'date' sort key inside that element "
         '(data-pagefind-sort="date:2018-07-05"); only article pages carry data-pagefind-body (docs/THEMES.md)'),
        (_edit(' data-pagefind-sort="date:{{ article.date_iso }}">', '>\n<p data-pagefind-ignore data-pagefind-sort="date:{{ article.date_iso }}"></p>'),
         f"{FIRST}: search: the 'date' sort key must be inside the data-pagefind-body element, not in a "
         "data-pagefind-ignore one (docs/THEMES.md)"),
        (_edit("date:{{ article.date_iso }}", "date:{{ article.date_label }}"),
         f"{FIRST}: search: the 'date' sort key must be a date like 2018-07-05, not '2018年7月5日 星期四'"),
        (_edit('data-pagefind-weight="10"', 'data-pagefind-weight="high"'),
         f"{FIRST}: search: data-pagefind-weight='high' is not a number from 0 to 10"),
    ],
    ids=["no-body", "date-as-meta", "body-on-every-page", "date-ignored", "date-not-iso", "weight-not-a-number"],
)
def test_a_search_attribute_written_otherwise_stops_the_build(tmp_path, edit, expected):
    project = with_theme_copy(tmp_path / "project", edit)
    run = build_cli(project)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [expected]
    assert not (project / "public").exists()


def test_the_contract_page_lists_every_template_and_what_it_receives(built):
    """docs/THEMES.md has a row per page type: its template and every context variable
    its pages are given (a conformance check that the page stays true)."""
    project, _ = built
    config = load_config(project)
    articles, _ = load_articles(config.content, config.root)
    kit = ViewKit(models.group(articles, config.page_name), config)
    rows = {m.group(1): m.group(0) for m in re.finditer(r"(?m)^\| `([a-z_0-9]+\.(?:html|js))`.*$", (REPO / "docs" / "THEMES.md").read_text(encoding="utf-8"))}
    for page_type in PAGE_TYPES:
        if not page_type.template:  # drawn, not templated
            continue
        row = rows.get(page_type.template, "")
        keys = set().union(*(spec.context for spec in page_type.pages(kit, next(iter(page_type.jobs(kit))))))
        assert all(f"`{key}`" in row for key in keys), (page_type.template, sorted(keys))
