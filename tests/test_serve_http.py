"""A real preview server on an ephemeral port, asked with real (and raw, unnormalised) requests."""

import json
import socket

import pytest

from sitegen.serve.live import EVENTS_PATH, SCRIPT_PATH
from sitegen.serve.preview import Preview
from test_serve_support import get, make_project, raw_get, stand_in_build


@pytest.fixture
def preview(tmp_path):
    content = make_project(tmp_path, {"2018-07-05/01/01-gonghui.md": "工会 为2万名货运司机"})
    (tmp_path / "secret.txt").write_text("secret")
    preview = Preview(build=stand_in_build(content), builds_dir=tmp_path / "public.serve").start()
    yield preview
    preview.stop()


def test_serves_pages_with_the_reload_script(preview):
    status, headers, body = get(preview, "/2018-07-05/01/01-gonghui/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert "工会 为2万名货运司机" in body.decode()
    assert body.endswith(f'<script src="{SCRIPT_PATH}" data-version="1"></script></body>\n</html>\n'.encode())
    assert int(headers["Content-Length"]) == len(body)
    on_disk = (preview.versions.current.root / "2018-07-05/01/01-gonghui/index.html").read_bytes()
    assert SCRIPT_PATH.encode() not in on_disk  # injected while serving only


def test_folder_without_slash_redirects_and_missing_gets_the_404_page(preview):
    status, headers, _ = get(preview, "/2018-07-05/01/01-gonghui?x=1")
    assert (status, headers["Location"]) == (301, "/2018-07-05/01/01-gonghui/?x=1")
    status, headers, body = get(preview, "/nowhere/")
    assert status == 404 and "这一页不存在" in body.decode() and SCRIPT_PATH.encode() in body
    status, headers, body = get(preview, "/style.css")
    assert (status, headers["Content-Type"], body) == (200, "text/css; charset=utf-8", b"body { margin: 0 }\n")


@pytest.mark.parametrize(
    "target",
    [
        b"/../secret.txt",
        b"/../../../../etc/passwd",
        b"/%2e%2e/secret.txt",
        b"/%2e%2e%2fsecret.txt",
        b"/%2E%2E%2F%2E%2E%2Fetc/passwd",
        b"/..%5csecret.txt",
        b"/..%5c..%5c..%5cetc/passwd",
        b"//etc/passwd",
        b"/%2f%2fetc/passwd",
        b"/etc/passwd%00.html",
        b"/link-out/secret.txt",
        b"/link-out",
        b"/style.css/..",
    ],
)
def test_refuses_paths_that_leave_the_site(preview, target):
    (preview.versions.current.root / "link-out").symlink_to(preview.builds_dir.parent)
    status, body = raw_get(preview.server.port, target)
    assert status == 404
    assert b"secret" not in body and b"root:" not in body


@pytest.mark.parametrize("host", [b"evil.example:%d", b"127.0.0.1.nip.io:%d", b"localhost:1"])
def test_refuses_foreign_host_headers(preview, host):
    port = preview.server.port
    status, body = raw_get(port, b"/", host % port if b"%d" in host else host)
    assert status == 403


def test_accepts_loopback_host_names(preview):
    port = preview.server.port
    for host in (b"localhost:%d" % port, b"127.0.0.1:%d" % port):
        assert raw_get(port, b"/", host)[0] == 200


def test_event_stream_sends_the_status_at_once(preview):
    with socket.create_connection(("127.0.0.1", preview.server.port), timeout=5) as sock:
        host = f"127.0.0.1:{preview.server.port}".encode()
        sock.sendall(b"GET " + EVENTS_PATH.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        data = b""
        while b"\n\n" not in data.partition(b"\r\n\r\n")[2].partition(b"event:")[2]:
            data += sock.recv(4096)
    head, _, stream = data.partition(b"\r\n\r\n")
    assert b"text/event-stream" in head
    data_line = next(line for line in stream.decode().splitlines() if line.startswith("data: "))
    assert json.loads(data_line[6:]) == {"version": 1, "problems": []}
    status, headers, body = get(preview, SCRIPT_PATH)
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and b"EventSource" in body
