"""Machine-readable files: Atom feed, JSON Feed, sitemap.xml and robots.txt.

In: the Site, configuration and the site paths rendered. Out: `RenderedFile`s. Dates come
from the editions (an edition's date at midnight in the paper's time zone) or from
SOURCE_DATE_EPOCH, never from the clock, so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from xml.sax import saxutils

from sitegen.config import Config
from sitegen.site import markdown, urls
from sitegen.site.models import Article, Site
from sitegen.site.reading import midnight
from sitegen.site.render import RenderedFile

FEED_ITEMS = 50
# Characters XML 1.0 forbids (C0 controls but tab and line ends, surrogates, U+FFFE and
# U+FFFF): one of them, such as the form feed pdftotext writes at a page break, makes a
# feed reader refuse the whole feed. They are left out of every XML file.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """`text` as XML character data: escaped, and without characters XML cannot hold."""
    return saxutils.escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    return saxutils.quoteattr(_NOT_XML.sub("", text))


def updated_time(site: Site, config: Config) -> str:
    """The feeds' 'updated': SOURCE_DATE_EPOCH when set, else the newest edition's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        offset = dt.datetime.strptime(config.timezone.replace(":", ""), "%z").tzinfo
        return dt.datetime.fromtimestamp(int(epoch), offset).isoformat()
    date = site.editions[0].date if site.editions else dt.date(1970, 1, 1)
    return midnight(date, config.timezone)


def _recent(site: Site) -> tuple[Article, ...]:
    return site.articles[:FEED_ITEMS]


def _title(article: Article) -> str:
    return " ".join(part for part in (article.kicker, article.headline, article.subtitle) if part)


def atom(site: Site, config: Config) -> RenderedFile:
    links = urls.Links(config.base_url)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"<title>{escape(config.site_name)}</title>",
        f"<id>{escape(links.absolute('/'))}</id>",
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(links.absolute('/'))}/>",
        f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(links.absolute('/feed.xml'))}/>",
        f"<updated>{updated_time(site, config)}</updated>",
        f"<author><name>{escape(config.site_name)}</name></author>",
    ]
    for article in _recent(site):
        url = links.absolute(urls.article_path(article))
        when = midnight(article.edition, config.timezone)
        lines += [
            "<entry>",
            f"<title>{escape(_title(article))}</title>",
            f"<id>{escape(url)}</id>",
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
            f"<published>{when}</published>",
            f"<updated>{when}</updated>",
            *(f"<author><name>{escape(name)}</name></author>" for name in article.reporters),
            *([f"<category term={quoteattr(article.city)}/>"] if article.city else []),
            f"<summary>{escape(article.summary)}</summary>",
            f"<content type=\"html\">{escape(markdown.to_html(article.body))}</content>",
            "</entry>",
        ]
    lines.append("</feed>")
    return RenderedFile("feed.xml", ("\n".join(lines) + "\n").encode("utf-8"))


def json_feed(site: Site, config: Config) -> RenderedFile:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    links = urls.Links(config.base_url)
    items = []
    for article in _recent(site):
        url = links.absolute(urls.article_path(article))
        item = {
            "id": url,
            "url": url,
            "title": _title(article),
            "summary": article.summary,
            "content_html": markdown.to_html(article.body),
            "date_published": midnight(article.edition, config.timezone),
        }
        if article.reporters:
            item["authors"] = [{"name": name} for name in article.reporters]
        if article.city:
            item["tags"] = [article.city]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.site_name,
        "home_page_url": links.absolute("/"),
        "feed_url": links.absolute("/feed.json"),
        "language": config.language,
        "items": items,
    }
    return RenderedFile("feed.json", (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def sitemap(paths: list[str], site: Site, config: Config) -> RenderedFile:
    """Every HTML page but 404; edition, page and article pages carry their date."""
    links = urls.Links(config.base_url)
    dated = {}
    for edition in site.editions:
        dated[urls.edition_path(edition.date)] = edition.date
        for page in edition.pages:
            dated[urls.page_path(edition.date, page.number)] = edition.date
            for article in page.articles:
                dated[urls.article_path(article)] = edition.date
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    # In the order of the URLs as sent (percent-encoded): /city/宁波/江北/ before /city/宁波/page/2/.
    for url, path in sorted((links.absolute(p), p) for p in paths if p.endswith("/")):
        lastmod = f"<lastmod>{dated[path].isoformat()}</lastmod>" if path in dated else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return RenderedFile("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))


def robots(config: Config) -> RenderedFile:
    sitemap_url = urls.Links(config.base_url).absolute("/sitemap.xml")
    return RenderedFile("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode("utf-8"))
