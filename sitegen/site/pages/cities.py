"""Pages by city (城市): the index of cities (`/city/`, city_index.html), each city's
articles (`/city/宁波/`, city.html, paginated) and those of each of its counties and
districts (区县) that articles name in their `county` field (`/city/宁波/江北/`, city.html,
paginated): a filter made of links, which needs no script."""

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
        # The city's articles: its counties' filter (names and counts) follows from them.
        return tuple(kit.cities.articles[key[0]])

    def pages(self, kit, key):
        return self._listing(kit, key[0], "")

    def _listing(self, kit, city: str, county: str) -> list[PageSpec]:
        """The paginated listing of `city`, or of its `county` when given, with the filter."""
        everything = kit.cities.articles[city]
        articles = kit.cities.counties[city][county] if county else everything
        counties = indexes.county_entries(kit.cities.counties.get(city, {}), lambda c: kit.href(urls.county_path(city, c)))
        context = {"name": city, "county": county, "count": len(articles), "city_count": len(everything),
                   "city_href": kit.href(urls.city_path(city)), "counties": counties}
        path = urls.county_path(city, county) if county else urls.city_path(city)
        title = f"{city} {county}" if county else city
        return kit.paginate(path, self.template, title, tuple(kit.card(a) for a in articles), context)


class CityCounty(City):
    """区县: the articles of a city that name one of its counties or districts."""

    name = "city_county"

    def jobs(self, kit):
        return [(city, county) for city in sorted(kit.cities.counties) for county in sorted(kit.cities.counties[city])]

    def pages(self, kit, key):
        return self._listing(kit, *key)
