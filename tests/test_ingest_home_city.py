"""A city's paper calls its city 我市 or 本市: with `home_city` configured, ingest reads
them as that city; without it, they name no place. The name is checked when ingest starts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from sitegen.ingest import pipeline
from sitegen.ingest.model import RawPage

OWN_CITY_STORY = """职工书屋开进工地

本报讯 记者王小明报道 近日,我市总工会把职工书屋建到了重点工程工地,本市首批三家工地书屋已投用。
"""
NAMED_CITY_STORY = """杭州工匠学院开学

本报讯 记者王小明报道 近日,杭州工匠学院开学,首批学员来自杭州各行业,我市也派出了学员。
"""
MARKET_STORY = """外贸企业职工培训开班

本报讯 记者王小明报道 近日,外贸企业职工培训开班,课程讲解日本市场和资本市场的新规。
"""


def _place(text: str, home_city: str = "") -> tuple[str, str]:
    page = RawPage("page.txt", tuple(text.split("\n")), dt.date(2018, 7, 5), 1)
    state = pipeline.run([page], pipeline.Context(home_province="浙江", home_city=home_city))[0]
    (draft,) = state.drafts
    return draft.field("city", ""), draft.field("province", "")


def test_our_city_is_the_configured_home_city():
    assert _place(OWN_CITY_STORY, home_city="温州") == ("温州", "浙江")


def test_without_a_home_city_our_city_names_no_place():
    assert _place(OWN_CITY_STORY) == ("", "")


def test_a_city_named_in_the_headline_outweighs_a_passing_our_city():
    assert _place(NAMED_CITY_STORY, home_city="温州")[0] == "杭州"


def test_ben_shi_inside_other_words_is_not_our_city():
    assert _place(MARKET_STORY, home_city="温州") == ("", "")


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "seeds" / "2018-07-05"
    folder.mkdir(parents=True)
    (folder / "001.txt").write_text(OWN_CITY_STORY, encoding="utf-8")
    return tmp_path


def _ingest(project, home_city: str) -> subprocess.CompletedProcess:
    (project / "pyproject.toml").write_text(f'[tool.sitegen]\nhome_province = "浙江"\nhome_city = "{home_city}"\n', encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sitegen", "ingest", "seeds"], cwd=project, capture_output=True, text=True, timeout=120)


def test_home_city_in_full_is_read_in_its_short_form(project):
    run = _ingest(project, "温州市")
    assert run.returncode == 0, run.stderr
    (article,) = (project / "content").rglob("*.md")
    assert "\ncity: 温州\n" in article.read_text(encoding="utf-8")


def test_a_home_city_that_is_no_city_is_refused_with_its_line(project):
    run = _ingest(project, "余姚")  # a county-level city of 宁波
    assert run.returncode == 2
    assert f"{project / 'pyproject.toml'}:3: home_city: '余姚' is not a prefecture-level city" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (project / "content").exists()
