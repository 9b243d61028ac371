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
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
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

# Names the cache's files. Both caches (bundles, and the title entries scan() keeps) are
# keyed by the code's version too, so a change of grams.py, records.py or layout.py never
# reuses what older code made; bump when scan() changes what it accepts (7: a page without
# a date is an error, no longer 'undated').
FORMAT = "sitegen-search-9"
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
MANY_PAGES = 2000  # pages read in worker processes from this many on (starting them costs)


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
    content, lead = layout.title(record)
    if not content:
        return None
    return Entry(record.url, content, {**record.meta, "lead": lead}, {}, record.sort)


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


def _examine_page(page: tuple[Path, str]) -> tuple[str, str] | None:
    return _examine(*page)


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
    workers: int = 1,
) -> list[PageFile]:
    """Every article page of the built site, cheaply: no record is read here. With
    `hashes` (output path -> SHA-256 of the file, from the site build) and a `cache` file
    (save_scan), pages whose hash is known are not read at all: a daily build reads its
    new edition, not the archive. A page's title entry comes from the cache, else it is
    UNREAD until its record is read. `others` receives the hashes of pages that are not
    articles (for save_scan). `articles`: output paths of the pages that must be
    records; one without data-pagefind-body is an error (the first named, the rest counted).
    Pages not known are read in `workers` processes when there are thousands (a cold build)."""
    known: dict[str, tuple | None] = {}
    if hashes is not None and cache is not None:
        known = _load_scan(cache)
    names = sorted(hashes) if hashes is not None else sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.html"))
    listed = []  # (output path, URL, hash or None)
    for relative in names:
        if relative.endswith(".html"):
            site_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
            listed.append((relative, base_path + quote(site_path, safe="/"), hashes[relative] if hashes is not None else None))
    unknown = [(out_dir / relative, url) for relative, url, sha in listed if sha is None or sha not in known]
    examined = iter(_map(_examine_page, unknown, workers))
    pages, unmarked = [], []
    for relative, url, sha in listed:
        if sha is not None and sha in known:
            found = known[sha]
        else:
            date_and_digest = next(examined)
            found = None if date_and_digest is None else (*date_and_digest, UNREAD)
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
    kept = {"versions": _versions(), "pages": seen}
    atomic_write(cache, json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode())


def _load_scan(cache: Path) -> dict[str, tuple | None]:
    """What save_scan kept, if this code kept it (a title entry is laid out by the code:
    another version's is read again); an entry not as this code writes it is left out."""
    try:
        with open(cache, "rb") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("versions") != _versions() or not isinstance(data.get("pages"), dict):
        return {}
    known: dict[str, tuple | None] = {}
    for sha, value in data["pages"].items():
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


def _quarter(date: str) -> str:
    """The title bundle of a date (2018-07-05) or a month's bundle (2018-07, 2018-07a):
    one per quarter (titles-2018q3). A quarter, not a year: the daily build re-indexes the
    current one, and Pagefind spends about a millisecond on each record however short."""
    return f"{TITLES}{date[:4]}q{(int(date[5:7]) - 1) // 3 + 1}"


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
    return _map(_read, pages, workers)


def _map(function, items: list, workers: int) -> list:
    """`function` of each item, in order; in `workers` processes when there are thousands."""
    if workers <= 1 or len(items) < MANY_PAGES:
        return [function(item) for item in items]
    with worker_pool(workers, _context()) as pool:
        return list(pool.map(function, items, chunksize=256))


def _context():
    """Workers are forked, or spawned where a fork is not safe (beside `sitegen serve`'s threads)."""
    return multiprocessing.get_context("fork" if fork_is_safe() else "spawn")


def _text_entries(pages: list[PageFile], titles: dict) -> Iterator[Entry]:
    """A month's full-text entries, each page read as Pagefind takes the one before;
    their title entries are put in `titles` (URL -> entry) on the way."""
    for page in pages:
        record = _read(page)
        check_record(record, page)
        titles[record.url] = title_entry(record)
        yield full_entry(record)


