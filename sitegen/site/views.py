"""View objects for templates: a `Site` and the configuration in, one `PageSpec` per
page out (site path, template name, and the values that template sees).

Templates never see `Article` or `Config`: they get the frozen views below, with links
already made and text already cut, so a theme only arranges them.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from sitegen.config import Config
from sitegen.site import markdown, urls
from sitegen.site.jsonld import news_article, script_json
from sitegen.site.models import Article, Edition, Page, Site
from sitegen.site.reading import date_label, midnight, page_label, reading_minutes, short_date_label, summarize

ROLE_LABELS = {"reporter": "记者", "correspondent": "通讯员", "photographer": "摄影"}


@dataclass(frozen=True)
class Link:
    href: str
    label: str


@dataclass(frozen=True)
class Meta:
    """What the `<head>` says: title, description, canonical URL, Open Graph, JSON-LD."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    published: str = ""  # ISO date-time with offset, articles only
    section: str = ""  # 版名
    json_ld: Markup = Markup("")
    prev: str = ""  # rel=prev / rel=next of paginated listings
    next: str = ""


@dataclass(frozen=True)
class Role:
    """One role of a byline: 记者 / 通讯员 / 摄影 and its people."""

    label: str
    people: tuple[Link, ...]


@dataclass(frozen=True)
class ArticleCard:
    """An article as listed: on a page (版面), a city, a person, the edition."""

    href: str
    kicker: str  # 引题
    headline: str  # 主题
    subtitle: str  # 副题
    summary: str
    kind: str
    date: str  # 2018年7月5日
    page_label: str  # 第01版
    page_name: str  # 版名
    city: Link | None
    note: str = ""  # e.g. the role a person had in it


@dataclass(frozen=True)
class ArticleView:
    card: ArticleCard
    roles: tuple[Role, ...]
    byline: str  # as printed
    county: str
    body: Markup
    minutes: int  # reading time
    date_iso: str
    date_label: str  # 2018年7月5日 星期四
    page_number: int
    edition: Link
    page: Link
    prev_article: Link | None
    next_article: Link | None
    prev_page: Link | None
    next_page: Link | None
    search_meta: str  # data-pagefind-meta / -sort values that are not element text


@dataclass(frozen=True)
class PageView:
    """版面: one page of an edition."""

    href: str
    label: str  # 第01版
    name: str  # 版名
    articles: tuple[ArticleCard, ...]
    prev: Link | None
    next: Link | None


@dataclass(frozen=True)
class EditionView:
    href: str
    date_iso: str
    date_label: str
    pages: tuple[PageView, ...]
    article_count: int
    prev: Link | None  # the edition before (older)
    next: Link | None  # the edition after (newer)


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    prev: str
    next: str
    pages: tuple[Link | None, ...]  # the first, the last and those near `number`; None for a gap


PAGE_WINDOW = 2  # pages linked on either side of the current one


def page_numbers(number: int, count: int) -> list[int | None]:
    """The page numbers a listing's page links to, None marking a gap: 1 … 4 5 [6] 7 8 … 450.
    Linking every page made each of a big city's 450 pages carry 450 links (quadratic)."""
    shown = sorted({1, count} | set(range(max(1, number - PAGE_WINDOW), min(count, number + PAGE_WINDOW) + 1)))
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:  # a gap of one page: show that page instead
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


@dataclass(frozen=True)
class IndexEntry:
    """A city or person in an index, with how many articles name them."""

    name: str
    href: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class PageSpec:
    path: str  # site path, e.g. /2018-07-05/01/
    template: str
    context: dict = field(hash=False)


