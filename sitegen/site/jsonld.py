"""schema.org structured data: an Article in, a `NewsArticle` mapping and its safe
`<script type="application/ld+json">` text out.

News search engines read `printEdition`, `printPage`, `printSection` and `dateline`;
reporters (记者) are the authors, correspondents (通讯员) and photographers contributors.
"""

from __future__ import annotations

import json

from sitegen.config import Config
from sitegen.site import urls
from sitegen.site.models import Article
from sitegen.site.reading import page_label

# Inside <script>, '</script>' or '<!--' in a headline would end or bend the element;
# JSON allows these escapes, so the data means the same to a parser.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, escaped in _SCRIPT_ESCAPES.items():
        if ch in text:
            text = text.replace(ch, escaped)
    return text


def _people(names: tuple[str, ...], links: urls.Links) -> list[dict]:
    return [{"@type": "Person", "name": name, "url": links.absolute(urls.person_path(name))} for name in names]


def news_article(article: Article, config: Config, links: urls.Links, *, summary: str, published: str, image: str = "") -> dict:
    url = links.absolute(urls.article_path(article))
    section = config.page_name(article.page)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": config.language,
        "datePublished": published,
        "dateModified": published,
        "description": summary,
        "printEdition": article.edition.isoformat(),
        "printPage": page_label(article.page),
        "publisher": {"@type": "Organization", "name": config.site_name, "url": config.base_url},
        "isAccessibleForFree": True,
    }
    if image:
        data["image"] = [image]
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if section:
        data["printSection"] = section
        data["articleSection"] = section
    data["author"] = _people(article.reporters, links) or [
        {"@type": "Organization", "name": config.site_name, "url": config.base_url}
    ]
    contributors = _people(article.correspondents + article.photographers, links)
    if contributors:
        data["contributor"] = contributors
    if article.dateline or article.city:
        data["dateline"] = article.dateline or article.city
    if article.city:
        address = {"@type": "PostalAddress", "addressLocality": article.city, "addressCountry": "CN"}
        if article.province:
            address["addressRegion"] = article.province
        data["locationCreated"] = {"@type": "Place", "name": article.county or article.city, "address": address}
    return data