def _build_bundle(entries: Iterable[Entry], entry: Path, chunk_size: int, target: Path) -> None:
    """Indexes `entries` into the cache folder `entry`, then links it at `target` (the
    output's), here rather than after the last bundle, while the other worker indexes."""
    from sitegen.search.pagefind_run import write_bundle  # the subprocess edge

    partial = entry.with_name(entry.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        write_bundle(entries, partial, chunk_size)
        os.replace(partial, entry)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    link_tree(entry, target)


def _bundles_present(folder: Path) -> dict[str, str]:
    """period -> cache entry name of the bundles a reused folder already holds."""
    try:
        listing = json.loads((folder / "bundles.json").read_text(encoding="utf-8"))
        return {b["period"]: b["key"] for b in listing["bundles"] + listing.get("titles", []) if "key" in b}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _newest_first(periods) -> list[str]:
    return sorted(periods, reverse=True)


def _month_bundle(pages: list[PageFile], entry: Path, chunk_size: int, target: Path) -> dict[str, Entry | None]:
    """Indexes a month's full text; returns its pages' title entries (URL -> entry)."""
    titles: dict[str, Entry | None] = {}
    _build_bundle(_text_entries(pages, titles), entry, chunk_size, target)
    return titles


def _title_bundle(entries: list[Entry], entry: Path, chunk_size: int, target: Path) -> dict:
    _build_bundle(entries, entry, chunk_size, target)
    return {}


def _index(jobs: list[tuple], workers: int, finished) -> None:
    """Runs each job (a bundle: name, function, arguments); `finished(name, result)` takes
    what one returns and gives the jobs it makes ready (a quarter's titles once its months
    are indexed), which run before the rest, so that no core waits at the end of the
    months. With more than one job, in `workers` forked processes, each beside its own
    Pagefind: in one process, a thread reading pages held the interpreter lock while
    another waited for it after each of its thousands of system calls (sending, writing
    files), which made a bundle take six times as long as alone."""
    queue = deque(jobs)
    if workers <= 1 or len(jobs) <= 1:
        while queue:
            name, function, *arguments = queue.popleft()
            queue.extendleft(reversed(finished(name, function(*arguments))))
        return
    with worker_pool(workers, _context()) as pool:
        running: dict = {}
        try:
            while queue or running:
                while queue and len(running) < workers:  # no more at once: a job made ready goes next
                    name, function, *arguments = queue.popleft()
                    running[pool.submit(function, *arguments)] = name
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    queue.extendleft(reversed(finished(running.pop(future), future.result())))
        except BaseException:
            for future in running:
                future.cancel()
            raise


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
    The months changed are indexed, newest first, their pages read as they go; a quarter's
    title entries, read on the way (or before, for pages of months not indexed now), key
    its title bundle, indexed as soon as its months are."""
    out_dir = Path(out_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    base_path = urlsplit(config.base_url).path.rstrip("/")
    cache = config.cache / "search"
    scanned = cache.with_name(f"search-pages-{FORMAT}.json")
    others: set = set()
    pages = scan(out_dir, base_path, hashes, scanned, others, articles, workers)
    present = _bundles_present(out_dir / BUNDLES)
    cache.mkdir(parents=True, exist_ok=True)
    versions = _versions()
    by_period = periods_of(pages)
    periods = _newest_first(by_period)
    entries = {p: cache / f"{p}-{bundle_key(by_period[p], versions)}" for p in periods}
    months = {p: entries[p] for p in periods if not entries[p].is_dir()}
    titles: dict[str, Entry | None] = {}
    # Title entries not read on the way through a month indexed now are read first.
    unread = [page for p in periods if p not in months for page in by_period[p] if page.title == UNREAD]
    for page, record in zip(unread, read_records(unread, workers)):
        check_record(record, page)
        titles[record.url] = title_entry(record)
    by_quarter: dict[str, list[PageFile]] = {}  # every article page, headed or not
    for page in pages:
        by_quarter.setdefault(_quarter(page.date), []).append(page)
    waiting = {quarter: set() for quarter in by_quarter}  # quarter -> its months still to index
    for period in months:
        waiting[_quarter(period)].add(period)
    headed: dict[str, list[PageFile]] = {}  # quarter -> its pages with a heading, title entries known
    quarters: list[str] = []  # title bundles indexed in this run
    done = [0]

    def step():  # bundles indexed so far, of the months' count until the quarters are known
        done[0] += 1
        if progress is not None:
            progress(done[0], max(done[0], len(months)))

    def quarter_jobs(quarter: str) -> list[tuple]:
        """The title bundle of a quarter whose months are indexed; none when it is cached."""
        known = [dataclasses.replace(page, title=titles[page.url]) if page.title == UNREAD else page for page in by_quarter[quarter]]
        headed[quarter] = [page for page in known if page.title is not None]
        if not headed[quarter]:
            return []
        entry = entries[quarter] = cache / f"{quarter}-{bundle_key(headed[quarter], versions, titles=True)}"
        if entry.is_dir():
            return []
        quarters.append(quarter)
        return [(quarter, _title_bundle, [page.title for page in headed[quarter]], entry, TITLE_CHUNK, out_dir / BUNDLES / quarter)]

    def finished(period: str, result: dict) -> list[tuple]:
        """A bundle indexed: a month gives its pages' title entries."""
        step()
        if period.startswith(TITLES):
            return []
        titles.update(result)
        months_left = waiting[_quarter(period)]
        months_left.discard(period)
        return [] if months_left else quarter_jobs(_quarter(period))

    jobs = [job for quarter in _newest_first(by_quarter) if not waiting[quarter] for job in quarter_jobs(quarter)]
    _index(jobs + [(p, _month_bundle, by_period[p], months[p], TEXT_CHUNK, out_dir / BUNDLES / p) for p in months], workers, finished)
    pages = [dataclasses.replace(page, title=titles[page.url]) if page.title == UNREAD else page for page in pages]
    title_periods = _newest_first(quarter for quarter, found in headed.items() if found)
    by_title = {quarter: headed[quarter] for quarter in title_periods}
    if hashes is not None:
        save_scan(scanned, pages, others)
    indexed = _newest_first(quarters) + list(months)
    kept = {entry.name for entry in entries.values()}
    for stale in cache.iterdir():  # one bundle per period is kept; periods gone go, and halves of killed runs
        if stale.name not in kept and (".partial-" not in stale.name or not process_running(stale.name.rsplit("-", 1)[-1])):
            shutil.rmtree(stale, ignore_errors=True)
    for period in title_periods + periods:  # those indexed now were linked as they were made
        target = out_dir / BUNDLES / period
        if period not in indexed and (present.get(period) != entries[period].name or not target.is_dir()):
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
