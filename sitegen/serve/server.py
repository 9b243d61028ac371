"""The preview's HTTP server (stdlib `http.server`, one thread per request).

In: requests, the `VersionStore` to read from and the `LiveState` to stream. Out: the
site's files with the reload script injected into HTML, the site's 404 page for anything
missing or unsafe, 403 for a Host header that is not this server (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitegen.serve.live import EVENTS_PATH, RELOAD_JS, SCRIPT_PATH, LiveState, Status, inject_reload
from sitegen.serve.paths import content_type, resolve, url_path
from sitegen.serve.versions import VersionStore

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
KEEPALIVE_SECONDS = 15.0

NO_SITE_YET = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sitegen</title></head>
<body><p>sitegen: no good build yet. This page reloads when the site builds.</p></body></html>"""


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split_host(header: str) -> tuple[str, int | None] | None:
    """`[::1]:8000` -> ('::1', 8000); `localhost` -> ('localhost', None); None when malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:]
    else:
        name, _, port = header.partition(":")
    if port and not port.isdigit():
        return None
    return name, int(port) if port else None


def host_allowed(header: str | None, bound_host: str, port: int) -> bool:
    """True when a request's Host header names this server.

    A page from another site that rebinds its own DNS name to 127.0.0.1 sends that name as
    Host; only loopback names, the bound host and (when bound to all interfaces) IP
    literals and this machine's name are accepted, always with the served port.
    """
    parsed = _split_host(header) if header else None
    if parsed is None:
        return False
    name, given_port = parsed
    if (given_port or 80) != port:
        return False
    if name in LOOPBACK_NAMES or name == bound_host.lower():
        return True
    if bound_host in WILDCARDS:
        if name in {socket.gethostname().lower(), socket.getfqdn().lower()}:
            return True
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


def lookup(root: Path, path: str | None) -> tuple[HTTPStatus, Path | None]:
    """What answers `path` (from `url_path`; None when unsafe) in the site at `root`: the
    file (200), 301 for a folder named without its slash, or the site's 404 page (None
    when it has none)."""
    found = resolve(root, path) if path is not None else None
    if found is not None and found.is_dir():
        if not path.endswith("/"):
            return HTTPStatus.MOVED_PERMANENTLY, None
        found = resolve(root, path + "index.html")
    if found is not None and found.is_file():
        return HTTPStatus.OK, found
    return HTTPStatus.NOT_FOUND, resolve(root, "/404.html")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # event streams never end by themselves
    block_on_close = False
    request_queue_size = 128  # a burst of page loads must not be refused

    def __init__(self, address: tuple[str, int], versions: VersionStore, live: LiveState) -> None:
        self.versions = versions
        self.live = live
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)
        self.bound_host = address[0]

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        # A browser closing a tab mid-response, a client timing out, a socket closed on stop:
        # network errors are normal; anything else is a bug worth a trace.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "sitegen-preview"

    def log_message(self, format: str, *args) -> None:  # the terminal shows rebuilds, not requests
        pass

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.bound_host, self.server.port):
            self._send(HTTPStatus.FORBIDDEN, b"sitegen: unknown Host header\n", "text/plain; charset=utf-8", send_body)
            return
        path = url_path(self.path)
        if path == EVENTS_PATH and send_body:
            self._stream_events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8", send_body)
            return
        with self.server.versions.acquire() as version:
            if version is None:
                body = inject_reload(NO_SITE_YET, 0)
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, body, "text/html; charset=utf-8", send_body)
                return
            status, found = lookup(version.root, path)
            if status == HTTPStatus.MOVED_PERMANENTLY:
                target, _, query = self.path.partition("?")
                self._redirect(target + "/" + (f"?{query}" if query else ""))
                return
            if found is None:
                self._send(status, b"404 Not Found\n", "text/plain; charset=utf-8", send_body)
                return
            try:
                body = found.read_bytes()  # whole file while the version is held
            except OSError as exc:
                message = f"sitegen: cannot read {found.name}: {exc.strerror}\n".encode()
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain; charset=utf-8", send_body)
                return
            kind = content_type(found)
            if kind.startswith("text/html"):
                body = inject_reload(body, version.number)
            self._send(status, body, kind, send_body)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream_events(self) -> None:
        """Server-Sent Events: the whole status now and after every change, comments between."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        live = self.server.live
        status: Status | None = live.status
        self.wfile.write(b"retry: 500\n")
        while status is not None:
            self.wfile.write(f"event: status\ndata: {status.to_json()}\n\n".encode())
            self.wfile.flush()
            while (following := live.wait_for_change(status, KEEPALIVE_SECONDS)) is status:
                self.wfile.write(b": keep-alive\n\n")  # finds clients that went away
                self.wfile.flush()
            status = following
