"""The Pagefind edge: entries in, one Pagefind bundle written to a folder out.

Runs Pagefind's service (`pagefind_extended --service`, the binary behind its Python API)
and feeds it custom records whose content is already split into words and laid out
(grams.py, layout.py), weights marked as Pagefind's HTML reader marks them. The
service is spoken to directly, one base64 JSON message per comma, as the `pagefind`
package does: that package's client waits 0.1 s before reading each reply, which made
2,000 records take 220 s. Records go out as they are made, in writes of a few hundred
KB (one system call, and one wait for the interpreter lock, per batch rather than per
record), and a thread reads the replies as they come.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path

from pagefind.service import get_executable

from sitegen import shortcuts
from sitegen.errors import Problem, SitegenError
from sitegen.files import write_new

# Not "zh": for Chinese, Pagefind runs its own segmenter over the content (a sixth of its
# indexing time), which would only join the words grams.py made. Under "und"
# (undetermined) it splits the content at spaces, and the browser, finding no index for
# the page's zh-CN, uses the only one there is.
LANGUAGE = "und"


# Records are sent in writes of about this many bytes: one system call (and one release
# of the interpreter lock) per batch rather than per record.
_BATCH = 1 << 18
# Pipe buffers asked of the kernel (64 KB by default): a batch goes in without waiting for
# Pagefind to read the one before, and its replies queue up while this process is busy.
_PIPE = 1 << 20


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
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0)
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE)
            except (OSError, AttributeError):  # a system limit or no such call: the default size
                pass
        self.sent = 0
        self.buffer = bytearray()
        self.start = 0  # where the next reply in `buffer` begins

    def encode(self, payload: dict) -> bytes:
        """A message as the service reads it: base64 of its JSON, then a comma. UTF-8, not
        \\u escapes: the service reads the same strings from half the bytes."""
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        return base64.b64encode(json.dumps(message, ensure_ascii=False).encode("utf-8")) + b","

    def write(self, data: bytes) -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.process.stdin.fileno(), view) :]
        except BrokenPipeError:
            raise SitegenError([Problem("pagefind", 0, "the Pagefind service stopped unexpectedly")]) from None

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
            chunk = os.read(self.process.stdout.fileno(), _PIPE)
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
        self.write(self.encode(payload))
        return self.receive()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


class _Replies(threading.Thread):
    """Reads the service's replies to records while they are still being sent (its output
    pipe would otherwise fill and stop it), waiting only for replies that are due."""

    def __init__(self, service: _Service) -> None:
        super().__init__(daemon=True)
        self.service = service
        self.due = 0  # replies due so far: records written
        self.finished = False  # no more records will be written
        self.error: BaseException | None = None
        self.ready = threading.Condition()

    def expect(self, count: int, finished: bool = False) -> None:
        with self.ready:
            self.due += count
            self.finished = self.finished or finished
            self.ready.notify()

    def run(self) -> None:
        received = 0
        try:
            while True:
                with self.ready:
                    while received >= self.due and not self.finished:
                        self.ready.wait()
                    if received >= self.due:
                        return
                self.service.receive()
                received += 1
        except BaseException as error:  # noqa: BLE001 - raised again by the thread that waits
            self.error = error


def write_bundle(entries: Iterable, folder: Path, chunk_size: int | None = None) -> None:
    """Indexes `entries` (index.Entry: url, content, meta, filters, sort) into a new
    Pagefind bundle at `folder`, its index files of about `chunk_size` postings. The
    entries may be a generator: each is sent as it comes, so Pagefind indexes the first
    records while the next are read."""
    if not shortcuts.enabled():
        return _reference_bundle(list(entries), folder, chunk_size)
    service = _Service(chunk_size)
    replies = _Replies(service)
    try:
        index_id = service.call({"type": "NewIndex", "config": None})["index_id"]
        replies.start()
        batch: list[bytes] = []
        size = 0
        for entry in entries:
            message = service.encode(
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
            batch.append(message)
            size += len(message)
            if size >= _BATCH:
                replies.expect(len(batch))  # before the write: replies may come while it blocks
                service.write(b"".join(batch))
                batch, size = [], 0
        replies.expect(len(batch), finished=True)
        service.write(b"".join(batch))
        replies.join()
        if replies.error is not None:
            raise replies.error
        # The bundle's files come back in the reply and are written here: with WriteFiles
        # the service answered before its last file was on disk, and closing it then left
        # empty files behind when two years were indexed at once.
        for file in service.call({"type": "GetFiles", "index_id": index_id})["files"]:
            write_new(folder / file["path"], base64.b64decode(file["content"]))
    finally:
        replies.expect(0, finished=True)
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
