"""Share images (og:image): the PNG writer gives the pixels it was handed, headlines are
set by the rules docs/SITE.md states, every article of the recent editions gets an image
of its own and every other page the paper's, the window moves with a new edition, and an
edit or a theme change remakes only the images whose words changed. The sample's
images are copied to test-output/screenshots/ for a person to look at."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from browser import SCREENSHOTS
from test_site_prints import tree  # the built files but the manifest id
from PIL import Image

from sitegen.config import load_config
from sitegen.site import png, shareimage
from sitegen.site.build import BuildOptions, build_site
from sitegen.site.shareimage import (
    HEADLINE_SIZES,
    NO_LINE_END,
    NO_LINE_START,
    TEXT_WIDTH,
    Card,
)

pytestmark = pytest.mark.usefixtures("check_reuse")  # every reused page made again and compared

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
FONT = shareimage.share_font("")
needs_font = pytest.mark.skipif(FONT is None and not os.environ.get("CI"), reason="no CJK font (CI installs fonts-wqy-microhei)")


def pixels(data: bytes) -> tuple[tuple[int, int], bytes, list[int]]:
    image = Image.open(BytesIO(data))
    image.load()
    return image.size, image.tobytes(), image.getpalette()


# -- the PNG writer ------------------------------------------------------------------------------


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_bands_laid_end_to_end_decode_to_the_rows_given(bits):
    """Random rows cut into bands of random sizes, some shared: Pillow reads back exactly
    those pixels (zlib checks the combined Adler-32 as it inflates)."""
    rng = random.Random(bits)
    width, height = 37, 53
    row = (width * bits + 7) // 8
    rows = [bytes(rng.choice([0, 0, 0, rng.randrange(256)]) for _ in range(row)) for _ in range(height)]
    rows[10:30] = [b"\x00" * row] * 20  # long runs, as the blank rows of a share image
    bands, at = [], 0
    while at < height:
        take = min(height - at, rng.randrange(1, 12))
        bands.append(png.band(b"".join(b"\x00" + r for r in rows[at : at + take]), level=rng.choice([1, 6, 9])))
        at += take
    colours = [(i % 256, (i * 7) % 256, (i * 13) % 256) for i in range(2**bits)]
    data = png.encode(width, height, bits, colours, bands)
    idat = data[data.index(b"IDAT") + 4 : data.index(b"IEND") - 8]
    raw = zlib.decompress(idat)  # raises on a wrong checksum
    assert raw == b"".join(b"\x00" + r for r in rows)
    expected = Image.frombytes("P", (width, height), b"".join(rows), "raw", {1: "P;1", 2: "P;2", 4: "P;4", 8: "P"}[bits])
    assert pixels(data)[:2] == ((width, height), expected.tobytes())


def test_bands_that_do_not_make_up_the_image_are_refused():
    with pytest.raises(ValueError):
        png.encode(4, 2, 8, [(0, 0, 0)], [png.band(b"\x00abcd")])


@needs_font
def test_the_shortcut_encoder_gives_the_pixels_of_pillows(monkeypatch):
    card = Card("浙江工人日报 数字报", "宁波江北工会 为2万名货运司机 把好“红色方向盘”", "致敬劳动者", "2018年7月5日 星期四 · 第01版 要闻")
    fast = shareimage.render(card, FONT.path)
    monkeypatch.setenv("SITEGEN_NO_SHORTCUTS", "1")
    reference = shareimage.render(card, FONT.path)
    assert fast != reference  # two encoders ...
    assert pixels(fast) == pixels(reference)  # ... one image
    size, data, _ = pixels(fast)
    assert size == (1200, 630) and set(data) == {0, 1, 2, 3}  # paper, ink and the two levels between


# -- setting the headline -----------------------------------------------------------------------


def faces():
    return shareimage._Faces.get(FONT.path)


@needs_font
def test_muted_text_is_drawn_lighter_than_the_headline():
    """The kicker and the date line are set in MUTED_LEVEL of full ink: none of their
    pixels takes the palette's darkest level, which the headline's strokes do."""

    def levels(level: int) -> set:
        strip = shareimage.Strip(120)
        strip.draw(faces(), "工会", 72, 10, level)
        return set(strip.image.tobytes())

    assert shareimage.INK_LEVELS - 1 in levels(255)
    assert max(levels(shareimage.MUTED_LEVEL)) < shareimage.INK_LEVELS - 1


@needs_font
def test_a_glyph_pastes_its_ink_and_leaves_the_rest_of_its_box_as_it_was():
    """Glyphs are pasted as palette levels with a mask: a glyph's box drawn over another's ink
    (口's empty middle over 一) keeps that ink where the new glyph has none."""

    def inked(*texts) -> set:
        strip = shareimage.Strip(120)
        for text, size, top in texts:
            strip.draw(faces(), text, size, top, 255)
        data, width = strip.image.tobytes(), strip.image.width
        return {(i % width, i // width) for i, level in enumerate(data) if level}

    stroke, box = ("一", 20, 40), ("口", 72, 10)
    inside_the_box = inked(stroke) - inked(box)
    assert inside_the_box  # (the stroke lies in the box's empty middle)
    assert inside_the_box <= inked(stroke, box)


@needs_font
def test_printed_parts_stay_whole_one_a_line():
    size, lines = shareimage._fit_headline(faces(), "宁波江北工会 为2万名货运司机 把好“红色方向盘”")
    assert lines == ["宁波江北工会", "为2万名货运司机", "把好“红色方向盘”"]
    assert size == 60  # three lines: the second size


@needs_font
def test_parts_whole_come_before_a_larger_size():
    """Broken between characters, this headline would fit two lines at 72 px."""
    size, lines = shareimage._fit_headline(faces(), "宁波市总工会举办第十届职工技能大赛 三百余名选手同台竞技")
    assert (size, lines) == (60, ["宁波市总工会举办第十届职工技能大赛", "三百余名选手同台竞技"])


@needs_font
@pytest.mark.parametrize("before", range(8, 16))
def test_a_latin_word_or_number_is_never_broken(before):
    for word in ("Pagefind", "2018.7%"):
        lines = shareimage._wrap(faces(), "字" * before + word + "字" * 12, 72, 3)
        assert any(word in line for line in lines), lines


@needs_font
def test_a_short_headline_is_set_large_on_one_line():
    assert shareimage._fit_headline(faces(), "温州货运司机有了新家") == (72, ["温州货运司机有了新家"])


@needs_font
@pytest.mark.parametrize(
    "headline",
    [
        "全省一线职工技能大赛在杭州举行，一千二百名选手在二十个工种中同台竞技，展示新时代产业工人风采",
        "杭州亚运会“智能亚运”项目组（ABC-2023 Smart Games）通过验收，职工创新工作室贡献四项发明专利",
        "“红色方向盘”党建联盟成立三周年：从一个车队到三千名货运司机，从一条线路到全市二十个物流园区",
        "工会为职工办实事办好事，在全市建成一百二十个职工驿站，让户外劳动者“累了能歇脚、渴了能喝水”，得到广泛好评" * 2,
    ],
)
def test_lines_break_by_the_rules(headline):
    f = faces()
    size, lines = shareimage._fit_headline(f, headline)
    assert (size, len(lines)) in {(s, n) for s, most in HEADLINE_SIZES for n in range(1, most + 1)}
    for index, line in enumerate(lines):
        body = line[:-1] if line[-1] in NO_LINE_START or line.endswith("…") else line
        assert f.width(body, size) <= TEXT_WIDTH, line  # only a closing mark hangs
        assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, lines
        if index + 1 < len(lines):
            assert not (line[-1].isascii() and line[-1].isalnum() and lines[index + 1][0].isascii() and lines[index + 1][0].isalnum()), lines
    shown = "".join(lines)
    if shown.endswith("…"):
        assert len(lines) == HEADLINE_SIZES[-1][1] and headline.replace(" ", "").startswith(shown[:-1].replace(" ", ""))
    else:
        assert shown.replace(" ", "") == headline.replace(" ", "")


# -- in a build -----------------------------------------------------------------------------------


def build(root: Path, out: str = "public") -> Path:
    build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False))
    return root / out


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


@needs_font
def test_every_article_gets_its_own_image_named_in_its_head(project):
    out = build(project)
    articles = sorted(p.parent for p in out.glob("20*/*/*/index.html"))
    assert len(articles) == 11
    seen = set()
    for folder in articles:
        html = (folder / "index.html").read_text(encoding="utf-8")
        url = f"https://news.example.org/{folder.relative_to(out).as_posix()}/share.png"
        assert f'<meta property="og:image" content="{url}">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert f'"image": ["{url}"]' in html or f'"image":["{url}"]' in html
        size, data, _ = pixels((folder / "share.png").read_bytes())
        assert size == (1200, 630)
        seen.add(data)
    assert len(seen) == len(articles)  # each says something of its own
    assert "share.png" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://news.example.org/share.png">' in home
    assert pixels((out / "share.png").read_bytes())[0] == (1200, 630)


@needs_font
def test_by_default_an_article_of_any_age_has_its_own_image(project):
    """Every article gets its own image unless share_image_days sets a window: one of an
    edition two years before the newest too."""
    day = project / "content" / "2016-07-06" / "01"
    day.mkdir(parents=True)
    text = next((project / "content" / "2018-07-06" / "01").glob("*.md")).read_text(encoding="utf-8")
    (day / "01-两年前.md").write_text(text.replace("2018-07-06", "2016-07-06"), encoding="utf-8")
    out = build(project)
    html = (out / "2016-07-06" / "01" / "01" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://news.example.org/2016-07-06/01/01/share.png">' in html
    assert pixels((out / "2016-07-06" / "01" / "01" / "share.png").read_bytes())[0] == (1200, 630)


def set_days(project: Path, days: int) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("[tool.sitegen]", f"[tool.sitegen]\nshare_image_days = {days}"), encoding="utf-8")


@needs_font
def test_older_articles_share_the_papers_image_and_the_window_moves(project, tmp_path):
    set_days(project, 2)  # the newest edition's and the day before's
    out = build(project)
    own = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("20*/*/*/share.png"))
    assert {path[:10] for path in own} == {"2018-07-05", "2018-07-06"}
    day = project / "content" / "2018-07-07" / "01"
    day.mkdir(parents=True)
    text = next((project / "content" / "2018-07-06" / "01").glob("*.md")).read_text(encoding="utf-8")
    (day / "01-新的一期.md").write_text(text.replace("2018-07-06", "2018-07-07"), encoding="utf-8")
    build(project)  # 07-05 leaves the window; its pages are not next to the new edition's
    own = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("20*/*/*/share.png"))
    assert {path[:10] for path in own} == {"2018-07-06", "2018-07-07"}
    older = (out / "2018-07-05" / "01" / "01" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://news.example.org/share.png">' in older
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("public", ".sitegen*"))
    assert tree(out) == tree(build(clean))


