"""`sitegen ingest` as a user runs it: a real process, real files, real encodings."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "seeds" / "2018-07-05" / "004_74110412767267a2.txt"


def sitegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def _ingested(project: Path) -> Path:
    """The sample page ingested into `project`; its raw file."""
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    raw = folder / SAMPLE.name
    raw.write_bytes(SAMPLE.read_bytes())
    assert sitegen("ingest", "seeds", cwd=project).returncode == 0
    return raw


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.sitegen]\nhome_province = "浙江"\n', encoding="utf-8")
    return tmp_path


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk-crlf": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
    "utf-16-be-crlf": lambda text: b"\xfe\xff" + text.replace("\n", "\r\n").encode("utf-16-be"),
}


def test_every_encoding_gives_the_same_articles(project):
    text = SAMPLE.read_text(encoding="utf-8")
    results = {}
    for name, encode in ENCODINGS.items():
        folder = project / name / "2018-07-05"
        folder.mkdir(parents=True)
        (folder / SAMPLE.name).write_bytes(encode(text))
        run = sitegen("ingest", str(folder), "--out", f"out-{name}", cwd=project)
        assert run.returncode == 0, run.stderr
        files = _tree(project / f"out-{name}")
        # the source file path differs by folder; everything else must be identical
        results[name] = {k: v.replace(name.encode(), b"X") for k, v in files.items()}
    first = results["utf-8"]
    assert len(first) == 7
    for name, files in results.items():
        assert files.keys() == first.keys(), name
        for key in files:
            body = lambda raw: raw.split(b"\n---\n", 1)[1]  # noqa: E731
            assert body(files[key]) == body(first[key]), f"{name}: {key}"


def test_bad_files_get_one_clear_error_each_and_the_rest_is_ingested(project):
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    (folder / "001_empty.txt").write_bytes(b"")
    (folder / "002_binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "003_latin1.txt").write_bytes("caf\xe9 \xff\xfe\xfd".encode("latin-1") * 50)
    run = sitegen("ingest", "seeds", cwd=project)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(errors) == 3, run.stderr
    assert any("001_empty.txt" in e and "empty" in e for e in errors)
    assert any("002_binary.txt" in e and "binary" in e for e in errors)
    assert any("003_latin1.txt" in e for e in errors)
    assert len(_tree(project / "content")) == 7


def test_hand_edited_articles_survive_reingest_and_force_overwrites(project):
    raw = _ingested(project)
    article = next((project / "content").rglob("06-*.md"))
    edited = article.read_text(encoding="utf-8").replace("南浔2162对师徒", "南浔两千对师徒", 1)
    article.write_text(edited, encoding="utf-8")
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0
    assert article.read_text(encoding="utf-8") == edited
    raw.write_bytes(SAMPLE.read_bytes() + "\n".encode())  # the raw page changed
    again = sitegen("ingest", "seeds", cwd=project)
    assert article.read_text(encoding="utf-8") == edited
    assert f"kept {article}" in again.stdout or article.name in again.stdout
    forced = sitegen("ingest", "seeds", "--force", cwd=project)
    assert forced.returncode == 0
    assert "南浔2162对师徒" in article.read_text(encoding="utf-8")


def test_output_is_deterministic(project):
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    for raw in (ROOT / "seeds" / "2018-07-05").glob("*.txt"):
        (folder / raw.name).write_bytes(raw.read_bytes())
    assert sitegen("ingest", "seeds", "--out", "a", cwd=project).returncode == 0
    assert sitegen("ingest", "seeds", "--out", "b", "--force", cwd=project).returncode == 0
    assert _tree(project / "a") == _tree(project / "b")


def test_missing_path_and_undated_page(project):
    (project / "loose.txt").write_bytes(SAMPLE.read_bytes())
    run = sitegen("ingest", "nowhere", "loose.txt", cwd=project)
    assert run.returncode == 1
    assert "nowhere: no such file or folder" in run.stderr
    assert "loose.txt: cannot place the page" in run.stderr and "--edition" in run.stderr
    assert not (project / "content").exists()  # nothing the build would refuse is written


def test_pages_without_a_page_number_or_a_real_date_are_errors_and_nothing_is_written(project):
    good = project / "seeds" / "2018-07-05"
    good.mkdir(parents=True)
    (good / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    (good / "page.txt").write_bytes(SAMPLE.read_bytes())  # no page number in its name
    (project / "seeds" / "2018-13-45").mkdir()
    (project / "seeds" / "2018-13-45" / "001_x.txt").write_bytes(SAMPLE.read_bytes())  # no such date
    run = sitegen("ingest", "seeds", cwd=project)
    assert run.returncode == 1
    assert "seeds/2018-07-05/page.txt: cannot place the page: 'page.txt' has no page number" in run.stderr
    assert "--page" in run.stderr
    assert "seeds/2018-13-45/001_x.txt: cannot place the page: its folder '2018-13-45' is not a date" in run.stderr
    assert not (project / "content").exists()
    given = sitegen("ingest", "seeds/2018-07-05/page.txt", "--page", "3", cwd=project)
    assert given.returncode == 0, given.stderr
    assert len(_tree(project / "content" / "2018-07-05" / "03")) == 7

def test_a_redelivered_page_with_a_new_brief_keeps_the_edit_and_writes_the_brief(project):
    """Files are matched to articles by content: a brief printed above an edited article
    must not take its file, publish it twice, or be lost."""
    raw = _ingested(project)
    article = next((project / "content").rglob("06-*.md"))
    edited = article.read_text(encoding="utf-8").replace("南浔2162对师徒", "南浔两千对师徒", 1)
    article.write_text(edited, encoding="utf-8")
    brief = "\n\n工会动态\n\n△湖州市总工会日前举办职工书法比赛，共收到作品120件。（李华）\n\n\n"
    text = SAMPLE.read_text(encoding="utf-8")
    raw.write_text(text.replace("\n传帮带 树典范", brief + "传帮带 树典范", 1), encoding="utf-8")
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0, again.stderr
    files = {p.name: p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md")}
    with_edit = [name for name, text in files.items() if "南浔两千对师徒" in text]
    assert with_edit == ["07-南浔2162对师徒传承匠心共筑梦.md"]  # the edit is kept, one place later
    assert not [name for name, text in files.items() if "headline: 南浔2162对师徒" in text]  # not published twice
    assert any("湖州市总工会日前举办职工书法比赛" in text for text in files.values())  # the new brief
    assert f"moved {article}" in again.stdout and "kept " in again.stdout
    assert "order: 7" in files["07-南浔2162对师徒传承匠心共筑梦.md"]


def _rewritten(article: Path, headline: str | None, body: str) -> str:
    """The article's file with its body (and headline, when given) replaced by an editor."""
    front, _ = article.read_text(encoding="utf-8").split("\n---\n", 1)
    if headline is not None:
        front = "\n".join(f"headline: {headline}" if line.startswith("headline: ") else line for line in front.split("\n"))
    text = f"{front}\n---\n\n{body}\n"
    article.write_text(text, encoding="utf-8")
    return text


