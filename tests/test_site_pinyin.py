"""The person index in 拼音 order: names grouped by initial, a surname read as a surname."""

from __future__ import annotations

import re

from sitegen.config import load_config
from sitegen.site import pinyin
from sitegen.site.build import BuildOptions, build_site
from test_site_browser import FIXTURE


def test_names_sort_by_reading_and_surnames_read_as_surnames():
    names = ["张浩呈", "单雄信", "阿卜杜拉·买买提", "曾国藩", "毛朝阳", "Lee", "白玉", "长孙无忌", "3号"]
    assert sorted(names, key=pinyin.sort_key) == ["3号", "阿卜杜拉·买买提", "白玉", "Lee", "毛朝阳", "单雄信", "曾国藩", "张浩呈", "长孙无忌"]
    assert [pinyin.initial(n) for n in ("单雄信", "曾国藩", "区伟", "白玉", "Lee", "3号")] == ["S", "Z", "O", "B", "L", "#"]


def test_a_given_name_is_read_a_character_at_a_time_not_as_a_word():
    assert pinyin.reading("于思红") == ("yu", "si", "hong")  # the word 于思 reads yú sāi


def test_person_index_groups_names_by_initial(tmp_path):
    out = tmp_path / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    html = (out / "person" / "index.html").read_text(encoding="utf-8")
    letters = re.findall(r'<h2 class="letter-head" id="py-([A-Z#])">', html)
    assert letters == sorted(letters) and len(letters) >= 5
    assert re.findall(r'<a href="#py-([A-Z#])">', html) == letters  # the jump bar
    names = re.findall(r'<li><a href="/person/[^"]+/">([^ <]+) <span class="count">', html)
    assert names == sorted(names, key=pinyin.sort_key) and "毛朝阳" in names
    section = html[html.index('id="py-M"'):]
    assert section.index("毛朝阳") < section.index("<h2")  # under M
