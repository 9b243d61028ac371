"""Pure parts of the preview: request paths, content types, Host checks, script injection."""

from pathlib import Path

import pytest

from sitegen.serve.live import SCRIPT_PATH, inject_reload
from sitegen.serve.paths import content_type, resolve, url_path
from sitegen.serve.server import host_allowed, is_loopback


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/", "/"),
        ("/2018-07-05/01/?q=x#top", "/2018-07-05/01/"),
        ("/%E8%A6%81%E9%97%BB/", "/要闻/"),
        ("/%252e%252e/", "/%2e%2e/"),  # decoded once: a harmless name
        ("/../etc/passwd", None),
        ("/%2e%2e/etc/passwd", None),
        ("/%2e%2e%2fetc/passwd", None),
        ("/a/..%5c..%5cetc", None),
        ("/a\\b", None),
        ("//etc/passwd", None),
        ("/%2f%2fetc/passwd", None),
        ("http://evil.example/", None),
        ("*", None),
        ("/a%00.html", None),
        ("/%ff", None),
    ],
)
def test_url_path(target, expected):
    assert url_path(target) == expected


def test_resolve_stays_inside_the_root(tmp_path):
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "out").symlink_to(tmp_path)
    (root / "inside").symlink_to(root / "a")
    assert resolve(root, "/a/index.html") == (root / "a" / "index.html").resolve()
    assert resolve(root, "/inside/index.html") == (root / "a" / "index.html").resolve()
    assert resolve(root, "/out/secret.txt") is None
    assert resolve(root, "/missing.html") is None
    assert resolve(root, "/") == root.resolve()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("index.html", "text/html; charset=utf-8"),
        ("pagefind/wasm.zh.pagefind", "application/octet-stream"),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8"),
        ("pagefind/wasm.unknown.wasm", "application/wasm"),
        ("pagefind/pagefind-entry.json", "application/json"),
        ("pagefind/pagefind.zh_a1b2.pf_meta", "application/octet-stream"),
        ("pagefind/index/zh_1.pf_index", "application/octet-stream"),
        ("pagefind/fragment/zh_1.pf_fragment", "application/octet-stream"),
        ("pagefind/filter/zh_1.pf_filter", "application/octet-stream"),
        ("feed.xml", "application/atom+xml"),
        ("2018-07-05/feed.atom", "application/atom+xml"),
        ("sitemap.xml", "application/xml"),
        ("logo.svg", "image/svg+xml"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("style.CSS", "text/css; charset=utf-8"),
    ],
)
def test_content_type(name, expected):
    assert content_type(Path(name)) == expected


@pytest.mark.parametrize(
    "header, allowed",
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("LOCALHOST:8000", True),
        ("localhost:8001", False),
        ("localhost", False),
        ("evil.example:8000", False),  # DNS rebinding: a foreign name resolving to us
        ("127.0.0.1.evil.example:8000", False),
        ("192.168.1.20:8000", False),  # bound to loopback: a LAN address is not us
        ("127.0.0.1:80x", False),
        ("", False),
        (None, False),
    ],
)
def test_host_allowed_on_loopback(header, allowed):
    assert host_allowed(header, "127.0.0.1", 8000) is allowed


def test_host_allowed_on_all_interfaces_takes_ip_literals_only():
    assert host_allowed("192.168.1.20:8000", "0.0.0.0", 8000)
    assert host_allowed("[fe80::1]:8000", "0.0.0.0", 8000)
    assert not host_allowed("evil.example:8000", "0.0.0.0", 8000)
    assert host_allowed("preview.lan:80", "preview.lan", 80)
    assert host_allowed("preview.lan", "preview.lan", 80)


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def test_inject_reload_goes_before_the_last_body_end():
    html = b"<html><body><pre>&lt;/body&gt;</pre></body>\n</html>"
    injected = inject_reload(html, 7)
    tag = f'<script src="{SCRIPT_PATH}" data-version="7"></script>'.encode()
    assert injected == b"<html><body><pre>&lt;/body&gt;</pre>" + tag + b"</body>\n</html>"
    assert inject_reload(b"<p>fragment", 1) == b"<p>fragment" + tag.replace(b'"7"', b'"1"')
    assert inject_reload(b"<BODY>x</BODY >", 2).endswith(b"</BODY >")


def test_a_sibling_folder_whose_name_starts_with_the_roots_is_outside(tmp_path):
    """`site-private` starts with `site`: a check by prefix without the separator would
    serve it through a link, on a real preview server (the version folder `1` has a
    sibling `1-private`; version 10 would be such a sibling of version 1)."""
    from sitegen.serve.preview import Preview
    from test_serve_support import get

    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (tmp_path / "site-private").mkdir()
    (tmp_path / "site-private" / "secret.txt").write_text("secret")
    (root / "leak").symlink_to(tmp_path / "site-private")

    def build(store) -> int:
        draft = store.begin()
        folder = draft.root
        (folder / "index.html").write_text("<!doctype html><title>x</title><p>home</p>")
        private = folder.with_name(folder.name + "-private")
        private.mkdir()
        (private / "secret.txt").write_text("secret")
        (folder / "leak").symlink_to(private)
        store.publish(draft)
        return 1

    preview = Preview(build=build, builds_dir=tmp_path / "builds").start()
    try:
        assert get(preview, "/")[0] == 200
        status, _, body = get(preview, "/leak/secret.txt")
        assert status == 404 and b"secret" not in body
    finally:
        preview.stop()
    assert resolve(root, "/leak/secret.txt") is None
