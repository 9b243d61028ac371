"""Helpers for the serve tests (no tests of their own beyond the stand-in's contract).

`stand_in_build` renders `content/**/*.md` into pages the way a site build would, slowly
enough that a server reading a folder being written would be caught; a file containing
BROKEN fails the build with `path:line: message`, like the real one.
"""

from __future__ import annotations

import http.client
import socket
import time
from pathlib import Path
from typing import Callable

from sitegen.errors import Problem, SitegenError
from sitegen.serve.preview import Preview

PAGE = (
    "<!doctype html>\n<html><head><meta charset=utf-8><title>{title}</title></head>\n"
    "<body>\n{body}\n</body>\n</html>\n"
)


def stand_in_build(content: Path, delay: float = 0.0) -> Callable[..., int]:
    def build(store) -> int:
        sources = sorted(content.rglob("*.md"))
        problems = []
        for source in sources:
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                if "BROKEN" in line:
                    problems.append(Problem(str(source), number, "front matter: cannot parse 'BROKEN'"))
        if problems:
            raise SitegenError(problems)
        draft = store.begin()
        folder = draft.root
        links = []
        for source in sources:
            name = source.relative_to(content).with_suffix("").as_posix()
            text = source.read_text(encoding="utf-8")
            target = folder / name / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            html = PAGE.format(title=name, body=f"<article><p>{text}</p></article>" + "<!-- padding -->" * 500)
            with target.open("w", encoding="utf-8") as out:  # two writes with a pause between
                out.write(html[: len(html) // 2])
                out.flush()
                time.sleep(delay)
                out.write(html[len(html) // 2 :])
            links.append(f'<li><a href="/{name}/">{name}</a></li>')
        (folder / "index.html").write_text(PAGE.format(title="home", body="<ul>" + "".join(links) + "</ul>"))
        (folder / "404.html").write_text(PAGE.format(title="missing", body="<h1>这一页不存在</h1>"))
        (folder / "style.css").write_text("body { margin: 0 }\n")
        store.publish(draft)
        return len(sources) + 2

    return build


def make_project(tmp_path: Path, articles: dict[str, str]) -> Path:
    content = tmp_path / "content"
    for name, text in articles.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def get(preview: Preview, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{preview.server.port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw_get(port: int, target: bytes, host: bytes | None = None) -> tuple[int, bytes]:
    """Sends `target` byte for byte, with nothing normalised; returns status and body."""
    host = host or b"127.0.0.1:%d" % port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {predicate}")
        time.sleep(interval)


def test_stand_in_build_reports_every_broken_line(tmp_path):
    content = make_project(tmp_path, {"a.md": "fine", "b.md": "one\nBROKEN\n"})
    try:
        stand_in_build(content)(tmp_path / "out")
    except SitegenError as exc:
        assert [str(p) for p in exc.problems] == [f"{content / 'b.md'}:2: front matter: cannot parse 'BROKEN'"]
    else:
        raise AssertionError("no error")
