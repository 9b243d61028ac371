"""Pages that show no article: search (`/search/`, search.html), not found (`/404.html`,
404.html) and offline (`/offline.html`, offline.html: the service worker's answer for a
page it has not saved)."""

from __future__ import annotations

from sitegen.site.pages.base import PageType
from sitegen.site.views import PageSpec


class _Fixed(PageType):
    path = ""
    title = ""
    description = ""

    def jobs(self, kit):
        return [()]

    def reads(self, kit, key):
        return ()

    def pages(self, kit, key):
        return [PageSpec(self.path, self.template, {"meta": kit.meta(self.path, self.title, self.description)})]


class Search(_Fixed):
    name, template, path, title, description = "search", "search.html", "/search/", "搜索", "搜索本报文章"


class NotFound(_Fixed):
    name, template, path, title = "404", "404.html", "/404.html", "页面不存在"


class Offline(_Fixed):
    name, template, path, title = "offline", "offline.html", "/offline.html", "没有网络连接"
