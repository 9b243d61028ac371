"""What a page type is (`PageType`) and how the site layer reads the registry: page
types in; every page job in site order, cut into signed groups, and each job's pages out.

A page type owns its pages: which there are (`jobs`: small keys, cheap to list and to
send to a render process), what each job's pages are made from (`reads`), the pages
(`pages`: `PageSpec`s of its `template`). The site layer only iterates the registry
(`sitegen.site.pages.PAGE_TYPES`); it knows no page type by name.

`reads` is what makes incremental builds exact: a job's pages must be a function of its
type, its key and what `reads` returns (the theme and configuration are added by the
caller). The values are digested here (articles by their file's digest, editions and
pages by their articles, dates, names, numbers, tuples of them), so a page type names
what it reads and never computes a hash. Too wide only costs time; too narrow serves a
stale page, which `SITEGEN_CHECK_REUSE=1` (on in the tests) reports by making the views
of every reused job again and comparing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jinja2

from sitegen.config import Config
from sitegen.errors import Problem
from sitegen.site.models import Article, Edition, Page, Site
from sitegen.site.render import RenderedFile, render_one
from sitegen.site.viewkit import ViewKit
from sitegen.site.views import PageSpec

Job = tuple[str, tuple]  # (page type name, key)


class PageType:
    """One kind of page. Subclass, set the attributes, add an instance to PAGE_TYPES."""

    name = ""  # unique in the registry; names its jobs
    template = ""  # the theme's template for its pages (docs/SITE.md)
    section = ""  # types of one section are listed together, ordered by `place` (default: its own name)
    listing = False  # a job lists many articles (hundreds of times an article page's work)

    def jobs(self, kit: ViewKit) -> Iterable[tuple]:
        """The keys of its jobs, in site order (the sitemap's); a key is hashable and
        stable: names and dates, not positions that shift when an edition is added."""
        raise NotImplementedError

    def place(self, kit: ViewKit, key: tuple) -> tuple:
        """Where the job of `key` goes among the jobs of its section's other types."""
        return key

    def reads(self, kit: ViewKit, key: tuple) -> object:
        """Everything of the site that the pages of `key` show, beyond the key itself."""
        raise NotImplementedError

    def pages(self, kit: ViewKit, key: tuple) -> list[PageSpec]:
        raise NotImplementedError

    def page_key(self, theme: str, spec: PageSpec) -> str:
        """What the page is a function of: its template, its context and the theme (every
        template, asset, the configuration and sitegen's code). A page of the live site
        with the same key is reused rather than made again."""
        return hashlib.sha1(f"{theme}\n{spec.template}\n{spec.context!r}".encode()).hexdigest()

    def render(self, env: jinja2.Environment, spec: PageSpec, config: Config) -> tuple[RenderedFile | None, Problem | None]:
        """The page's file, through its template; or the problem, with the template's line."""
        return render_one(env, spec, config)


def registry(types: Sequence[PageType]) -> dict[str, PageType]:
    """Name -> page type, in the order given; two types of one name are refused."""
    found: dict[str, PageType] = {}
    for page_type in types:
        if not page_type.name or page_type.name in found:
            raise ValueError(f"page type name {page_type.name!r} is empty or taken")
        found[page_type.name] = page_type
    return found


def site_order(kit: ViewKit, types: dict[str, PageType]) -> list[Job]:
    """Every job of every type: sections in the registry's order, the jobs of a section's
    types merged by `place` (an edition, then each of its pages followed by its articles)."""
    sections: dict[str, list[PageType]] = {}
    for page_type in types.values():
        sections.setdefault(page_type.section or page_type.name, []).append(page_type)
    jobs: list[Job] = []
    for members in sections.values():
        if len(members) == 1:
            jobs += [(members[0].name, key) for key in members[0].jobs(kit)]
            continue
        placed = [[(t.place(kit, key), rank, t.name, key) for key in t.jobs(kit)] for rank, t in enumerate(members)]
        jobs += [(name, key) for _, _, name, key in heapq.merge(*placed)]
    return jobs


@dataclass(frozen=True)
class Group:
    """Adjacent jobs that read the same site data, reused or remade together."""

    signature: str  # of what its jobs read and of the jobs themselves
    jobs: tuple[Job, ...]


def plan(kit: ViewKit, types: dict[str, PageType]) -> list[Group]:
    """The jobs of `site_order`, grouped and signed. An edition with its pages and
    articles is one group (they read the same edition): a few hundred signatures for a
    big archive rather than one per page."""
    groups: list[tuple[str, list[Job]]] = []
    last = None
    for job in site_order(kit, types):
        value = types[job[0]].reads(kit, job[1])
        if groups and value == last:  # (mostly the same objects: a cheap comparison)
            groups[-1][1].append(job)
            continue
        read = digest(kit, value)
        if groups and groups[-1][0] == read:
            groups[-1][1].append(job)
        else:
            groups.append((read, [job]))
        last = value
    return [Group(hashlib.sha1(f"{read}\n{jobs!r}".encode()).hexdigest(), tuple(jobs)) for read, jobs in groups]


def digest(kit: ViewKit, value: object) -> str:
    """A text that changes whenever `value` (site data, as `reads` returns it) does."""
    kind = type(value)  # (not isinstance: a listing's reads are thousands of values)
    if kind is Article:
        return value.digest
    if kind is tuple or kind is list:
        parts = []
        for item in value:  # the common leaves here, not by a call each
            leaf = type(item)
            parts.append(item.digest if leaf is Article else repr(item) if leaf is str else digest(kit, item))
        return "(" + ",".join(parts) + ")"
    if kind is str or kind is int or kind is dt.date or value is None:
        return repr(value)
    if kind is Edition:
        return _edition_digest(kit, value)
    if kind is Page:
        return "p" + hashlib.sha1(_page_text(value).encode()).hexdigest()
    if kind is Site:
        found = kit.digests.get("site")
        if found is None:
            text = "\n".join(_edition_digest(kit, e) for e in value.editions)
            found = kit.digests["site"] = "s" + hashlib.sha1(text.encode()).hexdigest()
        return found
    raise TypeError(f"cannot digest {kind.__name__}: reads() returns site data, names, dates and numbers")


def _page_text(page: Page) -> str:
    return f"\n{page.number} {page.name}" + "".join(f"\n{article.digest}" for article in page.articles)


def _edition_digest(kit: ViewKit, edition: Edition) -> str:
    # Kept by date: hashing an Edition (every field of every article) per lookup would
    # cost more than the digest.
    found = kit.digests.get(edition.date)
    if found is None:
        text = edition.date.isoformat() + "".join(_page_text(page) for page in edition.pages)
        found = kit.digests[edition.date] = "e" + hashlib.sha1(text.encode()).hexdigest()
    return found


def run(kit: ViewKit, types: dict[str, PageType], job: Job) -> list[PageSpec]:
    """The pages of one job."""
    return types[job[0]].pages(kit, job[1])
