"""Fast builds stay exact: the Markdown shortcut renders like markdown-it, a build on two
processes writes the same bytes as one on one, and a rebuild after any edit (an article,
a new edition, a removed article, a template) is byte-identical to a clean build."""

from __future__ import annotations

import os
import random
import re
import shutil
import string
import sys
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site import caches, incremental, markdown
from sitegen.site.build import BuildOptions, build_site
from sitegen.site.store import cache_dir, read_manifest, spare_of

pytestmark = pytest.mark.usefixtures("check_reuse")  # every reused page made again and compared
FIXTURE = Path(__file__).parent / "fixtures" / "site"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import search_archive  # noqa: E402 - the benchmarks' archive generator


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def same_tree(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    different = [path for path in left if left[path] != right[path]]
    assert not different, different[:5]


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    search_archive.generate(root / "content", 160, start="2019-03-01", every_days=1, kickers=0.5)
    return root


def build(root: Path, out: str, **options) -> None:
    build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False, **options))


@pytest.mark.parametrize(
    "body",
    [
        "一段话。\n\n二段话。",
        "## 小标题\n\n正文。",
        "# 标题\n\n正文",
        "2018年，工会成立。",
        "5月16日上午，\n\n12日，大会开幕。",
        "1. 第一\n\n2. 第二",
        "1) 第一",
        "1.第一",
        "1.",
        "2018.7.5 会议",
        "123456789. 列表",
        "1234567890. 不是列表",
        "1.\t制表符",
        "1.　全角空格",
        "正文 *强调* 正文",
        "正文<b>粗</b>",
        "A & B",
        "第一行\n第二行",
        "　全角空格开头",
        "行尾两个空格  \n下一行",
        "- 列表",
        "> 引用",
        "中文 English mixed 123",
        "##没有空格",
        "    缩进代码",
        "正文\n\n\n\n多个空行",
        "\x00控制字符",
        "链接 [文字](javascript:alert(1))",
        "结尾#",
    ],
)
def test_the_shortcut_renders_like_markdown_it(body):
    markdown.rendered.cache_clear()
    assert markdown.rendered(body) == markdown._parsed(body)


def test_the_shortcut_on_random_text():
    """Bodies of Han text, every ASCII punctuation mark, digits and spaces: wherever the
    shortcut applies, it renders what markdown-it renders."""
    alphabet = list("宁波江北工会。，“”：") + list(string.punctuation) + list("0123456789 ab#\t\u3000\n\n") + ["1. ", "2) ", "12.", "2018年"]
    rng = random.Random(3)
    for _ in range(20000):
        body = ("## " if rng.random() < 0.2 else "") + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        markdown.rendered.cache_clear()
        assert markdown.rendered(body) == markdown._parsed(body), repr(body)


def test_the_shortcut_on_every_sample_body():
    for folder in (REPO / "content", FIXTURE / "content"):
        for path in folder.rglob("*.md"):
            body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
            assert markdown.rendered(body) == markdown._parsed(body), path


def test_two_processes_write_what_one_does(project):
    build(project, "serial", workers=1)
    build(project, "parallel", workers=2)
    same_tree(project / "serial", project / "parallel")


def test_this_process_and_a_forked_one_write_what_one_does(project, monkeypatch):
    # Small chunks: far more than the forked worker holds queued, so this process renders
    # many of them too, interleaved with the worker's, and results must come back in order.
    monkeypatch.setattr(incremental, "CHUNK", 4)
    build(project, "serial", workers=1)
    build(project, "parallel", workers=2)
    same_tree(project / "serial", project / "parallel")


def edit_headline(root: Path) -> None:
    path = sorted((root / "content").rglob("*.md"))[40]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("headline: ", "headline: 改过的", 1), encoding="utf-8")


def add_edition(root: Path) -> None:
    search_archive.generate(root / "content", 64, start="2019-03-20", seed=11, every_days=1, kickers=0.5)


