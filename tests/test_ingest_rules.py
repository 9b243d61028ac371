"""Golden tests per cleanup rule: tests/fixtures/rules/<rule>.md holds small raw pages and
what the drafts look like once that rule has run (the pipeline is run up to it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from golden import Case, read_cases, write_cases
from sitegen.ingest import pipeline
from sitegen.ingest.model import RawPage

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def run_rule(rule: str, text: str) -> str:
    page = RawPage("page.txt", tuple(text.split("\n")), dt.date(2018, 7, 5), 1)
    states = pipeline.run([page], pipeline.Context(home_province="浙江"), until=rule)
    return pipeline.dump(states)


def test_every_rule_has_a_fixture_file():
    assert sorted(p.stem for p in FIXTURES.glob("*.md")) == sorted(pipeline.RULE_NAMES)


@pytest.mark.parametrize("rule", pipeline.RULE_NAMES)
def test_rule_fixtures(rule, update_golden):
    path = FIXTURES / f"{rule}.md"
    cases = read_cases(path)
    assert cases, f"{path} has no cases"
    actual = [Case(c.title, c.input, run_rule(rule, c.input), c.line) for c in cases]
    if update_golden:
        write_cases(path, actual)
        return
    for case, got in zip(cases, actual):
        assert got.expected == case.expected, f"{path}:{case.line}: {case.title}"
