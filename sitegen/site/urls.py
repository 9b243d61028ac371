"""The URL scheme (see docs/SITE.md): pure functions from things to site paths.

In: dates, page numbers, names. Out: site paths such as `/2018-07-05/01/03/` (always with
a trailing slash; each is a folder with `index.html`), the output file for a path, and
absolute or base-relative links given the configured base URL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit

from sitegen.site.models import Article


def edition_path(date: dt.date) -> str:
    return f"/{date.isoformat()}/"


def page_path(date: dt.date, number: int) -> str:
    return f"/{date.isoformat()}/{number:02d}/"


def article_path(article: Article) -> str:
    return f"{page_path(article.edition, article.page)}{article.order:02d}/"


SITE_IMAGE = "/share.png"  # the paper's own share image, for pages without one of their own


def share_image_path(article: Article) -> str:
    """The article's share image (og:image), beside its page."""
    return article_path(article) + "share.png"


def city_path(name: str) -> str:
    return f"/city/{name}/"


def county_path(city: str, county: str) -> str:
    """A city's articles that name one of its counties or districts (区县)."""
    return f"/city/{city}/{county}/"


def person_path(name: str) -> str:
    return f"/person/{name}/"


def paged(path: str, number: int) -> str:
    """The `number`th page (from 1) of a paginated listing at `path`."""
    return path if number == 1 else f"{path}page/{number}/"


def output_file(path: str) -> str:
    """Site path -> file inside the output folder: `/a/b/` -> `a/b/index.html`."""
    relative = path.lstrip("/")
    return relative + "index.html" if relative.endswith("/") or not relative else relative


@dataclass(frozen=True)
class Links:
    """Turns site paths into hrefs (under the base URL's path) and absolute URLs."""

    base_url: str  # ends with '/'

    @cached_property
    def prefix(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    @cached_property
    def origin(self) -> str:
        return self.base_url.rstrip("/")

    def href(self, path: str) -> str:
        """A link for use inside the site: base path + percent-encoded site path."""
        return self.prefix + _quote(path)

    def absolute(self, path: str) -> str:
        return self.origin + _quote(path)


_NOTHING_TO_QUOTE = re.compile(r"[A-Za-z0-9_.~/-]*")


def _quote(path: str) -> str:
    # Most paths are dates and numbers; quote() costs ten times this check.
    return path if _NOTHING_TO_QUOTE.fullmatch(path) else quote(path, safe="/")