def remove_article(root: Path) -> None:
    sorted((root / "content").rglob("*.md"))[70].unlink()


def move_city(root: Path) -> None:
    path = sorted((root / "content").rglob("*.md"))[90]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("city: ", "city: 新", 1), encoding="utf-8")


def change_template(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "article.html").write_text(
        '{% extends "theme/article.html" %}\n{% block head %}<meta name="robots" content="noarchive">{% endblock %}\n',
        encoding="utf-8",
    )


def edit_body(root: Path) -> None:
    """A new first sentence: the article, and the summary on every listing of it."""
    path = sorted((root / "content").rglob("*.md"))[55]
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    path.write_text(f"{head}\n---\n改写的第一句。{body}", encoding="utf-8")


def change_role(root: Path) -> None:
    """Correspondents become photographers: the note on their listings changes."""
    for path in sorted((root / "content").rglob("*.md"))[30:]:
        text = path.read_text(encoding="utf-8")
        if "correspondents: [" in text and "photographers:" not in text:
            path.write_text(text.replace("correspondents: [", "photographers: [", 1), encoding="utf-8")
            return
    raise AssertionError("no article with correspondents")


def add_unnumbered(root: Path) -> None:
    """A file without an order: the first time last on its page; the second time one
    whose name sorts before it, so that the first moves down one place though its file
    is unchanged (orders come from file names and places)."""
    page = sorted((root / "content").glob("2019-03-03/*"))[0]
    name = "a-first.md" if (page / "x-later.md").exists() else "x-later.md"
    source = re.sub(r"(?m)^order: \d+\n", "", sorted(page.glob("0*.md"))[0].read_text(encoding="utf-8"))
    if name == "a-first.md":  # in no listing of x-later's: only its place tells them it moved
        source = re.sub(r"(?m)^(reporters|correspondents|photographers): .*\n", "", source)
        source = re.sub(r"(?m)^city: .*$", "city: 新城", source)
    (page / name).write_text(source.replace("headline: ", f"headline: {name}", 1), encoding="utf-8")


def remove_edition(root: Path) -> None:
    """The editions either side now link to each other."""
    shutil.rmtree(root / "content" / "2019-03-02")


def add_page(root: Path) -> None:
    """A 版 after the last of an edition: every page of the edition lists it in its nav,
    and the 版 before it links on to it."""
    first = sorted((root / "content").glob("2019-03-01/01/*.md"))[0]
    page = root / "content" / "2019-03-01" / "09"
    page.mkdir()
    (page / first.name).write_text(re.sub(r"(?m)^page: \d+$", "page: 9", first.read_text(encoding="utf-8")), encoding="utf-8")


def remove_page(root: Path) -> None:
    """A 版 in the middle of an edition: the 版 either side now link to each other."""
    shutil.rmtree(root / "content" / "2019-03-03" / "02")


def add_to_top_city(root: Path) -> None:
    """One more article of the city with the most: only its count on the city index changes
    (it stays first, and no city is new)."""
    files = sorted((root / "content").rglob("*.md"))
    cities = [re.search(r"(?m)^city: (.+)$", path.read_text(encoding="utf-8")) for path in files]
    top = max(sorted({m.group(1) for m in cities if m}), key=lambda city: sum(1 for m in cities if m and m.group(1) == city))
    source = next(path for path, m in zip(files, cities) if m and m.group(1) == top)
    text = re.sub(r"(?m)^order: \d+\n", "", source.read_text(encoding="utf-8"))
    (source.parent / "z-more.md").write_text(text.replace("headline: ", "headline: 又一篇", 1), encoding="utf-8")


def remove_second_edition(root: Path) -> None:
    """The edition before the newest: the home page and the newest's offline copy link to
    the one before it instead."""
    shutil.rmtree(sorted((root / "content").glob("20*"))[-2])


def rename_page(root: Path) -> None:
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"05" = "基层"', '"02" = "时评"'), encoding="utf-8")


