"""OpenCC's dictionaries as Python dicts: a dictionary's name (STCharacters, STPhrases,
TSCharacters ...) in, {text: [candidates, best first]} out.

The `opencc` package ships its dictionaries compiled (.ocd2) with the `opencc_dict` tool
that writes them back as text; the page and query tables are made from that text, so
they follow the installed OpenCC, whose version names them (`version`)."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

from sitegen.errors import ConfigError, Problem


def _package() -> Path:
    try:
        import opencc
    except ImportError as error:  # (a broken install: opencc is a dependency)
        raise ConfigError([Problem("pyproject.toml", 0, f"繁體 tables need the opencc package: {error}")]) from None
    return Path(opencc.__file__).resolve().parent / "clib"


def version() -> str:
    import opencc

    return str(opencc.__version__)


@functools.cache
def load(name: str) -> dict[str, list[str]]:
    """The dictionary `name` (without .ocd2): each entry's text and its candidates."""
    clib = _package()
    tool, source = clib / "bin" / "opencc_dict", clib / "share" / "opencc" / f"{name}.ocd2"
    with tempfile.TemporaryDirectory(prefix="sitegen-opencc-") as work:
        text = Path(work) / f"{name}.txt"
        try:
            subprocess.run([str(tool), "-i", str(source), "-o", str(text), "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as error:
            raise ConfigError([Problem(str(source), 0, f"cannot read OpenCC's dictionary with {tool}: {error}")]) from None
        entries = {}
        for line in text.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            if key and values:
                entries[key] = values.split(" ")
        return entries
