"""Problems a person can act on: each has a place (file and line) and a message.

Stages collect problems instead of stopping at the first one; the command line
reports them all together and exits once with the code that fits.
"""

from __future__ import annotations

import re
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

    def __reduce__(self):  # as raised in a worker process: its problems, not its message's characters
        return _restored, (type(self), self.problems, self.exit_code)


def _restored(kind: type, problems: tuple[Problem, ...], exit_code: int) -> SitegenError:
    error = Exception.__new__(kind)
    SitegenError.__init__(error, problems, exit_code)
    return error


def os_problem(exc: OSError, root: Path | None = None) -> Problem:
    """A system error as a Problem naming its file (relative to `root` when inside it):
    `public: cannot write: Read-only file system`. A file gone between listing and
    reading says so (a `git checkout` while the build ran)."""
    if exc.filename is None and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        source, target, why = exc.args[0][0]  # shutil.Error: (source, target, reason) of each file
        why = re.sub(r"^\[Errno \d+\] ([^:]+).*$", r"\1", str(why), flags=re.S)
        return Problem(_shown(target, root), 0, f"cannot copy {_shown(source, root)}: {why}")
    name = exc.filename if exc.filename is not None else "sitegen"
    shown = _shown(name, root)
    reason = exc.strerror or str(exc)
    if exc.filename2 is not None:
        reason += f" (to {exc.filename2})"
    if isinstance(exc, FileNotFoundError):
        reason += ": removed while sitegen was using it? run again"
    return Problem(shown, 0, reason)


def _shown(name, root: Path | None) -> str:
    if root is not None and isinstance(name, (str, Path)) and Path(name).is_absolute():
        try:
            return Path(name).relative_to(root).as_posix() or "."
        except ValueError:
            pass
    return str(name)


class ConfigError(SitegenError):
    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        super().__init__(problems, EXIT_USAGE)
