"""Indexes of the site by city (城市) and by person (署名): a `Site` in, the articles of
each city and of each person (with the roles they had) out, and the entries of the
city and person index pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sitegen.site import pinyin
from sitegen.site.models import Article, Site
from sitegen.site.views import IndexEntry, IndexGroup

ROLE_LABELS = {"reporter": "记者", "correspondent": "通讯员", "photographer": "摄影"}


@dataclass(frozen=True)
class Cities:
    articles: dict[str, list[Article]]  # city -> its articles, in site order
    provinces: dict[str, str]  # city -> its province
    counties: dict[str, dict[str, list[Article]]]  # city -> county (区县, front matter `county`) -> its articles


def cities(site: Site) -> Cities:
    by_city: dict[str, list[Article]] = {}
    provinces: dict[str, str] = {}
    counties: dict[str, dict[str, list[Article]]] = {}
    for article in site.articles:
        if article.city:
            by_city.setdefault(article.city, []).append(article)
            provinces.setdefault(article.city, article.province)
            if article.county:
                counties.setdefault(article.city, {}).setdefault(article.county, []).append(article)
    return Cities(by_city, provinces, counties)


def people(site: Site) -> dict[str, list[tuple[Article, str]]]:
    """Person -> [(article, the roles they had in it: '记者', '通讯员、摄影', …)] in site order."""
    by_person: dict[str, list[tuple[Article, str]]] = {}
    labels = tuple(ROLE_LABELS.values())  # in the order of Article.people()
    for article in site.articles:
        roles: dict[str, str] = {}
        for names, label in zip((article.reporters, article.correspondents, article.photographers), labels):
            for name in names:
                roles[name] = f"{roles[name]}、{label}" if name in roles else label
        for name, note in roles.items():
            by_person.setdefault(name, []).append((article, note))
    return by_person


def city_entries(found: Cities, href: Callable[[str], str], home_province: str) -> tuple[IndexEntry, ...]:
    """Most articles first; the province is noted outside the home province."""
    return tuple(
        IndexEntry(name, href(name), len(articles), found.provinces[name] if found.provinces[name] != home_province else "")
        for name, articles in sorted(found.articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def county_entries(counties: dict[str, list[Article]], href: Callable[[str], str]) -> tuple[IndexEntry, ...]:
    """A city's counties and districts (区县), most articles first."""
    return tuple(IndexEntry(name, href(name), len(articles))
                 for name, articles in sorted(counties.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def person_entries(found: dict[str, list[tuple[Article, str]]], href: Callable[[str], str]) -> tuple[IndexEntry, ...]:
    """Most articles first; the note names every role the person had, in byline order."""
    order = list(ROLE_LABELS.values())
    return tuple(
        IndexEntry(
            name,
            href(name),
            len(items),
            "、".join(sorted({label for _, note in items for label in note.split("、")}, key=order.index)),
        )
        for name, items in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def by_initial(entries: tuple[IndexEntry, ...]) -> tuple[IndexGroup, ...]:
    """Entries grouped by 拼音 initial (A–Z, then #), each group in 拼音 order."""
    groups: dict[str, list[IndexEntry]] = {}
    for entry in sorted(entries, key=lambda e: pinyin.sort_key(e.name)):
        groups.setdefault(pinyin.initial(entry.name), []).append(entry)
    return tuple(IndexGroup(letter, tuple(groups[letter])) for letter in sorted(groups, key=lambda l: (l == "#", l)))


def letter_pages(groups: tuple[IndexGroup, ...], size: int) -> list[tuple[IndexGroup, ...]]:
    """The 拼音 groups cut into pages of at most `size` entries: a group goes whole on the
    page it starts on when it fits, else it starts a new page; a group larger than a page
    fills pages of its own, its rest marked `continued`."""
    size = max(1, size)
    pages: list[tuple[IndexGroup, ...]] = []
    current: list[IndexGroup] = []
    filled = 0
    for group in groups:
        entries, continued = group.entries, False
        if filled and filled + len(entries) > size:
            pages.append(tuple(current))
            current, filled = [], 0
        while len(entries) > size:
            pages.append((IndexGroup(group.letter, entries[:size], continued),))
            entries, continued = entries[size:], True
        current.append(IndexGroup(group.letter, entries, continued))
        filled += len(entries)
    if current or not pages:
        pages.append(tuple(current))
    return pages
