"""Property: every raw page that ingest accepts builds with `sitegen build --strict`.

Pages are laid out from the real articles of other papers (tests/realpages.py, the parts
tuned on: dev, heldout2, heldout3)
with a feed's defects: look-alike dots in names (`阿卜杜拉•买买提` used to be written by
ingest and refused by the build), invisible characters, credits cut by column breaks,
photo items and briefs. Whatever ingest writes, the build must take.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataclasses import replace

from realpages import CREDIT_RE, Layout, load, render_page
from sitegen.cli import main as sitegen

TRUTHS = load("dev") + load("heldout2") + load("heldout3")
# Transliterated names in credits, which OCR prints with look-alike dots.
DOTTED = "{{本报讯（记者 阿卜杜拉·买买提 通讯员 古丽·艾力）}}"


def _with_dotted_byline(truth):
    first = CREDIT_RE.sub("", truth.paragraphs[0]).strip()
    return replace(truth, paragraphs=(DOTTED + first, *truth.paragraphs[1:]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(1, 6),
    width=st.one_of(st.none(), st.integers(10, 18)),
    column_break=st.sampled_from([0.0, 0.03, 0.1]),
    half_width=st.floats(0, 1),
    defects=st.floats(0.3, 1),
)
def test_whatever_ingest_writes_builds_strictly(tmp_path_factory, seed, count, width, column_break, half_width, defects):
    rng = random.Random(seed)
    articles = rng.sample(TRUTHS, count)
    articles[0] = _with_dotted_byline(articles[0])
    text, _ = render_page(articles, Layout(seed, width, column_break, half_width, defects))
    root = tmp_path_factory.mktemp("site")
    (root / "pyproject.toml").write_text('[tool.sitegen]\nhome_province = "浙江"\n', encoding="utf-8")
    raw = root / "seeds" / "2024-03-29" / "002_page.txt"
    raw.parent.mkdir(parents=True)
    raw.write_text(text, encoding="utf-8")
    assert sitegen(["--root", str(root), "--quiet", "ingest", str(root / "seeds")]) == 0
    assert list((root / "content").rglob("*.md"))
    assert sitegen(["--root", str(root), "--quiet", "build", "--strict", "--no-ingest", "--no-search"]) == 0
