"""`index_site`: a built output folder in, its search index in `pagefind/` out.

Article pages (those with `data-pagefind-body`) are grouped by the year of their `date`
sort key; each year is one Pagefind bundle, `pagefind/<year>/`, listed newest first in
`pagefind/bundles.json` for search.js to merge in the browser. A year's bundle is kept in
a cache folder outside the output (`.sitegen-cache/search/`) under a key made of its
pages and the tool versions, so adding today's edition re-indexes only this year and the
other years are copied (hard-linked where the file system allows).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlsplit

import sitegen
from sitegen.config import Config
from sitegen.search.records import Record, read_record

# Bump when grams.py, records.py or the bundle layout change what a cached bundle holds.
FORMAT = "sitegen-search-1"
BUNDLES = "pagefind"
CACHE = Path(".sitegen-cache") / "search"
_BODY = re.compile(rb"<[^<>]*\bdata-pagefind-body\b")
_YEAR = re.compile(rb'data-pagefind-sort="date:(\d{4})-')
UNDATED = "undated"


@dataclass(frozen=True)
class PageFile:
    path: Path
    url: str
    period: str  # the year of its date sort key, or 'undated'
    digest: str  # of everything from its body element on: what its record can depend on


@dataclass(frozen=True)
class SearchResult:
    bundles: dict[str, int]  # period -> articles, newest first
    indexed: tuple[str, ...]  # periods indexed in this run; the others came from the cache


def _versions() -> str:
    return f"{FORMAT} sitegen {sitegen.__version__} pagefind {metadata.version('pagefind')}"


def scan(out_dir: Path, base_path: str) -> list[PageFile]:
    """Every article page of the built site, cheaply: no HTML is parsed here."""
    pages = []
    for path in sorted(out_dir.rglob("*.html")):
        data = path.read_bytes()
        body = _BODY.search(data)
        if not body:
            continue
        tail = data[body.start() :]
        year = _YEAR.search(tail)
        relative = path.relative_to(out_dir).as_posix()
        site_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        url = base_path + quote(site_path, safe="/")
        pages.append(PageFile(path, url, year.group(1).decode() if year else UNDATED, hashlib.sha256(tail).hexdigest()))
    return pages


def bundle_key(pages: list[PageFile], versions: str) -> str:
    digest = hashlib.sha256(versions.encode())
    for page in pages:
        digest.update(f"\n{page.url} {page.digest}".encode())
    return digest.hexdigest()[:20]


def _read(page: PageFile) -> Record:
    record = read_record(page.path.read_text(encoding="utf-8"), page.url)
    assert record is not None  # scan() chose pages with a body
    return record


def read_records(pages: list[PageFile], workers: int) -> list[Record]:
    """Parses the pages, on several cores when there are many."""
    if workers <= 1 or len(pages) < 2000:
        return [_read(page) for page in pages]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_read, pages, chunksize=256))


def _copy_tree(source: Path, target: Path) -> None:
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


def _build_bundle(pages: list[PageFile], entry: Path, workers: int) -> None:
    from sitegen.search.pagefind_run import write_bundle  # the subprocess edge

    partial = entry.with_name(entry.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        write_bundle(read_records(pages, workers), partial)
        os.replace(partial, entry)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def index_site(config: Config, out_dir: Path, *, workers: int | None = None) -> SearchResult:
    """Writes `out_dir/pagefind/`: one bundle per year and `bundles.json`."""
    out_dir = Path(out_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    base_path = urlsplit(config.base_url).path.rstrip("/")
    by_period: dict[str, list[PageFile]] = {}
    for page in scan(out_dir, base_path):
        by_period.setdefault(page.period, []).append(page)
    cache = config.root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    versions = _versions()
    periods = sorted(by_period, key=lambda p: (p != UNDATED, p), reverse=True)
    entries = {period: cache / f"{period}-{bundle_key(by_period[period], versions)}" for period in periods}
    indexed = [period for period in periods if not entries[period].is_dir()]
    # Each year is its own Pagefind process: years that changed are indexed side by side.
    with ThreadPoolExecutor(max(1, min(workers, len(indexed)))) as pool:
        list(pool.map(lambda period: _build_bundle(by_period[period], entries[period], workers), indexed))
    for period in periods:
        for stale in cache.glob(f"{period}-*"):  # one bundle per year is kept
            if stale != entries[period]:
                shutil.rmtree(stale, ignore_errors=True)
        _copy_tree(entries[period], out_dir / BUNDLES / period)
    listing = {"version": 1, "bundles": [{"period": p, "path": f"{p}/", "articles": len(by_period[p])} for p in periods]}
    (out_dir / BUNDLES).mkdir(exist_ok=True)
    (out_dir / BUNDLES / "bundles.json").write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SearchResult({p: len(by_period[p]) for p in periods}, tuple(indexed))
