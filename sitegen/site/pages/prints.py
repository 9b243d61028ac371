"""A 版's delivered PDF and page image in the site (sitegen/site/prints.py finds them):
`/2018-07-05/01/2018-07-05-01.pdf`, the image as delivered (`…-01.jpg`) and the copy the
版 page shows (`…-01-720.jpg`). Copied and drawn by sitegen, not templated.

A file's key is where it came from, its size and modification time (and sitegen's code,
which draws the shown copy), not the theme: a template change copies nothing again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.errors import Problem
from sitegen.site import prints, urls
from sitegen.site.content import display_path
from sitegen.site.pages.edition import _InEdition
from sitegen.site.prints import SHOWN, print_paths
from sitegen.site.render import RenderedFile
from sitegen.site.views import PageSpec
from sitegen.version import code_version


class PrintedPageFiles(_InEdition):
    name = "page-files"
    template = ""  # copied and drawn, not templated

    def jobs(self, kit):
        return [(e.date, p.number) for e in kit.site.editions for p in e.pages if (e.date, p.number) in kit.prints]

    def place(self, kit, key):
        return kit.page_place(*key)

    def pages(self, kit, key):
        found = kit.prints[key]
        specs = []
        for made, path in print_paths(*key, found).items():
            source = found.pdf if made == "pdf" else found.image
            specs.append(PageSpec(path, "", {"made": made, "file": source}))
        return specs

    def page_key(self, theme, spec):
        return hashlib.sha1(f"print\n{code_version()}\n{spec.context!r}".encode()).hexdigest()

    def render(self, env, spec, config):
        made, source = spec.context["made"], spec.context["file"]
        try:
            data = prints.shown_copy(source) if made == SHOWN else Path(source.source).read_bytes()
        except OSError as exc:  # gone or cut short since the build found it; Pillow's errors are OSErrors
            return None, Problem(display_path(Path(source.source), config.root), 0, f"cannot read the 版's file: {exc}")
        return RenderedFile(urls.output_file(spec.path), data), None
