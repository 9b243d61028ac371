"""What a page's `<head>` says: a title, description and site path in, a `Meta` (title
with the site's name, canonical URL, Open Graph, JSON-LD, rel=prev/next) out.
"""

from __future__ import annotations

from markupsafe import Markup

from sitegen.config import Config
from sitegen.site import urls
from sitegen.site.jsonld import news_article, script_json
from sitegen.site.models import Article
from sitegen.site.reading import midnight
from sitegen.site.views import ArticleCard, Meta


def page_meta(config: Config, links: urls.Links, path: str, title: str, description: str = "", **extra) -> Meta:
    """`extra`: the other fields of `Meta` (og_type, published, prev, next…)."""
    full_title = f"{title} - {config.site_name}" if title else config.site_name
    return Meta(full_title, description or config.site_name, links.absolute(path), **extra)


def article_meta(config: Config, links: urls.Links, article: Article, card: ArticleCard, image: str = "") -> Meta:
    """An article's: Open Graph `article` with its publication time (midnight of its
    edition in the site's time zone), its section (版名), its share image (`image`, an
    absolute URL, or '') and a `NewsArticle`."""
    published = midnight(article.edition, config.timezone)
    ld = news_article(article, config, links, summary=card.summary, published=published, image=image)
    return page_meta(
        config,
        links,
        urls.article_path(article),
        article.headline,
        card.summary,
        og_type="article",
        published=published,
        section=card.page_name,
        json_ld=Markup(script_json(ld)),
        image=image,
        image_alt=article.headline if image else "",
    )
