"""Hostile text in a real browser: Debian's headless Chromium opens every kind of page of a
site whose articles and raw page carry script, event handlers and javascript: links, served
without the Content-Security-Policy (which would hide a failure of the escaping itself)."""

from __future__ import annotations

from browser import launch_chromium, serve_folder
from reliability import sitegen
from test_reliability_input import hostile_project

PAGES = ["/", "/2018-07-05/", "/2018-07-05/01/", "/2018-07-05/01/01/", "/2018-07-05/01/02/", "/2018-07-05/01/04/",
         "/2018-07-05/01/05/", "/2018-07-06/01/01/", "/archive/", "/city/", "/person/", "/search/?q=%3Cscript%3E", "/404.html"]


def test_no_script_of_the_content_runs_in_chromium(tmp_path):
    root = hostile_project(tmp_path / "paper")
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 0, run.stderr
    fired: list[str] = []
    with serve_folder(root / "public") as url, launch_chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (fired.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for path in PAGES:
            page.goto(url + path, wait_until="load")
            assert page.evaluate("document.querySelectorAll('img[src=x], svg, [onerror], [onload]').length") == 0, path
            for link in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                assert not link.lower().startswith("javascript:"), (path, link)
        page.goto(url + "/2018-07-05/01/01/", wait_until="load")
        assert "<script>alert('s')</script>" in page.inner_text("h1")
        page.wait_for_timeout(300)
    assert fired == []
