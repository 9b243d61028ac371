"""What open pages need to know: which build is served and what the last build got wrong.

In: the rebuild loop publishing each outcome. Out: a `LiveState` that Server-Sent Event
streams wait on, and the reload script injected into HTML responses (never written to disk).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

EVENTS_PATH = "/__sitegen/events"
SCRIPT_PATH = "/__sitegen/reload.js"


@dataclass(frozen=True)
class Status:
    """`version`: the build being served (0: none yet); `problems`: the last build's, as text."""

    version: int = 0
    problems: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "problems": list(self.problems)}, ensure_ascii=False)


class LiveState:
    """The current `Status` plus a condition that event streams wait on for the next one."""

    def __init__(self) -> None:
        self._status = Status()
        self._changed = threading.Condition()
        self._closed = False

    @property
    def status(self) -> Status:
        return self._status

    def publish(self, status: Status) -> None:
        with self._changed:
            self._status = status
            self._changed.notify_all()

    def wait_for_change(self, seen: Status, timeout: float) -> Status | None:
        """The status once it differs from `seen`; `seen` again after `timeout`; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._status is not seen, timeout)
            return None if self._closed else self._status

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


# The page is stateless about builds: the stream sends the whole status on connect and on
# every change, and the page reloads when the served build differs from its own. So a
# page opened while a build is failing shows the overlay, and a reload missed while the
# stream reconnected still happens.
RELOAD_JS = r"""(() => {
  const script = document.currentScript;
  const mine = Number(script.dataset.version);
  const overlayId = "__sitegen-overlay";
  function show(problems) {
    let box = document.getElementById(overlayId);
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#fff3f3;color:#600;border-bottom:3px solid #c00;padding:12px 16px;" +
        "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 2px 8px #0004";
      document.body.appendChild(box);
    }
    box.textContent = "sitegen: the last build failed; showing the last good site.\n\n" + problems.join("\n");
  }
  const events = new EventSource("__EVENTS__");
  events.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    if (status.version && status.version !== mine) { events.close(); location.reload(); return; }
    show(status.problems);
  });
})();
""".replace("__EVENTS__", EVENTS_PATH)

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject_reload(html: bytes, version: int) -> bytes:
    """`html` with the reload script before its last `</body>` (or at the end when it has none)."""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>'.encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + tag
    at = ends[-1].start()
    return html[:at] + tag + html[at:]
