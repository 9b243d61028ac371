"""Pages by city (城市): the index of cities (`/city/`, city_index.html) and each city's
articles (`/city/宁波/`, city.html, paginated)."""

from __future__ import annotations

from sitegen.site import indexes, urls
from sitegen.site.pages.base import PageType
from sitegen.site.views import PageSpec


class CityIndex(PageType):
    name = "city_index"
    template = "city_index.html"
    section = "city"
    listing = True

    def jobs(self, kit):
        return [()]

    def _entries(self, kit):
        return indexes.city_entries(kit.cities, lambda name: kit.href(urls.city_path(name)), kit.config.home_province)

    def reads(self, kit, key):
        # What the page shows (links follow from the names): an edit that leaves every
        # city's count as it was leaves the index as it was.
        return tuple((e.name, e.count, e.note) for e in self._entries(kit))

    def pages(self, kit, key):
        entries = self._entries(kit)
        meta = kit.meta("/city/", "城市", "按城市浏览报道")
        return [PageSpec("/city/", self.template, {"meta": meta, "entries": entries, "title": "城市"})]


class City(PageType):
    name = "city"
    template = "city.html"
    section = "city"
    listing = True

    def jobs(self, kit):
        return [(name,) for name in sorted(kit.cities.articles)]

    def reads(self, kit, key):
        return tuple(kit.cities.articles[key[0]])

    def pages(self, kit, key):
        name = key[0]
        cards = tuple(kit.card(a) for a in kit.cities.articles[name])
        return kit.paginate(urls.city_path(name), self.template, name, cards, {"name": name})
