"""Rendering and writing only what changed, on every core: page jobs in, the new output
folder filled and its manifest out.

Every page gets a key: a hash of its template's name, its view context (frozen views:
their repr is all a template can read) and the theme (every template file, asset names,
site info, configuration, sitegen's version). A page whose key is the one the live site
was built with is not rendered: its file is hard-linked from the live site.

Making the views of every page only to find the few whose key changed cost seconds on a
big archive, so page jobs (views.py) are signed too: a job's signature is a digest of
the theme and of the site data its views read (its edition, the articles it lists). A
job signed as in the live site is reused whole, views unmade; only the others are made
and keyed page by page.

The new folder is not made from nothing: the site before the live one (kept beside it
as `.sitegen-<out>-spare` after the last swap) is brought up to date, file by file,
comparing content hashes, so a rebuild creates and deletes only the files that changed
(on a busy disk, making and removing 28,000 folders costs more than rendering them).
Files are replaced by unlink-then-write, never rewritten in place: unchanged files are
shared (hard links) between the live folder and the next one.

Each folder's manifest (path -> key, content hash; the build's input digest and
warnings) lives in `.sitegen-cache/site/<id>.json`, named by the id written in the
folder's `.sitegen-manifest` file (a hash of the manifest, so two builds of the same
input stay byte-identical). A folder without one is rebuilt from nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import json
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.site import render, urls
from sitegen.site.theme import Assets, template_dirs
from sitegen.site.views import SiteInfo, Views
from sitegen.version import code_version
from sitegen.workers import pool as worker_pool

CACHE = Path(".sitegen-cache") / "site"
ID_FILE = ".sitegen-manifest"
SPARE = ".sitegen-{name}-spare"
CHUNK = 250  # page jobs per task: big enough to amortise, small enough to balance 2 cores


@dataclass
class Manifest:
    inputs: str = ""  # digest of everything the build read (see build.py)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (page key or '', sha256)
    warnings: tuple[Problem, ...] = ()
    search: bool = False
    articles: int = 0
    jobs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # signature of a group of jobs -> its pages' site paths

    def ident(self) -> str:
        digest = hashlib.sha256(f"{self.inputs} {self.search}".encode())
        for path in sorted(self.files):
            key, sha = self.files[path]
            digest.update(f"\n{path} {key} {sha}".encode())
        for signature in sorted(self.jobs):
            digest.update(f"\n{signature} {self.jobs[signature]!r}".encode())
        return digest.hexdigest()[:24]


def content_hashes(files: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A manifest's files (path -> (page key, sha256)) as path -> sha256: what the search
    step needs to read only the pages it has not seen."""
    return {path: sha for path, (_, sha) in files.items()}


def cache_dir(config: Config) -> Path:
    return config.root / CACHE


def read_manifest(config: Config, folder: Path) -> Manifest | None:
    """The manifest of `folder`, or None when it has none (or its cache entry is gone,
    or is not one: a cache is data, checked field by field, never code)."""
    try:
        ident = (folder / ID_FILE).read_text(encoding="utf-8").strip()
        with open(cache_dir(config) / f"{ident}.json", "rb") as f:
            data = json.load(f)
        return _manifest_from(data) if data.get("ident") == ident else None
    except (OSError, ValueError, TypeError, AttributeError, KeyError):  # absent, an older format, not ours
        return None


def _manifest_from(data: dict) -> Manifest:
    """A manifest from its JSON; TypeError or ValueError when any field is not as written."""
    files = {str(path): (_text(key), _text(sha)) for path, (key, sha) in data["files"].items()}
    warnings = tuple(Problem(_text(path), int(line), _text(message), _text(severity)) for path, line, message, severity in data["warnings"])
    jobs = {str(signature): tuple(_text(path) for path in paths) for signature, paths in data["jobs"].items()}
    if not isinstance(data["search"], bool) or not isinstance(data["articles"], int):
        raise TypeError("not a manifest")
    return Manifest(_text(data["inputs"]), files, warnings, data["search"], data["articles"], jobs)


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError("not a manifest")
    return value


def write_manifest(config: Config, folder: Path, manifest: Manifest) -> str:
    ident = manifest.ident()
    cache = cache_dir(config)
    cache.mkdir(parents=True, exist_ok=True)
    data = {
        "ident": ident,  # hashing the manifest again to check it cost 0.1 s
        "inputs": manifest.inputs,
        "files": manifest.files,
        "warnings": [[p.path, p.line, p.message, p.severity] for p in manifest.warnings],
        "search": manifest.search,
        "articles": manifest.articles,
        "jobs": manifest.jobs,
    }
    temporary = cache / f"{ident}.json.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))  # (json.dump streams in Python: 5x slower)
    os.replace(temporary, cache / f"{ident}.json")
    replace_file(folder / ID_FILE, ident.encode() + b"\n")
    return ident


