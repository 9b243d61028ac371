"""The Pagefind edge: entries in, one Pagefind bundle written to a folder out.

Runs Pagefind's service (`pagefind_extended --service`, the binary behind its Python API)
and feeds it custom records whose content is already split into words and laid out
(grams.py, layout.py), weights marked as Pagefind's HTML reader marks them. The
service is spoken to directly, one base64 JSON message per comma, as the `pagefind`
package does: that package's client waits 0.1 s before reading each reply, which made
2,000 records take 220 s.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import threading
from pathlib import Path

from pagefind.service import get_executable

from sitegen import shortcuts
from sitegen.errors import Problem, SitegenError

# Not "zh": for Chinese, Pagefind runs its own segmenter over the content (a sixth of its
# indexing time), which would only join the words grams.py made. Under "und"
# (undetermined) it splits the content at spaces, and the browser, finding no index for
# the page's zh-CN, uses the only one there is.
LANGUAGE = "und"


class _Service:
    def __init__(self, chunk_size: int | None = None) -> None:
        binary = get_executable()
        if binary is None:
            raise SitegenError([Problem("pagefind", 0, "the Pagefind binary is not installed (pip install 'pagefind[extended]')")])
        env = dict(os.environ)
        if chunk_size:
            # Pagefind groups words into index files of about this many postings (20,000
            # by default). Each of our words is one character: a query fetches the file of
            # each, and smaller files carry fewer other characters' postings with them.
            env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk_size)
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.sent = 0
        self.buffer = bytearray()
        self.start = 0  # where the next reply in `buffer` begins

    def send(self, payload: dict) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")

    def receive(self) -> dict:
        # Replies queue up while records are sent (thousands of them), and one can be
        # megabytes (GetFiles): the buffer is read from an offset and cut back only once
        # consumed, so each reply is copied once, not the whole queue behind it.
        while True:
            end = self.buffer.find(b",", self.start)
            if end >= 0:
                break
            if self.start:
                del self.buffer[: self.start]
                self.start = 0
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise SitegenError([Problem("pagefind", 0, "the Pagefind service stopped unexpectedly")])
            self.buffer += chunk
        message = self.buffer[self.start : end]
        self.start = end + 1
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise SitegenError([Problem("pagefind", 0, f"Pagefind: {payload.get('message')}")])
        return payload

    def call(self, payload: dict) -> dict:
        self.send(payload)
        self.process.stdin.flush()
        return self.receive()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def write_bundle(entries: list, folder: Path, chunk_size: int | None = None) -> None:
    """Indexes `entries` (index.Entry: url, content, meta, filters, sort) into a new
    Pagefind bundle at `folder`, its index files of about `chunk_size` postings."""
    if not shortcuts.enabled():
        return _reference_bundle(entries, folder, chunk_size)
    service = _Service(chunk_size)
    try:
        index_id = service.call({"type": "NewIndex", "config": None})["index_id"]

        def send_all() -> None:  # in a thread, so that replies are read while sending
            for entry in entries:
                service.send(
                    {
                        "type": "AddRecord",
                        "index_id": index_id,
                        "url": entry.url,
                        "content": entry.content,
                        "language": LANGUAGE,
                        "meta": entry.meta,
                        "filters": entry.filters,
                        "sort": entry.sort,
                    }
                )
            service.process.stdin.flush()

        sender = threading.Thread(target=send_all, daemon=True)
        sender.start()
        for _ in entries:
            service.receive()
        sender.join()
        # The bundle's files come back in the reply and are written here: with WriteFiles
        # the service answered before its last file was on disk, and closing it then left
        # empty files behind when two years were indexed at once.
        for file in service.call({"type": "GetFiles", "index_id": index_id})["files"]:
            target = folder / file["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))
    finally:
        service.close()


def _reference_bundle(entries: list, folder: Path, chunk_size: int | None) -> None:
    """`write_bundle` by pagefind's own Python API (SITEGEN_NO_SHORTCUTS=1): the same
    entries, written by the service's WriteFiles; slow (0.1 s a record)."""
    import asyncio

    from pagefind.index import PagefindIndex

    async def index_all() -> None:
        async with PagefindIndex(config={"output_path": str(folder)}) as index:
            for entry in entries:
                await index.add_custom_record(
                    url=entry.url, content=entry.content, language=LANGUAGE,
                    meta=entry.meta, filters=entry.filters, sort=entry.sort,
                )

    previous = os.environ.get("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE")
    if chunk_size:  # the service the API starts reads it from this process's environment
        os.environ["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk_size)
    try:
        asyncio.run(index_all())
    finally:
        if previous is None:
            os.environ.pop("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", None)
        else:
            os.environ["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = previous
