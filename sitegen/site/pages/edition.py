"""The pages of one edition (出版日期), in the section `edition` of the sitemap, where
each edition is followed by its pages (版面), each page by its articles:

- `Edition` (`/2018-07-05/`, edition.html): its pages and their headlines;
- `PrintedPage` (`/2018-07-05/01/`, page.html): a page's articles in print order;
- `ArticlePage` (`/2018-07-05/01/03/`, article.html): one article, with its 版's articles
  listed beside it on a wide screen.

All three read the whole edition and the dates of the editions either side (wider than
a page or an article needs, so the three are one group: a few hundred signatures for a
big archive), keyed by date, page number and place on the page.
"""

from __future__ import annotations

from markupsafe import Markup

from sitegen.site import markdown, metadata, urls
from sitegen.site.pages.base import PageType
from sitegen.site.prints import SHOWN, print_paths, size_label
from sitegen.site.reading import date_label, page_label, reading_minutes, short_date_label, summarize
from sitegen.site.views import ArticleView, Link, PageSpec, PrintView


class _InEdition(PageType):
    section = "edition"

    def reads(self, kit, key):
        older, edition, newer = kit.neighbours(key[0])
        dates = tuple(e.date for e in (older, newer) if e is not None)
        return edition, dates, kit.edition_prints(edition.date), int(kit.shares_image(edition.date))

    def place(self, kit, key):
        return (kit.edition_index(key[0]), *key[1:])


class Edition(_InEdition):
    name = "edition"
    template = "edition.html"

    def jobs(self, kit):
        return [(edition.date,) for edition in kit.site.editions]

    def pages(self, kit, key):
        older, edition, newer = kit.neighbours(key[0])
        path = urls.edition_path(edition.date)
        view = kit.edition_view(edition, older, newer)
        headlines = "；".join(page.articles[0].headline for page in edition.pages)
        meta = kit.meta(path, date_label(edition.date), summarize(headlines))
        return [PageSpec(path, self.template, {"meta": meta, "edition": view, "issue": kit.issue_nav(edition, older, newer)})]


class PrintedPage(_InEdition):
    """版面."""

    name = "page"
    template = "page.html"

    def jobs(self, kit):
        return [(edition.date, page.number) for edition in kit.site.editions for page in edition.pages]

    def place(self, kit, key):
        return kit.page_place(*key)

    def pages(self, kit, key):
        edition, page = kit.page(*key)
        older, _, newer = kit.neighbours(edition.date)
        path = urls.page_path(edition.date, page.number)
        title = f"{short_date_label(edition.date)} {kit.page_link(page).label}"
        meta = kit.meta(path, title, summarize("；".join(a.headline for a in page.articles)))
        context = {"meta": meta, "page": kit.page_view(edition, page), "edition": kit.edition_link(edition),
                   "issue": kit.issue_nav(edition, older, newer), "print": _print_view(kit, edition.date, page.number)}
        return [PageSpec(path, self.template, context)]


def _print_view(kit, date, number) -> PrintView | None:
    """The 版's PDF and page image, where the paper delivered them."""
    found = kit.prints.get((date, number))
    if found is None:
        return None
    paths = print_paths(date, number, found)
    label = page_label(number)

    def download(kind: str, file) -> Link:
        return Link(kit.href(paths[kind]), f"{file.suffix.lstrip('.').upper()}（{size_label(file.size)}）")

    image = found.image
    return PrintView(
        image=kit.href(paths[SHOWN]) if image else "",
        width=image.shown[0] if image else 0,
        height=image.shown[1] if image else 0,
        alt=f"{short_date_label(date)} {label} 版面图",
        full=download("image", image) if image else None,
        pdf=download("pdf", found.pdf) if found.pdf else None,
    )


def article_keys(editions) -> list[tuple]:
    """(date, page number, place on the page) of every article of `editions`, in site order."""
    return [(edition.date, page.number, position) for edition in editions for page in edition.pages for position in range(len(page.articles))]


class ArticlePage(_InEdition):
    name = "article"
    template = "article.html"

    def jobs(self, kit):
        return article_keys(kit.site.editions)

    def place(self, kit, key):
        return (*kit.page_place(*key[:2]), key[2])

    def pages(self, kit, key):
        edition, page = kit.page(*key[:2])
        position = key[2]
        article = page.articles[position]
        card = kit.card(article)
        neighbours = kit.reading_neighbours(edition, page, position)
        page_view = kit.page_view(edition, page)
        date_iso = article.edition.isoformat()
        view = ArticleView(
            card=card,
            roles=kit.roles(article),
            byline=article.byline,
            credits=kit.credits(article),
            county=article.county,
            body=Markup(markdown.to_html(article.body)),
            minutes=reading_minutes(article.letters),
            date_iso=date_iso,
            date_label=date_label(article.edition),
            page_number=article.page,
            edition=kit.edition_link(edition),
            page=kit.page_link(page),
            prev_article=Link(kit.card(neighbours[0]).href, neighbours[0].headline) if neighbours[0] else None,
            next_article=Link(kit.card(neighbours[1]).href, neighbours[1].headline) if neighbours[1] else None,
            prev_page=page_view.prev,
            next_page=page_view.next,
            search_meta=f"date:{date_iso}",
        )
        image = kit.links.absolute(urls.share_image_path(article)) if kit.shares_image(edition.date) else kit.site_image
        meta = metadata.article_meta(kit.config, kit.links, article, card, image)
        older, _, newer = kit.neighbours(edition.date)
        # `on_page`: the article's 版 with all its articles, the side column of a wide screen.
        context = {"meta": meta, "article": view, "issue": kit.issue_nav(edition, older, newer), "on_page": page_view}
        return [PageSpec(urls.article_path(article), self.template, context)]
