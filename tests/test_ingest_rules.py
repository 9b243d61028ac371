"""Golden tests per cleanup rule: tests/fixtures/rules/<rule>.md holds small raw pages and
what the drafts look like once that rule has run (the pipeline is run up to it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from golden import Case, write_cases
from markdown_it.utils import read_fixture_file
from sitegen.ingest import pipeline
from sitegen.ingest.model import RawPage

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def run_rule(rule: str, text: str) -> str:
    page = RawPage("page.txt", tuple(text.split("\n")), dt.date(2018, 7, 5), 1)
    states = pipeline.run([page], pipeline.Context(home_province="浙江"), until=rule)
    return pipeline.dump(states)


def test_every_rule_has_a_fixture_file():
    assert sorted(p.stem for p in FIXTURES.glob("*.md")) == sorted(pipeline.RULE_NAMES)


def rule_cases() -> list:
    """Every case of every rule's fixture file, one test each: (rule, line, title, input, expected)."""
    return [
        pytest.param(rule, line, title, text, expected, id=f"{rule}.md:{line}")
        for rule in pipeline.RULE_NAMES
        for line, title, text, expected in read_fixture_file(FIXTURES / f"{rule}.md")
    ]


@pytest.mark.parametrize(("rule", "line", "title", "text", "expected"), rule_cases())
def test_rule_fixture(rule, line, title, text, expected):
    assert run_rule(rule, text) == expected, f"{FIXTURES / rule}.md:{line}: {title}"


def test_update_rule_fixtures(update_golden):
    """`pytest --update-golden` rewrites every rule's fixture file from the current output."""
    if not update_golden:
        pytest.skip("only with --update-golden")
    for rule in pipeline.RULE_NAMES:
        path = FIXTURES / f"{rule}.md"
        cases = read_fixture_file(path)
        write_cases(path, [Case(title, text, run_rule(rule, text), line) for line, title, text, _ in cases])