def folder_ident(folder: Path) -> str:
    """The ident of `folder`'s manifest, or '' when it has none."""
    try:
        return (folder / ID_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def prune_manifests(config: Config, keep: set[str]) -> None:
    """Deletes the manifests (named by their 24-digit ident) of folders gone; those of
    the configured output and its spare always stay (a preview's builds prune too)."""
    out = config.output.resolve()
    keep = keep | {folder_ident(out), folder_ident(out.parent / SPARE.format(name=out.name))}
    for entry in cache_dir(config).glob("*.json"):
        if entry.stem not in keep and len(entry.stem) == 24 and entry.stem.isalnum():
            entry.unlink(missing_ok=True)


def theme_key(config: Config, info: SiteInfo, assets: Assets) -> str:
    """Everything besides a page's context that its HTML can depend on."""
    digest = hashlib.sha256(f"{code_version()}\n{config!r}\n{info!r}\n{sorted(assets.paths.items())!r}".encode())
    for folder in template_dirs(config):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"\n{path.relative_to(folder).as_posix()}\n".encode() + path.read_bytes())
    return digest.hexdigest()


def page_key(theme: str, template: str, context: dict) -> str:
    return hashlib.sha1(f"{theme}\n{template}\n{context!r}".encode()).hexdigest()


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _as_new(name: str, create: Callable[[str], object]):
    """`create(name)` for a name that must be a new file: an old file there is unlinked
    first (never changed in place: it may be hard-linked into a live site), a missing
    folder made. One system call in the common case, a new name in an existing folder;
    a rebuild that fills a new folder calls this for every page."""
    try:
        return create(name)
    except FileExistsError:
        os.unlink(name)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(name), exist_ok=True)
    return create(name)


def replace_file(target: Path, data: bytes) -> None:
    """Writes `data` as a new file: a hard-linked old file is never changed in place."""
    fd = _as_new(os.fspath(target), lambda name: os.open(name, _NEW_FILE, 0o666))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _link(source: str, target: str) -> None:
    """Makes `target` a new hard link to `source`, or a copy where links fail."""
    try:
        _as_new(target, lambda name: os.link(source, name))
    except OSError:
        shutil.copyfile(source, target)


# -- the work of one process ------------------------------------------------------------------


@dataclass
class _Work:
    views: Views
    env: jinja2.Environment
    config: Config
    theme: str
    fresh: Path
    live: Path
    current: dict[str, tuple[str, str]]  # the live folder's files
    spare: dict[str, tuple[str, str]]  # what `fresh` holds when the build starts


_WORK: _Work | None = None  # set before the worker processes fork


def _run_chunk(jobs: list[tuple[int, tuple]]) -> tuple[list[tuple[int, list[tuple[str, str, str, str]]]], list[Problem]]:
    """Renders (or reuses) the pages of `jobs` ((group number, job)) into the new folder:
    [(group number, [(output path, site path, page key, sha256)])], problems."""
    work = _WORK
    assert work is not None
    done, problems = [], []
    for number, job in jobs:
        pages = []
        for spec in work.views.run(job):
            path = urls.output_file(spec.path)
            key = page_key(work.theme, spec.template, spec.context)
            before = work.current.get(path)
            if before is not None and before[0] == key:
                _reuse(work, path, before[1])
                pages.append((path, spec.path, key, before[1]))
                continue
            rendered, problem = render.render_one(work.env, spec, work.config)
            if problem is not None:
                problems.append(problem)
                continue
            sha = hashlib.sha256(rendered.data).hexdigest()
            if work.spare.get(path, ("", ""))[1] != sha:
                _safe_write(work.fresh, path, rendered.data)
            pages.append((path, spec.path, key, sha))
        done.append((number, pages))
    return done, problems


LISTINGS = ("archive", "city", "person", "city_index", "person_index", "home")


def _chunks(todo: list[tuple[int, tuple]]) -> list[list[tuple[int, tuple]]]:
    """Work for the render processes. A listing job (a city's every page, the archive)
    costs hundreds of times an article's: listings go first and a few at a time, so that
    neither process is left with all of them at the end while the other waits. The order
    of the output does not depend on this (pages are put back in site order)."""
    listings = [item for item in todo if item[1][0] in LISTINGS]
    others = [item for item in todo if item[1][0] not in LISTINGS]
    return [listings[i : i + 8] for i in range(0, len(listings), 8)] + [
        others[i : i + CHUNK] for i in range(0, len(others), CHUNK)
    ]


