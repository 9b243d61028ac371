"""Projects that must fail, each with the exact `path:line: message`; the output folder
is never touched by a failed build. Also: template overrides and errors, and the rules
for which output folder a build may replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.site.build import BuildOptions, build_site

GOOD = """---
headline: 莲都推进基层活力建设
reporters: [程雪]
city: 丽水
edition: 2018-07-05
page: 1
order: 1
---
近日，丽水莲都区总工会组织开展基层工会活动。
"""


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.sitegen]\nbase_url = "https://x.example/"\n', encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def problems(root: Path, **options) -> list[str]:
    with pytest.raises(SitegenError) as caught:
        build_site(load_config(root), BuildOptions(ingest=False, search=False, **options))
    assert not (root / "public").exists(), "a failed build wrote output"
    return [str(p) for p in caught.value.problems]


def with_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("headline: 莲都推进基层活力建设\n", "", "1: front matter: 'headline' is required (only `kind: photo` or `kind: brief` may leave it empty)"),
        ("headline: 莲都推进基层活力建设", "headline: [a, b]", "2: front matter: 'headline' must be text"),
        ("reporters: [程雪]", "reporters: 程雪", "3: front matter: 'reporters' must be a list of names"),
        ("edition: 2018-07-05", "edition: 2018-13-05", "5: front matter: not a date: month must be in 1..12"),
        ("edition: 2018-07-05", "edition: 七月五日", "5: front matter: 'edition' must be a date YYYY-MM-DD, not '七月五日'"),
        ("page: 1", "page: 第一版", "6: front matter: 'page' must be a whole number from 1 to 99999, not '第一版'"),
        ("order: 1", "order: 0", "7: front matter: 'order' must be a whole number from 1 to 99999, not 0"),
        ("city: 丽水", "city: ../../etc", "4: front matter: '../../etc' cannot name a page: use letters, digits, '·' or '-'"),
        ("reporters: [程雪]", "reporters: [程雪, a/b]", "3: front matter: 'a/b' cannot name a page: use letters, digits, '·' or '-'"),
        ("city: 丽水", "city: 丽水\ncounty: <b>莲都</b>", "5: front matter: '<b>莲都</b>' cannot name a page: use letters, digits, '·' or '-'"),
        ("city: 丽水", "city: [丽水", "5: front matter: expected ',' or ']', but got ':'"),
        ("page: 1\n", "page: 1\nkind: video\n", "7: front matter: 'kind' must be one of article, photo, brief, not 'video'"),
    ],
)
def test_bad_front_matter_is_reported_with_file_and_line(tmp_path, old, new, message):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": with_line(GOOD, old, new)})
    assert problems(root) == [f"content/2018-07-05/01/01-a.md:{message}"]


def test_every_problem_is_reported_at_once(tmp_path):
    root = project(
        tmp_path,
        {
            "content/2018-07-05/01/01-a.md": with_line(GOOD, "page: 1", "page: x"),
            "content/2018-07-05/01/02-b.md": with_line(GOOD, "edition: 2018-07-05", "edition: soon").replace("order: 1", "order: 2"),
            "content/2018-07-05/01/03-c.md": GOOD,
            "content/2018-07-05/01/04-d.md": GOOD,  # same edition, page and order as 03-c
        },
    )
    assert problems(root) == [
        "content/2018-07-05/01/01-a.md:6: front matter: 'page' must be a whole number from 1 to 99999, not 'x'",
        "content/2018-07-05/01/02-b.md:5: front matter: 'edition' must be a date YYYY-MM-DD, not 'soon'",
        "content/2018-07-05/01/04-d.md:7: front matter: edition 2018-07-05, page 1, order 1 is also content/2018-07-05/01/03-c.md",
    ]


def test_an_untitled_photo_item_is_shown_as_图片新闻(tmp_path):
    photo = with_line(GOOD, "headline: 莲都推进基层活力建设", "headline: ''").replace("order: 1", "order: 1\nkind: photo")
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": photo})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    page = (root / "public/2018-07-05/01/01/index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "图片新闻</h1>" in page
    (tmp_path / "brief").mkdir()
    root = project(tmp_path / "brief", {"content/2018-07-05/01/01-a.md": photo.replace("kind: photo", "kind: brief")})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert "简讯</h1>" in (root / "public/2018-07-05/01/01/index.html").read_text(encoding="utf-8")
    (tmp_path / "b").mkdir()
    assert problems(project(tmp_path / "b", {"content/2018-07-05/01/01-a.md": photo.replace("kind: photo", "kind: article")})) == [
        "content/2018-07-05/01/01-a.md:2: front matter: 'headline' is required (only `kind: photo` or `kind: brief` may leave it empty)"
    ]


def test_order_defaults_to_the_file_name_number(tmp_path):
    root = project(tmp_path, {"content/2018-07-05/01/03-a.md": GOOD.replace("order: 1\n", "")})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert (root / "public/2018-07-05/01/03/index.html").is_file()


def test_unknown_keys_warn_and_strict_makes_warnings_fatal(tmp_path):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD.replace("page: 1", "page: 1\ncolour: red"), "content/README.md": "notes\n"})
    result = build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert [str(w) for w in result.warnings] == [
        "content/2018-07-05/01/01-a.md:7: warning: front matter: unknown key 'colour'",
        "content/README.md:1: warning: no front matter: not an article file, skipped",
    ]
    shutil.rmtree(root / "public")
    assert len(problems(root, strict=True)) == 2


def test_strict_fails_on_warnings_even_when_nothing_changed_since_the_last_build(tmp_path):
    """A build whose inputs are those of the live site leaves it as it is, but not when
    asked for what that site was not built with: --strict still fails on its warnings,
    and the live site is not touched."""
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD.replace("page: 1", "page: 1\ncolour: red")})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    with pytest.raises(SitegenError) as caught:
        build_site(load_config(root), BuildOptions(ingest=False, search=False, strict=True))
    assert [str(p) for p in caught.value.problems] == ["content/2018-07-05/01/01-a.md:7: warning: front matter: unknown key 'colour'"]
    assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == before


def test_a_build_with_search_after_one_without_makes_the_index(tmp_path):
    """Unchanged articles, but the site before had no search index: it is not reused as it is."""
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert not (root / "public" / "pagefind").exists()
    build_site(load_config(root), BuildOptions(ingest=False, search=True))
    assert (root / "public" / "pagefind" / "bundles.json").is_file()


def test_cli_exit_codes_and_messages(tmp_path, capsys):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": with_line(GOOD, "reporters: [程雪]", "reporters: 程雪")})
    assert main(["--root", str(root), "build", "--no-ingest", "--no-search"]) == 1
    assert capsys.readouterr().err == "content/2018-07-05/01/01-a.md:3: front matter: 'reporters' must be a list of names\n"
    (root / "content/2018-07-05/01/01-a.md").write_text(GOOD, encoding="utf-8")
    assert main(["--root", str(root), "-q", "build", "--no-ingest", "--no-search"]) == 0
    (root / "pyproject.toml").write_text("[tool.sitegen]\nper_page = 'many'\n", encoding="utf-8")
    assert main(["--root", str(root), "build", "--no-ingest"]) == 2


# -- themes ----------------------------------------------------------------------------


def test_project_templates_override_and_extend_the_theme(tmp_path):
    root = project(
        tmp_path,
        {
            "content/2018-07-05/01/01-a.md": GOOD,
            "templates/partials/footer.html": "<footer>本地页脚 {{ site.name }}</footer>\n",
            "templates/article.html": '{% extends "theme/article.html" %}\n{% block head %}<meta name="x-override" content="1">{% endblock %}\n',
        },
    )
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    article = (root / "public/2018-07-05/01/01/index.html").read_text(encoding="utf-8")
    assert '<meta name="x-override" content="1">' in article and "莲都推进基层活力建设</h1>" in article
    assert "<footer>本地页脚 数字报</footer>" in (root / "public/index.html").read_text(encoding="utf-8")


def test_template_errors_name_the_template_and_line(tmp_path):
    root = project(
        tmp_path,
        {
            "content/2018-07-05/01/01-a.md": GOOD,
            "templates/article.html": '{% extends "theme/article.html" %}\n{% block head %}\n{{ article.no_such_thing }}\n{% endblock %}\n',
            "templates/page.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
        },
    )
    assert problems(root) == [
        "templates/article.html:3: template: 'sitegen.site.views.ArticleView object' has no attribute 'no_such_thing'",
        "templates/page.html:3: template: Expected an expression, got 'end of statement block'",
    ]


# -- the output folder -------------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_site(tmp_path):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    before = (root / "public/2018-07-05/01/01/index.html").read_bytes()
    (root / "content/2018-07-05/01/01-a.md").write_text(GOOD.replace("page: 1", "page: x"), encoding="utf-8")
    with pytest.raises(SitegenError):
        build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert (root / "public/2018-07-05/01/01/index.html").read_bytes() == before
    # Nothing is left beside the site but the build cache (manifests of what is in public/).
    assert sorted(p.name for p in root.iterdir()) == [".sitegen-cache", "content", "public", "pyproject.toml"]


def test_a_rebuild_removes_pages_that_are_gone(tmp_path):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD, "content/2018-07-05/01/02-b.md": GOOD.replace("order: 1", "order: 2")})
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    (root / "content/2018-07-05/01/02-b.md").unlink()
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert not (root / "public/2018-07-05/01/02").exists()


@pytest.mark.parametrize("out", [".", "content", "seeds", "elsewhere"])
def test_refuses_to_replace_folders_it_did_not_write(tmp_path, out):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD, "seeds/keep.txt": "raw", "elsewhere/keep.txt": "mine"})
    with pytest.raises(SitegenError) as caught:
        build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False))
    assert "refusing" in str(caught.value)
    assert (root / "seeds/keep.txt").is_file() and (root / "elsewhere/keep.txt").is_file()


def test_folders_left_by_a_killed_build_are_swept(tmp_path):
    root = project(tmp_path, {"content/2018-07-05/01/01-a.md": GOOD})
    leftover = root / ".sitegen-public-new-999999999"  # no such process
    (leftover / "x").mkdir(parents=True)
    build_site(load_config(root), BuildOptions(ingest=False, search=False))
    assert not leftover.exists() and (root / "public/.sitegen-output").is_file()
