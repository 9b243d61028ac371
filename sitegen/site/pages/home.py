"""The home page (`/`, home.html): the latest edition, linked to the one before."""

from __future__ import annotations

from sitegen.site.pages.base import PageType
from sitegen.site.reading import date_label
from sitegen.site.views import PageSpec


class Home(PageType):
    name = "home"
    template = "home.html"
    listing = True

    def jobs(self, kit):
        return [()]

    def reads(self, kit, key):
        return kit.site.editions[:2]

    def pages(self, kit, key):
        editions = kit.site.editions
        latest = editions[0] if editions else None
        view = kit.edition_view(latest, editions[1] if len(editions) > 1 else None, None) if latest else None
        description = f"{date_label(latest.date)} 的报纸" if latest else ""
        issue = kit.issue_nav(latest, editions[1] if len(editions) > 1 else None, None) if latest else None
        context = {"meta": kit.meta("/", "", description), "edition": view, "issue": issue}
        return [PageSpec("/", self.template, context)]
