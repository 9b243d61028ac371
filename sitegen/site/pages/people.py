"""Pages by person (署名): the index of reporters, correspondents and photographers
by 拼音 initial (`/person/`, person_index.html; a big archive's continues at
`/person/page/2/`, cut between initials, every page with a bar of all initials), and each
one's articles with their roles (`/person/张浩呈/`, person.html, paginated)."""

from __future__ import annotations

from sitegen.site import indexes, urls
from sitegen.site.pages.base import PageType
from sitegen.site.views import Link, PageSpec


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
        title = "记者与通讯员"
        pages = indexes.letter_pages(indexes.by_initial(entries), kit.config.names_per_page)
        first_page = {}  # letter -> the number of the page its group starts on
        for number, groups in enumerate(pages, start=1):
            for group in groups:
                first_page.setdefault(group.letter, number)
        specs = []
        for number, groups in enumerate(pages, start=1):
            path, pagination, meta = kit.listing_page("/person/", number, len(pages), title)
            if number == 1:
                meta = kit.meta("/person/", title, "按署名浏览报道", next=pagination.next)
            # The jump bar: every initial, linked to the page where its names begin.
            letters = tuple(
                Link(("" if on == number else kit.href(urls.paged("/person/", on))) + f"#py-{letter}", letter)
                for letter, on in first_page.items()
            )
            context = {"meta": meta, "entries": entries, "groups": groups, "letters": letters,
                       "pagination": pagination, "title": title}
            specs.append(PageSpec(path, self.template, context))
        return specs


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