@needs_font
def test_an_edit_remakes_its_image_only_and_a_theme_change_none(project):
    out = build(project)
    images = {p: p.stat().st_ino for p in out.glob("20*/*/*/share.png")}
    article = sorted((project / "content").rglob("*.md"))[0]
    text = article.read_text(encoding="utf-8")
    headline = next(line for line in text.splitlines() if line.startswith("headline:"))
    article.write_text(text.replace(headline, headline + "再改"), encoding="utf-8")
    build(project)
    changed = {p for p, inode in images.items() if p.stat().st_ino != inode}
    assert len(changed) == 1
    (project / "templates").mkdir(exist_ok=True)
    theme = REPO / "themes" / "default" / "templates" / "base.html"
    (project / "templates" / "base.html").write_text(theme.read_text(encoding="utf-8").replace("</head>", "<!-- 改 -->\n</head>"), encoding="utf-8")
    before = {p: p.stat().st_ino for p in out.glob("20*/*/*/share.png")}
    build(project)
    assert "<!-- 改 -->" in (out / "index.html").read_text(encoding="utf-8")
    assert {p: p.stat().st_ino for p in out.glob("20*/*/*/share.png")} == before


def test_switched_off_there_are_none(project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("[tool.sitegen]", "[tool.sitegen]\nshare_images = false"), encoding="utf-8")
    out = build(project)
    assert not list(out.rglob("share.png"))
    assert "og:image" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def run_build(project: Path, env: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitegen", "--root", str(project), "build", "--no-search"]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO), **env})


def test_a_configured_font_that_is_not_there_is_an_error(project):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("[tool.sitegen]", '[tool.sitegen]\nshare_font = "fonts/gone.ttf"'), encoding="utf-8")
    run = run_build(project, {})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{pyproject} [tool.sitegen]: share_font: no font file at fonts/gone.ttf" in run.stderr
    assert not (project / "public").exists()


def test_without_a_cjk_font_the_build_warns_and_goes_on(project):
    run = run_build(project, {"PATH": str(Path(sys.executable).parent)})  # no fc-match to ask
    assert run.returncode == 0, run.stderr
    assert "warning: no CJK font for share images" in run.stderr
    assert not list((project / "public").rglob("share.png"))


@needs_font
def test_the_samples_images_for_a_person_to_look_at(tmp_path):
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    shutil.copytree(REPO / "content", root / "content")
    out = build(root)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for image in sorted(out.glob("20*/*/*/share.png"))[:6]:
        shutil.copy(image, SCREENSHOTS / ("share-" + "-".join(image.parent.relative_to(out).parts) + ".png"))
    assert len(list(out.glob("20*/*/*/share.png"))) == 15
