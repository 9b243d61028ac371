"""YAML front matter as data, never code: split, load safely, dump deterministically.

In: a Markdown file's text. Out: (mapping, body, line of the body's first line), or a
`FrontMatterError` with the line it concerns. Loading follows YAML 1.2's plain types:
`city: NO` stays the text NO, `page: 010` is 10, aliases (and so alias bombs) are refused.
"""

from __future__ import annotations

import datetime as _dt
import re

import yaml

from sitegen import shortcuts

FENCE = "---"


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


# libyaml's parser and emitter when PyYAML was built with them (they are 10-30x faster).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _Loader(_SafeLoader):
    """SafeLoader with YAML 1.1's surprises removed (yes/no/on/off, octal, base 60)."""


class _PyLoader(yaml.SafeLoader):
    """The pure-Python loader with the same types, for wording errors."""


def _refuse_aliases(source: str) -> None:
    """Aliases (and so alias bombs) are refused before anything is built from them."""
    if "*" not in source:
        return
    for event in yaml.parse(source, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed in front matter", event.start_mark)


_YAML_1_1_TYPES = ("bool", "int", "float")
for _loader in (_Loader, _PyLoader):
    _loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag.rsplit(":", 1)[-1] not in _YAML_1_1_TYPES]
        for key, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false|True|False|TRUE|FALSE)$"), list("tTfF"))
    _loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
    )


MAX_DIGITS = 100  # `page: 999…9` of thousands of digits is an error with its line, not a crash


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(None, None, f"a number of more than {MAX_DIGITS} digits", node.start_mark)
    return int(text, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_PyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def split(text: str) -> tuple[str | None, str, int]:
    """Splits `text` into (front matter source or None, body, 1-based line of the body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "front matter opened with '---' is never closed")


# -- the shortcut ------------------------------------------------------------------------------
# Nearly every article file is what `dump` writes: one `key: value` line per key, values
# plain, single-quoted or a flow list of plain names. Such a block is read here without
# the YAML machinery (a third of loading an article), with YAML's own resolver deciding
# what a plain value is; anything else goes to YAML. tests/test_frontmatter.py checks
# that both agree on every file of the project and on generated blocks.

_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
# Characters outside YAML's printable set, its other line breaks (NEL, U+2028/9) and BOM.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:(?!: | #)[^\t])*")
_IN_LIST = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:\t'\"]*")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
# A flow mapping of plain or single-quoted values, as ingest writes `source:`.
_ENTRY = r"([A-Za-z_][A-Za-z0-9_]*): ('(?:[^']|'')*'|[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:'\"\t]*)"
_MAPPING = re.compile(rf"\{{{_ENTRY}(?:, {_ENTRY})*\}}")
_MAPPING_ENTRY = re.compile(_ENTRY)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_RESOLVER = _Resolver()
_STR, _INT, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"


_NOT_SIMPLE = object()  # what _plain returns for a value YAML should read


def _plain(value: str, pattern: re.Pattern) -> object:
    """A plain scalar's value, or _NOT_SIMPLE."""
    if not pattern.fullmatch(value) or value != value.strip():
        return _NOT_SIMPLE
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag == _INT and len(value.lstrip("+-")) <= MAX_DIGITS:
        return int(value, 10)
    if tag == _TIMESTAMP and _DATE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return _NOT_SIMPLE  # YAML's own error message, with its line
    return _NOT_SIMPLE


def _flow_mapping(value: str) -> dict | None:
    if not _MAPPING.fullmatch(value):
        return None
    mapping: dict = {}
    for entry in _MAPPING_ENTRY.finditer(value):
        key, item = entry.group(1), entry.group(2)
        if _RESOLVER.resolve(yaml.ScalarNode, key, (True, False)) != _STR:
            return None
        if item.startswith("'"):
            mapping[key] = item[1:-1].replace("''", "'")
            continue
        item = _plain(item, _IN_LIST)
        if item is _NOT_SIMPLE:
            return None
        mapping[key] = item
    return mapping


def _simple(source: str) -> dict | None:
    """`source` read as one plain `key: value` line per key, or None when it is anything else."""
    if _UNUSUAL.search(source):
        return None
    data: dict = {}
    for line in source.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2)
        if not value or value.endswith(":") or _RESOLVER.resolve(yaml.ScalarNode, key, (True, False)) != _STR:
            return None  # `key:` is null, `k: v:` an error, `true: x` a key that is no text: YAML says
        if value.startswith("'"):
            quoted = _QUOTED.fullmatch(value)
            if quoted is None:
                return None
            data[key] = quoted.group(1).replace("''", "'")
        elif value.startswith("{"):
            mapping = _flow_mapping(value)
            if mapping is None:
                return None
            data[key] = mapping
        elif value.startswith("[") and value.endswith("]"):
            inner = value[1:-1]
            items = [_plain(item, _IN_LIST) for item in inner.split(", ")] if inner else []
            if any(item is _NOT_SIMPLE or not isinstance(item, str) for item in items):
                return None
            data[key] = items
        else:
            scalar = _plain(value, _PLAIN)
            if scalar is _NOT_SIMPLE:
                return None
            data[key] = scalar
    return data


def load(source: str) -> dict:
    """Loads front matter YAML into a mapping; raises FrontMatterError with a 1-based file line."""
    simple = _simple(source) if shortcuts.enabled() else None
    if simple is not None:
        return simple
    return load_yaml(source)


def load_yaml(source: str) -> dict:
    """`load` by the YAML parser alone."""
    try:
        _refuse_aliases(source)
        data = yaml.load(source, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.YAMLError as exc:
        if _Loader is not _PyLoader and not isinstance(exc, yaml.composer.ComposerError):
            # libyaml found it; PyYAML's own parser words the same problem the same way on
            # every machine (with or without libyaml), so messages and tests agree.
            try:
                yaml.load(source, Loader=_PyLoader)  # noqa: S506 - derives from SafeLoader
            except yaml.YAMLError as python_exc:
                exc = python_exc
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 0-based, +1 for the fence
        reason = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(line, f"front matter: {reason}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    return data


def parse(text: str) -> tuple[dict, str, int]:
    """A whole file's text -> (front matter mapping, body, body's first line)."""
    source, body, body_line = split(text)
    return (load(source) if source is not None else {}), body, body_line


def line_of_key(text: str, key: str) -> int:
    """The 1-based line where `key:` stands in the front matter, else 1: for messages."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.strip() == FENCE:
            break
        if line.startswith(f"{key}:"):
            return number
    return 1


class _Dumper(_SafeDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict) -> str:
    """A mapping -> front matter block with fences, keys in the given order, lists inline."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=1000,
    )
    return f"{FENCE}\n{text}{FENCE}\n"


def as_date(value) -> _dt.date | None:
    """A front matter date (YAML date or 'YYYY-MM-DD' text) -> date, else None."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
