"""`sitegen build` as a function: configuration in, a complete site in the output folder
and a `BuildResult` out, or a `SitegenError` with every problem and nothing written.

Steps, each timed: ingest raw pages (optional) -> load and validate every article ->
make views -> render the pages that changed, on every core, into a new version of the
output store (store.py), made from an older one (incremental.py) -> index -> publish it.
When nothing the site is made of changed (articles, theme, configuration, version), the
output folder is left as it is.
"""

from __future__ import annotations

import functools
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.files import sweep_temporaries
from sitegen.site import caches, feeds, incremental, models, output, prints, render, shareimage, theme, urls, views
from sitegen.site.content import load_articles
from sitegen.site.store import Built, FolderStore, Manifest, OutputStore, cache_dir, content_hashes, spare_of
from sitegen.site.viewkit import ViewKit


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked for, beside the project's configuration: where the articles
    are and where the site goes (default: the configured folders), whether warnings fail
    it (`strict`), whether it indexes for search and ingests raw pages first, how many
    processes render (None: as many as pay), and whether an output folder without the
    build's marker may be replaced (`force_output`; never a protected one)."""

    content_dir: Path | None = None
    out_dir: Path | None = None
    strict: bool = False
    search: bool = True
    ingest: bool = True
    workers: int | None = None
    force_output: bool = False


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path  # where the site is read from
    pages: int  # HTML pages written
    articles: int
    files: int  # every file written, assets and feeds included
    timings: dict[str, float]  # step name -> seconds, in the order run
    warnings: tuple[Problem, ...]


def _collector_paused(function):
    """Runs `function` with Python's cyclic garbage collector paused. A big archive's
    articles and views are millions of long-lived objects that it would otherwise walk
    again and again (a fifth of a one-edit rebuild of 20,000 articles); what the build
    leaves in cycles is collected when it is switched back on."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


@contextmanager
def _timed(timings: dict[str, float], name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def _fail_on(problems: list[Problem], strict: bool) -> None:
    if any(p.severity == "error" or strict for p in problems):
        raise SitegenError(problems)


def _one_at_a_time(function):
    """Runs `function(config, …)` holding the project's build lock (caches.locked)."""

    @functools.wraps(function)
    def locked(config: Config, *args, **kwargs):
        with caches.locked(config, "build"):
            return function(config, *args, **kwargs)

    return locked


@_one_at_a_time
@_collector_paused
def build_site(
    config: Config,
    options: BuildOptions = BuildOptions(),
    progress=None,  # called with (step, done, total): sitegen.progress.Progress on a terminal
    store: OutputStore | None = None,
) -> BuildResult:
    """Builds the whole site as `options` ask and publishes it to `store`: by default the
    output folder (`options.out_dir`, checked by output.check_target). `sitegen serve`
    passes its own store, whose versions it serves."""
    content_dir = Path(options.content_dir or config.content).resolve()
    if store is None:
        out_dir = Path(options.out_dir or config.output).resolve()
        protected = [content_dir, config.seeds, config.templates, theme.theme_dir(config)]
        output.check_target(out_dir, config.root, protected, force=options.force_output)
        store = FolderStore(out_dir, cache_dir(config), shared_folders(config))
    with store.reading() as live:
        return _build(config, options, progress, store, live, content_dir)


def shared_folders(config: Config) -> tuple[Path, ...]:
    """The configured output folder and its spare: whichever store a build publishes to,
    their manifests are kept, so that `sitegen build` after a preview reuses its pages."""
    out = config.output.resolve()
    return (out, spare_of(out))


