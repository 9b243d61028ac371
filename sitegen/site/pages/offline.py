"""The service worker (`/sw.js`, the theme's sw.js template) that keeps the latest edition
readable offline; for a page it has not saved it shows `fixed.Offline`. See docs/SITE.md,
"Reading offline".

The worker saves the latest edition when the browser installs it, so it lists that
edition's pages (home, edition, 版, articles) and carries a version made from what those
pages show: a new or corrected edition changes the file, and the browser installs it
again and drops the copies saved before.
"""

from __future__ import annotations

import hashlib

from sitegen.site import urls
from sitegen.site.pages.base import PageType, digest
from sitegen.site.pages.fixed import Offline
from sitegen.site.views import PageSpec

WORKER_PATH = "/sw.js"


class ServiceWorker(PageType):
    name = "service-worker"
    template = "sw.js"

    def jobs(self, kit):
        return [()]

    def reads(self, kit, key):
        # The latest edition, and the date of the one before (on the latest's pages).
        return tuple(e if i == 0 else e.date for i, e in enumerate(kit.site.editions[:2]))

    def pages(self, kit, key):
        paths = ["/"]
        latest = kit.site.editions[0] if kit.site.editions else None
        if latest is not None:
            paths.append(urls.edition_path(latest.date))
            for page in latest.pages:
                paths.append(urls.page_path(latest.date, page.number))
                paths += [urls.article_path(article) for article in page.articles]
        shown = digest(kit, self.reads(kit, key))
        version = (latest.date.isoformat() if latest else "empty") + "-" + hashlib.sha1(shown.encode()).hexdigest()[:12]
        context = {
            "version": version,
            "precache": tuple(kit.links.href(path) for path in paths + [Offline.path]),
            "offline": kit.links.href(Offline.path),
        }
        return [PageSpec(WORKER_PATH, self.template, context)]
