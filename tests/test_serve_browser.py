"""Headless Chromium (Debian's) on a live preview: an edit reloads the open page; a broken
save shows an overlay naming file:line over the last good page; the fix clears it."""

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, chromium_available
from sitegen.serve.preview import Preview, WatchSpec
from test_serve_support import make_project, stand_in_build

OVERLAY = "#__sitegen-overlay"

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_edit_reloads_and_a_broken_save_shows_an_overlay_until_fixed(tmp_path, page):
    content = make_project(tmp_path, {"01-a.md": "原来的标题", "02-b.md": "另一篇"})
    preview = Preview(
        build=stand_in_build(content), builds_dir=tmp_path / "public.serve", watch=WatchSpec((content,))
    ).start()
    expect = sync_api.expect
    try:
        page.goto(preview.url + "01-a/")
        expect(page.locator("article")).to_contain_text("原来的标题")

        (content / "01-a.md").write_text("改过的标题", encoding="utf-8")
        expect(page.locator("article")).to_contain_text("改过的标题")

        (content / "01-a.md").write_text("半截\nBROKEN", encoding="utf-8")
        expect(page.locator(OVERLAY)).to_contain_text(f"{content / '01-a.md'}:2: front matter")
        expect(page.locator("article")).to_contain_text("改过的标题")  # the last good page stays

        other = page.context.new_page()  # opened while the build is failing
        other.goto(preview.url + "02-b/")
        expect(other.locator(OVERLAY)).to_contain_text("01-a.md:2")

        (content / "01-a.md").write_text("修好的标题", encoding="utf-8")
        expect(page.locator("article")).to_contain_text("修好的标题")
        expect(page.locator(OVERLAY)).to_have_count(0)
        expect(other.locator(OVERLAY)).to_have_count(0)
    finally:
        preview.stop()
