"""Ingest: raw page files -> clean Markdown articles in the content folder.

In: paths of raw pages (or folders of them), the content folder, the configuration.
Out: an IngestReport (files written, unchanged, kept because edited by hand, removed; every
problem with its file). Pages of one edition are cleaned together, so an article continued
on another page (下转/上接) is stitched. Pages unchanged since the last ingest (same bytes,
same rules, same sitegen) are skipped using a cache keyed by content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import ConfigError, Problem
from sitegen.ingest import pipeline, serialize
from sitegen.ingest.decode import DecodeError
from sitegen.ingest.model import RawPage
from sitegen.ingest.places import lookup
from sitegen.ingest.read import find_raw_files, read_page
from sitegen.ingest.store import StoreReport, store
from sitegen.version import code_version



@dataclass
class IngestReport:
    pages: int = 0
    skipped: int = 0  # unchanged since the last ingest
    articles: int = 0
    store: StoreReport = field(default_factory=StoreReport)
    problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (rule, note)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def note_lines(self, verbose: bool = False) -> list[str]:
        """A line per rule that made notes (orphans moved, continuations without partner…);
        with `verbose`, every note under it."""
        by_rule: dict[str, list[str]] = defaultdict(list)
        for rule, note in self.notes:
            by_rule[rule].append(note)
        lines = []
        for rule in pipeline.RULE_NAMES:
            if by_rule.get(rule):
                notes = by_rule[rule]
                lines.append(f"rule {rule}: {len(notes)} note{'s' if len(notes) > 1 else ''}" + ("" if verbose else " (--verbose lists them)"))
                lines.extend(f"  {note}" for note in notes if verbose)
        return lines

    def summary_lines(self, verbose: bool = False) -> list[str]:
        s = self.store
        lines = [f"moved {old} -> {new}: its place on the page changed" for old, new in s.moved]
        lines += [f"kept {path}: edited by hand since it was generated (--force overwrites)" for path in s.kept]
        lines += [f"removed {path}: no longer on its page" for path in s.removed]
        lines += self.note_lines(verbose)
        lines.append(
            f"ingest: {self.pages} pages ({self.skipped} unchanged), {self.articles} articles: "
            f"{len(s.written)} written, {len(s.unchanged)} unchanged, {len(s.kept)} kept, {len(s.moved)} moved, {len(s.removed)} removed"
        )
        return lines


def _context(config: Config) -> pipeline.Context:
    """The rules' context; an unknown rule name under [tool.sitegen.ingest] is refused with
    its line, as markdown-it-py's `Ruler.disable` refuses a rule it does not have."""
    unknown = sorted(set(config.ingest) - set(pipeline.RULE_NAMES))
    if unknown:
        pyproject = config.root / "pyproject.toml"
        raise ConfigError(
            [Problem(str(pyproject), _line_of(pyproject, name), f"[tool.sitegen.ingest]: no rule named {name!r} (rules: {', '.join(pipeline.RULE_NAMES)})") for name in unknown]
        )
    enabled = tuple(name for name in pipeline.RULE_NAMES if config.ingest.get(name, True))
    return pipeline.Context(home_province=config.home_province, home_city=_home_city(config), enabled=enabled)


def _home_city(config: Config) -> str:
    """`home_city` of the configuration in its short form (温州 for 温州市), or ''. A name
    that is no prefecture-level city (余姚, a county of 宁波) is refused with its line."""
    if not config.home_city:
        return ""
    cities = {d.city for d in lookup(config.home_city) if d.level in ("city", "province") and d.city}
    if len(cities) != 1:
        pyproject = config.root / "pyproject.toml"
        line = _line_of(pyproject, "home_city", "tool.sitegen")
        message = f"home_city: {config.home_city!r} is not a prefecture-level city (give its short form: 温州, 甘孜, 北京)"
        raise ConfigError([Problem(str(pyproject), line, message)])
    return cities.pop()


