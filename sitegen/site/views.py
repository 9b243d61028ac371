"""The values templates see (docs/SITE.md): frozen views with links already made and
text already cut, so a theme only arranges them. Templates never see `Article` or
`Config`.

In: nothing (these are types). Out: `PageSpec` (one page: site path, template, context)
and the views in its context; `SiteInfo`, what every template knows about the site.
The page types (`sitegen.site.pages`) make them with the pieces of `viewkit.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from markupsafe import Markup

from sitegen.config import Config
from sitegen.site import urls


def spelt_once(cls):
    """A frozen dataclass whose repr is worked out once. A page's key is the repr of its
    context (incremental.py), and the views ViewKit keeps for the whole build (a 版 beside
    each of its articles, an edition's nav atop each of its pages) are in many contexts.
    (Not every view: the text kept for each of 20,000 cards cost more memory than it saved.)"""
    cls = dataclass(frozen=True, repr=False)(cls)
    names = tuple(f.name for f in fields(cls))
    head = cls.__qualname__

    def __repr__(self) -> str:
        text = self.__dict__.get("_repr")
        if text is None:
            text = f"{head}(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in names) + ")"
            object.__setattr__(self, "_repr", text)  # (not a field: equality and hashing ignore it)
        return text

    cls.__repr__ = __repr__
    return cls


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
    image: str = ""  # absolute URL of the share image (og:image), 1200×630 PNG
    image_alt: str = ""


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
    # The credits as printed (dateline and byline, then a photo credit printed apart), a
    # line each: text runs and the credited names, linked in place (Link with href "" for
    # text). Empty when a credited name is not in the printed text (an editor changed the
    # roles): the theme shows `roles` instead.
    credits: tuple[tuple[Link, ...], ...]
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


@spelt_once
class PageView:
    """版面: one page of an edition."""

    href: str
    label: str  # 第01版
    name: str  # 版名
    articles: tuple[ArticleCard, ...]
    prev: Link | None
    next: Link | None


@dataclass(frozen=True)
class PrintView:
    """A 版 as printed, where the paper delivered it: the page image (`image`: the copy
    shown, `width` × `height`; `full`: the image as delivered) and the PDF, each a
    download `Link` labelled with its kind and size."""

    image: str
    width: int
    height: int
    alt: str
    full: Link | None
    pdf: Link | None


@dataclass(frozen=True)
class EditionView:
    href: str
    date_iso: str
    date_label: str
    pages: tuple[PageView, ...]
    article_count: int
    prev: Link | None  # the edition before (older)
    next: Link | None  # the edition after (newer)


@spelt_once
class IssueNav:
    """The top of an edition's pages (edition, 版, article): 上一期 / 下一期 and the 版 list."""

    edition: Link
    prev: Link | None  # the edition before (older)
    next: Link | None  # the edition after (newer)
    pages: tuple[Link, ...]  # label 第01版 · 要闻


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    prev: str
    next: str
    pages: tuple[Link | None, ...]  # the first, the last and those near `number`; None for a gap


@dataclass(frozen=True)
class IndexEntry:
    """A city or person in an index, with how many articles name them."""

    name: str
    href: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class IndexGroup:
    """The entries of an index under one 拼音 initial."""

    letter: str  # A–Z, or # for names that start otherwise
    entries: tuple[IndexEntry, ...]
    continued: bool = False  # the rest of a group begun on the page before


@dataclass(frozen=True)
class PageSpec:
    path: str  # site path, e.g. /2018-07-05/01/
    template: str
    context: dict = field(hash=False)


@dataclass(frozen=True)
class SiteInfo:
    """What every template knows about the site: its name, language and navigation."""

    name: str
    language: str
    home: str
    nav: tuple[Link, ...]
    archive: str  # 往期, linked by name (404.html)
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
        archive=links.href("/archive/"),
        atom=links.href("/feed.xml"),
        json_feed=links.href("/feed.json"),
    )