def _build(config: Config, options: BuildOptions, progress, store: OutputStore, live: Built | None, content_dir: Path) -> BuildResult:
    """The build, with `live` (the version `store` serves now, None before the first)
    held for it: its pages are reused where their keys match, and a new version is
    published to `store` unless nothing the site is made of changed."""
    strict, search = options.strict, options.search
    timings: dict[str, float] = {}
    warnings: list[Problem] = []

    if options.ingest:
        with _timed(timings, "ingest"):
            found = _ingest(config, content_dir, progress)
        _fail_on(found, strict)
        warnings += found

    with _timed(timings, "load"):
        assets = theme.assets(config)
        info = views.site_info(config)
        font, found = _share_font(config)
        # (pages name the share images only when there is a font to draw them with)
        theme_key = incremental.theme_key(config, info, assets) + (f"\n{font.identity}" if font else "")
        page_files, unshown = prints.find_prints(config.seeds, config.root)
        _fail_on(found + unshown, strict)
        warnings += found + unshown
        if config.cache.is_dir():  # (the build lock is held: no other build writes there)
            sweep_temporaries(config.cache)
        hashes = caches.FileHashes(config)
        delivered = repr(sorted((k, v.read()) for k, v in page_files.items()))  # the 版 PDFs and images
        inputs, shas = caches.input_digest(content_dir, f"{theme_key}\n{delivered}", search, hashes)
        hashes.save()
        known = live.manifest if live is not None else None
        if store.keeps_unchanged and known is not None and known.inputs == inputs and known.search == search and not strict:
            # Nothing the site is made of changed: the live folder is this build's output.
            pages = sum(1 for path in known.files if path.endswith(".html"))
            return BuildResult(live.root, pages, known.articles, len(known.files) + 2, timings, tuple(warnings) + known.warnings)
        parse = caches.ArticleCache(config, shas, options.workers)
        articles, found = load_articles(content_dir, config.root, parse, list(shas)) if content_dir.is_dir() else ((), ())
    _fail_on(list(found), strict)
    warnings += found

    with _timed(timings, "views"):
        site = models.group(articles, config.page_name)
        found = prints.unplaced(page_files, {(e.date, p.number) for e in site.editions for p in e.pages}, config.root)
        _fail_on(found, strict)
        warnings += found
        env = theme.environment(config, theme_key)
        render.prepare(env, info, assets, config)
        assets_and_feeds = [render.RenderedFile(path.lstrip("/"), data) for path, data in assets.files.items()]
        assets_and_feeds += [feeds.atom(site, config), feeds.json_feed(site, config), feeds.robots(config)]

        def other_files(site_paths: list[str], site=site) -> list[render.RenderedFile]:
            return assets_and_feeds + [feeds.sitemap([p for p in site_paths if p != "/404.html"], site, config)]

        pages_to_make = incremental.Pages(
            ViewKit(site, config, font, page_files),
            env,
            theme_key,
            workers=options.workers,
            progress=(lambda done, total: progress("render", done, total)) if progress else None,
        )
        manifest = Manifest(inputs, warnings=tuple(found), search=search, articles=len(articles))
        article_files = frozenset(urls.output_file(urls.article_path(a)) for a in articles) if search else frozenset()
        fill = incremental.Fill(config, live, pages_to_make, other_files, manifest)
    # From here on only `fill` holds the articles, and lets go of them once the pages are
    # written: the search index (two Pagefind processes) is made after that.
    del parse, articles, site, pages_to_make, other_files

    with _timed(timings, "render"):
        draft = store.begin()
        try:
            fill.fill(draft)
            if search:
                _index(config, timings, progress, draft.root, content_hashes(manifest.files), article_files)
            store.publish(draft, manifest)
        except BaseException:
            store.discard(draft)
            raise
    timings["render"] -= timings.get("search", 0.0)  # the index is built inside the write step
    pages = sum(1 for path in fill.pages if urls.output_file(path).endswith(".html"))  # (as counted above)
    return BuildResult(draft.published, pages, manifest.articles, len(manifest.files) + 2, timings, tuple(warnings))


def _share_font(config: Config) -> tuple[shareimage.Font | None, list[Problem]]:
    """The font share images are set in, or None (with a warning when they are wanted)."""
    if not config.share_images:
        return None, []
    font = shareimage.share_font(config.share_font)
    if font is not None:
        return font, []
    where = f"{config.root / 'pyproject.toml'} [tool.sitegen]"
    if config.share_font:
        return None, [Problem(where, 0, f"share_font: no font file at {config.share_font}; articles get no share image")]
    message = "no CJK font for share images (install fonts-noto-cjk or fonts-wqy-microhei, or set share_font); articles get no share image"
    return None, [Problem(where, 0, message, "warning")]


def _ingest(config: Config, content_dir: Path, progress=None) -> list[Problem]:
    """Brings content/ up to date with the raw pages in seeds/ (the ingest stage decides
    which articles are missing or stale and never touches hand-edited ones)."""
    if not config.seeds.is_dir():
        return []
    from sitegen.ingest import ingest_paths  # here: its segmenter and place names take a second to load

    report = ingest_paths([config.seeds], out_dir=content_dir, config=config, force=False, edition=None, progress=progress)
    return list(report.problems)


def _index(config: Config, timings: dict[str, float], progress, folder: Path, hashes: dict[str, str], articles: frozenset[str]) -> None:
    """The search index, built in the new `folder` before it is published. `hashes` are
    the folder's files and their SHA-256 (so only pages not seen before are read);
    `articles` the output paths of the article pages, each of which the theme must mark
    for the index."""
    from sitegen.search import index_site  # here: not loaded by builds without search

    with _timed(timings, "search"), caches.locked(config, "search"):
        index_site(
            config,
            folder,
            progress=(lambda done, total: progress("index", done, total)) if progress else None,
            hashes=hashes,
            articles=articles,
        )
