"""A 版's printed page as the paper delivers it beside the raw text: a PDF or a page image
(`seeds/2018-07-05/000_….pdf`, `000_….jpg`; the file name's number is the 版's, as for
raw text). The seeds folder in; per (edition date, page number) its `Print` out, which
the 版 page shows (pages/edition.py) and the build copies (pages/prints.py).

A page image is shown on the 版 page as a copy 720 px wide (JPEG; Pillow), linked to the
full one; a PDF is offered as a download. A 版 with neither is shown as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problem
from sitegen.seeds import edition_of, page_of
from sitegen.site import urls
from sitegen.site.content import display_path

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
SUFFIXES = (".pdf", *IMAGE_SUFFIXES)
SHOWN_WIDTH = 720  # px of the copy shown on the 版 page
SHOWN = "shown"


@dataclass(frozen=True)
class PrintFile:
    source: str  # absolute path of the delivered file
    suffix: str  # .pdf, .jpg …
    size: int  # bytes
    mtime_ns: int  # with the size and path, what says the file changed
    shown: tuple[int, int] = (0, 0)  # a page image's width and height as shown on the 版 page


@dataclass(frozen=True)
class Print:
    """What was delivered for one 版: a PDF, a page image, or both."""

    pdf: PrintFile | None = None
    image: PrintFile | None = None

    def read(self) -> tuple:
        """What a page showing it reads (pages/base.py digests names and numbers)."""
        return tuple((f.source, f.size, f.mtime_ns) for f in (self.pdf, self.image) if f is not None)


def find_prints(seeds: Path, root: Path) -> tuple[dict[tuple[dt.date, int], Print], list[Problem]]:
    """Every 版's delivered PDF and page image under `seeds` (the first of each kind, by
    name, where a 版 has several), and a warning for each file left out: a page image
    that cannot be read, a file whose name or folder gives no 版."""
    found: dict[tuple[dt.date, int], dict[str, PrintFile]] = {}
    problems: list[Problem] = []
    if not seeds.is_dir():
        return {}, []
    for path in sorted(seeds.rglob("*")):
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES or path.name.startswith(".") or not path.is_file():
            continue
        shown = display_path(path, root)
        date, number = edition_of(path, None), page_of(path)
        if date is None or number is None:
            problems.append(Problem(shown, 0, "not shown: a page's PDF or image needs a dated folder and a page number (000_… is 第01版)", "warning"))
            continue
        kind = "pdf" if suffix == ".pdf" else "image"
        if kind in found.get((date, number), {}):
            continue
        stat = path.stat()
        size = (0, 0)
        if kind == "image":
            try:
                size = _shown_size(path)
            except (OSError, ValueError) as exc:  # Pillow's UnidentifiedImageError is an OSError
                problems.append(Problem(shown, 0, f"not shown: cannot read the page image ({exc.__class__.__name__})", "warning"))
                continue
        found.setdefault((date, number), {})[kind] = PrintFile(str(path.resolve()), suffix, stat.st_size, stat.st_mtime_ns, size)
    return {key: Print(kinds.get("pdf"), kinds.get("image")) for key, kinds in found.items()}, problems


def unplaced(prints: dict[tuple[dt.date, int], Print], pages: set[tuple[dt.date, int]], root: Path) -> list[Problem]:
    """A warning for each delivered file of a 版 that has no article (no page to show it on)."""
    problems = []
    for (date, number), found in sorted(prints.items()):
        if (date, number) not in pages:
            for file in (found.pdf, found.image):
                if file is not None:
                    message = f"not shown: {date.isoformat()} has no article on 第{number:02d}版"
                    problems.append(Problem(display_path(Path(file.source), root), 0, message, "warning"))
    return problems


def size_label(size: int) -> str:
    """`1.2 MB`, `340 KB`."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"


def shown_copy(image: PrintFile) -> bytes:
    """The page image as shown on the 版 page: a JPEG of `image.shown` pixels."""
    from io import BytesIO

    from PIL import Image

    with Image.open(image.source) as original:
        original.draft("RGB", image.shown)  # a JPEG decodes at a fraction of its size
        copy = original.convert("RGB")
        if copy.size != image.shown:
            copy = copy.resize(image.shown, Image.Resampling.LANCZOS)
        out = BytesIO()
        copy.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        return out.getvalue()


def _shown_size(path: Path) -> tuple[int, int]:
    """The shown copy's width and height: SHOWN_WIDTH wide, never wider than the
    original (read from its header only)."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
    return (width, height) if width <= SHOWN_WIDTH else (SHOWN_WIDTH, round(height * SHOWN_WIDTH / width))


def print_paths(date, number: int, found: Print) -> dict[str, str]:
    """Site paths of a 版's files: `pdf`, `image` (as delivered), `shown` (its copy)."""
    stem = f"{urls.page_path(date, number)}{date.isoformat()}-{number:02d}"
    paths = {}
    if found.pdf is not None:
        paths["pdf"] = stem + ".pdf"
    if found.image is not None:
        paths["image"] = stem + found.image.suffix
        paths[SHOWN] = f"{stem}-{SHOWN_WIDTH}.jpg"
    return paths
