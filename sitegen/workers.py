"""Worker processes that end with the build that started them.

In: nothing (called in a new worker). Out: on Linux, the kernel sends the worker SIGKILL
when its parent dies, so a build killed mid-way (SIGKILL, an editor's Ctrl-\\) leaves no
render or index workers behind waiting forever on their task queue.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
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


def process_running(pid: int | str) -> bool:
    """Whether process `pid` (a number, or the digits a leftover folder is named with)
    still runs; anything else is no process. Builds, indexes and previews name their
    working folders by pid, and sweep those whose process is gone."""
    if isinstance(pid, str):
        if not pid.isdigit():
            return False
        pid = int(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # (someone else's process, or a number no process can have: left alone)
    return True


def fork_is_safe() -> bool:
    """Whether a worker may be forked: the platform forks, and this process runs no other
    thread (as under `sitegen serve`), whose lock held at the fork the child would wait on
    for ever."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int, mp_context=None) -> ProcessPoolExecutor:
    """A process pool whose workers do not outlive this process."""
    return ProcessPoolExecutor(workers, mp_context=mp_context, initializer=die_with_parent, initargs=(os.getpid(),))
