"""ArticleSources -> files in the content folder, never overwriting an editor's work.

In: the articles generated from one raw page, the content folder, `force`. Out: files
written, and a report of what was written, unchanged, kept or removed. Each file carries
`checksum:` of what was generated; a file whose text no longer matches its checksum was
edited by hand and is kept (unless `force`). Articles are matched to existing files of
the same raw page by content (headline and body fingerprint), not by print order: a brief
printed above an edited article on a re-delivered page gets a file of its own, and the
edited article keeps its text (its `order:` follows the page). Every file kept, moved or
removed is reported.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sitegen import frontmatter
from sitegen.files import atomic_write
from sitegen.ingest.model import ArticleSource
from sitegen.text import HAN_RE

CHECKSUM_KEY = "checksum"
MIN_SIMILARITY = 0.6  # body overlap (0-1) plus 0.5 for the same headline
_ORDER_RE = re.compile(r"^order: \d+$", re.MULTILINE)


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
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old, new): the article's place changed


@dataclass
class _Existing:
    path: Path
    text: str
    headline: str
    body: Counter

    @cached_property
    def edited(self) -> bool:  # (asked of a file several times while the page is planned)
        return not is_unedited(self.text)


def _han(text: str) -> str:
    return "".join(HAN_RE.findall(text))


def _existing(folder: Path, source_file: str) -> list[_Existing]:
    """Files in `folder` generated from `source_file`."""
    found: list[_Existing] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
            front, body, _ = frontmatter.parse(text)
        except (frontmatter.FrontMatterError, UnicodeDecodeError, OSError):
            continue
        source = front.get("source")
        if isinstance(source, dict) and source.get("file") == source_file:
            found.append(_Existing(path, text, _han(str(front.get("headline", ""))), Counter(_han(body))))
    return found


def _fingerprint(article: ArticleSource) -> tuple[Counter, str]:
    """(the body's Han characters counted, the headline's Han characters)."""
    return Counter(_han(article.body)), _han(str(dict(article.front)["headline"]))


def _similarity(fingerprint: tuple[Counter, str], old: _Existing) -> float:
    """How surely `old` holds the article of `fingerprint`: its body's characters (an
    editor changes a few), and its headline."""
    body, headline = fingerprint
    total = sum(body.values()) + sum(old.body.values())
    overlap = 2 * sum((body & old.body).values()) / total if total else 1.0  # two headlines alone
    return overlap + (0.5 if headline and headline == old.headline else 0.0)  # (untitled photos share no headline)


def match_by_content(articles: list[ArticleSource], existing: list[_Existing]) -> dict[int, _Existing]:
    """Article index -> the existing file holding it, best pairs first (headline and body
    fingerprint), so a brief printed above an edited article does not take its file."""
    prints = [_fingerprint(a) for a in articles]  # once each, not once per file compared
    pairs = sorted(
        ((_similarity(fp, old), i, j) for i, fp in enumerate(prints) for j, old in enumerate(existing)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    matched: dict[int, _Existing] = {}
    taken: set[int] = set()
    for score, i, j in pairs:
        if score >= MIN_SIMILARITY and i not in matched and j not in taken:
            matched[i] = existing[j]
            taken.add(j)
    return matched


def _with_order(text: str, order: int) -> str:
    """An edited file's text with its `order:` set to where the article is printed now."""
    return _ORDER_RE.sub(f"order: {order}", text, count=1)


def store(articles: list[ArticleSource], content: Path, source_file: str, force: bool) -> StoreReport:
    report = StoreReport()
    folders = {(content / a.relpath).parent for a in articles}
    existing = [old for folder in sorted(folders) for old in _existing(folder, source_file)]
    matched = match_by_content(articles, existing)
    # Plan every file first: (path, text, old file it replaces or None).
    plan: list[tuple[Path, str, _Existing | None]] = []
    for index, article in enumerate(articles):
        target = content / article.relpath
        old = matched.get(index)
        if old is not None and old.edited and not force:
            order = dict(article.front)["order"]
            text = _with_order(old.text, order)
            plan.append((target.with_name(f"{order:02d}-{old.path.name.split('-', 1)[-1]}"), text, old))
        else:
            plan.append((target, render(article), old))
    matched_paths = {old.path for old in matched.values()}
    leftovers = [old for old in existing if old.path not in matched_paths]
    planned = {path for path, _, _ in plan}
    for old in leftovers:
        if force or not old.edited:
            old.path.unlink()
            report.removed.append(str(old.path))
        elif old.path in planned:
            report.kept.append(str(old.path))  # an edited article no longer printed keeps its place
            plan = [(p.with_name(p.stem + "-new" + p.suffix) if p == old.path else p, t, o) for p, t, o in plan]
        else:
            report.kept.append(str(old.path))
    # Files that move are read already: clear their old places before writing the new ones.
    for path, _, old in plan:
        if old is not None and old.path != path and old.path.exists():
            old.path.unlink()
    for path, text, old in plan:
        keep = old is not None and old.edited and not force
        if old is not None and old.path != path:
            report.moved.append((str(old.path), str(path)))
        if keep:
            report.kept.append(str(path))
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            if not keep:
                report.unchanged.append(str(path))
            continue
        atomic_write(path, text.encode("utf-8"))
        if not keep:
            report.written.append(str(path))
    return report