def test_a_corrected_raw_page_rewrites_the_articles_nobody_edited(project):
    raw = _ingested(project)
    article = next((project / "content").rglob("06-*.md"))
    raw.write_text(SAMPLE.read_text(encoding="utf-8").replace("共培养高技能人才20余人", "共培养高技能人才30余人", 1), encoding="utf-8")
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0, again.stderr
    text = article.read_text(encoding="utf-8")
    assert "共培养高技能人才30余人" in text and "20余人" not in text
    assert "1 written, 6 unchanged, 0 kept" in again.stdout


def test_an_article_its_editor_cut_to_a_third_is_still_found_by_its_headline(project):
    """Too little of the printed body is left to tie the file to the article by its text
    alone: its headline does, and the article is not published a second time."""
    raw = _ingested(project)
    article = next((project / "content").rglob("06-*.md"))
    paragraphs = article.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip().split("\n\n")
    edited = _rewritten(article, None, "\n\n".join(paragraphs[: len(paragraphs) // 3]))
    raw.write_bytes(SAMPLE.read_bytes() + b"\n")  # re-delivered: no cache hit
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0, again.stderr
    assert article.read_text(encoding="utf-8") == edited
    same = [p.name for p in (project / "content").rglob("*.md") if "headline: 南浔2162对师徒" in p.read_text(encoding="utf-8")]
    assert same == [article.name]


def test_an_article_rewritten_past_recognition_keeps_its_file_beside_the_printed_one(project):
    """Headline and body both rewritten: ingest cannot tell the file holds the printed
    article, whose new file would take the same name. The editor's file stays as it is and
    the printed article is written beside it."""
    raw = _ingested(project)
    article = next((project / "content").rglob("06-*.md"))
    edited = _rewritten(article, "编辑另拟的标题", "编辑另写的正文，与原文无一句相同。")
    raw.write_bytes(SAMPLE.read_bytes() + b"\n")
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0, again.stderr
    assert article.read_text(encoding="utf-8") == edited
    assert f"kept {article}" in again.stdout
    printed = [p for p in article.parent.glob("06-*.md") if p != article]
    assert len(printed) == 1 and "headline: 南浔2162对师徒" in printed[0].read_text(encoding="utf-8")


def test_a_write_that_fails_names_its_file_and_leaves_it_whole(project):
    """A disk that fills up (here a file size limit) mid-ingest: a clear error naming the
    file, exit 1, and every article file as it was before or as it should be, never cut."""
    raw = _ingested(project)
    before = _tree(project / "content")
    raw.write_text(SAMPLE.read_text(encoding="utf-8").replace("共培养高技能人才20余人", "共培养高技能人才30余人", 1), encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (a write past the limit fails with EFBIG instead)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    run = subprocess.run([sys.executable, "-m", "sitegen", "ingest", "seeds"], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, preexec_fn=small_files)
    assert run.returncode == 1
    assert run.stderr == "content/2018-07-05/05/06-南浔2162对师徒传承匠心共筑梦.md: File too large\n", run.stderr
    assert "Traceback" not in run.stderr
    assert _tree(project / "content") == before


def test_rule_notes_are_summarised_per_rule_and_listed_with_verbose(project):
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    inside = ROOT / "tests" / "fixtures" / "continuations" / "2025-01-09" / "003_inside.txt"
    (folder / "007_inside.txt").write_bytes(inside.read_bytes())  # 上接第1版, page 1 not ingested
    run = sitegen("ingest", "seeds", cwd=project)
    assert "rule orphans: 1 note (--verbose lists them)" in run.stdout
    assert "rule continuations: 1 note (--verbose lists them)" in run.stdout
    verbose = sitegen("ingest", "seeds", "--force", "--verbose", cwd=project)
    assert "  seeds/2018-07-05/007_inside.txt:5: continued from page 1, which was not ingested with it" in verbose.stdout


def test_an_unknown_rule_name_in_the_configuration_is_refused_with_its_line(project):
    (project / "pyproject.toml").write_text(
        '[tool.sitegen]\nhome_province = "浙江"\n\n[tool.sitegen.ingest]\norphans = false\nphoto_itemz = false\n',
        encoding="utf-8",
    )
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    run = sitegen("ingest", "seeds", cwd=project)
    assert run.returncode == 2
    assert f"{project / 'pyproject.toml'}:6: [tool.sitegen.ingest]: no rule named 'photo_itemz'" in run.stderr
    assert not (project / "content").exists()


UNTITLED_PHOTOS = """某镇举办秋季农民运动会

本报讯 10月12日，某镇第三届农民运动会在镇中心小学操场开幕，来自全镇14个村的300余名选手参加拔河、挑担、插秧等8个项目的比赛。（钱明远）

10月14日，环卫工人在滨江步道清扫落叶，保持道路整洁。 本报记者 孙立平 摄

10月15日，志愿者在社区广场为老人义务理发，现场排起长队。 本报记者 周晓岚 摄
"""


def test_untitled_photos_keep_no_headline_and_are_matched_by_their_captions(project):
    """A photo printed with its caption alone is written untitled (named after its
    caption) and built as 图片新闻. On re-ingest it is matched by its caption alone: a
    new untitled photo printed in place of an edited one gets a file of its own and
    the edited one is kept (two empty headlines are no evidence of one photo)."""
    folder = project / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    raw = folder / "005_photos.txt"
    raw.write_text(UNTITLED_PHOTOS, encoding="utf-8")
    assert sitegen("ingest", "seeds", cwd=project).returncode == 0
    names = sorted(p.name for p in (project / "content").rglob("*.md"))
    assert names == ["01-某镇举办秋季农民运动会.md", "02-10月14日环卫工人在滨江步道清.md", "03-10月15日志愿者在社区广场为老.md"]
    photo = project / "content/2018-07-05/06/03-10月15日志愿者在社区广场为老.md"
    assert "headline: ''" in photo.read_text(encoding="utf-8")
    build = sitegen("build", "--no-search", cwd=project)
    assert build.returncode == 0, build.stderr
    assert "图片新闻</h1>" in (project / "public/2018-07-05/06/03/index.html").read_text(encoding="utf-8")
    photo.write_text(photo.read_text(encoding="utf-8").replace("义务理发", "免费理发"), encoding="utf-8")
    replaced = UNTITLED_PHOTOS.replace("10月15日，志愿者在社区广场为老人义务理发，现场排起长队。 本报记者 周晓岚 摄", "10月13日，消防员在商场开展消防演练，顾客有序疏散。 本报记者 林海 摄")
    raw.write_text(replaced, encoding="utf-8")
    again = sitegen("ingest", "seeds", cwd=project)
    assert again.returncode == 0, again.stderr
    files = {p.name: p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md")}
    assert [name for name, text in files.items() if "免费理发" in text] == ["03-10月15日志愿者在社区广场为老.md"]  # kept
    assert [name for name, text in files.items() if "消防演练" in text] == ["03-10月13日消防员在商场开展消防.md"]  # not lost
