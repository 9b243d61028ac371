"""Loading article files (`docs/CONTENT.md`): a content folder in, validated Articles out.

Every file is read and checked before anything is rendered; each problem carries the
file and the line of the offending key (`path:line: front matter: ...`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from sitegen import frontmatter
from sitegen.errors import Problem, os_problem
from sitegen.site import markdown
from sitegen.site.models import UNTITLED, Article
from sitegen.site.reading import letter_count, summarize

TEXT_KEYS = (
    "headline", "kicker", "subtitle", "byline", "photo_credit", "dateline", "city", "county", "province", "checksum"
)
NAME_KEYS = ("reporters", "correspondents", "photographers")
KNOWN_KEYS = frozenset(TEXT_KEYS + NAME_KEYS + ("kind", "edition", "page", "order", "source"))
KINDS = ("article", "photo", "brief")
_UNTITLED_KINDS = " or ".join(f"`kind: {kind}`" for kind in UNTITLED)  # (for the message)

# City, county and person names become URL path segments (/city/宁波/江北/): letters of any script,
# digits, the middle dot of transliterated names, hyphens. Nothing that could climb out
# of a folder ('..', '/') or change a URL's meaning ('?', '#', '%').
NAME_RE = re.compile(r"[\w·・-]+")
# A path segment must fit a file name (255 bytes on ext4, 3 per Han character); no city
# or person needs more than a few dozen characters.
MAX_NAME = 40
# Page (版次) and print order become path segments too; no page holds 99,999 articles.
MAX_NUMBER = 99_999


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the project root when inside it, for messages. An absolute path
    without `..` is not resolved: resolving was a fifth of a file's parse."""
    name, prefix = str(path), str(root) + os.sep
    if path.is_absolute() and ".." not in path.parts:
        return name[len(prefix) :].replace(os.sep, "/") if name.startswith(prefix) else name
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def article_files(content_dir: Path) -> list[Path]:
    """Every `*.md` file under `content_dir` (symlinked folders not followed), in a
    stable order."""
    return [Path(name) for name in article_file_names(content_dir)]


