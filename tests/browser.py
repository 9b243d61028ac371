"""Helpers for the site's browser tests: a real HTTP server over a built folder and
Debian's headless Chromium driven by Playwright (never a browser Playwright downloads)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
import tomllib
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"


def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM))


NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"


def deployed_headers() -> dict[str, str]:
    """The headers netlify.toml sends with every response (its `/*` rule), CSP included,
    so the browser tests see the site as deployed."""
    rules = tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8")).get("headers", [])
    return next((rule["values"] for rule in rules if rule["for"] == "/*"), {})


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def send_head(self):
        # No 304 from If-Modified-Since: its second-resolution mtimes answered "unchanged"
        # for a file rebuilt within the second of the one before (a new sw.js, so the
        # browser kept the old worker). Hosts such as Netlify validate by content (ETag).
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, headers: dict[str, str] | None = None):
    """Serves `folder` on 127.0.0.1 at an ephemeral port, adding `headers` to every
    response; yields its base URL."""
    handler_class = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
    with serve_handler(functools.partial(handler_class, directory=str(folder))) as url:
        yield url


@contextlib.contextmanager
def serve_handler(handler):
    """Runs `handler` (a request handler class or factory) on 127.0.0.1 at an ephemeral
    port, in a thread; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def launch_chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
