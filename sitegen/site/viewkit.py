"""The pieces page types make their views from: a `Site` and the configuration in;
links, article cards, bylines, edition and page views, paginated listings and `<head>`
metadata out, each made once per build however many pages show it.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cached_property

from sitegen.config import Config
from sitegen.site import indexes, metadata, urls
from sitegen.site.models import Article, Edition, Page, Site
from sitegen.site.prints import Print
from sitegen.site.reading import date_label, page_label, short_date_label
from sitegen.site.shareimage import Font
from sitegen.site.views import ArticleCard, EditionView, IssueNav, Link, Meta, PageSpec, PageView, Pagination, Role

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


class ViewKit:
    """One build's view pieces. Caches are the instance's own (a cache on the class would
    keep every build's site alive for as long as the process: `sitegen serve` rebuilds
    for hours)."""

    def __init__(self, site: Site, config: Config, share_font: Font | None = None, prints: dict | None = None):
        self.site = site
        self.config = config
        self.share_font = share_font  # articles get share images (pages/share.py) when there is one
        self.prints: dict[tuple[dt.date, int], Print] = prints or {}  # 版 PDFs and images (prints.py)
        self.links = urls.Links(config.base_url)
        self._hrefs: dict[str, str] = {}
        self._cards: dict[tuple[Article, str], ArticleCard] = {}
        self._page_views: dict[tuple, PageView] = {}  # by (date, number, leads): a 版 is beside each of its articles
        self._issue_navs: dict[tuple, IssueNav] = {}  # by the three dates: atop every page of an edition
        self.digests: dict = {}  # what pages.py has digested, by the thing's identity
        self._edition_prints: dict[dt.date, tuple] = {}

    # -- finding things by the keys of page jobs ------------------------------------------------

    @cached_property
    def _editions(self) -> dict[dt.date, int]:
        return {edition.date: index for index, edition in enumerate(self.site.editions)}

    def edition_index(self, date: dt.date) -> int:
        """The place of the edition of `date` in `site.editions` (newest first)."""
        return self._editions[date]

    def neighbours(self, date: dt.date) -> tuple[Edition | None, Edition, Edition | None]:
        """(older, the edition of `date`, newer)."""
        editions = self.site.editions
        index = self._editions[date]
        older = editions[index + 1] if index + 1 < len(editions) else None
        return older, editions[index], editions[index - 1] if index > 0 else None

    @cached_property
    def _pages(self) -> dict[tuple[dt.date, int], tuple[Edition, Page, int]]:
        return {
            (edition.date, page.number): (edition, page, index)
            for edition in self.site.editions
            for index, page in enumerate(edition.pages)
        }

    def page(self, date: dt.date, number: int) -> tuple[Edition, Page]:
        """The edition of `date` and its page (版面) numbered `number`."""
        return self._pages[(date, number)][:2]

    def page_place(self, date: dt.date, number: int) -> tuple[int, int]:
        """(place of the edition in `site.editions`, place of the page in the edition)."""
        return self._editions[date], self._pages[(date, number)][2]

    def shares_image(self, date: dt.date) -> bool:
        """Whether the articles of the edition of `date` get share images of their own:
        those of the `share_image_days` days up to the newest edition (all with 0)."""
        if self.share_font is None or not self.site.editions:
            return False
        days = self.config.share_image_days
        return days <= 0 or (self.site.editions[0].date - date).days < days

    @cached_property
    def site_image(self) -> str:
        """The paper's own share image (/share.png) as an absolute URL, or ''."""
        return self.links.absolute(urls.SITE_IMAGE) if self.share_font is not None else ""

    def edition_prints(self, date: dt.date) -> tuple:
        """What the pages of an edition read of its 版 PDFs and images (`Print.read`);
        asked once for each of the edition's page jobs, made once."""
        found = self._edition_prints.get(date)
        if found is None:
            pages = self.site.editions[self._editions[date]].pages
            found = self._edition_prints[date] = tuple(
                (page.number, self.prints[(date, page.number)].read()) for page in pages if (date, page.number) in self.prints
            )
        return found

    @cached_property
    def cities(self) -> indexes.Cities:
        return indexes.cities(self.site)

    @cached_property
    def people(self) -> dict[str, list[tuple[Article, str]]]:
        return indexes.people(self.site)

    @cached_property
    def editions_by_month(self) -> dict[tuple[int, int], tuple[Edition, ...]]:
        """(year, month) -> its editions, both newest first (the 往期 calendar's pages)."""
        months: dict[tuple[int, int], list[Edition]] = {}
        for edition in self.site.editions:
            months.setdefault((edition.date.year, edition.date.month), []).append(edition)
        return {month: tuple(editions) for month, editions in months.items()}

    @cached_property
    def edition_dates(self) -> tuple[dt.date, ...]:
        """Every edition's date, newest first."""
        return tuple(edition.date for edition in self.site.editions)

    # -- small pieces -------------------------------------------------------------------------

    def href(self, path: str) -> str:
        # The same people, cities and pages are linked from thousands of pages; quoting
        # their paths again each time was a twentieth of a build.
        href = self._hrefs.get(path)
        if href is None:
            href = self._hrefs[path] = self.links.href(path)
        return href

    def meta(self, path: str, title: str, description: str = "", **extra) -> Meta:
        """A page's `<head>`; its share image the paper's own unless `extra` names one."""
        if self.site_image and "image" not in extra:
            extra.update(image=self.site_image, image_alt=self.config.site_name)
        return metadata.page_meta(self.config, self.links, path, title, description, **extra)

    def page_link(self, page: Page) -> Link:
        label = page_label(page.number) + (f" · {page.name}" if page.name else "")
        return Link(self.href(urls.page_path(page.edition, page.number)), label)

    def edition_link(self, edition: Edition) -> Link:
        return Link(self.href(urls.edition_path(edition.date)), date_label(edition.date))

    def city_link(self, article: Article) -> Link | None:
        return Link(self.href(urls.city_path(article.city)), article.city) if article.city else None

    def card(self, article: Article, note: str = "") -> ArticleCard:
        """An article as listed; `note` e.g. the role a person had in it."""
        found = self._cards.get((article, note))
        if found is None:
            found = self._cards[(article, note)] = ArticleCard(
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
        return found

    def roles(self, article: Article) -> tuple[Role, ...]:
        roles = []
        for role, label in indexes.ROLE_LABELS.items():
            names = [name for r, name in article.people() if r == role]
            if names:
                roles.append(Role(label, tuple(Link(self.href(urls.person_path(n)), n) for n in names)))
        return tuple(roles)

    def credits(self, article: Article) -> tuple[tuple[Link, ...], ...]:
        """The article's printed credits with each credited name linked where it stands
        (`ArticleView.credits`)."""
        byline = article.byline
        if article.dateline and not byline.startswith(article.dateline):
            byline = f"{article.dateline} {byline}".strip()
        lines = [text for text in (byline, article.photo_credit) if text]
        if len(lines) == 2 and lines[1] in lines[0]:
            lines.pop()
        names = sorted({name for _, name in article.people()}, key=len, reverse=True)
        if not lines or any(all(name not in line for line in lines) for name in names):
            return ()
        return tuple(self._linked(line, names) for line in lines)

    def _linked(self, text: str, names: list[str]) -> tuple[Link, ...]:
        parts: list[Link] = []
        plain = start = 0
        while start < len(text):
            name = next((n for n in names if text.startswith(n, start)), None)
            if name is None:
                start += 1
                continue
            if plain < start:
                parts.append(Link("", text[plain:start]))
            parts.append(Link(self.href(urls.person_path(name)), name))
            start = plain = start + len(name)
        if plain < len(text):
            parts.append(Link("", text[plain:]))
        return tuple(parts)

    # -- views shared by several page types ---------------------------------------------------

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

    def issue_nav(self, edition: Edition, older: Edition | None, newer: Edition | None) -> IssueNav:
        key = (edition.date, older and older.date, newer and newer.date)
        found = self._issue_navs.get(key)
        if found is None:
            found = self._issue_navs[key] = self._make_issue_nav(edition, older, newer)
        return found

    def _make_issue_nav(self, edition: Edition, older: Edition | None, newer: Edition | None) -> IssueNav:
        def edition_link(other: Edition | None, label: str) -> Link | None:
            # (month and day only: the three links share one line of a phone)
            return Link(self.href(urls.edition_path(other.date)), f"{label} {other.date.month}月{other.date.day}日") if other else None

        return IssueNav(
            edition=self.edition_link(edition),
            prev=edition_link(older, "上一期"),
            next=edition_link(newer, "下一期"),
            pages=tuple(self.page_link(page) for page in edition.pages),
        )

    def reading_neighbours(self, edition: Edition, page: Page, position: int) -> list[Article | None]:
        """The articles before and after the one at `position` of `page` in reading order,
        which goes on from the last article of a 版 to the first of the next."""
        index = edition.pages.index(page)
        before = page.articles[position - 1] if position > 0 else (
            edition.pages[index - 1].articles[-1] if index > 0 and edition.pages[index - 1].articles else None)
        after = page.articles[position + 1] if position + 1 < len(page.articles) else (
            edition.pages[index + 1].articles[0] if index + 1 < len(edition.pages) and edition.pages[index + 1].articles else None)
        return [before, after]

    def page_view(self, edition: Edition, page: Page, leads: bool = False) -> PageView:
        key = (edition.date, page.number, leads)
        found = self._page_views.get(key)
        if found is None:
            found = self._page_views[key] = self._make_page_view(edition, page, leads)
        return found

    def _make_page_view(self, edition: Edition, page: Page, leads: bool) -> PageView:
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

    def paginate(self, path: str, template: str, title: str, items: tuple, context: dict) -> list[PageSpec]:
        """One spec per `per_page` items: /x/, /x/page/2/, …; an empty listing is one page."""
        size = max(1, self.config.per_page)
        count = max(1, math.ceil(len(items) / size))
        specs = []
        for number in range(1, count + 1):
            here, pagination, meta = self.listing_page(path, number, count, title)
            chunk = items[(number - 1) * size : number * size]
            specs.append(PageSpec(here, template, {**context, "meta": meta, "items": chunk, "pagination": pagination, "title": title}))
        return specs

    def listing_page(self, path: str, number: int, count: int, title: str) -> tuple[str, Pagination, Meta]:
        """The site path, pagination and `<head>` of page `number` of `count` of a listing at `path`."""
        here = urls.paged(path, number)
        prev = self.href(urls.paged(path, number - 1)) if number > 1 else ""
        nxt = self.href(urls.paged(path, number + 1)) if number < count else ""
        pagination = Pagination(
            number, count, prev, nxt,
            tuple(Link(self.href(urls.paged(path, n)), str(n)) if n else None for n in page_numbers(number, count)),
        )
        page_title = title if number == 1 else f"{title}（第{number}页）"
        return here, pagination, self.meta(here, page_title, prev=prev, next=nxt)
