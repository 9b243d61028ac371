"""往期 as a calendar: the archive's front page, a page per year and a page per month.

- `Archive` (`/archive/`, archive.html): a date field, the newest month as a grid and every
  year with its months (how many editions each);
- `ArchiveYear` (`/archive/2018/`, archive_year.html): the year's twelve month grids;
- `ArchiveMonth` (`/archive/2018/07/`, archive_month.html): the month's grid, then its
  editions newest first, each page with its lead article linked.

A grid is weeks of days, Monday first; a day with an edition links to it. Years and months
without an edition have no page.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sitegen.site import urls
from sitegen.site.pages.base import PageType
from sitegen.site.views import Link, PageSpec

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Day:
    number: int
    date_iso: str
    href: str  # the edition of that day; "" when there is none


@dataclass(frozen=True)
class MonthGrid:
    label: str  # 2018年7月
    href: str  # the month's page
    count: int  # editions that month
    weeks: tuple[tuple[Day | None, ...], ...]  # None outside the month


@dataclass(frozen=True)
class YearEntry:
    label: str  # 2018年
    href: str
    months: tuple[Link, ...]  # months with an edition, oldest first; label 7月 and the count
    count: int


@dataclass(frozen=True)
class CalendarNav:
    """What every calendar page shows around its body: the date field's range and the
    months that have a page (for the field), the neighbours of this year or month."""

    first: str  # ISO date of the oldest edition
    last: str
    months: str  # "2018-06 2018-07": the months that have a page
    prev: Link | None
    next: Link | None
    up: Link | None


def _month_path(year: int, month: int) -> str:
    return f"/archive/{year}/{month:02d}/"


def _year_path(year: int) -> str:
    return f"/archive/{year}/"


def _months(kit) -> list[tuple[int, int]]:
    """(year, month) with an edition, newest first."""
    return list(kit.editions_by_month)


def month_grid(kit, year: int, month: int) -> MonthGrid:
    days = {e.date.day: e.date for e in kit.editions_by_month.get((year, month), ())}
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        weeks.append(tuple(
            Day(n, dt.date(year, month, n).isoformat(), kit.href(urls.edition_path(days[n])) if n in days else "")
            if n else None
            for n in week))
    return MonthGrid(f"{year}年{month}月", kit.href(_month_path(year, month)), len(days), tuple(weeks))


def _link(kit, path: str, label: str) -> Link:
    return Link(kit.href(path), label)


def _nav(kit, prev: Link | None = None, next: Link | None = None, up: Link | None = None) -> CalendarNav:
    dates = kit.edition_dates
    return CalendarNav(
        first=dates[-1].isoformat() if dates else "",
        last=dates[0].isoformat() if dates else "",
        months=" ".join(f"{y}-{m:02d}" for y, m in reversed(_months(kit))),
        prev=prev,
        next=next,
        up=up,
    )


def _neighbours(items: list, item) -> tuple:
    """(older, newer) of `item` in `items` (newest first)."""
    index = items.index(item)
    return (items[index + 1] if index + 1 < len(items) else None, items[index - 1] if index > 0 else None)


class Archive(PageType):
    name = "archive"
    template = "archive.html"

    def jobs(self, kit):
        return [()]

    def reads(self, kit, key):
        return kit.edition_dates

    def pages(self, kit, key):
        years: dict[int, list[tuple[int, int]]] = {}
        for year, month in reversed(_months(kit)):
            years.setdefault(year, []).append((year, month))
        entries = tuple(
            YearEntry(
                f"{year}年", kit.href(_year_path(year)),
                tuple(_link(kit, _month_path(y, m), f"{m}月") for y, m in months),
                sum(len(kit.editions_by_month[month]) for month in months),
            )
            for year, months in sorted(years.items(), reverse=True))
        grids = tuple(month_grid(kit, y, m) for y, m in _months(kit)[:1])
        meta = kit.meta("/archive/", "往期", "按日期查阅往期报纸")
        context = {"meta": meta, "title": "往期", "years": entries, "grids": grids, "calendar": _nav(kit)}
        return [PageSpec("/archive/", self.template, context)]


class ArchiveYear(PageType):
    name = "archive_year"
    template = "archive_year.html"
    section = "calendar"

    def jobs(self, kit):
        return [(year,) for year in sorted({year for year, _ in _months(kit)}, reverse=True)]

    def place(self, kit, key):
        return (-key[0],)

    def reads(self, kit, key):
        return kit.edition_dates  # its months, and the years either side

    def pages(self, kit, key):
        year = key[0]
        years = sorted({y for y, _ in _months(kit)}, reverse=True)
        older, newer = _neighbours(years, year)
        grids = tuple(month_grid(kit, y, m) for y, m in reversed(_months(kit)) if y == year)
        nav = _nav(kit, older and _link(kit, _year_path(older), f"{older}年"),
                   newer and _link(kit, _year_path(newer), f"{newer}年"), _link(kit, "/archive/", "往期"))
        path = _year_path(year)
        meta = kit.meta(path, f"{year}年 往期", f"{year}年各期报纸")
        return [PageSpec(path, self.template, {"meta": meta, "title": f"{year}年", "grids": grids, "calendar": nav})]


class ArchiveMonth(PageType):
    name = "archive_month"
    template = "archive_month.html"
    section = "calendar"
    listing = True

    def jobs(self, kit):
        return _months(kit)

    def place(self, kit, key):
        return (-key[0], -key[1])

    def reads(self, kit, key):
        return kit.editions_by_month[key], kit.edition_dates

    def pages(self, kit, key):
        year, month = key
        older, newer = _neighbours(_months(kit), key)
        label = lambda ym: f"{ym[0]}年{ym[1]}月"
        nav = _nav(kit, older and _link(kit, _month_path(*older), label(older)),
                   newer and _link(kit, _month_path(*newer), label(newer)), _link(kit, _year_path(year), f"{year}年"))
        editions = tuple(kit.edition_view(e, None, None, leads=True) for e in kit.editions_by_month[key])
        path = _month_path(year, month)
        meta = kit.meta(path, f"{year}年{month}月 往期", f"{year}年{month}月各期报纸")
        context = {"meta": meta, "title": label(key), "grid": month_grid(kit, year, month),
                   "items": editions, "calendar": nav}
        return [PageSpec(path, self.template, context)]
