"""Rendering and writing only what changed, on every core: page jobs in, the new output
folder filled and its manifest out.

Every page gets a key: a hash of its template's name, its view context (frozen views:
their repr is all a template can read) and the theme (every template file, asset names,
site info, configuration, sitegen's version). A page whose key is the one the live site
was built with is not rendered: its file is hard-linked from the live site.

Making the views of every page only to find the few whose key changed cost seconds on a
big archive, so page jobs are signed too (sitegen/site/pages/base.py): a group of jobs'
signature is a digest of the theme and of the site data its page types say they read.
A group signed as in the live site is reused whole, views unmade; only the others are
made and keyed page by page.

The new folder is a `Draft` of the output store (store.py), made from an older version
nobody reads any more: it is brought up to date, file by file, comparing content hashes,
so a rebuild creates and deletes only the files that changed (on a busy disk, making and
removing 28,000 folders costs more than rendering them). Files are replaced by
unlink-then-write, never rewritten in place: unchanged files are shared (hard links)
between the live folder and the next one. The manifests that say what each folder holds
are the store's.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.files import link_new, write_new
from sitegen.site import pages as page_types
from sitegen.site import urls
from sitegen.site.store import Built, Draft, Manifest
from sitegen.site.theme import Assets, template_dirs
from sitegen.site.viewkit import ViewKit
from sitegen.site.views import SiteInfo
from sitegen.version import code_version
from sitegen.workers import fork_is_safe
from sitegen.workers import pool as worker_pool

CHUNK = 250  # page jobs per task: big enough to amortise, small enough to balance 2 cores
IN_FLIGHT = 3  # chunks queued for each forked worker while this process renders one
LISTING_CHUNK = 8  # listing jobs per task
TAIL_CHUNK = 25  # jobs per task at the end of the build
# Set (SITEGEN_CHECK_REUSE=1, as the tests do) to make the views of every reused group
# again and fail the build where a page differs: a page type whose `reads` is too narrow.
CHECK_REUSE = os.environ.get("SITEGEN_CHECK_REUSE", "") == "1"


def theme_key(config: Config, info: SiteInfo, assets: Assets) -> str:
    """Everything besides a page's context that its HTML can depend on."""
    digest = hashlib.sha256(f"{code_version()}\n{config!r}\n{info!r}\n{sorted(assets.paths.items())!r}".encode())
    for folder in template_dirs(config):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"\n{path.relative_to(folder).as_posix()}\n".encode() + path.read_bytes())
    return digest.hexdigest()


# -- what a build renders, and from which folders -----------------------------------------------


@dataclass
class Pages:
    """The pages to make: every page type's views (from `kit`), the theme's templates
    (`env`) and its key, and how to render them (processes, progress callback)."""

    kit: ViewKit
    env: jinja2.Environment
    theme: str  # theme_key()
    types: dict[str, page_types.PageType] = field(default_factory=lambda: page_types.registry(page_types.PAGE_TYPES))
    workers: int | None = None  # None: as many as pay (workers_for)
    progress: Callable[[int, int], None] | None = None  # (chunks done, chunks)


# -- the work of one process ------------------------------------------------------------------


@dataclass
class _Work:
    pages: Pages
    config: Config
    fresh: Path
    live: Path | None  # the live version's folder (None: there is none)
    live_files: dict[str, tuple[str, str]]  # the live folder's: path -> (page key, sha256)
    spare: dict[str, tuple[str, str]]  # what `fresh` holds when the build starts


_WORK: _Work | None = None  # set before the worker processes fork


