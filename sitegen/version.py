"""What a cache must be keyed by besides its inputs: the code that made it.

In: nothing. Out: `code_version()`, sitegen's version number and a hash of its own
source; a development install keeps its number while its code changes, and no cache
(ingest, rendered pages, search bundles) may outlive the code that wrote it. Code run
with SITEGEN_NO_SHORTCUTS=1 is other code (shortcuts.py): it has a version of its own.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import sitegen
from sitegen import shortcuts


def code_version() -> str:
    return _source_version() + ("" if shortcuts.enabled() else "+reference")


@lru_cache(maxsize=1)
def _source_version() -> str:
    digest = hashlib.sha256(sitegen.__version__.encode())
    package = Path(sitegen.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(f"\n{path.relative_to(package).as_posix()}\n".encode() + path.read_bytes())
    return f"{sitegen.__version__}+{digest.hexdigest()[:16]}"
