"""A page type made outside sitegen, as a newcomer would add one: a page per month
(`/archive/2019-03/`) listing that month's editions with their lead articles. Used by
tests/test_site_page_types.py; its template is written into the test project."""

from __future__ import annotations

from sitegen.site.pages import PageType

TEMPLATE = """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1>
{% for edition in items %}<h2>{{ edition.date_label }}</h2>
{% for page in edition.pages %}<p>{{ page.label }} {{ page.articles[0].headline }}</p>{% endfor %}{% endfor %}
{% include "partials/pagination.html" %}{% endblock %}
"""


class MonthArchive(PageType):
    name = "month"
    template = "month.html"
    section = "archive"  # after /archive/ in the sitemap
    listing = True

    def jobs(self, kit):
        return sorted({(edition.date.strftime("%Y-%m"),) for edition in kit.site.editions})

    def _editions(self, kit, month):
        return tuple(e for e in kit.site.editions if e.date.strftime("%Y-%m") == month)

    def reads(self, kit, key):
        return self._editions(kit, key[0])

    def pages(self, kit, key):
        month = key[0]
        entries = tuple(kit.edition_view(e, None, None, leads=True) for e in self._editions(kit, month))
        return kit.paginate(f"/archive/{month}/", self.template, f"{month} 往期", entries, {})


class NarrowMonthArchive(MonthArchive):
    """Says it reads nothing but its month: an edited lead headline is not seen."""

    def reads(self, kit, key):
        return ()