def test_one_process_compiles_the_templates_once_and_sees_each_change(tmp_path):
    """Builds in one process (sitegen serve) share the last build's Jinja environment
    while the theme is unchanged, and a changed template is a new one."""
    from sitegen.site import theme

    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    build(root, "public")
    first = theme._LAST_ENVIRONMENT.copy()
    build(root, "public")
    assert theme._LAST_ENVIRONMENT == first
    change_template(root)
    build(root, "public")
    article = next((root / "public").glob("2018-*/*/*/index.html")).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noarchive">' in article


def test_every_rebuild_equals_a_clean_build(project):
    build(project, "public", workers=2)
    changes = (edit_headline, add_edition, remove_article, move_city, change_template, edit_body, change_role,
               add_unnumbered, add_unnumbered, remove_edition, add_page, remove_page, add_to_top_city,
               remove_second_edition, rename_page, edit_headline)
    for change in changes:
        change(project)
        build(project, "public", workers=2)
        shutil.rmtree(project / "clean", ignore_errors=True)
        build(project, "clean", workers=1)
        same_tree(project / "public", project / "clean")


def test_versions_made_from_the_served_one_and_a_spare_equal_clean_builds(project):
    """`sitegen serve` publishes each build as a new version of its output store, made
    from the version served and an older one it consumes, through the same build."""
    from sitegen.serve.versions import VersionStore

    config = load_config(project)
    store = VersionStore(project / "versions", cache_dir(config), keep_spare=True)
    try:
        build_site(config, BuildOptions(ingest=False, search=False), store=store)
        for number, change in enumerate((edit_body, add_edition, move_city, edit_headline), start=2):
            change(project)
            served = store.current.root
            before = tree(served)
            build_site(load_config(project), BuildOptions(ingest=False, search=False), store=store)
            store.prune()
            assert tree(served) == before  # the version served meanwhile is untouched
            assert sorted(p.name for p in store.builds_dir.iterdir()) == [str(number - 1), str(number)]  # the older spare consumed
            assert read_manifest(store.manifests, store.spare) is not None  # else the next build starts from nothing
            shutil.rmtree(project / "clean", ignore_errors=True)
            build(project, "clean")
            same_tree(store.current.root, project / "clean")
    finally:
        store.close()


def test_the_site_replaced_keeps_its_manifest_as_the_next_builds_spare(project):
    """The next build is made from the spare only while its manifest says what it holds;
    without it the build starts from nothing, as fast to check as slow to run: the bytes
    are the same, so no comparison with a clean build would notice."""
    build(project, "site")  # (not the configured output, whose manifests are kept whatever the store)
    edit_body(project)
    build(project, "site")
    spare = spare_of((project / "site").resolve())
    assert spare.is_dir() and read_manifest(cache_dir(load_config(project)), spare) is not None


def test_a_file_changed_behind_an_old_timestamp_is_read_again(project):
    """File hashes are kept by size, times and inode: a file rewritten with the same
    size and its old modification time set back has a new ctime, and is read again."""
    path = sorted((project / "content").rglob("*.md"))[12]
    text = path.read_text(encoding="utf-8")
    old = path.stat().st_mtime_ns - 3600 * 10**9
    for mark in ("甲", "乙"):  # the same number of bytes
        path.write_text(text.replace("headline: ", f"headline: {mark}", 1), encoding="utf-8")
        os.utime(path, ns=(old, old))
        build(project, "public")
    build(project, "clean")
    same_tree(project / "public", project / "clean")
    assert any("乙" in p.read_text(encoding="utf-8") for p in (project / "public").rglob("index.html"))


def test_a_hash_taken_just_after_its_file_was_written_is_not_kept(project):
    """A file can be written twice within one tick of the file system's clock, the same
    size both times: its (size, mtime, ctime, inode) do not change. A hash taken less than
    two seconds after the file's last write is therefore not kept (git's racily clean
    entries); one taken later is."""
    path = str(sorted((project / "content").rglob("*.md"))[3])
    written = max(os.stat(path).st_mtime_ns, os.stat(path).st_ctime_ns)
    hashes = caches.FileHashes(load_config(project))
    hashes.started = written + 10**6  # a millisecond after the write
    hashes.sha(path)
    assert path not in hashes.seen
    hashes.started = written + 3 * 10**9
    hashes.sha(path)
    assert path in hashes.seen


