"""What a build keeps between runs so that it reads and parses only what changed.

- `FileHashes`: each article file's SHA-256, trusted again while the file's size, times
  and inode are the same (as git's index does), so a rebuild of 20,000 articles reads
  only the files that changed instead of every byte of the archive;
- `input_digest`: one digest of everything a build reads, for the no-change check;
- `ArticleCache`: parsed articles by path and content hash.

All live in `.sitegen-cache/site/`; deleting it only costs time. `locked` keeps two
processes from using the same caches at once (two builds, a build and a preview).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError, os_problem
from sitegen.files import atomic_write
from sitegen.site.content import article_file_names, display_path, parse_files
from sitegen.site.incremental import CHUNK, workers_for
from sitegen.site.store import cache_dir
from sitegen.site.models import Article
from sitegen.version import code_version
from sitegen.workers import pool as worker_pool

# A file written within this long before its hash was recorded might change again
# within the same timestamp: its hash is not trusted (git's "racily clean" entries).
RACY_NS = 2_000_000_000


@contextmanager
def locked(config: Config, name: str):
    """Holds the project's `name` lock, an advisory lock (flock) the system drops when the
    process ends, even killed: a second build of the project waits for the first rather
    than sharing its caches and output halfway (it ended in a traceback). The build lock
    is taken on the project folder itself, so that a build refused before it writes
    anything (a bad --out) leaves no lock file behind; the search lock on
    `.sitegen-cache/search.lock`."""
    if name == "build":  # (a project folder not made yet: its nearest parent that is)
        shown = next(folder for folder in (config.root, *config.root.parents) if folder.is_dir())
        fd = os.open(shown, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    else:
        shown = config.cache / f"{name}.lock"
        shown.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(shown, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            doing = {"build": "building", "search": "indexing"}.get(name, "using")
            print(f"{shown}: another sitegen process is {doing} this project: waiting for it", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        cache = config.cache
        if name == "build" and not os.access(cache if cache.is_dir() else shown, os.W_OK):
            raise SitegenError([Problem(str(cache), 0, "cannot write here (read-only?): a build keeps its caches in this folder")])
        yield
    finally:
        os.close(fd)  # (the lock goes with it)


class FileHashes:
    """SHA-256 of files by path, kept in `.sitegen-cache/site/hashes.json` with each
    file's (size, mtime, ctime, inode): a file whose stat is unchanged is not read."""

    def __init__(self, config: Config):
        self.file = cache_dir(config) / "hashes.json"
        self.root = config.root
        self.known: dict[str, list] = {}
        try:
            with open(self.file, "rb") as f:
                known = json.load(f)
            if isinstance(known, dict):  # entries not as written are simply not trusted
                self.known = {k: v for k, v in known.items() if isinstance(v, list) and len(v) == 5 and isinstance(v[4], str)}
        except (OSError, ValueError):
            pass
        self.seen: dict[str, list] = {}
        self.started = time.time_ns()

    def sha(self, path: str) -> str:
        stat = os.stat(path)
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        entry = self.known.get(path)
        if entry is not None and entry[:4] == key:
            sha = entry[4]
        else:
            with open(path, "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self.started - RACY_NS:
            self.seen[path] = [*key, sha]
        return sha

    def save(self) -> None:
        """Keeps the hashes of the files seen this time (and only those)."""
        if self.seen == self.known:
            return
        _write_json(self.file, self.seen)


def _write_json(path: Path, data) -> None:
    """Writes `data` as JSON, replacing `path` in one step."""
    atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())  # (json.dump streams: 5x slower)


