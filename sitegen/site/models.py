"""The loaded edition as frozen values: Article -> Page (版面) -> Edition (出版日期) -> Site.

In: validated `Article`s. Out: a `Site` whose editions, pages and articles are sorted
(newest edition first; pages by number; articles by print order), ready for the views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby


# The headline shown for an item printed without one, by kind: a photo printed with its
# caption alone (图片新闻), a brief opened by its dateline (本报讯…) with no title (简讯).
UNTITLED = {"photo": "图片新闻", "brief": "简讯"}


@dataclass(frozen=True)
class Article:
    """One article file of `docs/CONTENT.md`, validated."""

    source: str  # the file as shown in messages, relative to the project when inside it
    headline: str  # 主题; UNTITLED[kind] for a photo or brief whose file leaves it empty
    kicker: str  # 引题
    subtitle: str  # 副题
    byline: str  # 署名 as printed
    reporters: tuple[str, ...]  # 记者
    correspondents: tuple[str, ...]  # 通讯员
    photographers: tuple[str, ...]  # 摄 / 摄影
    city: str  # 地级市, '' when none
    county: str  # 县/区
    province: str
    kind: str  # 'article', 'photo' or 'brief'
    edition: dt.date  # 出版日期
    page: int  # 版次
    order: int  # print order on the page
    body: str  # Markdown
    photo_credit: str = ""  # 摄 / 摄影报道 credit as printed
    dateline: str = ""  # 电头 as printed: 本报杭州7月20日讯
    # What the body reads as, worked out once when the file is loaded (and cached with
    # it), not by every page that lists the article:
    summary: str = ""  # its first whole sentences (reading.summarize)
    letters: int = 0  # letters and digits of its text, for reading time
    digest: str = ""  # of the file's bytes and name (and order, when numbered by place): equal digests, equal articles

    @property
    def key(self) -> tuple[dt.date, int, int]:
        return (self.edition, self.page, self.order)

    def people(self) -> tuple[tuple[str, str], ...]:
        """(role, name) pairs in byline order: role is reporter, correspondent or photographer."""
        return (
            tuple(("reporter", name) for name in self.reporters)
            + tuple(("correspondent", name) for name in self.correspondents)
            + tuple(("photographer", name) for name in self.photographers)
        )


@dataclass(frozen=True)
class Page:
    """版面: one printed page of an edition with its articles in print order."""

    edition: dt.date
    number: int  # 版次
    name: str  # 版名, '' when the configuration names none
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Edition:
    """One day's paper (出版日期) with its pages by number."""

    date: dt.date
    pages: tuple[Page, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(article for page in self.pages for article in page.articles)


@dataclass(frozen=True)
class Site:
    editions: tuple[Edition, ...]  # newest first

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(article for edition in self.editions for article in edition.articles)


def group(articles: tuple[Article, ...] | list[Article], page_name) -> Site:
    """Articles -> Site; `page_name(number)` gives a page's 版名."""
    ordered = sorted(articles, key=lambda a: a.key)
    editions = []
    for date, in_edition in groupby(ordered, key=lambda a: a.edition):
        pages = tuple(
            Page(date, number, page_name(number), tuple(on_page))
            for number, on_page in groupby(in_edition, key=lambda a: a.page)
        )
        editions.append(Edition(date, pages))
    return Site(tuple(reversed(editions)))