class Views:
    """Makes every page's views from one Site; caches per-article work (HTML, summary)."""

    def __init__(self, site: Site, config: Config):
        self.site = site
        self.config = config
        self.links = urls.Links(config.base_url)
        self._hrefs: dict[str, str] = {}
        self._edition_digests: dict = {}
        # Caches of this instance's own (a cache on the class would keep every build's
        # site alive for as long as the process: `sitegen serve` rebuilds for hours).
        self._cards: dict[tuple[Article, str], ArticleCard] = {}

    # -- small pieces -------------------------------------------------------------------

    def href(self, path: str) -> str:
        # The same people, cities and pages are linked from thousands of pages; quoting
        # their paths again each time was a twentieth of a build.
        href = self._hrefs.get(path)
        if href is None:
            href = self._hrefs[path] = self.links.href(path)
        return href

    def meta(self, path: str, title: str, description: str = "", **extra) -> Meta:
        full_title = f"{title} - {self.config.site_name}" if title else self.config.site_name
        return Meta(full_title, description or self.config.site_name, self.links.absolute(path), **extra)

    def page_link(self, page: Page) -> Link:
        label = page_label(page.number) + (f" · {page.name}" if page.name else "")
        return Link(self.href(urls.page_path(page.edition, page.number)), label)

    def city_link(self, article: Article) -> Link | None:
        return Link(self.href(urls.city_path(article.city)), article.city) if article.city else None

    def card(self, article: Article, note: str = "") -> ArticleCard:
        found = self._cards.get((article, note))
        if found is None:
            found = self._cards[(article, note)] = self._card(article, note)
        return found

    def _card(self, article: Article, note: str) -> ArticleCard:
        return ArticleCard(
            href=self.href(urls.article_path(article)),
            kicker=article.kicker,
            headline=article.headline,
            subtitle=article.subtitle,
            summary=article.summary,
            kind=article.kind,
            date=short_date_label(article.edition),
            page_label=page_label(article.page),
            page_name=self.config.page_name(article.page),
            city=self.city_link(article),
            note=note,
        )

    def roles(self, article: Article) -> tuple[Role, ...]:
        roles = []
        for role, label in ROLE_LABELS.items():
            names = [name for r, name in article.people() if r == role]
            if names:
                roles.append(Role(label, tuple(Link(self.href(urls.person_path(n)), n) for n in names)))
        return tuple(roles)

    # -- pages ----------------------------------------------------------------------------

    def jobs(self) -> list[tuple]:
        """Every page as a small job (a tuple naming a method and its arguments), cheap to
        list and to send to another process; `run(job)` makes its specs. In site order:
        the sitemap lists pages in this order."""
        jobs: list[tuple] = [("home",)]
        for index, edition in enumerate(self.site.editions):
            jobs.append(("edition", index))
            for number, page in enumerate(edition.pages):
                jobs.append(("page", index, number))
                jobs += [("article", index, number, position) for position in range(len(page.articles))]
        jobs.append(("archive",))
        jobs.append(("city_index",))
        jobs += [("city", name) for name in sorted(self._by_city[0])]
        jobs.append(("person_index",))
        jobs += [("person", name) for name in sorted(self._by_person)]
        jobs += [("search",), ("404",)]
        return jobs

    def groups(self) -> list[list[tuple]]:
        """`jobs()` cut into groups that read the same part of the site, in site order:
        an edition's job with the jobs of its pages and articles; every other job alone.
        `signature(group[0])` covers the whole group."""
        groups: list[list[tuple]] = []
        for job in self.jobs():
            if job[0] in ("page", "article"):
                groups[-1].append(job)
            else:
                groups.append([job])
        return groups

    def run(self, job: tuple) -> list[PageSpec]:
        kind, *args = job
        editions = self.site.editions
        if kind == "home":
            return [self.home()]
        if kind == "edition":
            (index,) = args
            newer = editions[index - 1] if index > 0 else None
            older = editions[index + 1] if index + 1 < len(editions) else None
            return [self.edition_page(editions[index], older, newer)]
        if kind == "page":
            edition = editions[args[0]]
            return [self.page_page(edition, edition.pages[args[1]])]
        if kind == "article":
            edition = editions[args[0]]
            return [self.article_page(edition, edition.pages[args[1]], args[2])]
        if kind == "archive":
            return self.archive()
        if kind == "city_index":
            return [self.city_index()]
        if kind == "city":
            return self.city(args[0])
        if kind == "person_index":
            return [self.person_index()]
        if kind == "person":
            return self.person(args[0])
        if kind == "search":
            return [PageSpec("/search/", "search.html", {"meta": self.meta("/search/", "搜索", "搜索本报文章")})]
        if kind == "404":
            return [PageSpec("/404.html", "404.html", {"meta": self.meta("/404.html", "页面不存在")})]
        raise ValueError(f"unknown page job {job!r}")

    # -- what each job reads -------------------------------------------------------------

    def signature(self, job: tuple) -> str:
        """A digest of everything in the site that `run` reads for `job` and, for an
        edition, the jobs of its pages and articles (see groups(); the theme and the
        configuration are the caller's to add). Two builds whose signatures agree make
        the same pages, so an incremental build reuses them without making their views
        (incremental.py).

        Deliberately coarse, so that it can only be too wide: an edition's pages and
        articles depend on the whole edition and its neighbours' dates; a listing on
        every article it lists; the archive and the indexes on the whole site. The tests
        compare incremental builds after every kind of change with clean ones, byte for
        byte."""
        kind, *args = job
        editions = self.site.editions
        if kind == "home":
            parts = [self._edition_digest(e) for e in editions[:2]]
        elif kind == "edition":
            (index,) = args
            neighbours = editions[max(0, index - 1) : index + 2]
            parts = [self._edition_digest(editions[index]), *(e.date.isoformat() for e in neighbours)]
        elif kind in ("archive", "city_index", "person_index"):
            parts = [self._site_digest]
        elif kind == "city":
            parts = [args[0], *(a.digest for a in self._by_city[0][args[0]])]
        elif kind == "person":
            parts = [args[0], *(f"{a.digest} {note}" for a, note in self._by_person[args[0]])]
        elif kind in ("search", "404"):
            parts = []
        else:
            raise ValueError(f"unknown page job {job!r}")
        return hashlib.sha1("\n".join([kind, *parts]).encode()).hexdigest()

    def _edition_digest(self, edition: Edition) -> str:
        # Kept by date: hashing an Edition (every field of every article) per lookup
        # would cost more than the digest.
        found = self._edition_digests.get(edition.date)
        if found is None:
            digest = hashlib.sha1(edition.date.isoformat().encode())
            for page in edition.pages:
                digest.update(f"\n{page.number} {page.name}".encode())
                for article in page.articles:
                    digest.update(f"\n{article.digest}".encode())
            found = self._edition_digests[edition.date] = digest.hexdigest()
        return found

    @cached_property
    def _site_digest(self) -> str:
        return hashlib.sha1("\n".join(self._edition_digest(e) for e in self.site.editions).encode()).hexdigest()

    def edition_view(self, edition: Edition, older: Edition | None, newer: Edition | None, leads: bool = False) -> EditionView:
        """With `leads`, each page lists its lead article only (the archive's view)."""

        def edition_link(other: Edition | None) -> Link | None:
            return Link(self.href(urls.edition_path(other.date)), short_date_label(other.date)) if other else None

        return EditionView(
            href=self.href(urls.edition_path(edition.date)),
            date_iso=edition.date.isoformat(),
            date_label=date_label(edition.date),
            pages=tuple(self.page_view(edition, page, leads) for page in edition.pages),
            article_count=len(edition.articles),
            prev=edition_link(older),
            next=edition_link(newer),
        )

    def page_view(self, edition: Edition, page: Page, leads: bool = False) -> PageView:
        index = edition.pages.index(page)
        before = edition.pages[index - 1] if index > 0 else None
        after = edition.pages[index + 1] if index + 1 < len(edition.pages) else None
        link = self.page_link(page)
        return PageView(
            href=link.href,
            label=page_label(page.number),
            name=page.name,
            articles=tuple(self.card(a) for a in (page.articles[:1] if leads else page.articles)),
            prev=self.page_link(before) if before else None,
            next=self.page_link(after) if after else None,
        )

    def home(self) -> PageSpec:
        editions = self.site.editions
        latest = editions[0] if editions else None
        view = self.edition_view(latest, editions[1] if len(editions) > 1 else None, None) if latest else None
        description = f"{date_label(latest.date)} 的报纸" if latest else ""
        return PageSpec("/", "home.html", {"meta": self.meta("/", "", description), "edition": view})

    def edition_page(self, edition: Edition, older, newer) -> PageSpec:
        path = urls.edition_path(edition.date)
        view = self.edition_view(edition, older, newer)
        headlines = "；".join(page.articles[0].headline for page in edition.pages)
        meta = self.meta(path, date_label(edition.date), summarize(headlines))
        return PageSpec(path, "edition.html", {"meta": meta, "edition": view})

    def page_page(self, edition: Edition, page: Page) -> PageSpec:
        path = urls.page_path(edition.date, page.number)
        view = self.page_view(edition, page)
        title = f"{short_date_label(edition.date)} {self.page_link(page).label}"
        meta = self.meta(path, title, summarize("；".join(a.headline for a in page.articles)))
        return PageSpec(path, "page.html", {"meta": meta, "page": view, "edition": self.edition_link(edition)})

    def edition_link(self, edition: Edition) -> Link:
        return Link(self.href(urls.edition_path(edition.date)), date_label(edition.date))

    def article_page(self, edition: Edition, page: Page, position: int) -> PageSpec:
        article = page.articles[position]
        path = urls.article_path(article)
        card = self.card(article)
        neighbours = [page.articles[i] if 0 <= i < len(page.articles) else None for i in (position - 1, position + 1)]
        page_view = self.page_view(edition, page)
        date_iso = article.edition.isoformat()
        view = ArticleView(
            card=card,
            roles=self.roles(article),
            byline=article.byline,
            county=article.county,
            body=Markup(markdown.to_html(article.body)),
            minutes=reading_minutes(article.letters),
            date_iso=date_iso,
            date_label=date_label(article.edition),
            page_number=article.page,
            edition=self.edition_link(edition),
            page=self.page_link(page),
            prev_article=Link(self.card(neighbours[0]).href, neighbours[0].headline) if neighbours[0] else None,
            next_article=Link(self.card(neighbours[1]).href, neighbours[1].headline) if neighbours[1] else None,
            prev_page=page_view.prev,
            next_page=page_view.next,
            search_meta=f"date:{date_iso}",
        )
        published = midnight(article.edition, self.config.timezone)
        ld = news_article(article, self.config, self.links, summary=card.summary, published=published)
        meta = self.meta(
            path,
            article.headline,
            card.summary,
            og_type="article",
            published=published,
            section=card.page_name,
            json_ld=Markup(script_json(ld)),
        )
        return PageSpec(path, "article.html", {"meta": meta, "article": view})

    # -- listings -------------------------------------------------------------------------

    def paginate(self, path: str, template: str, title: str, items: tuple, context: dict) -> list[PageSpec]:
        """One spec per `per_page` items: /x/, /x/page/2/, …; an empty listing is one page."""
        size = max(1, self.config.per_page)
        count = max(1, math.ceil(len(items) / size))
        specs = []
        for number in range(1, count + 1):
            here = urls.paged(path, number)
            prev = self.href(urls.paged(path, number - 1)) if number > 1 else ""
            nxt = self.href(urls.paged(path, number + 1)) if number < count else ""
            pagination = Pagination(
                number, count, prev, nxt,
                tuple(Link(self.href(urls.paged(path, n)), str(n)) if n else None for n in page_numbers(number, count)),
            )
            page_title = title if number == 1 else f"{title}（第{number}页）"
            meta = self.meta(here, page_title, prev=prev, next=nxt)
            chunk = items[(number - 1) * size : number * size]
            specs.append(PageSpec(here, template, {**context, "meta": meta, "items": chunk, "pagination": pagination, "title": title}))
        return specs

    def archive(self) -> list[PageSpec]:
        """往期: every edition, newest first, with its pages' lead articles."""
        entries = tuple(self.edition_view(e, None, None, leads=True) for e in self.site.editions)
        return self.paginate("/archive/", "archive.html", "往期", entries, {})

    @cached_property
    def _by_city(self) -> tuple[dict[str, list[Article]], dict[str, str]]:
        by_city: dict[str, list[Article]] = {}
        provinces: dict[str, str] = {}
        for article in self.site.articles:
            if article.city:
                by_city.setdefault(article.city, []).append(article)
                provinces.setdefault(article.city, article.province)
        return by_city, provinces

    def city_index(self) -> PageSpec:
        by_city, provinces = self._by_city
        entries = tuple(
            IndexEntry(
                name,
                self.href(urls.city_path(name)),
                len(articles),
                provinces[name] if provinces[name] != self.config.home_province else "",
            )
            for name, articles in sorted(by_city.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        meta = self.meta("/city/", "城市", "按城市浏览报道")
        return PageSpec("/city/", "city_index.html", {"meta": meta, "entries": entries, "title": "城市"})

    def city(self, name: str) -> list[PageSpec]:
        cards = tuple(self.card(a) for a in self._by_city[0][name])
        return self.paginate(urls.city_path(name), "city.html", name, cards, {"name": name})

    @cached_property
    def _by_person(self) -> dict[str, list[tuple[Article, str]]]:
        by_person: dict[str, list[tuple[Article, str]]] = {}
        labels = tuple(ROLE_LABELS.values())  # in the order of Article.people()
        for article in self.site.articles:
            roles: dict[str, str] = {}
            for names, label in zip((article.reporters, article.correspondents, article.photographers), labels):
                for name in names:
                    roles[name] = f"{roles[name]}、{label}" if name in roles else label
            for name, note in roles.items():
                by_person.setdefault(name, []).append((article, note))
        return by_person

    def person_index(self) -> PageSpec:
        entries = tuple(
            IndexEntry(
                name,
                self.href(urls.person_path(name)),
                len(items),
                "、".join(sorted({label for _, note in items for label in note.split("、")}, key=list(ROLE_LABELS.values()).index)),
            )
            for name, items in sorted(self._by_person.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        )
        meta = self.meta("/person/", "记者与通讯员", "按署名浏览报道")
        return PageSpec("/person/", "person_index.html", {"meta": meta, "entries": entries, "title": "记者与通讯员"})

    def person(self, name: str) -> list[PageSpec]:
        cards = tuple(self.card(article, note) for article, note in self._by_person[name])
        return self.paginate(urls.person_path(name), "person.html", name, cards, {"name": name})


@dataclass(frozen=True)
class SiteInfo:
    """What every template knows about the site: its name, language and navigation."""

    name: str
    language: str
    home: str
    nav: tuple[Link, ...]
    atom: str
    json_feed: str


def site_info(config: Config) -> SiteInfo:
    links = urls.Links(config.base_url)
    nav = (("/", "今日"), ("/archive/", "往期"), ("/city/", "城市"), ("/person/", "人物"))
    return SiteInfo(
        name=config.site_name,
        language=config.language,
        home=links.href("/"),
        nav=tuple(Link(links.href(path), label) for path, label in nav),
        atom=links.href("/feed.xml"),
        json_feed=links.href("/feed.json"),
    )
