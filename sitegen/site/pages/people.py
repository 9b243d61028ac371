"""Pages by person (署名): the index of reporters, correspondents and photographers
(`/person/`, person_index.html) and each one's articles with their roles
(`/person/张浩呈/`, person.html, paginated)."""

from __future__ import annotations

from sitegen.site import indexes, urls
from sitegen.site.pages.base import PageType
from sitegen.site.views import PageSpec


class PersonIndex(PageType):
    name = "person_index"
    template = "person_index.html"
    section = "person"
    listing = True

    def jobs(self, kit):
        return [()]

    def _entries(self, kit):
        return indexes.person_entries(kit.people, lambda name: kit.href(urls.person_path(name)))

    def reads(self, kit, key):
        # What the page shows (links and 拼音 groups follow from the names): an edit that
        # leaves every person's count and roles as they were leaves the index as it was.
        return tuple((e.name, e.count, e.note) for e in self._entries(kit))

    def pages(self, kit, key):
        entries = self._entries(kit)
        meta = kit.meta("/person/", "记者与通讯员", "按署名浏览报道")
        context = {"meta": meta, "entries": entries, "groups": indexes.by_initial(entries), "title": "记者与通讯员"}
        return [PageSpec("/person/", self.template, context)]


class Person(PageType):
    name = "person"
    template = "person.html"
    section = "person"
    listing = True

    def jobs(self, kit):
        return [(name,) for name in sorted(kit.people)]

    def reads(self, kit, key):
        items = kit.people[key[0]]  # (article, role) pairs, as two flat tuples: cheaper to digest
        return tuple(article for article, _ in items), tuple(note for _, note in items)

    def pages(self, kit, key):
        name = key[0]
        cards = tuple(kit.card(article, note) for article, note in kit.people[name])
        return kit.paginate(urls.person_path(name), self.template, name, cards, {"name": name})
