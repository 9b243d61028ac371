"""One switch for sitegen's measured shortcuts: `SITEGEN_NO_SHORTCUTS=1` in the
environment runs the reference library instead of each, so that a wrong page can be
bisected to a shortcut or cleared of one.

| shortcut | reference | comparison test |
| --- | --- | --- |
| YAML subset reader (frontmatter._simple) | PyYAML (frontmatter.load_yaml) | tests/test_frontmatter.py |
| Markdown shortcut (site/markdown.rendered) | markdown-it-py (markdown._parsed) | tests/test_site_incremental.py |
| regex HTML reader (search/records._feed) | html.parser (records.reference_record) | tests/test_search_records.py |
| Pagefind service client (search/pagefind_run) | pagefind's Python API (PagefindIndex) | tests/test_search.py |
| share-image PNG writer (site/png.encode) | Pillow's PNG encoder (shareimage._reference_png) | tests/test_share_image.py |
"""

from __future__ import annotations

import os


def enabled() -> bool:
    """False when SITEGEN_NO_SHORTCUTS=1 (read on each call, so a test can set it)."""
    return os.environ.get("SITEGEN_NO_SHORTCUTS", "") != "1"
