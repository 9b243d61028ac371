"""ArticleSources -> files in the content folder, never overwriting an editor's work.

In: the articles generated from one raw page, the content folder, `force`. Out: files
written, and a report of what was written, unchanged, kept or removed. Each file carries
`checksum:` of what was generated; a file whose text no longer matches its checksum was
edited by hand and is kept (unless `force`). Articles are matched to existing files by
their raw page and print order, so a changed slug does not duplicate an edited article.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import frontmatter
from sitegen.files import atomic_write
from sitegen.ingest.model import ArticleSource

CHECKSUM_KEY = "checksum"


def _checksum(unsigned: str) -> str:
    return "sha256:" + hashlib.sha256(unsigned.encode("utf-8")).hexdigest()[:32]


def render(article: ArticleSource) -> str:
    """The file text; its last front matter key is a checksum of the file without that line."""
    front_block = frontmatter.dump(dict(article.front))
    checksum = f"{CHECKSUM_KEY}: {_checksum(front_block + chr(10) + article.body)}\n"
    closing = front_block.rindex(frontmatter.FENCE)
    return front_block[:closing] + checksum + front_block[closing:] + "\n" + article.body


def is_unedited(text: str) -> bool:
    """True when `text` is exactly what ingest generated (its checksum still matches)."""
    line = next((ln for ln in text.split("\n") if ln.startswith(f"{CHECKSUM_KEY}: sha256:")), None)
    return line is not None and line.split(": ", 1)[1] == _checksum(text.replace(line + "\n", "", 1))


@dataclass
class StoreReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by hand, left as they are
    removed: list[str] = field(default_factory=list)


def _existing_by_order(folder: Path, source_file: str) -> dict[int, Path]:
    """Files in `folder` generated from `source_file`, by print order."""
    found: dict[int, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        try:
            front, _, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
        except (frontmatter.FrontMatterError, UnicodeDecodeError, OSError):
            continue
        source = front.get("source")
        if isinstance(source, dict) and source.get("file") == source_file and isinstance(front.get("order"), int):
            found.setdefault(front["order"], path)
    return found


def store(articles: list[ArticleSource], content: Path, source_file: str, force: bool) -> StoreReport:
    report = StoreReport()
    folders = {(content / a.relpath).parent for a in articles}
    existing: dict[int, Path] = {}
    for folder in sorted(folders):
        existing.update(_existing_by_order(folder, source_file))
    for article in articles:
        order = dict(article.front)["order"]
        target = content / article.relpath
        text = render(article)
        old = existing.pop(order, None)
        if old is not None:
            current = old.read_text(encoding="utf-8")
            if not force and not is_unedited(current):
                report.kept.append(str(old))
                continue
            if old != target:
                old.unlink()
                report.removed.append(str(old))
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            report.unchanged.append(str(target))
            continue
        if target.is_file() and not force and not is_unedited(target.read_text(encoding="utf-8")):
            report.kept.append(str(target))
            continue
        atomic_write(target, text.encode("utf-8"))
        report.written.append(str(target))
    for _, path in sorted(existing.items()):
        if force or is_unedited(path.read_text(encoding="utf-8")):
            path.unlink()
            report.removed.append(str(path))
        else:
            report.kept.append(str(path))
    return report
