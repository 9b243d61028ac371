"""`index_site`: a built output folder in, its search index in `pagefind/` out.

Article pages (those with `data-pagefind-body`) are grouped by the month of their `date`
sort key; each month is one Pagefind bundle, `pagefind/<yyyy-mm>/` (a month of more than
MAX_BUNDLE articles is two, `<yyyy-mm>a/` and `<yyyy-mm>b/`), listed newest first in
`pagefind/bundles.json` for search.js to merge in the browser. A month's bundle is kept in
a cache folder outside the output (`.sitegen-cache/search/`) under a key made of its
pages and the tool versions, so adding today's edition re-indexes only this month and the
other months are copied (hard-linked where the file system allows), or kept when the
folder being filled already holds them (bundles.json names each bundle's key).

Months, not years: Pagefind holds about 500 KB an article while indexing, so a daily's
year (23,000 articles) would need 10 GB and minutes in one process; half a month of a
daily (1,000) needs about 500 MB and indexes in seconds, and bundles index two at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlsplit

from sitegen.config import Config
from sitegen.files import atomic_write, link_tree
from sitegen.search.records import BODY_TAG, Record, read_record
from sitegen.version import code_version
from sitegen.workers import pool as worker_pool

# Bump when grams.py, records.py or the bundle layout change what a cached bundle holds.
FORMAT = "sitegen-search-4"
BUNDLES = "pagefind"
CACHE = Path(".sitegen-cache") / "search"
_BODY = re.compile(BODY_TAG.encode())
_DATE = re.compile(rb'data-pagefind-sort="date:(\d{4}-\d\d-\d\d)')
# Pagefind holds about 500 KB an article while indexing: a month of more articles than
# this is indexed as two halves (days 1-15 and the rest), so that two bundles indexed at
# once stay near 1 GB.
MAX_BUNDLE = 1200
UNDATED = "undated"


@dataclass(frozen=True)
class PageFile:
    path: Path
    url: str
    date: str  # its date sort key (2018-07-05), or 'undated'
    digest: str  # of everything from its body element on: what its record can depend on


@dataclass(frozen=True)
class SearchResult:
    bundles: dict[str, int]  # period -> articles, newest first
    indexed: tuple[str, ...]  # periods indexed in this run; the others came from the cache


def _versions() -> str:
    return f"{FORMAT} sitegen {code_version()} pagefind {metadata.version('pagefind')}"


def scan(out_dir: Path, base_path: str, hashes: dict[str, str] | None = None, cache: Path | None = None) -> list[PageFile]:
    """Every article page of the built site, cheaply: no HTML is parsed here. With
    `hashes` (output path -> SHA-256 of the file, from the site build) and a `cache`
    file, only pages whose hash is new are read: a daily build reads its new edition,
    not the archive."""
    known: dict[str, tuple[str, str] | None] = {}
    if hashes is not None and cache is not None:
        try:
            with open(cache, "rb") as f:
                known = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            known = {}
    names = sorted(hashes) if hashes is not None else sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.html"))
    pages, seen = [], {}
    for relative in names:
        if not relative.endswith(".html"):
            continue
        sha = hashes[relative] if hashes is not None else None
        if sha is not None and sha in known:
            found = known[sha]
        else:
            found = _read_page(out_dir / relative)
        if sha is not None:
            seen[sha] = found
        if found is None:
            continue
        date, digest = found
        site_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        pages.append(PageFile(out_dir / relative, base_path + quote(site_path, safe="/"), date, digest))
    if cache is not None and hashes is not None and seen != known:
        atomic_write(cache, pickle.dumps(seen, protocol=pickle.HIGHEST_PROTOCOL))
    return pages


def _read_page(path: Path) -> tuple[str, str] | None:
    """(date, digest of everything from the body element on) of an article page, else None."""
    data = path.read_bytes()
    at = data.find(b"data-pagefind-body")  # (a plain search first: the pattern is slow on every tag)
    body = _BODY.search(data, max(0, data.rfind(b"<", 0, at))) if at >= 0 else None
    if not body:
        return None
    tail = data[body.start() :]
    date = _DATE.search(tail)
    return (date.group(1).decode() if date else UNDATED), hashlib.sha256(tail).hexdigest()


def periods_of(pages: list[PageFile]) -> dict[str, list[PageFile]]:
    """Pages by bundle: a month (2018-07), or its halves (2018-07a, 2018-07b) when it
    has more than MAX_BUNDLE articles; 'undated' for pages without a date."""
    by_month: dict[str, list[PageFile]] = {}
    for page in pages:
        by_month.setdefault(page.date[:7] if page.date != UNDATED else UNDATED, []).append(page)
    periods: dict[str, list[PageFile]] = {}
    for month, items in by_month.items():
        if month == UNDATED or len(items) <= MAX_BUNDLE:
            periods[month] = items
            continue
        for page in items:
            periods.setdefault(month + ("a" if page.date[8:10] <= "15" else "b"), []).append(page)
    return periods


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
    with worker_pool(workers) as pool:
        return list(pool.map(_read, pages, chunksize=256))


def _build_bundle(pages: list[PageFile], entry: Path, workers: int) -> None:
    from sitegen.search.pagefind_run import write_bundle  # the subprocess edge

    partial = entry.with_name(entry.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        write_bundle(read_records(pages, workers), partial)
        os.replace(partial, entry)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _bundles_present(folder: Path) -> dict[str, str]:
    """period -> cache entry name of the bundles a reused folder already holds."""
    try:
        listing = json.loads((folder / "bundles.json").read_text(encoding="utf-8"))
        return {b["period"]: b["key"] for b in listing["bundles"] if "key" in b}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def index_site(
    config: Config, out_dir: Path, *, workers: int | None = None, progress=None, hashes: dict[str, str] | None = None
) -> SearchResult:
    """Writes `out_dir/pagefind/`: one bundle per month and `bundles.json`. Bundles the
    folder already holds under the same key (a folder reused from an earlier build) stay.
    `hashes` (output path -> SHA-256, as the site build knows them) spares reading pages
    seen before."""
    out_dir = Path(out_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    base_path = urlsplit(config.base_url).path.rstrip("/")
    cache = config.root / CACHE
    by_period = periods_of(scan(out_dir, base_path, hashes, cache.with_name(f"search-pages-{FORMAT}.pickle")))
    cache.mkdir(parents=True, exist_ok=True)
    versions = _versions()
    periods = sorted(by_period, key=lambda p: (p != UNDATED, p), reverse=True)
    entries = {period: cache / f"{period}-{bundle_key(by_period[period], versions)}" for period in periods}
    indexed = [period for period in periods if not entries[period].is_dir()]
    # Each bundle is its own Pagefind process: bundles that changed are indexed side by side.
    with ThreadPoolExecutor(max(1, min(workers, len(indexed)))) as pool:
        if progress is not None and indexed:
            progress(0, len(indexed))
        futures = [pool.submit(_build_bundle, by_period[period], entries[period], workers) for period in indexed]
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            if progress is not None:  # bundles indexed so far
                progress(done, len(indexed))
    present = _bundles_present(out_dir / BUNDLES)
    kept = {entry.name for entry in entries.values()}
    for stale in cache.iterdir():  # one bundle per period is kept; periods gone go
        if stale.name not in kept and ".partial-" not in stale.name:
            shutil.rmtree(stale, ignore_errors=True)
    for period in periods:
        target = out_dir / BUNDLES / period
        if present.get(period) != entries[period].name or not target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            link_tree(entries[period], target)
    for folder in (out_dir / BUNDLES).iterdir() if (out_dir / BUNDLES).is_dir() else ():
        if folder.is_dir() and folder.name not in entries:
            shutil.rmtree(folder, ignore_errors=True)
    listing = {
        "version": 1,
        "bundles": [
            {"period": p, "path": f"{p}/", "articles": len(by_period[p]), "key": entries[p].name} for p in periods
        ],
    }
    (out_dir / BUNDLES).mkdir(exist_ok=True)
    listed = out_dir / BUNDLES / "bundles.json"
    listed.unlink(missing_ok=True)  # never written in place: it may be shared with a live site
    listed.write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SearchResult({p: len(by_period[p]) for p in periods}, tuple(indexed))