def _reuse(work: _Work, path: str, sha: str) -> None:
    """Makes the new folder's `path` the live folder's file, whose content hash is `sha`."""
    if work.spare.get(path, ("", ""))[1] != sha:
        _link(os.path.join(work.live, path), os.path.join(work.fresh, path))


def _safe_write(fresh: Path, path: str, data: bytes) -> None:
    # Paths are made by urls.py from validated names; this refuses any that could climb
    # out without resolving each one (realpath was a tenth of a 20,000-article build).
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in path:
        raise SitegenError([Problem(path, 0, "output path leaves the output folder")])
    try:
        replace_file(fresh / path, data)
    except OSError as exc:  # e.g. a name longer than the file system allows
        raise SitegenError([Problem(path, 0, f"cannot write: {exc.strerror}")]) from None


IN_FLIGHT = 3  # chunks queued for each forked worker while this process renders one


def _render_chunks(chunks: list, workers: int, tick: Callable[[int, int], None]) -> list:
    """`_run_chunk` of every chunk, in order, on `workers` processes: this one and
    `workers - 1` forked ones. This process renders too rather than waiting: a forked
    worker maps every page of the site data it inherits, so each one more would add the
    whole of it again to the memory the build holds (PSS counts it once, RSS each time)."""
    results: list = [None] * len(chunks)
    done = 0
    if workers <= 1:
        for index, chunk in enumerate(chunks):
            results[index] = _run_chunk(chunk)
            tick(index + 1, len(chunks))
        return results
    context = multiprocessing.get_context("fork")
    with worker_pool(workers - 1, context) as pool:
        queued: dict = {}  # future -> chunk number
        taken = 0  # chunks handed out, in order, to this process or the pool
        while done < len(chunks):
            while taken < len(chunks) and len(queued) < IN_FLIGHT * (workers - 1):
                queued[pool.submit(_run_chunk, chunks[taken])] = taken
                taken += 1
            if taken < len(chunks):
                results[taken] = _run_chunk(chunks[taken])
                taken += 1
                done += 1
                tick(done, len(chunks))
                finished = [future for future in queued if future.done()]
            else:
                finished, _ = wait(queued, return_when=FIRST_COMPLETED)
            for future in finished:
                results[queued.pop(future)] = future.result()
                done += 1
                tick(done, len(chunks))
    return results


# -- the whole folder -------------------------------------------------------------------------


def workers_for(jobs: int, requested: int | None) -> int:
    """Processes to render with: forked workers only where forking is safe (no other
    threads, as under `sitegen serve`) and the site is big enough to repay them."""
    if requested is not None:
        return max(1, requested)
    if jobs < 2 * CHUNK or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(2, os.cpu_count() or 1)


@dataclass
class Filled:
    files: dict[str, tuple[str, str]]  # the manifest's files
    pages: list[str]  # site paths of HTML pages, in site order (the sitemap's)
    twice: set[str]  # output paths two pages were rendered to


