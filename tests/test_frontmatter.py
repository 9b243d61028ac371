"""The front matter shortcut reads exactly what YAML reads: on every article file of the
project, on a generated archive, on blocks written by `dump` and on arbitrary lines."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import frontmatter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import search_archive  # noqa: E402 - the benchmarks' archive generator


def yaml_or_error(source: str):
    try:
        return frontmatter.load_yaml(source)
    except (frontmatter.FrontMatterError, ValueError) as exc:  # ValueError: a date like 2018-13-05
        return ("error", str(exc))


def agree(source: str) -> bool:
    """True when the shortcut took `source`; it must then read what YAML reads, types too."""
    simple = frontmatter._simple(source)
    if simple is not None:
        expected = yaml_or_error(source)
        assert simple == expected, source
        assert [type(v) for v in simple.values()] == [type(v) for v in expected.values()], source
    return simple is not None


def test_every_article_file_of_the_project_and_a_generated_archive(tmp_path):
    search_archive.generate(tmp_path, 300, kickers=0.5)
    files = [*REPO.glob("content/**/*.md"), *REPO.glob("tests/fixtures/**/*.md"), *tmp_path.rglob("*.md")]
    taken = 0
    for path in files:
        source, _, _ = frontmatter.split(path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n"))
        if source is not None:
            taken += agree(source)
    assert taken >= 0.9 * len(files)  # the shortcut serves nearly every real file


PIECES = list("ab 甲乙:#'\"-[],{}&*!|>%@`~?01239.+_\t") + ["true", "null", "2018-07-05", "1e3", "NO", ": ", " #"]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
        st.one_of(
            TRICKY,
            st.integers(-10**6, 10**6),
            st.lists(TRICKY, max_size=4),
            st.dates(),
            st.dictionaries(st.sampled_from(["file", "lines", "true", "x"]), st.one_of(TRICKY, st.integers()), max_size=3),
        ),
        max_size=6,
    )
)
def test_blocks_written_by_dump(data):
    source = frontmatter.dump(data).removeprefix("---\n").removesuffix("---\n").rstrip("\n")
    agree(source)


TRAPS = ["x #y", "b:", "b: c", "'a' b", "'a''", "[a, b #]", "[a,b]", "{a: b #}", "-x", "1.5", "~", "2018-13-05", "0o10", "甲\t乙"]


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["headline", "page", "true", "null", "x y"]), st.one_of(TRICKY, st.sampled_from(TRAPS)))
def test_arbitrary_lines(key, value):
    agree(f"{key}: {value}")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["file", "lines", "null", "a b"]), TRICKY), min_size=1, max_size=3))
def test_arbitrary_flow_mappings(pairs):
    agree("source: {" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}")


def test_the_traps():
    for value in TRAPS:
        agree(f"headline: {value}")
