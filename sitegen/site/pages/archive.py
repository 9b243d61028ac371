"""The archive (往期, `/archive/` and its pages, archive.html): every edition, newest
first, each page with its lead article."""

from __future__ import annotations

from sitegen.site.pages.base import PageType


class Archive(PageType):
    name = "archive"
    template = "archive.html"
    listing = True

    def jobs(self, kit):
        return [()]

    def reads(self, kit, key):
        return kit.site

    def pages(self, kit, key):
        entries = tuple(kit.edition_view(e, None, None, leads=True) for e in kit.site.editions)
        return kit.paginate("/archive/", self.template, "往期", entries, {})
