"""`index_site`: a built output folder in, its search index in `pagefind/` out.

Article pages (those with `data-pagefind-body`) are grouped by the month of their `date`
sort key; each month is one full-text Pagefind bundle, `pagefind/<yyyy-mm>/` (a month of
more than MAX_BUNDLE articles is two, `<yyyy-mm>a/` and `<yyyy-mm>b/`). Each quarter's
headings (kicker, headline, subtitle: layout.py) are a title bundle,
`pagefind/titles-<yyyy>q<n>/`, small enough for a query to search years of them. Both
are listed newest first in `pagefind/bundles.json` for search.js to merge in the
browser. A bundle is kept in a cache folder outside the output (`.sitegen-cache/search/`)
under a key made of its pages and the tool versions, so adding today's edition
re-indexes only this month and this quarter's titles, and the others are copied
(hard-linked where the file system allows), or kept when the folder being filled
already holds them (bundles.json names each bundle's key).

Months, not years: Pagefind holds about 500 KB an article while indexing, so a daily's
year (23,000 articles) would need 10 GB and minutes in one process; half a month of a
daily (1,000) needs about 500 MB and indexes in seconds, and bundles index two at a time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import multiprocessing
import os
import re
import shutil
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlsplit

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.files import atomic_write, link_tree
from sitegen.search import layout
from sitegen.search.records import BODY_TAG, Record, attribute_pairs, read_record
from sitegen.version import code_version
from sitegen.workers import fork_is_safe, process_running
from sitegen.workers import pool as worker_pool

# Bump when grams.py, records.py or the bundle layout change what a cached bundle holds,
# or scan() what it accepts (7: a page without a date is an error, no longer 'undated').
FORMAT = "sitegen-search-8"
BUNDLES = "pagefind"
_BODY = re.compile(BODY_TAG.encode())
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# Pagefind holds about 500 KB an article while indexing: a month of more articles than
# this is indexed as two halves (days 1-15 and the rest), so that two bundles indexed at
# once stay near 1 GB.
MAX_BUNDLE = 1200
# Postings per index file (Pagefind's default is 20,000): a query fetches the file of each
# of its characters in every bundle it searches, so files hold a few characters each
# (measured at 3,000 articles: a month's median file 24 KB -> 3 KB, a quarter's titles
# 44 KB -> 2.4 KB, for 5 KB more metadata).
TEXT_CHUNK = 2000
TITLE_CHUNK = 1000
TITLES = "titles-"  # title bundles are titles-<year>q<quarter>


@dataclass(frozen=True)
class Entry:
    """What one page gives an index: its URL, the content Pagefind indexes (layout.py's
    words), and its metadata, filters and sort keys."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


@dataclass(frozen=True)
class PageFile:
    path: Path
    url: str
    date: str  # its date sort key (2018-07-05)
    digest: str  # of everything from its body element on: what its record can depend on
    title: Entry | None | str  # its entry in the title index (None: no heading; UNREAD: not known yet)
    sha: str | None = None  # of the file, when the build gave it


@dataclass(frozen=True)
class SearchResult:
    bundles: dict[str, int]  # period -> articles, newest first
    indexed: tuple[str, ...]  # periods indexed in this run (title indexes as titles-<year>q<quarter>); the others came from the cache


def _versions() -> str:
    return f"{FORMAT} sitegen {code_version()} pagefind {metadata.version('pagefind')}"


def title_entry(record: Record) -> Entry | None:
    """A record's entry in the title index: its heading words, its metadata and the start
    of its body as `lead` (what a result shows), its sort keys. No filters: a filtered
    search reads the full text of the months it concerns (search.js), and filters
    doubled what Pagefind spends on a title."""
    content = layout.heading(record)
    if not content:
        return None
    return Entry(record.url, content, {**record.meta, "lead": layout.lead(record)}, {}, record.sort)


def full_entry(record: Record) -> Entry:
    return Entry(record.url, layout.full_text(record), record.meta, record.filters, record.sort)


