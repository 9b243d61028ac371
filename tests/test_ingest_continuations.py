"""Articles continued on another page: （下转第4版） on page 1 and （上接第1版） on page 4,
both ingested together, make one article in reading order (the rule `continuations`)."""

from __future__ import annotations

from pathlib import Path

from sitegen.ingest import pipeline
from sitegen.ingest.read import find_raw_files, read_page

PAGES = Path(__file__).parent / "fixtures" / "continuations"


def _run(enabled=pipeline.RULE_NAMES):
    files, _ = find_raw_files([PAGES])
    pages = [read_page(path, PAGES) for path in files]
    return pipeline.run(pages, pipeline.Context(home_province="浙江", enabled=enabled))


def _articles(states):
    return [(s.page.page, d.field("headline"), d.body_text) for s in states for d in s.drafts]


def test_both_parts_become_one_article_in_reading_order():
    articles = _articles(_run())
    assert [(page, headline) for page, headline, _ in articles] == [
        (1, "省总工会赴阿坝州开展“送温暖”慰问活动"),
        (1, "长春市总465家工会驿站助力冰雪旅游"),
        (4, "重庆茶园工会送“福”到一线"),
    ]
    body = articles[0][2]
    assert body.index("卧龙特大桥") < body.index("徐其斌来到现场后") < body.index("徐其斌对此给予充分肯定")
    assert "下转" not in body and "上接" not in body


def test_the_markers_and_the_repeated_headline_are_reported_and_nothing_else_is_lost():
    states = _run()
    removed = [(r.reason, r.text) for s in states for r in s.removals if r.rule == "continuations"]
    assert ("continuation marker", "（下转第4版）") in removed
    assert ("continuation marker", "（上接第1版）") in removed
    assert ("headline repeated over the continuation", "赴阿坝州开展“送温暖”慰问活动") in removed


def test_a_part_whose_page_is_missing_stays_and_is_noted():
    files, _ = find_raw_files([PAGES])
    inside = [read_page(path, PAGES) for path in files if path.name.startswith("003")]
    [state] = pipeline.run(inside, pipeline.Context(home_province="浙江"))
    assert len(state.drafts) == 2
    assert any("continued from page 1, which was not ingested with it" in note for note in state.notes)


def test_without_stitching_the_second_part_is_an_article_of_its_own():
    """What the rule prevents: switched off, the tail is a separate article."""
    off = tuple(name for name in pipeline.RULE_NAMES if name != "continuations")
    articles = _articles(_run(off))
    assert len(articles) == 4
    assert "下转" in "".join(b for _, _, b in articles)
