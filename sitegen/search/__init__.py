"""The search stage: a built site in, its Pagefind index (full text by month, titles by quarter) out.

`index_site(config, out_dir)` is called by the site build on the new output folder before
it goes live. See docs/SEARCH.md.
"""

from sitegen.search.index import index_site

__all__ = ["index_site"]