class Fill:
    """Fills the new output folder: `start(fresh)` from `write_site`, `keep(previous)`
    after the swap. Construct with everything the pages need."""

    def __init__(
        self,
        config: Config,
        out_dir: Path,
        views: Views,
        env: jinja2.Environment,
        theme: str,
        extra: list,  # RenderedFile: assets, feeds (small; written here)
        make_extra: Callable[[list[str]], list] | None = None,  # site paths -> feeds that list pages (sitemap)
        inputs: str = "",  # digest of the build's inputs, for the next build's no-change check
        search: bool = False,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        articles: int = 0,
        warnings: tuple[Problem, ...] = (),
        current: Manifest | None = None,  # the live folder's, when the caller has read it
        live: Path | None = None,  # the site to build from, when not out_dir (sitegen serve)
        spare: Path | None = None,  # an older site this build may consume, when not the default
    ):
        self.config, self.out_dir, self.views, self.env, self.theme = config, out_dir, views, env, theme
        self.extra, self.make_extra, self.workers, self.progress = extra, make_extra, workers, progress
        self.inputs, self.search, self.warnings, self.articles = inputs, search, warnings, articles
        self.live, self.spare = live or out_dir, spare
        self.current = current if current is not None else read_manifest(config, self.live) if self.live.is_dir() else None
        self.result: Filled | None = None
        self.manifest: Manifest | None = None
        self.jobs: dict[str, tuple[str, ...]] = {}  # the manifest's jobs

    def spare_dir(self) -> Path:
        return self.spare or self.out_dir.parent / SPARE.format(name=self.out_dir.name)

    def start(self, fresh: Path) -> None:
        spare = self.spare_dir()
        known = read_manifest(self.config, spare) if spare.is_dir() else None
        if known is not None:
            os.rename(spare, fresh)
            (fresh / ID_FILE).unlink(missing_ok=True)  # until it is whole again
            if not self.search:  # an index the spare had would be stale
                shutil.rmtree(fresh / "pagefind", ignore_errors=True)
        else:
            shutil.rmtree(spare, ignore_errors=True)
            fresh.mkdir()
        had = known.files if known is not None else {}
        self.result = self._pages(fresh, had)
        files = dict(self.result.files)
        extra = list(self.extra) + (self.make_extra(self.result.pages) if self.make_extra else [])
        twice = sorted({item.path for item in extra if item.path in files} | self.result.twice)
        if twice:
            raise SitegenError([Problem(path, 0, "two pages would be written to this file") for path in twice])
        for item in extra:
            sha = hashlib.sha256(item.data).hexdigest()
            if had.get(item.path, ("", ""))[1] != sha:
                _safe_write(fresh, item.path, item.data)
            files[item.path] = ("", sha)
        for path in sorted(set(had) - set(files)):
            target = fresh / path
            target.unlink(missing_ok=True)
            for parent in target.parents:  # folders left empty go too
                if parent == fresh:
                    break
                try:
                    parent.rmdir()
                except OSError:
                    break
        self.files = files
        self.views = self.make_extra = None  # the site's articles and views, no longer needed
        self.extra = []

    def _pages(self, fresh: Path, had: dict[str, tuple[str, str]]) -> Filled:
        """Every page job's pages in the new folder. A group of jobs (views.py) signed as
        in the live site is reused whole without making its views; the other groups' jobs
        are made, and their pages rendered only where the page's own key changed."""
        global _WORK
        groups = self.views.groups()
        current = self.current.files if self.current is not None else {}
        known = self.current.jobs if self.current is not None else {}
        _WORK = work = _Work(self.views, self.env, self.config, self.theme, fresh, self.live, current, had)
        seed = hashlib.sha1(f"{self.theme}\n".encode())
        signatures = []
        pages: dict[int, list] = {}  # group number -> its pages, in site order
        todo = []
        for group in groups:
            signing = seed.copy()
            signing.update(self.views.signature(group[0]).encode())
            signature = signing.hexdigest()
            signatures.append(signature)
            site_paths = known.get(signature)
            outputs = None if site_paths is None else [(urls.output_file(s), s) for s in site_paths]
            if outputs is not None and all(path in current for path, _ in outputs):
                for path, _ in outputs:
                    _reuse(work, path, current[path][1])
                pages[len(signatures) - 1] = [(path, site_path, *current[path]) for path, site_path in outputs]
            else:
                todo += [(len(signatures) - 1, job) for job in group]
        chunks = _chunks(todo)
        workers = workers_for(len(todo), self.workers)
        self._tick(0, len(chunks))
        try:
            results = _render_chunks(chunks, workers, self._tick)
        finally:
            _WORK = None
        problems = sorted({p for _, found in results for p in found})
        if problems:
            raise SitegenError(problems)
        for done, _ in results:
            for number, made in done:  # a group's jobs arrive in order
                pages.setdefault(number, []).extend(made)
        files, site_paths, twice, by_group = {}, [], set(), {}
        for number, signature in enumerate(signatures):
            made = pages.get(number, [])
            by_group[signature] = tuple(site_path for _, site_path, *_ in made)
            for path, site_path, key, sha in made:
                if path in files:
                    twice.add(path)
                files[path] = (key, sha)
                site_paths.append(site_path)
        self.jobs = by_group
        return Filled(files, site_paths, twice)

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def seal(self, fresh: Path) -> None:
        """Called with the folder complete (search index included), before the swap."""
        self.manifest = Manifest(self.inputs, self.files, tuple(self.warnings), self.search, self.articles, self.jobs)
        write_manifest(self.config, fresh, self.manifest)

    def keep(self, previous: Path) -> None:
        """After the swap: the previous site becomes the next build's starting point."""
        spare = self.spare_dir()
        shutil.rmtree(spare, ignore_errors=True)
        os.rename(previous, spare)
        prune_manifests(self.config, {folder_ident(folder) for folder in (self.out_dir, spare)})
