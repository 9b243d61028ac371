"""Share images, drawn by sitegen/site/shareimage.py rather than a template: one per
article (`/2018-07-05/01/03/share.png`, the `og:image` of the article page beside it), or
with `share_image_days = N` per article of the editions of the last N days, and the
paper's own (`/share.png`) for every other page and older article. One for each of
20,000 articles adds about a tenth to a cold build with search (docs/SCALE.md).

An image's key is its card (the paper's name, 引题, headline, date and 版), the font and
sitegen's code, not the theme: a change of template or stylesheet re-renders every page
but reuses every image. Kept in the edition's section, after each article, reading what
its pages read, so an edition stays one group of jobs.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sitegen.site import urls
from sitegen.site.pages.base import PageType
from sitegen.site.pages.edition import ArticlePage, article_keys
from sitegen.site.reading import date_label, page_label
from sitegen.site.render import RenderedFile
from sitegen.site.shareimage import Card, card_key, render
from sitegen.site.views import PageSpec
from sitegen.version import code_version


def share_card(kit, article) -> Card:
    page_name = kit.config.page_name(article.page)
    footer = f"{date_label(article.edition)} · {page_label(article.page)}" + (f" {page_name}" if page_name else "")
    return Card(kit.config.site_name, article.headline, article.kicker, footer)


class ShareImage(ArticlePage):
    """Keyed and placed as the article beside it."""

    name = "share-image"
    template = ""  # drawn, not templated

    def jobs(self, kit):
        return article_keys(e for e in kit.site.editions if kit.shares_image(e.date))

    def pages(self, kit, key):
        _, page = kit.page(*key[:2])
        article = page.articles[key[2]]
        context = {"card": share_card(kit, article), "font": kit.share_font}
        return [PageSpec(urls.share_image_path(article), "share.png", context)]

    def page_key(self, theme, spec):
        return card_key(spec.context["card"], spec.context["font"], code_version())

    def render(self, env, spec, config):
        return RenderedFile(urls.output_file(spec.path), render(spec.context["card"], spec.context["font"].path)), None


class SiteShareImage(PageType):
    """The paper's own share image: its name large, its address below."""

    name = "site-share-image"
    template = ""

    def jobs(self, kit):
        return [()] if kit.share_font is not None else []

    def reads(self, kit, key):
        return ()

    def pages(self, kit, key):
        card = Card("", kit.config.site_name, "", urlsplit(kit.config.base_url).netloc)
        return [PageSpec(urls.SITE_IMAGE, "share.png", {"card": card, "font": kit.share_font})]

    page_key = ShareImage.page_key
    render = ShareImage.render
