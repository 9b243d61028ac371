"""What a build keeps between runs so that it reads and parses only what changed.

- `FileHashes`: each article file's SHA-256, trusted again while the file's size, times
  and inode are the same (as git's index does), so a rebuild of 20,000 articles reads
  only the files that changed instead of every byte of the archive;
- `input_digest`: one digest of everything a build reads, for the no-change check;
- `ArticleCache`: parsed articles by path and content hash.

All live in `.sitegen-cache/site/`; deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import time
import zlib
from pathlib import Path

from sitegen.config import Config
from sitegen.files import atomic_write
from sitegen.site.content import article_file_names, parse_files
from sitegen.site.incremental import CHUNK, cache_dir, workers_for
from sitegen.version import code_version
from sitegen.workers import pool as worker_pool

# A file written within this long before its hash was recorded might change again
# within the same timestamp: its hash is not trusted (git's "racily clean" entries).
RACY_NS = 2_000_000_000


class FileHashes:
    """SHA-256 of files by path, kept in `.sitegen-cache/site/hashes.pickle` with each
    file's (size, mtime, ctime, inode): a file whose stat is unchanged is not read."""

    def __init__(self, config: Config):
        self.file = cache_dir(config) / "hashes.pickle"
        try:
            with open(self.file, "rb") as f:
                self.known: dict[str, tuple] = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            self.known = {}
        self.seen: dict[str, tuple] = {}
        self.started = time.time_ns()

    def sha(self, path: str) -> str:
        stat = os.stat(path)
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        entry = self.known.get(path)
        if entry is not None and entry[:4] == key:
            sha = entry[4]
        else:
            with open(path, "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self.started - RACY_NS:
            self.seen[path] = (*key, sha)
        return sha

    def save(self) -> None:
        """Keeps the hashes of the files seen this time (and only those)."""
        if self.seen == self.known:
            return
        atomic_write(self.file, pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))


def input_digest(content_dir: Path, theme: str, search: bool, hashes: FileHashes) -> tuple[str, dict[str, str]]:
    """Everything a build reads: the article files (names and bytes), the theme key
    (templates, configuration, version) and whether it indexes (Pagefind's version too);
    and each article file's own hash (from `hashes`), for the article cache."""
    digest = hashlib.sha256(f"{theme}\n{search}\n{_pagefind_version() if search else ''}".encode())
    shas = {}
    if content_dir.is_dir():
        prefix = len(str(content_dir)) + 1
        for path in article_file_names(content_dir):
            sha = shas[path] = hashes.sha(path)
            digest.update(f"\n{path[prefix:]}\n{sha}".encode())
    return digest.hexdigest(), shas


class ArticleCache:
    """Parsed article files by path and content hash, kept between builds in
    `.sitegen-cache/site/articles-<code>/`: a rebuild parses only the files that changed
    (YAML was a quarter of a 20,000-article build); new files are parsed on every core.
    The cache is split into SHARDS files by folder, so an edit rewrites one small shard,
    not the texts of the whole archive."""

    SHARDS = 64

    def __init__(self, config: Config, shas: dict[str, str], workers: int | None = None):
        code = hashlib.sha256(repr((code_version(), str(config.root))).encode()).hexdigest()[:12]
        self.folder = cache_dir(config) / f"articles-{code}"
        self.shas, self.workers = shas, workers
        self.known: list[dict] = []
        for shard in range(self.SHARDS):
            try:
                with open(self.folder / f"{shard:02d}.pickle", "rb") as f:
                    known = pickle.load(f)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
                known = {}
            self.known.append(known if isinstance(known, dict) else {})

    def _shard(self, path: str) -> int:
        return zlib.crc32(os.fsencode(os.path.dirname(path))) % self.SHARDS

    def __call__(self, paths: list[str], root: Path) -> list:
        """`paths` (as listed by input_digest) -> what content.parse_files gives for them."""
        keys = [(self._shard(path), f"{path}\0{self.shas.get(path, '')}") for path in paths]
        missing = [path for path, (shard, key) in zip(paths, keys) if key not in self.known[shard]]
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
        fresh = dict(zip((f"{p}\0{self.shas.get(p, '')}" for p in missing), parsed))
        results = [fresh[key] if key in fresh else self.known[shard][key] for shard, key in keys]
        wanted: list[dict] = [{} for _ in range(self.SHARDS)]
        for (shard, key), result in zip(keys, results):
            wanted[shard][key] = result
        for shard, entries in enumerate(wanted):
            if entries.keys() != self.known[shard].keys():
                atomic_write(self.folder / f"{shard:02d}.pickle", pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
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
