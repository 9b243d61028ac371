"""Problems a person can act on: each has a place (file and line) and a message.

Stages collect problems instead of stopping at the first one; the command line
reports them all together and exits once with the code that fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_CONTENT = 1  # content or build errors
EXIT_USAGE = 2  # usage or configuration errors


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: `path:line: message`. `line` is 0 when the whole file is meant."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.message}"


def problem(path: str | Path, line: int, message: str, severity: str = "error") -> Problem:
    return Problem(str(path), line, message, severity)


class SitegenError(Exception):
    """Raised with every problem of a stage; `exit_code` says what kind they are."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], exit_code: int = EXIT_CONTENT):
        self.problems = tuple(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(SitegenError):
    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        super().__init__(problems, EXIT_USAGE)