def input_digest(content_dir: Path, theme: str, search: bool, hashes: FileHashes) -> tuple[str, dict[str, str]]:
    """Everything a build reads: the article files (names and bytes), the theme key
    (templates, configuration, version), SOURCE_DATE_EPOCH and whether it indexes
    (Pagefind's version too);
    and each article file's own hash (from `hashes`), for the article cache."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")  # the feeds' time (feeds.updated_time)
    digest = hashlib.sha256(f"{theme}\n{search}\n{_pagefind_version() if search else ''}\n{epoch}".encode())
    shas = {}
    problems = []
    if content_dir.is_dir():
        prefix = len(str(content_dir)) + 1
        for path in article_file_names(content_dir):
            try:
                sha = shas[path] = hashes.sha(path)
            except OSError as exc:  # removed since listed (a `git checkout`), a loop of links
                problems.append(Problem(display_path(Path(path), hashes.root), 0, os_problem(exc).message))
                continue
            digest.update(f"\n{path[prefix:]}\n{sha}".encode())
    if problems:
        raise SitegenError(problems)
    return digest.hexdigest(), shas


_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_EDITION = _FIELDS.index("edition")
_TUPLES = tuple(i for i, f in enumerate(dataclasses.fields(Article)) if f.type.startswith("tuple"))
_INTS = tuple(i for i, f in enumerate(dataclasses.fields(Article)) if f.type == "int")
_TEXTS = tuple(i for i, f in enumerate(dataclasses.fields(Article)) if f.type == "str")
assert len(_TUPLES) + len(_INTS) + len(_TEXTS) + 1 == len(_FIELDS), "an Article field of a type the cache cannot hold"


def _to_data(parsed: tuple) -> list:
    """One parse_file result (shown, Article or None, problems) as JSON data: the
    article as a row of its fields in order."""
    shown, article, problems = parsed
    row = None
    if article is not None:
        row = [getattr(article, name) for name in _FIELDS]
        row[_EDITION] = article.edition.isoformat()
    return [shown, row, [[p.path, p.line, p.message, p.severity] for p in problems]]


def _from_data(data: list) -> tuple:
    """`_to_data` undone; TypeError or ValueError when anything is not as written (4,000
    articles a rebuild: types are checked by index, not field by field by name)."""
    shown, row, problems = data
    article = None
    if row is not None:
        if type(row) is not list or len(row) != len(_FIELDS):
            raise TypeError("not an article")
        row = row[:]  # (the cached row itself is written back as it is)
        row[_EDITION] = dt.date.fromisoformat(row[_EDITION])
        for i in _TUPLES:
            row[i] = names = tuple(row[i])
            for name in names:
                if type(name) is not str:
                    raise TypeError(_FIELDS[i])
        for i in _INTS:
            if type(row[i]) is not int:
                raise TypeError(_FIELDS[i])
        for i in _TEXTS:
            if type(row[i]) is not str:
                raise TypeError(_FIELDS[i])
        article = Article(*row)
    found = [Problem(str(path), int(line), str(message), str(severity)) for path, line, message, severity in problems]
    if type(shown) is not str:
        raise TypeError("shown")
    return shown, article, found


class ArticleCache:
    """Parsed article files by path and content hash, kept between builds in
    `.sitegen-cache/site/articles-<code>/` as JSON (data, never code: a cache planted
    in the project cannot run anything): a rebuild parses only the files that changed
    (YAML was a quarter of a 20,000-article build); new files are parsed on every core.
    The cache is split into SHARDS files by folder, so an edit rewrites one small shard,
    not the texts of the whole archive."""

    SHARDS = 64

    def __init__(self, config: Config, shas: dict[str, str], workers: int | None = None):
        code = hashlib.sha256(repr((code_version(), str(config.root))).encode()).hexdigest()[:12]
        self.folder = cache_dir(config) / f"articles-{code}"
        self.shas, self.workers = shas, workers
        self.known: list[dict] = [self._load(shard) for shard in range(self.SHARDS)]

    def _load(self, shard: int) -> dict:
        """A shard's entries (key -> JSON data; turned into articles when used), or {}."""
        try:
            with open(self.folder / f"{shard:02d}.json", "rb") as f:
                known = json.load(f)
        except (OSError, ValueError):
            return {}
        return known if isinstance(known, dict) else {}

    def _shard(self, path: str) -> int:
        return zlib.crc32(os.fsencode(os.path.dirname(path))) % self.SHARDS

    def __call__(self, paths: list[str], root: Path) -> list:
        """`paths` (as listed by input_digest) -> what content.parse_files gives for them."""
        keys = [(self._shard(path), f"{path}\0{self.shas.get(path, '')}") for path in paths]
        results: list = [None] * len(paths)
        for index, (shard, key) in enumerate(keys):
            data = self.known[shard].get(key)
            if data is not None:
                try:
                    results[index] = _from_data(data)
                except (TypeError, ValueError, KeyError):
                    pass  # not as this code writes it: parsed again
        missing = [path for path, result in zip(paths, results) if result is None]
        workers = workers_for(len(missing) // 4, self.workers)  # a file parses 4x faster than a page renders
        if workers > 1:
            # Equal chunks, four per process: chunks of a fixed 1,000 files left one
            # process parsing the last alone (5,000 files: three chunks against two).
            size = max(CHUNK, -(-len(missing) // (4 * workers)))
            chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
            with worker_pool(workers, multiprocessing.get_context("fork")) as pool:
                parsed = [item for chunk in pool.map(parse_files, chunks, [root] * len(chunks)) for item in chunk]
        else:
            parsed = parse_files(missing, root)
        fresh = dict(zip(missing, parsed))
        results = [fresh[path] if result is None else result for path, result in zip(paths, results)]
        wanted: list[dict] = [{} for _ in range(self.SHARDS)]
        for path, (shard, key), result in zip(paths, keys, results):
            wanted[shard][key] = _to_data(result) if path in fresh else self.known[shard][key]
        self.folder.mkdir(parents=True, exist_ok=True)
        changed = {shard for path, (shard, _) in zip(paths, keys) if path in fresh}
        for shard, entries in enumerate(wanted):
            if shard in changed or entries.keys() != self.known[shard].keys():
                _write_json(self.folder / f"{shard:02d}.json", entries)
        self.known = wanted
        for other in self.folder.parent.glob("articles-*"):  # made by other code
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
            elif other != self.folder:
                other.unlink(missing_ok=True)
        return results


def _pagefind_version() -> str:
    try:
        from importlib import metadata

        return metadata.version("pagefind")
    except Exception:  # noqa: BLE001 - not installed: the build has no index anyway
        return ""