def _line_of(pyproject: Path, name: str, table: str = "tool.sitegen.ingest") -> int:
    """The line of `name = …` in `table` (or in its inline form in the parent table, `ingest = {…}`), or 0."""
    try:
        lines = pyproject.read_text(encoding="utf-8").split("\n")
    except OSError:
        return 0
    key = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
    inline = re.compile(rf"^\s*{re.escape(table.rsplit('.', 1)[-1])}\s*=\s*\{{")
    inside = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.replace(" ", "") == f"[{table}]"
        elif (inside and key.match(line)) or (inline.match(line) and re.search(rf"\b{re.escape(name)}\s*=", line)):
            return number
    return 0


def _page_key(page: RawPage, out_dir: Path, context: pipeline.Context, edition: str | None) -> str:
    """The cache key of a page's articles: its bytes, the code, where they go, the rules."""
    return hashlib.sha256(f"{page.digest}|{code_version()}|{out_dir}|{context}|{edition}|{page.page}".encode()).hexdigest()


def ingest_paths(
    paths: list[Path],
    out_dir: Path,
    config: Config,
    force: bool = False,
    edition: str | None = None,
    page_number: int | None = None,
    progress=None,  # called with ("ingest", pages done, pages): sitegen.progress.Progress on a terminal
) -> IngestReport:
    report = IngestReport()
    out_dir = Path(out_dir).resolve()
    files, missing = find_raw_files([Path(p) for p in paths])
    report.problems.extend(missing)
    context = _context(config)
    cache_path = config.cache / "ingest.json"
    cache = _load_cache(cache_path)
    editions: dict[object, list[tuple[RawPage, str]]] = defaultdict(list)
    for path in files:
        shown = str(path)
        try:
            page = read_page(path, config.root, edition)
        except (DecodeError, OSError, ValueError) as exc:
            report.problems.append(Problem(shown, 0, f"cannot ingest: {exc}"))
            continue
        if page_number is not None:
            page = replace(page, page=page_number)
        unplaced = _unplaced(page, path)
        if unplaced:
            report.problems.append(Problem(page.path, 0, unplaced))
            continue
        report.pages += 1
        editions[page.edition].append((page, _page_key(page, out_dir, context, edition)))
    if any(p.severity == "error" and p.message.startswith("cannot place") for p in report.problems):
        return report  # an article the build would refuse is never written: nothing is
    done, total = 0, sum(len(pages) for pages in editions.values())
    for _, pages in sorted(editions.items(), key=lambda item: str(item[0])):
        if progress is not None:
            progress("ingest", done, total)
        done += len(pages)
        if not force and all(cache.get(page.path) == key for page, key in pages):
            report.skipped += len(pages)
            continue
        states = pipeline.run([page for page, _ in pages], context)
        for state in states:
            report.notes.extend(pipeline.notes_by_rule(state))
            report.problems.extend(_warnings(state.notes))
            articles = serialize.articles(state)
            report.articles += len(articles)
            stored = store(articles, out_dir, state.page.path, force)
            for name in ("written", "unchanged", "kept", "removed", "moved"):
                getattr(report.store, name).extend(getattr(stored, name))
        for page, key in pages:
            cache[page.path] = key
    if progress is not None:
        progress("ingest", total, total)
    _save_cache(cache_path, cache)
    return report


def _unplaced(page: RawPage, path: Path) -> str:
    """Why the page cannot be given its edition and page number, or ''."""
    if page.edition is None:
        return (
            f"cannot place the page: its folder {path.parent.name!r} is not a date (YYYY-MM-DD); "
            "put it in a dated folder or pass --edition"
        )
    if page.page is None:
        return f"cannot place the page: {path.name!r} has no page number (000_… is 第01版); rename it or pass --page"
    return ""


def _warnings(notes) -> list[Problem]:
    problems = []
    for note in notes:
        where, _, message = note.partition(": warning: ")
        if message:
            path, _, line = where.rpartition(":")
            problems.append(Problem(path, int(line) if line.isdigit() else 0, message, "warning"))
    return problems


def _load_cache(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_cache(path: Path, cache: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cache, sort_keys=True, indent=0), encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only costs time next run
