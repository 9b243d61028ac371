"""Rendering and writing only what changed, on every core: page jobs in, the new output
folder filled and its manifest out.

Every page gets a key: a hash of its template's name, its view context (frozen views:
their repr is all a template can read) and the theme (every template file, asset names,
site info, configuration, sitegen's version). A page whose key is the one the live site
was built with is not rendered: its file is hard-linked from the live site.

The new folder is not made from nothing: the site before the live one (kept beside it
as `.sitegen-<out>-spare` after the last swap) is brought up to date, file by file,
comparing content hashes, so a rebuild creates and deletes only the files that changed
(on a busy disk, making and removing 28,000 folders costs more than rendering them).
Files are replaced by unlink-then-write, never rewritten in place: unchanged files are
shared (hard links) between the live folder and the next one.

Each folder's manifest (path -> key, content hash; the build's input digest and
warnings) lives in `.sitegen-cache/site/<id>.pickle`, named by the id written in the
folder's `.sitegen-manifest` file (a hash of the manifest, so two builds of the same
input stay byte-identical). A folder without one is rebuilt from nothing.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.site import render, urls
from sitegen.site.content import article_files, parse_files
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

    def ident(self) -> str:
        digest = hashlib.sha256(f"{self.inputs} {self.search}".encode())
        for path in sorted(self.files):
            key, sha = self.files[path]
            digest.update(f"\n{path} {key} {sha}".encode())
        return digest.hexdigest()[:24]


def cache_dir(config: Config) -> Path:
    return config.root / CACHE


def read_manifest(config: Config, folder: Path) -> Manifest | None:
    """The manifest of `folder`, or None when it has none (or its cache entry is gone)."""
    try:
        ident = (folder / ID_FILE).read_text(encoding="utf-8").strip()
        with open(cache_dir(config) / f"{ident}.pickle", "rb") as f:
            manifest = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return manifest if isinstance(manifest, Manifest) and manifest.ident() == ident else None


def write_manifest(config: Config, folder: Path, manifest: Manifest) -> None:
    ident = manifest.ident()
    cache = cache_dir(config)
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f"{ident}.pickle.{os.getpid()}"
    with open(temporary, "wb") as f:
        pickle.dump(manifest, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache / f"{ident}.pickle")
    replace_file(folder / ID_FILE, ident.encode() + b"\n")


def prune_manifests(config: Config, keep: set[str]) -> None:
    for entry in cache_dir(config).glob("*.pickle"):
        if entry.stem not in keep and not entry.stem.startswith("articles-"):
            entry.unlink(missing_ok=True)


def theme_key(config: Config, info: SiteInfo, assets: Assets) -> str:
    """Everything besides a page's context that its HTML can depend on."""
    digest = hashlib.sha256(f"{code_version()}\n{config!r}\n{info!r}\n{sorted(assets.paths.items())!r}".encode())
    for folder in template_dirs(config):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"\n{path.relative_to(folder).as_posix()}\n".encode() + path.read_bytes())
    return digest.hexdigest()


def input_digest(content_dir: Path, theme: str, search: bool) -> tuple[str, dict[Path, str]]:
    """Everything a build reads: the article files (names and bytes), the theme key
    (templates, configuration, version) and whether it indexes (Pagefind's version too);
    and each article file's own hash, for the article cache."""
    digest = hashlib.sha256(f"{theme}\n{search}\n{_pagefind_version() if search else ''}".encode())
    shas = {}
    if content_dir.is_dir():
        for path in article_files(content_dir):
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            shas[path] = sha
            digest.update(f"\n{path.relative_to(content_dir).as_posix()}\n{sha}".encode())
    return digest.hexdigest(), shas