def article_file_names(content_dir: Path) -> list[str]:
    """`article_files` as strings, for archives of tens of thousands: os.scandir knows
    each entry's type without a stat, and no Path is made (a sixth of Path.rglob's time)."""
    found: list[str] = []
    folders = [str(content_dir)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith(".md") and _is_file(entry):
                found.append(entry.path)
    return sorted(found, key=lambda name: name.split(os.sep))  # the order of the Paths


def _is_file(entry: os.DirEntry) -> bool:
    """A file, or a link that cannot be followed (a loop): listed, so that reading it
    names the problem instead of the listing ending in a traceback."""
    try:
        return entry.is_file()
    except OSError:
        return True


def load_articles(
    content_dir: Path, root: Path, parse=None, paths: list[Path] | list[str] | None = None
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Reads and validates every article file; returns the good articles and all problems.
    `parse(paths, root)` may stand in for `parse_files` (build.py: cached, on all cores);
    `paths`, for `article_files(content_dir)` when the caller has listed them already."""
    articles: list[Article] = []
    problems: list[Problem] = []
    first: dict[tuple, Article] = {}
    paths = article_files(content_dir) if paths is None else paths
    parsed = list(zip(paths, (parse or parse_files)(paths, root)))
    for path, (shown, article, found) in _number_unnumbered(parsed):
        problems.extend(found)
        if article is None:
            continue
        if article.key in first:
            # Two files at one edition, page and order would write the same article page.
            data = Path(path).read_bytes()
            line = frontmatter.line_of_key(data.decode("utf-8").removeprefix("\ufeff"), "order")
            problems.append(
                Problem(shown, line, f"front matter: {url_key(article)} is also {first[article.key].source}")
            )
        else:
            first[article.key] = article
            articles.append(article)
    return tuple(articles), tuple(problems)


def _number_unnumbered(parsed: list) -> list:
    """`sitegen build --content` reads any folder whose files have a headline, edition
    and page: a file with neither an `order` nor a number in its name (order 0 here)
    comes after the numbered articles of its page, in file path order."""
    if not any(article is not None and article.order == 0 for _, (_, article, _) in parsed):
        return parsed
    last: dict[tuple, int] = {}
    for _, (_, article, _) in parsed:
        if article is not None and article.order:
            last[(article.edition, article.page)] = max(last.get((article.edition, article.page), 0), article.order)
    numbered = []
    for path, (shown, article, found) in parsed:
        if article is not None and article.order == 0:
            where = (article.edition, article.page)
            last[where] = last.get(where, 0) + 1
            order = last[where]
            digest = hashlib.sha1(f"{article.digest} {order}".encode()).hexdigest()
            article = dataclasses.replace(article, order=order, digest=digest)
        numbered.append((path, (shown, article, found)))
    return numbered


def parse_files(paths: list[Path] | list[str], root: Path) -> list[tuple[str, Article | None, list[Problem]]]:
    return [parse_file(Path(path), root) for path in paths]


def parse_file(path: Path, root: Path) -> tuple[str, Article | None, list[Problem]]:
    """One file -> (its name in messages, Article or None, problems)."""
    shown = display_path(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:  # removed by a `git checkout` since it was listed, a loop of links…
        return shown, None, [Problem(shown, 0, os_problem(exc).message)]
    article, found = load_article(data, shown, path.name)
    return shown, article, found


def url_key(article: Article) -> str:
    edition, page, order = article.key
    return f"edition {edition}, page {page}, order {order}"


def load_article(data: bytes, shown: str, filename: str) -> tuple[Article | None, list[Problem]]:
    """One file's bytes -> (Article or None, problems); `shown` names the file in messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 0, f"not UTF-8 text: {exc.reason} at byte {exc.start}")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        source, body, _ = frontmatter.split(text)
        if source is None:
            return None, [Problem(shown, 1, "no front matter: not an article file, skipped", "warning")]
        front = frontmatter.load(source)
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(shown, exc.line, str(exc))]
    except ValueError as exc:  # PyYAML builds dates itself and fails on 2018-13-05
        return None, [Problem(shown, _bad_date_line(text), f"front matter: not a date: {exc}")]
    article, problems = _validate(front, body, text, shown, filename)
    if article is None:
        return None, problems
    plain = "".join(markdown.paragraphs(article.body))
    digest = hashlib.sha1(b"%s\0%s\0%s" % (shown.encode(), filename.encode(), data)).hexdigest()
    return dataclasses.replace(article, summary=summarize(plain), letters=letter_count(plain), digest=digest), problems


def _bad_date_line(text: str) -> int:
    """The line of the first front matter value that looks like a date but is none."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        match = re.search(r":\s*(\d{4}-\d\d?-\d\d?)\s*$", line)
        if match:
            try:
                dt.date(*map(int, match.group(1).split("-")))
            except ValueError:
                return number
    return 1


def _validate(front: dict, body: str, text: str, shown: str, filename: str):
    problems: list[Problem] = []

    def bad(key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(shown, frontmatter.line_of_key(text, key), f"front matter: {message}", severity))

    values: dict = {}
    for key in sorted(set(front) - KNOWN_KEYS, key=str):
        bad(str(key), f"unknown key {key!r}", "warning")
    for key in TEXT_KEYS:
        value = front.get(key)
        if value is None:
            values[key] = ""
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            values[key] = str(value).strip()
        else:
            bad(key, f"{key!r} must be text")
    for key in NAME_KEYS:
        value = front.get(key)
        if value is None:
            values[key] = ()
        elif isinstance(value, list) and all(isinstance(n, str) and n.strip() for n in value):
            values[key] = tuple(n.strip() for n in value)
        else:
            bad(key, f"{key!r} must be a list of names")
    for key in ("city", "county") + NAME_KEYS:
        names = values.get(key) or ()
        for name in (names,) if isinstance(names, str) else names:
            if key == "county" and name == "page":  # /city/宁波/page/2/ is the city's own listing
                bad(key, "'page' cannot name a county: it names a city's listing pages")
            elif name and not NAME_RE.fullmatch(name):
                bad(key, f"{name!r} cannot name a page: use letters, digits, '·' or '-'")
            elif len(name) > MAX_NAME:
                bad(key, f"{name[:20]!r}… is {len(name)} characters: a name may have at most {MAX_NAME}")
    values["kind"] = front.get("kind") or "article"
    if values["kind"] not in KINDS:
        bad("kind", f"'kind' must be one of {', '.join(KINDS)}, not {values['kind']!r}")
    if values.get("headline") == "":
        if values["kind"] in UNTITLED:
            values["headline"] = UNTITLED[values["kind"]]  # an item printed without a title
        else:
            bad("headline", f"'headline' is required (only {_UNTITLED_KINDS} may leave it empty)")
    if "edition" not in front:
        bad("edition", "'edition' is required")
    else:
        values["edition"] = frontmatter.as_date(front["edition"])
        if values["edition"] is None:
            bad("edition", f"'edition' must be a date YYYY-MM-DD, not {front['edition']!r}")
    for key in ("page", "order"):
        value = front.get(key)
        if value is None and key == "order":
            digits = re.match(r"\d+", filename)
            if digits:
                values[key] = int(digits.group())
                continue
            values[key] = 0  # unnumbered: placed after the numbered ones (load_articles)
            continue
        elif value is None:
            bad(key, f"{key!r} is required")
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_NUMBER:
            shown_value = value if not isinstance(value, int) or value < 10**12 else f"a number of {len(str(value))} digits"
            bad(key, f"{key!r} must be a whole number from 1 to {MAX_NUMBER:d}, not {shown_value!r}")
        else:
            values[key] = value
    if any(p.severity == "error" for p in problems):
        return None, problems
    values.pop("checksum")
    return Article(source=shown, body=body.strip("\n"), **values), problems

