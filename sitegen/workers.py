"""Worker processes that end with the build that started them.

In: nothing (called in a new worker). Out: on Linux, the kernel sends the worker SIGKILL
when its parent dies, so a build killed mid-way (SIGKILL, an editor's Ctrl-\\) leaves no
render or index workers behind waiting forever on their task queue.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request was in place


def pool(workers: int, mp_context=None) -> ProcessPoolExecutor:
    """A process pool whose workers do not outlive this process."""
    return ProcessPoolExecutor(workers, mp_context=mp_context, initializer=die_with_parent, initargs=(os.getpid(),))