class ArticleCache:
    """Parsed article files by path and content hash, kept between builds in
    `.sitegen-cache/site/articles.pickle`: a rebuild parses only the files that changed
    (YAML was a quarter of a 20,000-article build); new files are parsed on every core."""

    def __init__(self, config: Config, shas: dict[Path, str], workers: int | None = None):
        self.file = cache_dir(config) / f"articles-{hashlib.sha256(repr((code_version(), str(config.root))).encode()).hexdigest()[:12]}.pickle"
        self.shas, self.workers = shas, workers
        try:
            with open(self.file, "rb") as f:
                self.known = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
            self.known = {}

    def __call__(self, paths: list[Path], root: Path) -> list:
        keys = [f"{path}\0{self.shas.get(path, '')}" for path in paths]
        missing = [path for path, key in zip(paths, keys) if key not in self.known]
        workers = workers_for(len(missing) // 4, self.workers)  # a file parses 4x faster than a page renders
        if workers > 1:
            chunks = [missing[i : i + 4 * CHUNK] for i in range(0, len(missing), 4 * CHUNK)]
            with worker_pool(workers, multiprocessing.get_context("fork")) as pool:
                parsed = [item for chunk in pool.map(parse_files, chunks, [root] * len(chunks)) for item in chunk]
        else:
            parsed = parse_files(missing, root)
        fresh = dict(zip((f"{p}\0{self.shas.get(p, '')}" for p in missing), parsed))
        results = [fresh[key] if key in fresh else self.known[key] for key in keys]
        if missing or len(self.known) != len(keys):
            self.known = dict(zip(keys, results))
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(self.file.name + f".{os.getpid()}")
            with open(temporary, "wb") as f:
                pickle.dump(self.known, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
            for other in self.file.parent.glob("articles-*.pickle"):  # made by other code
                if other != self.file:
                    other.unlink(missing_ok=True)
        return results


def _pagefind_version() -> str:
    try:
        from importlib import metadata

        return metadata.version("pagefind")
    except Exception:  # noqa: BLE001 - not installed: the build has no index anyway
        return ""


def page_key(theme: str, template: str, context: dict) -> str:
    return hashlib.sha1(f"{theme}\n{template}\n{context!r}".encode()).hexdigest()


def replace_file(target: Path, data: bytes) -> None:
    """Writes `data` as a new file: a hard-linked old file is never changed in place."""
    try:
        target.unlink()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _link(source: Path, target: Path) -> None:
    try:
        target.unlink()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
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


def _run_chunk(jobs: list[tuple]) -> tuple[list[tuple[str, str, str, str, bool]], list[Problem]]:
    """Renders (or reuses) the pages of `jobs` into the new folder:
    [(output path, site path, page key, sha256, rendered?)], problems."""
    work = _WORK
    assert work is not None
    done, problems = [], []
    for job in jobs:
        for spec in work.views.run(job):
            path = urls.output_file(spec.path)
            key = page_key(work.theme, spec.template, spec.context)
            had = work.spare.get(path, ("", ""))[1]
            before = work.current.get(path)
            if before is not None and before[0] == key:
                if had != before[1]:
                    _link(work.live / path, work.fresh / path)
                done.append((path, spec.path, key, before[1], False))
                continue
            rendered, problem = render.render_one(work.env, spec, work.config)
            if problem is not None:
                problems.append(problem)
                continue
            sha = hashlib.sha256(rendered.data).hexdigest()
            if had != sha:
                _safe_write(work.fresh, path, rendered.data)
            done.append((path, spec.path, key, sha, True))
    return done, problems


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
    rendered: int  # pages rendered this time (the others were reused)
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
    ):
        self.config, self.out_dir, self.views, self.env, self.theme = config, out_dir, views, env, theme
        self.extra, self.make_extra, self.workers, self.progress = extra, make_extra, workers, progress
        self.inputs, self.search, self.warnings, self.articles = inputs, search, warnings, articles
        self.current = read_manifest(config, out_dir) if out_dir.is_dir() else None
        self.result: Filled | None = None
        self.manifest: Manifest | None = None

    def spare_dir(self) -> Path:
        return self.out_dir.parent / SPARE.format(name=self.out_dir.name)

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

    def _pages(self, fresh: Path, had: dict[str, tuple[str, str]]) -> Filled:
        global _WORK
        jobs = self.views.jobs()
        current = self.current.files if self.current is not None else {}
        _WORK = _Work(self.views, self.env, self.config, self.theme, fresh, self.out_dir, current, had)
        chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
        workers = workers_for(len(jobs), self.workers)
        results = []
        self._tick(0, len(chunks))
        try:
            if workers == 1:
                for chunk in chunks:
                    results.append(_run_chunk(chunk))
                    self._tick(len(results), len(chunks))
            else:
                context = multiprocessing.get_context("fork")
                with worker_pool(workers, context) as pool:
                    for result in pool.map(_run_chunk, chunks):
                        results.append(result)
                        self._tick(len(results), len(chunks))
        finally:
            _WORK = None
        problems = sorted({p for _, found in results for p in found})
        if problems:
            raise SitegenError(problems)
        files, pages, rendered, twice = {}, [], 0, set()
        for done, _ in results:
            for path, site_path, key, sha, fresh_render in done:
                if path in files:
                    twice.add(path)
                files[path] = (key, sha)
                pages.append(site_path)
                rendered += fresh_render
        return Filled(files, pages, rendered, twice)

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def seal(self, fresh: Path) -> None:
        """Called with the folder complete (search index included), before the swap."""
        self.manifest = Manifest(self.inputs, self.files, tuple(self.warnings), self.search, self.articles)
        write_manifest(self.config, fresh, self.manifest)

    def keep(self, previous: Path) -> None:
        """After the swap: the previous site becomes the next build's starting point."""
        spare = self.spare_dir()
        shutil.rmtree(spare, ignore_errors=True)
        os.rename(previous, spare)
        keep = {self.manifest.ident()} if self.manifest else set()
        if self.current is not None:
            keep.add(self.current.ident())
        prune_manifests(self.config, keep)
