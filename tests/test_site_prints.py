"""A 版's PDF and page image delivered beside its raw text (`seeds/<date>/000_….pdf`,
`.jpg`): the 版 page offers both and shows the image; a page without them, and every
other file of the site, is exactly what it would be without; a replaced or removed file
is followed by the next build; a file that cannot be shown is a warning, never a broken
build. The 版 page with its image passes axe at 375 and 1280 px, light and dark."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from browser import chromium_available, screenshot
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site

pytestmark = pytest.mark.usefixtures("check_reuse")  # every reused page made again and compared
REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
PDF = b"%PDF-1.4\n% a page\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".sitegen-manifest"}


def page_image(path: Path, size=(2400, 3400)) -> bytes:
    image = Image.new("RGB", size, (240, 236, 228))
    image.paste((30, 30, 30), (100, 100, size[0] - 100, size[1] // 6))
    image.save(path, "JPEG", quality=80)
    return path.read_bytes()


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    (root / "seeds" / "2018-07-05").mkdir(parents=True)
    return root


def build(root: Path, out: str = "public", **options) -> Path:
    build_site(load_config(root), BuildOptions(out_dir=root / out, ingest=False, search=False, **options))
    return root / out


def deliver(root: Path) -> tuple[bytes, bytes]:
    folder = root / "seeds" / "2018-07-05"
    (folder / "000_a1b2.pdf").write_bytes(PDF)
    return PDF, page_image(folder / "000_a1b2.jpg")


def test_the_page_offers_its_pdf_and_shows_its_image(project):
    pdf, jpg = deliver(project)
    out = build(project)
    folder = out / "2018-07-05" / "01"
    assert (folder / "2018-07-05-01.pdf").read_bytes() == pdf
    assert (folder / "2018-07-05-01.jpg").read_bytes() == jpg
    shown = Image.open(folder / "2018-07-05-01-720.jpg")
    assert shown.format == "JPEG" and shown.size == (720, 1020)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert '<a href="/2018-07-05/01/2018-07-05-01.pdf" download>下载PDF（1 KB）</a>' in html
    assert f'<a href="/2018-07-05/01/2018-07-05-01.jpg" download>下载JPG（{round(len(jpg) / 1000)} KB）</a>' in html
    assert '<img src="/2018-07-05/01/2018-07-05-01-720.jpg" width="720" height="1020" alt="2018年7月5日 第01版 版面图"' in html
    other = (out / "2018-07-05" / "05" / "index.html").read_text(encoding="utf-8")
    assert "print-files" not in other and "版面图" not in other


def test_nothing_else_changes_with_or_without_them(project, tmp_path):
    without = tree(build(project))
    deliver(project)
    with_them = tree(build(project, "public-2"))
    changed = sorted(path for path in set(without) | set(with_them) if without.get(path) != with_them.get(path))
    assert changed == ["2018-07-05/01/2018-07-05-01-720.jpg", "2018-07-05/01/2018-07-05-01.jpg",
                       "2018-07-05/01/2018-07-05-01.pdf", "2018-07-05/01/index.html"]


def test_a_replaced_or_removed_file_is_followed_and_equals_a_clean_build(project):
    deliver(project)
    out = build(project)
    folder = project / "seeds" / "2018-07-05"
    (folder / "000_a1b2.pdf").write_bytes(PDF.replace(b"a page", b"the page, corrected"))
    page_image(folder / "000_a1b2.jpg", size=(1800, 2600))
    build(project)
    assert b"corrected" in (out / "2018-07-05" / "01" / "2018-07-05-01.pdf").read_bytes()
    assert Image.open(out / "2018-07-05" / "01" / "2018-07-05-01-720.jpg").size == (720, 1040)
    assert tree(out) == tree(build(project, "clean-1"))
    (folder / "000_a1b2.pdf").unlink()
    build(project)
    assert not (out / "2018-07-05" / "01" / "2018-07-05-01.pdf").exists()
    assert "下载PDF" not in (out / "2018-07-05" / "01" / "index.html").read_text(encoding="utf-8")
    assert tree(out) == tree(build(project, "clean-2"))


def test_a_small_image_is_shown_at_its_own_size(project):
    page_image(project / "seeds" / "2018-07-05" / "004_b.png", size=(600, 850))
    out = build(project)
    html = (out / "2018-07-05" / "05" / "index.html").read_text(encoding="utf-8")
    assert 'width="600" height="850"' in html and "下载PNG" in html
    assert Image.open(out / "2018-07-05" / "05" / "2018-07-05-05-720.jpg").size == (600, 850)


def test_of_two_files_of_a_kind_the_first_by_name_is_shown(project):
    folder = project / "seeds" / "2018-07-05"
    first = page_image(folder / "000_a.jpg", size=(700, 1000))
    page_image(folder / "000_b.jpg", size=(800, 1100))
    (folder / "000_a.pdf").write_bytes(PDF)
    (folder / "000_b.pdf").write_bytes(PDF.replace(b"a page", b"another"))
    out = build(project)
    assert (out / "2018-07-05" / "01" / "2018-07-05-01.jpg").read_bytes() == first
    assert (out / "2018-07-05" / "01" / "2018-07-05-01.pdf").read_bytes() == PDF


def run_build(project: Path, *options: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "sitegen", "--root", str(project), "build", "--no-search", "--no-ingest", *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_files_that_cannot_be_shown_are_named_and_left_out(project):
    folder = project / "seeds" / "2018-07-05"
    (folder / "000_cut.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a whole JPEG")
    (project / "seeds" / "undated").mkdir()
    (project / "seeds" / "undated" / "000_x.pdf").write_bytes(PDF)
    (folder / "front.pdf").write_bytes(PDF)
    (folder / "001_ads.pdf").write_bytes(PDF)  # 第02版: no article of this edition is on it
    run = run_build(project)
    assert run.returncode == 0, run.stderr
    assert "seeds/2018-07-05/000_cut.jpg: warning: not shown: cannot read the page image" in run.stderr
    assert "seeds/undated/000_x.pdf: warning: not shown: a page's PDF or image needs a dated folder and a page number" in run.stderr
    assert "seeds/2018-07-05/front.pdf: warning: not shown" in run.stderr
    assert "seeds/2018-07-05/001_ads.pdf: warning: not shown: 2018-07-05 has no article on 第02版" in run.stderr
    assert "Traceback" not in run.stderr
    assert not list((project / "public").rglob("*.pdf")) and not list((project / "public").rglob("*.jpg"))
    strict = run_build(project, "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")
def test_the_page_with_its_image_passes_axe_and_fits_a_phone(project):
    from a11y import audit_site
    from browser import deployed_headers, launch_chromium, serve_folder

    deliver(project)
    out = build(project)
    found = audit_site(out, pages=("page",))
    assert {key: [v["id"] for v in violations] for key, violations in found.items() if violations} == {}
    with serve_folder(out, deployed_headers()) as base, launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 812})
        page.goto(base + "/2018-07-05/01/", wait_until="networkidle")
        page.locator("#print img").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('#print img').complete")
        assert page.evaluate("document.querySelector('#print img').naturalWidth") == 720
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        heights = page.evaluate("[...document.querySelectorAll('.print-files a')].map(a => a.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44
        screenshot(page, "page-with-print-375")
