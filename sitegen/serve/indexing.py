"""The search index, added to the served build in the background.

In: an `index(folder)` callable (the search stage) and the `VersionStore` being served.
Out: the current version replaced by a copy of itself that has the index, under the same
number, so open pages do not reload. A save is shown as soon as the pages are built; the
index (Pagefind, over a second on the sample edition) follows without holding up the
next build.
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from sitegen.errors import SitegenError
from sitegen.serve.versions import VersionStore

Index = Callable[[Path], None]  # writes the search index into a built folder


class BackgroundIndex:
    def __init__(self, index: Index, versions: VersionStore) -> None:
        self._index = index
        self._versions = versions
        self._wanted = 0
        self._stopping = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="sitegen-search", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, number: int) -> None:
        """Indexes version `number` once the job running now ends; older requests are dropped."""
        with self._wake:
            self._wanted = number
            self._wake.notify_all()

    def stop(self, timeout: float | None = None) -> None:
        """Ends the loop once the index running now (if any) is done, or after `timeout`."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._wanted or self._stopping)
                if self._stopping:
                    return
                number, self._wanted = self._wanted, 0
            self._index_version(number)

    def _index_version(self, number: int) -> None:
        draft = self._versions.copy(number)
        if draft is None:
            return  # a newer build is served; its own request follows
        try:
            self._index(draft.root)
        except SitegenError as exc:  # the pages stay served; only search lags
            for problem in exc.problems:
                print(f"search index not updated: {problem}", file=sys.stderr, flush=True)
        except Exception:
            traceback.print_exc()
        else:
            if self._versions.publish(draft):
                self._versions.prune()
                return
        self._versions.discard(draft)