def test_a_rebuild_writes_only_what_changed(project):
    build(project, "public")
    untouched = project / "public" / "archive" / "index.html"
    article = sorted((project / "public").glob("2019-03-01/01/01/index.html"))[0]
    before = {path: os.stat(path).st_ino for path in (untouched, article)}
    edit_headline(project)
    build(project, "public")
    assert os.stat(untouched).st_ino == before[untouched]  # shared with the previous site
    assert os.stat(article).st_ino == before[article]
    stamp = os.stat(project / "public" / "index.html").st_mtime_ns
    build(project, "public")  # nothing changed: nothing is written at all
    assert os.stat(project / "public" / "index.html").st_mtime_ns == stamp


def test_a_rebuild_with_search_equals_a_clean_one(project):
    """The new folder may start with the index of the site before: months whose pages
    are unchanged are kept, the others replaced, and bundles.json says which is which."""
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=True))
    for change in (add_edition, edit_headline):
        change(project)
        build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=True))
    build_site(load_config(project), BuildOptions(out_dir=project / "clean", ingest=False, search=True))
    same_tree(project / "public", project / "clean")
    build(project, "public")  # without search: no index is left behind
    assert not (project / "public" / "pagefind").exists()


def test_any_folder_of_articles_with_headline_edition_and_page_builds(tmp_path):
    """`sitegen build --content DIR --out DIR`: any layout, no order, no numbered names;
    unnumbered articles follow the numbered ones of their page in path order."""
    from sitegen.cli import main

    content = tmp_path / "anything"
    for name, headline, edition, page in (
        ("x/a.md", "第一篇", "2020-01-02", 3),
        ("x/y/b.md", "第二篇", "2020-01-02", 3),
        ("c.md", "第三篇", "2020-01-03", 1),
        ("d/01-d.md", "第四篇", "2020-01-02", 3),
    ):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(f"---\nheadline: {headline}\nedition: {edition}\npage: {page}\n---\n正文。\n", encoding="utf-8")
    out = tmp_path / "site"
    code = main(["--root", str(tmp_path / "project"), "--quiet", "build", "--content", str(content), "--out", str(out), "--no-search", "--no-ingest"])
    assert code == 0
    assert "第四篇" in (out / "2020-01-02" / "03" / "01" / "index.html").read_text(encoding="utf-8")
    assert "第一篇" in (out / "2020-01-02" / "03" / "02" / "index.html").read_text(encoding="utf-8")
    assert "第二篇" in (out / "2020-01-02" / "03" / "03" / "index.html").read_text(encoding="utf-8")
    assert "第三篇" in (out / "2020-01-03" / "01" / "01" / "index.html").read_text(encoding="utf-8")


def test_a_siblings_new_headline_reaches_the_side_list_of_its_pages_articles(tmp_path):
    """Every article page lists its 版's articles (the wide screen's side column): an edited
    headline shows on the other articles of its 版 after a rebuild, as in a clean build."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    build(root, "public")
    path = root / "content" / "2018-07-05" / "05" / "01-问题摆上来.md"
    path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: 改过的", 1), encoding="utf-8")
    build(root, "public")
    build(root, "clean")
    same_tree(root / "public", root / "clean")
    for order in ("02", "05"):
        side = (root / "public" / "2018-07-05" / "05" / order / "index.html").read_text(encoding="utf-8").split('class="side"')[1]
        assert '<a href="/2018-07-05/05/01/">改过的问题“摆”上来' in side
    assert "改过的" not in (root / "public" / "2018-07-05" / "01" / "02" / "index.html").read_text(encoding="utf-8")
