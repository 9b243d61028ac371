"""Golden fixture files in markdown-it-py's format (read with `markdown_it.utils.read_fixture_file`):
a title, then `.`-separated input and expected; written back here by `--update-golden`.

    title of the case
    .
    input text
    .
    expected text
    .

Cases are separated by blank lines after the closing dot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    title: str
    input: str
    expected: str
    line: int  # where the case starts in its file


def write_cases(path: Path, cases: list[Case]) -> None:
    chunks = [f"{c.title}\n.\n{c.input.rstrip(chr(10))}\n.\n{c.expected.rstrip(chr(10))}\n.\n" for c in cases]
    path.write_text("\n".join(chunks), encoding="utf-8")
