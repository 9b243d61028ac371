"""Today's edition offline, in headless Chromium with its real service worker, over the
built site served on loopback with the deployed headers (CSP included): after a visit to
the home page, every page of the latest edition opens with the network off, styled; a
page never saved shows the offline page. A new edition is shown as soon as the reader is
online again (never the saved copy of the old one), and then is the one saved."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from a11y import AXE_TAGS, axe_script
from browser import chromium_available, deployed_headers, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site
from test_offline import NEW_ARTICLE, precache
from test_site_browser import FIXTURE

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")

SAVED = """async () => {
  const names = (await caches.keys()).filter(n => n.startsWith("sitegen-offline "));
  const urls = [];
  for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
  const r = await navigator.serviceWorker.getRegistration();
  const state = (w) => w && w.state;
  return {names, urls, controlled: !!navigator.serviceWorker.controller,
          workers: r ? [state(r.installing), state(r.waiting), state(r.active)] : null};
}"""


REGISTERED = "navigator.serviceWorker.getRegistration().then((r) => !!r)"  # whether a worker is registered


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def build(root: Path) -> Path:
    build_site(load_config(root), BuildOptions(out_dir=root / "public", ingest=False, search=False))
    return root / "public"


def wait_saved(page, urls: list[str], version: str, seconds: float = 20) -> dict:
    """Waits until the worker controls the page and its cache of `version`, the only one,
    holds every one of `urls`."""
    deadline = time.monotonic() + seconds
    asked = time.monotonic()
    while True:
        saved = page.evaluate(SAVED)
        if saved["controlled"] and saved["names"] == [saved["names"][0]] and saved["names"][0].endswith(" " + version) \
                and set(urls) <= set(saved["urls"]):
            return saved
        assert time.monotonic() < deadline, saved
        if time.monotonic() - asked > 2:  # the browser checks for a new worker after a navigation, at a moment
            asked = time.monotonic()      # of its choosing (once seen to wait 20 s on a loaded machine): ask now
            page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r && r.update()).catch(() => {})")
        time.sleep(0.1)


def headline(site: Path, url: str) -> str:
    html = (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return html.split('<h1 class="headline"', 1)[1].split(">", 1)[1].split("</h1>", 1)[0]


def styled(page) -> bool:
    return page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 250, 246)"


def test_todays_edition_reads_offline(chromium, project):
    site = build(project)
    version, urls = precache(site)
    articles = [u for u in urls if u.count("/") == 4]
    assert articles == ["/2018-07-06/01/01/"]
    with serve_folder(site, deployed_headers()) as base:
        context = chromium.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/")
        wait_saved(page, urls, version)
        context.set_offline(True)
        for url in articles:
            page.goto(base + url)
            assert page.locator("h1").inner_text() == headline(site, url)
            assert styled(page)
        for url in ("/", "/2018-07-06/", "/2018-07-06/01/"):
            page.goto(base + url)
            assert "告别“两头跑” 服务“一站通”" in page.locator("main").inner_text(), url
        page.goto(base + "/2018-07-05/01/01/")  # an older edition, never opened
        assert page.locator("h1").inner_text() == "没有网络连接" and styled(page)
        page.evaluate(axe_script())
        assert page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                             ".then(r => r.violations.map(v => v.id))", AXE_TAGS) == []
        context.set_offline(False)
        page.goto(base + "/2018-07-05/01/01/")
        assert page.locator("h1").inner_text() == headline(site, "/2018-07-05/01/01/")
        assert errors == []
        context.close()


def test_a_new_edition_replaces_the_saved_one(chromium, project):
    site = build(project)
    old_version, old_urls = precache(site)
    # A host that sends no Cache-Control lets the browser keep a page a tenth of its age
    # (here, a day old: over two hours); online, the reader must still get the new one.
    day_ago = time.time() - 86400
    os.utime(site / "index.html", (day_ago, day_ago))
    with serve_folder(site, deployed_headers()) as base:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(base + "/")
        wait_saved(page, old_urls, old_version)
        page.goto(base + "/2018-07-06/01/01/")  # opened online: saved again as it is now

        (project / "content/2018-07-07/01").mkdir(parents=True)
        (project / "content/2018-07-07/01/01-新的一期.md").write_text(NEW_ARTICLE, encoding="utf-8")
        build(project)  # into the folder served
        version, urls = precache(site)
        assert version != old_version

        page.goto(base + "/")
        assert "新的一期 头版头条" in page.locator("main").inner_text()  # online: the new edition, at once
        page.reload()
        assert "新的一期 头版头条" in page.locator("main").inner_text()
        saved = wait_saved(page, urls, version)  # the new worker saved the new edition, the old cache is gone
        assert "/2018-07-06/01/01/" not in saved["urls"]

        context.set_offline(True)
        page.goto(base + "/2018-07-07/01/01/")
        assert page.locator("h1").inner_text() == "新的一期 头版头条"
        page.goto(base + "/")
        assert "新的一期 头版头条" in page.locator("main").inner_text()
        page.goto(base + "/2018-07-06/01/")  # now an older edition: its old copy was dropped
        assert page.locator("h1").inner_text() == "没有网络连接"
        context.close()


def test_the_edition_is_saved_after_the_first_search_answer(chromium, project):
    """Saving the edition (some 400 KB at 20,000 articles) waits until the search page shows
    its first answer to a query, so that a reader on a slow network does not wait for
    both: not while the empty search page waits for a query; opening a search link, no
    page of the edition is fetched before the first result's fragment, and the edition is
    saved after it."""
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False))
    site = project / "public"
    version, urls = precache(site)
    edition_pages = {u for u in urls if u.startswith("/2018-07-06/")}
    with serve_folder(site, deployed_headers()) as base:
        context = chromium.new_context()
        asked: list[str] = []  # paths in the order the browser asked for them (the worker's too)
        context.on("request", lambda request: asked.append(request.url[len(base):].split("?")[0]))
        page = context.new_page()
        page.goto(base + "/search/", wait_until="load")
        page.wait_for_function("() => /输入/.test(document.querySelector('[data-status]').textContent)")
        time.sleep(1.5)
        blank_page_saved = page.evaluate(REGISTERED)
        asked.clear()
        page.goto(base + "/search/?q=" + quote("工会"))
        page.wait_for_selector(".search-result")
        wait_saved(page, urls, version)
        context.close()
    fragments = [i for i, path in enumerate(asked) if "/fragment/" in path]
    assert not blank_page_saved, "saved while the reader was about to type"
    saved = [i for i, path in enumerate(asked) if path in edition_pages]
    assert fragments and saved, asked
    assert fragments[0] < saved[0], "\n".join(asked)


def test_no_edition_is_saved_for_a_reader_saving_data(chromium, project):
    """A reader whose browser asks to save data (navigator.connection.saveData) gets no
    service worker and so no download of the edition."""
    site = build(project)
    with serve_folder(site, deployed_headers()) as base:
        context = chromium.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        time.sleep(1.5)
        assert page.evaluate(REGISTERED) is False
        page.goto(base + "/2018-07-06/01/01/", wait_until="load")
        time.sleep(1.5)
        assert page.evaluate(REGISTERED) is False
        context.close()
