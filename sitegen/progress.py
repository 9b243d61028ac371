"""A progress line on the terminal: (step, done, total) calls in, `render 812/1075` on
stderr out, redrawn in place.

Shown only for a step still running after two seconds, only on a terminal, never under
`--quiet` or in CI (CI=true), so logs and pipes get no carriage returns.
"""

from __future__ import annotations

import os
import sys
import time

DELAY = 2.0  # seconds a step runs before its progress is shown


class Progress:
    def __init__(self, *, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and os.environ.get("CI", "").lower() not in ("true", "1") and _is_tty(self.stream)
        self.step = ""
        self.started = 0.0
        self.shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if step != self.step:
            self.end()
            self.step, self.started = step, now
        if now - self.started < DELAY and not self.shown:
            return
        percent = 100 * done // max(1, total)
        self.stream.write(f"\r{step} {done}/{total} ({percent}%)\x1b[K")
        self.stream.flush()
        self.shown = True
        if done >= total:
            self.end()

    def end(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self.shown = False
        self.step = ""


def _is_tty(stream) -> bool:
    try:
        return stream.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