def _run_chunk(jobs: list[tuple[int, page_types.Job]]) -> tuple[list[tuple[int, list[tuple[str, str, str, str]]]], list[Problem]]:
    """Renders (or reuses) the pages of `jobs` ((group number, job)) into the new folder:
    [(group number, [(output path, site path, page key, sha256)])], problems."""
    work = _WORK
    assert work is not None
    pages = work.pages
    done, problems = [], []
    for number, job in jobs:
        made = []
        page_type = pages.types[job[0]]
        for spec in page_types.run(pages.kit, pages.types, job):
            path = urls.output_file(spec.path)
            key = page_type.page_key(pages.theme, spec)
            before = work.live_files.get(path)
            if before is not None and before[0] == key:
                _reuse(work, path, before[1])
                made.append((path, spec.path, key, before[1]))
                continue
            rendered, problem = page_type.render(pages.env, spec, work.config)
            if problem is not None:
                problems.append(problem)
                continue
            sha = hashlib.sha256(rendered.data).hexdigest()
            if work.spare.get(path, ("", ""))[1] != sha:
                _safe_write(work.fresh, path, rendered.data)
            made.append((path, spec.path, key, sha))
        done.append((number, made))
    return done, problems


def _chunks(todo: list[tuple[int, page_types.Job]], types: dict[str, page_types.PageType]) -> list[list]:
    """Work for the render processes. A listing job (a city's every page, the archive)
    costs hundreds of times an article's: listings go first and a few at a time, so that
    neither process is left with all of them at the end while the other waits. The last
    jobs go in small chunks for the same reason: a process out of work waits for the
    chunks queued for the other (IN_FLIGHT of 250 jobs each left one core idle for up to
    a second, whatever the size of the site). The order of the output does not depend on
    this (pages are put back in site order)."""
    listings = [item for item in todo if types[item[1][0]].listing]
    others = [item for item in todo if not types[item[1][0]].listing]
    tail = max(0, len(others) - (IN_FLIGHT + 1) * CHUNK)
    return (
        [listings[i : i + LISTING_CHUNK] for i in range(0, len(listings), LISTING_CHUNK)]
        + [others[i : min(i + CHUNK, tail)] for i in range(0, tail, CHUNK)]
        + [others[i : i + TAIL_CHUNK] for i in range(tail, len(others), TAIL_CHUNK)]
    )


def _reuse(work: _Work, path: str, sha: str) -> None:
    """Makes the new folder's `path` the live folder's file, whose content hash is `sha`."""
    if work.spare.get(path, ("", ""))[1] != sha:
        link_new(os.path.join(work.live, path), os.path.join(work.fresh, path))


def _safe_write(fresh: Path, path: str, data: bytes) -> None:
    # Paths are made by urls.py from validated names; this refuses any that could climb
    # out without resolving each one (realpath was a tenth of a 20,000-article build).
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in path:
        raise SitegenError([Problem(path, 0, "output path leaves the output folder")])
    try:
        write_new(fresh / path, data)
    except OSError as exc:  # e.g. a name longer than the file system allows
        raise SitegenError([Problem(path, 0, f"cannot write: {exc.strerror}")]) from None


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
    if jobs < 2 * CHUNK or not fork_is_safe():
        return 1
    return min(2, os.cpu_count() or 1)