_SORT_ATTRIBUTE = re.compile(rb"""data-pagefind-sort\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
UNREAD = "unread"  # PageFile.title of a page whose record has not been read yet


# What a theme gets wrong about the search attributes, each reported as `url: search: …`.
NO_DATE = (
    "a page with data-pagefind-body needs a 'date' sort key inside that element "
    '(data-pagefind-sort="date:2018-07-05"); only article pages carry data-pagefind-body (docs/THEMES.md)'
)
MISPLACED_DATE = "the 'date' sort key must be inside the data-pagefind-body element, not in a data-pagefind-ignore one (docs/THEMES.md)"
NO_BODY = "an article page without data-pagefind-body is not searchable: article.html marks the article with it (docs/THEMES.md)"


def _date(data: bytes, start: int, url: str) -> str:
    """The page's `date` sort key: from its attribute when the value is in it (quotes and
    spaces as the theme likes), else from the element's text, read by the record reader.
    A value that is not a date, or none, is an error, not an undated page: a theme that
    writes the key another way would otherwise have its articles misfiled."""
    date = None
    for found in _SORT_ATTRIBUTE.finditer(data, start):
        value = html.unescape((found.group(1) or found.group(2) or found.group(3) or b"").decode("utf-8"))
        keys = dict(attribute_pairs(value))
        if "date" not in keys:
            continue
        date = keys["date"]
        if date is None:  # `data-pagefind-sort="date"`: the element's text, as the record reader reads it
            record = read_record(data.decode("utf-8"), url)
            date = record.sort.get("date") if record else None
        break
    if date is None:
        raise SitegenError([Problem(url, 0, f"search: {NO_DATE}")])
    if not _ISO_DATE.fullmatch(date):
        raise SitegenError([Problem(url, 0, f"search: the 'date' sort key must be a date like 2018-07-05, not {date!r}")])
    return date


def check_record(record: Record, page: PageFile) -> None:
    """Raises unless the record reader reads the page as scan() filed it (a date sort key
    after the body element or in an ignored one is found by scan() alone) and could read
    each of its attributes (record.problems)."""
    problems = [Problem(page.url, 0, f"search: {message}") for message in record.problems]
    if record.sort.get("date") != page.date:
        problems.append(Problem(page.url, 0, f"search: {MISPLACED_DATE}"))
    if problems:
        raise SitegenError(problems)


def _examine(path: Path, url: str) -> tuple[str, str] | None:
    """(date, digest of everything from the body element on) of an article page, else None."""
    data = path.read_bytes()
    at = data.find(b"data-pagefind-body")  # (a plain search first: the pattern is slow on every tag)
    body = _BODY.search(data, max(0, data.rfind(b"<", 0, at))) if at >= 0 else None
    if not body:
        return None
    return _date(data, body.start(), url), hashlib.sha256(data[body.start() :]).hexdigest()


def scan(
    out_dir: Path,
    base_path: str,
    hashes: dict[str, str] | None = None,
    cache: Path | None = None,
    others: set | None = None,
    articles: Collection[str] = (),
) -> list[PageFile]:
    """Every article page of the built site, cheaply: no record is read here. With
    `hashes` (output path -> SHA-256 of the file, from the site build) and a `cache` file
    (save_scan), pages whose hash is known are not read at all: a daily build reads its
    new edition, not the archive. A page's title entry comes from the cache, else it is
    UNREAD until its record is read. `others` receives the hashes of pages that are not
    articles (for save_scan). `articles`: output paths of the pages that must be
    records; one without data-pagefind-body is an error (the first named, the rest counted)."""
    known: dict[str, tuple | None] = {}
    if hashes is not None and cache is not None:
        known = _load_scan(cache)
    names = sorted(hashes) if hashes is not None else sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.html"))
    pages, unmarked = [], []
    for relative in names:
        if not relative.endswith(".html"):
            continue
        site_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        url = base_path + quote(site_path, safe="/")
        sha = hashes[relative] if hashes is not None else None
        if sha is not None and sha in known:
            found = known[sha]
        else:
            examined = _examine(out_dir / relative, url)
            found = None if examined is None else (*examined, UNREAD)
        if found is not None:
            pages.append(PageFile(out_dir / relative, url, found[0], found[1], found[2], sha))
            continue
        if relative in articles:
            unmarked.append(url)
        if sha is not None and others is not None:
            others.add(sha)
    if unmarked:
        more = f" ({len(unmarked) - 1} more article pages like it)" if len(unmarked) > 1 else ""
        raise SitegenError([Problem(unmarked[0], 0, f"search: {NO_BODY}{more}")])
    return pages


def save_scan(cache: Path, pages: list[PageFile], others: set) -> None:
    """Keeps what each page contributes (date, digest, title entry) by its file's hash,
    and which hashes are not articles, for the next build's scan(). JSON: data, never
    code (a pickle in the project tree is code a planted cache could run)."""
    seen: dict = {sha: None for sha in others}
    seen.update({
        page.sha: [page.date, page.digest, vars(page.title) if page.title is not None else None]
        for page in pages if page.sha and page.title != UNREAD
    })
    atomic_write(cache, json.dumps(seen, ensure_ascii=False, separators=(",", ":")).encode())


def _load_scan(cache: Path) -> dict[str, tuple | None]:
    """What save_scan kept; an entry not as this code writes it is left out (read again)."""
    try:
        with open(cache, "rb") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    known: dict[str, tuple | None] = {}
    for sha, value in data.items() if isinstance(data, dict) else ():
        if value is None:
            known[sha] = None
            continue
        try:
            date, digest, title = value
            entry = Entry(**title) if title is not None else None
            if isinstance(date, str) and isinstance(digest, str):
                known[sha] = (date, digest, entry)
        except (TypeError, ValueError):
            pass
    return known


def periods_of(pages: list[PageFile]) -> dict[str, list[PageFile]]:
    """Pages by bundle: a month (2018-07), or its halves (2018-07a, 2018-07b) when it
    has more than MAX_BUNDLE articles."""
    by_month: dict[str, list[PageFile]] = {}
    for page in pages:
        by_month.setdefault(page.date[:7], []).append(page)
    periods: dict[str, list[PageFile]] = {}
    for month, items in by_month.items():
        if len(items) <= MAX_BUNDLE:
            periods[month] = items
            continue
        for page in items:
            periods.setdefault(month + ("a" if page.date[8:10] <= "15" else "b"), []).append(page)
    return periods


def titles_of(pages: list[PageFile]) -> dict[str, list[PageFile]]:
    """Pages with a heading by title-index bundle: one per quarter (titles-2018q3). A
    quarter, not a year: the daily build re-indexes the current one, and Pagefind spends
    about a millisecond on each record however short."""
    by_quarter: dict[str, list[PageFile]] = {}
    for page in pages:
        if page.title is not None:
            quarter = f"{page.date[:4]}q{(int(page.date[5:7]) - 1) // 3 + 1}"
            by_quarter.setdefault(TITLES + quarter, []).append(page)
    return by_quarter


def bundle_key(pages: list[PageFile], versions: str, titles: bool = False) -> str:
    digest = hashlib.sha256(versions.encode())
    for page in pages:
        # A title bundle depends on the pages' title entries only: a body edit leaves it be.
        mark = _title_digest(page.title) if titles else page.digest
        digest.update(f"\n{page.url} {mark}".encode())
    return digest.hexdigest()[:20]


def _title_digest(title: Entry | None) -> str:
    # vars(), not dataclasses.asdict: its deep copy was a tenth of sitegen's part of the step.
    text = json.dumps(vars(title) if title is not None else None, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


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


def _text_entries(pages: list[PageFile], titles: dict) -> Iterator[Entry]:
    """A month's full-text entries, each page read as Pagefind takes the one before;
    their title entries are put in `titles` (URL -> entry) on the way."""
    for page in pages:
        record = _read(page)
        check_record(record, page)
        titles[record.url] = title_entry(record)
        yield full_entry(record)


def _build_bundle(entries: Iterable[Entry], entry: Path, chunk_size: int) -> None:
    from sitegen.search.pagefind_run import write_bundle  # the subprocess edge

    partial = entry.with_name(entry.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        write_bundle(entries, partial, chunk_size)
        os.replace(partial, entry)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _bundles_present(folder: Path) -> dict[str, str]:
    """period -> cache entry name of the bundles a reused folder already holds."""
    try:
        listing = json.loads((folder / "bundles.json").read_text(encoding="utf-8"))
        return {b["period"]: b["key"] for b in listing["bundles"] + listing.get("titles", []) if "key" in b}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _newest_first(periods) -> list[str]:
    return sorted(periods, reverse=True)


def _month_bundle(pages: list[PageFile], entry: Path, chunk_size: int) -> dict[str, Entry | None]:
    """Indexes a month's full text; returns its pages' title entries (URL -> entry)."""
    titles: dict[str, Entry | None] = {}
    _build_bundle(_text_entries(pages, titles), entry, chunk_size)
    return titles


def _title_bundle(entries: list[Entry], entry: Path, chunk_size: int) -> dict:
    _build_bundle(entries, entry, chunk_size)
    return {}


def _index(jobs: list[tuple], workers: int, progress) -> dict:
    """Runs each job (a bundle: function, arguments) and merges what they return. With
    more than one, in `workers` forked processes, each beside its own Pagefind: in one
    process, a thread reading pages held the interpreter lock while another waited for
    it after each of its thousands of system calls (sending, writing files), which made
    a bundle take six times as long as alone."""
    found: dict = {}
    if workers <= 1 or len(jobs) <= 1:
        for function, *arguments in jobs:
            found.update(function(*arguments))
            progress()
        return found
    # Spawned where a fork is not safe (under `sitegen serve`).
    context = multiprocessing.get_context("fork" if fork_is_safe() else "spawn")
    with worker_pool(min(workers, len(jobs)), context) as pool:
        futures = [pool.submit(*job) for job in jobs]
        try:
            for future in as_completed(futures):
                found.update(future.result())
                progress()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return found


def index_site(
    config: Config,
    out_dir: Path,
    *,
    workers: int | None = None,
    progress=None,
    hashes: dict[str, str] | None = None,
    articles: Collection[str] = (),
) -> SearchResult:
    """Writes `out_dir/pagefind/`: one full-text bundle per month, one title bundle per
    quarter, and `bundles.json` listing both. Bundles the folder already holds under the
    same key (a folder reused from an earlier build) stay. `hashes` (output path ->
    SHA-256, as the site build knows them) spares reading pages seen before; `articles`
    (their output paths) are the pages that must be indexed (scan).
    The months changed are indexed first, their pages read as they go; the title entries
    read on the way (and those of any new page not read so far) then key the quarters."""
    out_dir = Path(out_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    base_path = urlsplit(config.base_url).path.rstrip("/")
    cache = config.cache / "search"
    scanned = cache.with_name(f"search-pages-{FORMAT}.json")
    others: set = set()
    pages = scan(out_dir, base_path, hashes, scanned, others, articles)
    cache.mkdir(parents=True, exist_ok=True)
    versions = _versions()
    by_period = periods_of(pages)
    periods = _newest_first(by_period)
    entries = {p: cache / f"{p}-{bundle_key(by_period[p], versions)}" for p in periods}
    months = {p: entries[p] for p in periods if not entries[p].is_dir()}
    titles: dict[str, Entry | None] = {}
    done = [0]

    def step():  # bundles indexed so far, of the months' count until the quarters are known
        done[0] += 1
        if progress is not None:
            progress(done[0], max(done[0], len(months)))

    titles.update(_index([(_month_bundle, by_period[p], months[p], TEXT_CHUNK) for p in months], workers, step))
    unread = [page for page in pages if page.title == UNREAD and page.url not in titles]
    for page, record in zip(unread, read_records(unread, workers)):
        check_record(record, page)
        titles[record.url] = title_entry(record)
    pages = [dataclasses.replace(page, title=titles[page.url]) if page.title == UNREAD else page for page in pages]
    by_title = titles_of(pages)
    title_periods = _newest_first(by_title)
    entries.update({p: cache / f"{p}-{bundle_key(by_title[p], versions, titles=True)}" for p in title_periods})
    quarters = {p: entries[p] for p in title_periods if not entries[p].is_dir()}
    _index([(_title_bundle, [page.title for page in by_title[p]], quarters[p], TITLE_CHUNK) for p in quarters], workers, step)
    if hashes is not None:
        save_scan(scanned, pages, others)
    indexed = list(quarters) + list(months)
    present = _bundles_present(out_dir / BUNDLES)
    kept = {entry.name for entry in entries.values()}
    for stale in cache.iterdir():  # one bundle per period is kept; periods gone go, and halves of killed runs
        if stale.name not in kept and (".partial-" not in stale.name or not process_running(stale.name.rsplit("-", 1)[-1])):
            shutil.rmtree(stale, ignore_errors=True)
    for period in title_periods + periods:
        target = out_dir / BUNDLES / period
        if present.get(period) != entries[period].name or not target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            link_tree(entries[period], target)
    for folder in (out_dir / BUNDLES).iterdir() if (out_dir / BUNDLES).is_dir() else ():
        if folder.is_dir() and folder.name not in entries:
            shutil.rmtree(folder, ignore_errors=True)

    def listed_bundles(names, groups):
        return [{"period": p, "path": f"{p}/", "articles": len(groups[p]), "key": entries[p].name} for p in names]

    listing = {"version": 2, "bundles": listed_bundles(periods, by_period), "titles": listed_bundles(title_periods, by_title)}
    (out_dir / BUNDLES).mkdir(exist_ok=True)
    listed = out_dir / BUNDLES / "bundles.json"
    listed.unlink(missing_ok=True)  # never written in place: it may be shared with a live site
    listed.write_text(json.dumps(listing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SearchResult({p: len(by_period[p]) for p in periods}, tuple(indexed))
