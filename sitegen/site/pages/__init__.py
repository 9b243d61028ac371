"""The page types of the site, in site order (the sitemap's): `PAGE_TYPES`.

Adding a page type is a module here with a `PageType` subclass (see base.py), an instance
in `PAGE_TYPES` where its pages go in the sitemap, and its template in the theme.
"""

from __future__ import annotations

from sitegen.site.pages.base import Group, Job, PageType, plan, registry, run
from sitegen.site.pages.calendar import Archive, ArchiveMonth, ArchiveYear
from sitegen.site.pages.cities import City, CityCounty, CityIndex
from sitegen.site.pages.edition import ArticlePage, Edition, PrintedPage
from sitegen.site.pages.fixed import NotFound, Offline, Search
from sitegen.site.pages.home import Home
from sitegen.site.pages.offline import ServiceWorker
from sitegen.site.pages.people import Person, PersonIndex
from sitegen.site.pages.prints import PrintedPageFiles
from sitegen.site.pages.share import ShareImage, SiteShareImage

PAGE_TYPES: tuple[PageType, ...] = (
    Home(),
    Edition(),
    PrintedPage(),
    ArticlePage(),
    ShareImage(),
    PrintedPageFiles(),
    Archive(),
    ArchiveYear(),
    ArchiveMonth(),
    CityIndex(),
    City(),
    CityCounty(),
    PersonIndex(),
    Person(),
    Search(),
    NotFound(),
    Offline(),
    ServiceWorker(),
    SiteShareImage(),
)

__all__ = ["PAGE_TYPES", "Group", "Job", "PageType", "plan", "registry", "run"]
