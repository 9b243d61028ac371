"""Golden tests per page: the two real sample pages in, the expected article files out;
and the invariants that hold for every input (idempotence, no Han character lost silently)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from synthetic import han_ledger
from sitegen import frontmatter
from sitegen.config import load_config
from sitegen.ingest import ingest_paths, pipeline
from sitegen.ingest.read import find_raw_files, read_page

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
EXPECTED = Path(__file__).parent / "fixtures" / "pages"


def _ingest(tmp_path: Path) -> Path:
    out = tmp_path / "content"
    report = ingest_paths([SEEDS], out_dir=out, config=load_config(ROOT), force=True)
    assert not report.has_errors, report.problems
    return out


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def test_sample_pages_match_golden_articles(tmp_path, update_golden):
    out = _ingest(tmp_path)
    if update_golden:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
        return
    assert _files(out) == _files(EXPECTED)


def test_sample_pages_hold_fifteen_articles_four_of_them_photos(tmp_path):
    articles = [frontmatter.parse(text)[0] for text in _files(_ingest(tmp_path)).values()]
    by_page = Counter(a["page"] for a in articles)
    assert by_page == {1: 8, 5: 7}
    assert sum(a["kind"] == "photo" for a in articles) == 4
    headlines = [a["headline"] for a in articles]
    assert len(headlines) == len(set(headlines)), "an article continued lower on the page came out twice"


def test_continued_and_orphaned_text_lands_in_its_own_article(tmp_path):
    files = _files(_ingest(tmp_path))
    body = {frontmatter.parse(t)[0]["headline"]: frontmatter.parse(t)[1] for t in files.values()}
    wenzhou = body["聚医疗互助小钱 办职工保障大事"]
    assert "病情复杂" in wenzhou and "吸引非公企" in wenzhou
    assert "金华市总每年投入140万元" in body["金华工会：乡亲们，娘家人助你走振兴路！"]
    assert "金华市总每年投入" not in wenzhou
    assert "拉丝机高速飞转" in body["南浔2162对师徒 传承匠心共筑梦"]
    assert "奚圣来" not in body["“杭工e家”APP 服务职工零距离"]
    assert "奚圣来" in body["三门教育系统劳模“送教下乡”"]
    assert body["德清县总工会念好服务职工“HUI”字经"].count("这组视频上线后") == 1
    assert "王际明" in files["2018-07-05/01/01-宁波江北工会为2万名货运司机把好.md"]


def test_ingesting_twice_changes_nothing(tmp_path):
    out = _ingest(tmp_path)
    first = _files(out)
    report = ingest_paths([SEEDS], out_dir=out, config=load_config(ROOT), force=True)
    assert _files(out) == first
    assert not report.store.written


def _states():
    files, _ = find_raw_files([SEEDS])
    pages = [read_page(path, ROOT) for path in files]
    return pages, pipeline.run(pages, pipeline.Context(home_province="浙江"))


def test_no_han_character_is_lost_unless_a_rule_reports_it():
    pages, states = _states()
    for page, state in zip(pages, states):
        printed, kept, reported = han_ledger(page.lines, state)
        assert printed == kept + reported, f"{page.path}: lost {printed - kept - reported}, invented {kept + reported - printed}"


@pytest.mark.parametrize("rule", pipeline.RULE_NAMES)
def test_each_rule_run_twice_changes_nothing(rule):
    """Applying a rule to its own output is a no-op (black's assert_stable)."""
    pages, _ = _states()
    context = pipeline.Context(home_province="浙江")
    module = next(r for r in pipeline.RULES if r.NAME == rule)
    states = pipeline.run(pages, context, until=rule)
    if rule in ("blocks", "headings"):
        return  # these build the drafts from the page itself
    again = module.apply_batch(states, context) if module in pipeline.BATCH_RULES else [module.apply(s, context) for s in states]
    assert pipeline.dump(again) == pipeline.dump(states)
