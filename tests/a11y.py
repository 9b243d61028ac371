"""axe-core (the copy shipped by the axe-playwright-python package) run in Debian's
headless Chromium over every kind of page of a built site.

In: a built site folder. Out: {(page kind, viewport, scheme): [axe violation, ...]}
for WCAG 2.0/2.1/2.2 A and AA rules (target-size among them) and axe's best practices
(heading order, unique landmarks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from browser import deployed_headers, launch_chromium, serve_folder

VIEWPORTS = {"375x812": (375, 812), "1280x800": (1280, 800)}
SCHEMES = ("light", "dark")
PAGES = ("home", "edition", "page", "article", "city", "city_index", "person",
         "person_index", "archive", "archive_year", "archive_month", "search")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _first_folder(folder: Path) -> str:
    return sorted(p.name for p in folder.iterdir() if (p / "index.html").is_file())[0]


def page_paths(site: Path) -> dict[str, str]:
    """One URL path per page kind, the first of its kind in sorted order."""
    edition = sorted(p.name for p in site.iterdir() if p.name[:2] in ("19", "20") and p.is_dir())[-1]
    page = _first_folder(site / edition)
    article = _first_folder(site / edition / page)
    return {
        "home": "/",
        "edition": f"/{edition}/",
        "page": f"/{edition}/{page}/",
        "article": f"/{edition}/{page}/{article}/",
        "city": f"/city/{_first_folder(site / 'city')}/",
        "city_index": "/city/",
        "person": f"/person/{_first_folder(site / 'person')}/",
        "person_index": "/person/",
        "archive": "/archive/",
        "archive_year": f"/archive/{edition[:4]}/",
        "archive_month": f"/archive/{edition[:4]}/{edition[5:7]}/",
        "search": "/search/?q=%E5%B7%A5%E4%BC%9A",
    }


def build_sample(out: Path) -> Path:
    """The project's own sample edition, built with search into `out` (for the audits in
    benchmarks/); returns `out`."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "sitegen", "--root", str(root), "--quiet", "build", "--out", str(out)], check=True)
    return out


def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def audit_site(site: Path, pages=PAGES, viewports=VIEWPORTS, schemes=SCHEMES) -> dict:
    script = axe_script()
    paths = page_paths(site)
    results = {}
    with serve_folder(site, deployed_headers()) as base, launch_chromium() as browser:
        for viewport in viewports:
            width, height = VIEWPORTS[viewport]
            for scheme in schemes:
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme=scheme)
                page = context.new_page()
                for kind in pages:
                    page.goto(base + paths[kind], wait_until="networkidle")
                    page.evaluate(script)
                    found = page.evaluate(
                        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                        " resultTypes: ['violations']}).then(r => r.violations)", AXE_TAGS)
                    results[(kind, viewport, scheme)] = found
                context.close()
    return results
