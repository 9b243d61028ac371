"""Golden fixture files in markdown-it-py's format: a title, then `.`-separated input and expected.

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


def read_cases(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, index = [], 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title, start = lines[index], index + 1
        assert lines[index + 1] == ".", f"{path}:{index + 2}: expected '.' after the title"
        parts, current, index = [], [], index + 2
        while len(parts) < 2:
            if lines[index] == ".":
                parts.append("\n".join(current))
                current = []
            else:
                current.append(lines[index])
            index += 1
        cases.append(Case(title, parts[0] + "\n", parts[1] + "\n" if parts[1] else "", start))
    return cases


def write_cases(path: Path, cases: list[Case]) -> None:
    chunks = [f"{c.title}\n.\n{c.input.rstrip(chr(10))}\n.\n{c.expected.rstrip(chr(10))}\n.\n" for c in cases]
    path.write_text("\n".join(chunks), encoding="utf-8")
