"""Request paths to files of the site being served, and their content types.

In: a raw request target such as `/2018-07-05/01/?q=x` and the site's root folder.
Out: the file to send, or None for anything that could reach outside the root (404).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes

# Search needs the Pagefind files served with these types; feeds are Atom.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".wasm": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
FEED_NAMES = {"feed.xml", "atom.xml"}


def content_type(path: Path) -> str:
    if path.name in FEED_NAMES:
        return "application/atom+xml"
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def url_path(target: str) -> str | None:
    """The decoded path of a request target, or None when it is unsafe or not a path.

    Decodes percent-escapes exactly once, so `%252e%252e` stays the harmless name `%2e%2e`.
    Refuses `..` segments, backslashes (`..%5c` walks up on Windows servers), NUL, and
    targets that are not origin-form paths (`//etc/passwd`, `http://…`).
    """
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\0" in decoded or decoded.startswith("//"):
        return None
    if any(segment == ".." for segment in decoded.split("/")):
        return None
    return decoded


def resolve(root: Path, decoded: str) -> Path | None:
    """The file or folder under `root` that `decoded` (from `url_path`) names, or None.

    Symbolic links are followed and the result must still lie inside `root`.
    """
    real_root = os.path.realpath(root)
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    real = os.path.realpath(os.path.join(real_root, *parts))
    if real != real_root and not real.startswith(real_root + os.sep):
        return None
    return Path(real) if os.path.exists(real) else None
