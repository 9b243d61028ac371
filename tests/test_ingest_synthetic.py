"""Pages nobody has seen: the sample articles laid out again with a real feed's defects
(other column widths, column breaks elsewhere, other byline forms and punctuation) must
ingest back into the same articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthetic import han_ledger, Layout, han, load_truths, render
from sitegen.ingest import pipeline
from sitegen.ingest.model import RawPage
from sitegen.ingest.rules.missing_text import MARK as MISSING_MARK

TRUTHS = load_truths(Path(__file__).parent / "fixtures" / "pages")


def ingest_text(text: str) -> list[dict]:
    """The articles' fields and body text. The mark （原文缺失） is left out: where a layout
    cut a sentence and no word runs across the cut, ingest cannot tell the cut from text the
    OCR lost, and asks the editor to look; the mark is not text."""
    page = RawPage("synthetic.txt", tuple(text.split("\n")), dt.date(2020, 1, 1), 1)
    [state] = pipeline.run([page], pipeline.Context(home_province="浙江"))
    return [dict(d.fields) | {"body": d.body_text.replace(MISSING_MARK, "")} for d in state.drafts]


def compare(truths, articles) -> list[str]:
    problems = []
    if len(truths) != len(articles):
        return [f"{len(articles)} articles instead of {len(truths)}: {[a['headline'] for a in articles]}"]
    for truth, article in zip(truths, articles):
        expected_body = han("".join(text for _, text in truth.blocks))
        checks = {
            "headline": (han(truth.headline), han(article["headline"])),
            "kicker": (han(truth.kicker), han(article["kicker"])),
            "subtitle": (han(truth.subtitle), han(article["subtitle"])),
            "reporters": (list(truth.reporters), article["reporters"]),
            "correspondents": (list(truth.correspondents), article["correspondents"]),
            "photographers": (list(truth.photographers), article["photographers"]),
            "kind": (truth.kind, article["kind"]),
            "city": (truth.city, article["city"]),
            "body": (expected_body, han(article["body"])),
        }
        for key, (want, got) in checks.items():
            if want != got:
                problems.append(f"{truth.headline}: {key}: {str(got)[:60]!r} != {str(want)[:60]!r}")
    return problems


# The sample pages break a column inside a paragraph about once every 50 lines (0.02);
# these layouts break up to twice as often.
LAYOUTS = [
    Layout(width=None, column_break=0.0, half_width=0.0, seed=1),
    Layout(width=13, column_break=0.0, half_width=0.0, seed=2),
    Layout(width=14, column_break=0.03, half_width=0.5, seed=3),
    Layout(width=None, column_break=0.0, half_width=1.0, seed=4),
    Layout(width=15, column_break=0.04, half_width=1.0, seed=5),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda l: f"w{l.width}-b{l.column_break}-h{l.half_width}-s{l.seed}")
@pytest.mark.parametrize("page", range(len(TRUTHS)))
def test_sample_articles_come_back_from_another_layout(page, layout):
    truths = TRUTHS[page]
    assert compare(truths, ingest_text(render(truths, layout))) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.integers(0, len(TRUTHS) - 1),
    width=st.one_of(st.none(), st.integers(12, 16)),
    column_break=st.sampled_from([0.0, 0.02, 0.04, 0.08]),
    half_width=st.floats(0, 1),
    seed=st.integers(0, 10_000),
)
def test_ingest_of_any_layout_keeps_every_han_character(page, width, column_break, half_width, seed):
    """Property: whatever the layout, no body character is lost or invented, nothing crashes."""
    truths = TRUTHS[page]
    text = render(truths, Layout(width, column_break, half_width, seed))
    articles = ingest_text(text)
    got = sorted(han(a["body"]) + han(a["headline"] + a["kicker"] + a["subtitle"]) for a in articles)
    assert "".join(sorted("".join(got))) == "".join(
        sorted("".join(han("".join(t for _, t in tr.blocks)) + han(tr.headline + tr.kicker + tr.subtitle) for tr in truths))
    )


# Floors under the share of pages given back exactly when a defect is added (measured:
# benchmarks/ingest_robustness.py); a change to the rules that loses ground fails here.
DEFECT_FLOORS = {"orphan": 0.65, "repeat_headline": 0.8, "duplicate": 0.95}


@pytest.mark.parametrize("defect", sorted(DEFECT_FLOORS))
def test_defects_are_repaired_on_most_pages(defect):
    import random

    passed = total = 0
    for seed in range(20):
        rng = random.Random(seed)
        layout = Layout(rng.choice([None, 12, 13, 14, 15]), rng.choice([0.0, 0.02]), rng.random(), seed, **{defect: True})
        for truths in TRUTHS:
            total += 1
            passed += not compare(truths, ingest_text(render(truths, layout)))
    assert passed / total >= DEFECT_FLOORS[defect], f"{passed}/{total}"


# -- the same pages as a real feed delivers them: any encoding, stray blank lines, NUL bytes --

ENCODERS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
}


def _noisy(text: str, rng, blank_lines: float, nuls: int, crlf: bool, trailing: bool) -> str:
    lines = []
    for line in text.split("\n"):
        if trailing and line:
            line += rng.choice(("", " ", "\t", "\u3000"))
        lines.append(line)
        if rng.random() < blank_lines:
            lines.append("")
    text = "\n".join(lines)
    for _ in range(nuls):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + "\x00" + text[at:]
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.integers(0, len(TRUTHS) - 1),
    width=st.one_of(st.none(), st.integers(12, 16)),
    seed=st.integers(0, 10_000),
    encoding=st.sampled_from(sorted(ENCODERS)),
    blank_lines=st.sampled_from([0.0, 0.05, 0.2]),
    nuls=st.integers(0, 5),
    crlf=st.booleans(),
    trailing=st.booleans(),
)
def test_ingest_of_a_noisy_feed_never_crashes_is_idempotent_and_loses_no_han(page, width, seed, encoding, blank_lines, nuls, crlf, trailing):
    """Property over the bytes of a page: whatever the encoding and noise, ingest succeeds,
    a second ingest writes the same files, and every Han character printed is in an
    article or reported removed by a rule."""
    import random
    import tempfile
    from collections import Counter

    from sitegen.config import load_config
    from sitegen.ingest import ingest_paths
    from sitegen.ingest.read import read_page
    from sitegen.text import han_chars

    rng = random.Random(seed)
    text = _noisy(render(TRUTHS[page], Layout(width, 0.02, rng.random(), seed)), rng, blank_lines, nuls, crlf, trailing)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text('[tool.sitegen]\nhome_province = "浙江"\n', encoding="utf-8")
        raw = root / "seeds" / "2020-01-01" / "000_page.txt"
        raw.parent.mkdir(parents=True)
        raw.write_bytes(ENCODERS[encoding](text))
        config = load_config(root)
        first = ingest_paths([root / "seeds"], out_dir=root / "content", config=config)
        assert not first.has_errors, first.problems
        files = {p: p.read_bytes() for p in sorted((root / "content").rglob("*.md"))}
        assert files
        again = ingest_paths([root / "seeds"], out_dir=root / "content", config=config, force=True)
        assert not again.store.written and not again.store.removed
        assert {p: p.read_bytes() for p in sorted((root / "content").rglob("*.md"))} == files

        raw_page = read_page(raw, root)
        [state] = pipeline.run([raw_page], pipeline.Context(home_province="浙江"))
        printed, kept, reported = han_ledger(raw_page.lines, state)
        assert printed == Counter(han_chars(text))  # decoding lost nothing
        assert printed == kept + reported, f"lost {printed - kept - reported}, invented {kept + reported - printed}"