class Fill:
    """Puts every page and file of the new site into a draft of the output store.

    `live` is the version readers are given now (its unchanged pages are hard-linked);
    `files(site paths of the pages, in site order)` gives the other files (assets, feeds,
    the sitemap); `manifest` holds the build's inputs, search switch, articles and
    warnings, and gets the files and job groups here, for the store to record."""

    def __init__(self, config: Config, live: Built | None, pages: Pages, files, manifest: Manifest):
        self.config, self.live = config, live
        self._pages_to_make: Pages | None = pages
        self._files = files
        self.manifest = manifest
        self.pages: list[str] = []  # site paths of the rendered files (HTML, sw.js), in site order (the sitemap's)

    def fill(self, draft: Draft) -> None:
        fresh, had = draft.root, draft.had
        if had and not self.manifest.search:  # an index the spare had would be stale
            shutil.rmtree(fresh / "pagefind", ignore_errors=True)
        files, twice = self._make_pages(fresh, had)
        other = self._files(self.pages)
        twice = sorted({item.path for item in other if item.path in files} | twice)
        if twice:
            raise SitegenError([Problem(path, 0, "two pages would be written to this file") for path in twice])
        for item in other:
            sha = hashlib.sha256(item.data).hexdigest()
            if had.get(item.path, ("", ""))[1] != sha:
                _safe_write(fresh, item.path, item.data)
            files[item.path] = ("", sha)
        for path in sorted(set(had) - set(files)):
            _remove(fresh, path)
        self.manifest.files = files
        self._pages_to_make = self._files = None  # the site's articles and views, no longer needed

    def _make_pages(self, fresh: Path, had: dict[str, tuple[str, str]]) -> tuple[dict[str, tuple[str, str]], set[str]]:
        """Every page job's pages in the new folder: (files, output paths made twice). A
        group of jobs signed as in the live site is reused whole without making its views;
        the other groups' jobs are made, and their pages rendered only where the page's own
        key changed."""
        global _WORK
        pages = self._pages_to_make
        assert pages is not None
        live = self.live.manifest if self.live is not None else None
        live_files = live.files if live is not None else {}
        known = live.jobs if live is not None else {}
        _WORK = work = _Work(pages, self.config, fresh, self.live.root if self.live is not None else None, live_files, had)
        seed = hashlib.sha1(f"{pages.theme}\n".encode())
        groups = page_types.plan(pages.kit, pages.types)
        signatures = []
        made: dict[int, list] = {}  # group number -> its pages, in site order
        todo, reused = [], []
        for number, group in enumerate(groups):
            signing = seed.copy()
            signing.update(group.signature.encode())
            signatures.append(signing.hexdigest())
            site_paths = known.get(signatures[-1])
            outputs = None if site_paths is None else [(urls.output_file(s), s) for s in site_paths]
            if outputs is not None and all(path in live_files for path, _ in outputs):
                for path, _ in outputs:
                    _reuse(work, path, live_files[path][1])
                made[number] = [(path, site_path, *live_files[path]) for path, site_path in outputs]
                reused.append(number)
            else:
                todo += [(number, job) for job in group.jobs]
        chunks = _chunks(todo, pages.types)
        self._tick(0, len(chunks))
        try:
            results = _render_chunks(chunks, workers_for(len(todo), pages.workers), self._tick)
        finally:
            _WORK = None
        problems = sorted({p for _, found in results for p in found})
        if CHECK_REUSE:
            problems += _check_reused(pages, [groups[n] for n in reused], [made[n] for n in reused])
        if problems:
            raise SitegenError(problems)
        for done, _ in results:
            for number, pages_made in done:  # a group's jobs arrive in order
                made.setdefault(number, []).extend(pages_made)
        files, twice, by_group = {}, set(), {}
        for number, signature in enumerate(signatures):
            group_pages = made.get(number, [])
            by_group[signature] = tuple(site_path for _, site_path, *_ in group_pages)
            for path, site_path, key, sha in group_pages:
                if path in files:
                    twice.add(path)
                files[path] = (key, sha)
                self.pages.append(site_path)
        self.manifest.jobs = by_group
        return files, twice

    def _tick(self, done: int, total: int) -> None:
        pages = self._pages_to_make
        if pages is not None and pages.progress is not None:
            pages.progress(done, total)


def _remove(fresh: Path, path: str) -> None:
    """Deletes a file no longer made, and the folders it leaves empty."""
    target = fresh / path
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == fresh:
            break
        try:
            parent.rmdir()
        except OSError:
            break


def _check_reused(pages: Pages, groups: list[page_types.Group], reused: list[list]) -> list[Problem]:
    """The views of reused groups made again: a page whose key differs from the one reused
    was served stale, because its page type's `reads` missed something it shows."""
    problems = []
    for group, outputs in zip(groups, reused):
        keys = {site_path: key for _, site_path, key, _ in outputs}
        for job in group.jobs:
            for spec in page_types.run(pages.kit, pages.types, job):
                if keys.get(spec.path) != pages.types[job[0]].page_key(pages.theme, spec):
                    message = f"page type {job[0]!r}: reused a stale page; its reads() misses something the page shows"
                    problems.append(Problem(spec.path, 0, message))
    return problems
