"""Bad and hostile input: every problem named with its file and line, nothing written for a
broken build; front matter read as data; hostile text stays text and every file lands
inside the output folder; raw pages in any encoding, with NUL bytes or huge lines."""

from __future__ import annotations

import hashlib
import html
import html.parser
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reliability import HOSTILE, SAMPLE, article, leftovers, sitegen, write_project
from sitegen import frontmatter
from sitegen.ingest.decode import decode_page

# -- every bad input: one line each, file and line, exit 1, nothing written ------------------


def test_every_problem_of_a_run_is_listed_with_file_and_line_and_nothing_is_written(tmp_path):
    root = write_project(
        tmp_path,
        {
            "content/2018-07-05/01/01-yaml.md": article().replace("city: 丽水", "city: 丽水: 莲都"),
            "content/2018-07-05/01/02-type.md": article(order=2).replace("reporters: [程雪]", "reporters: {name: 程雪}"),
            "content/2018-07-05/01/03-nohead.md": article(order=3).replace("headline: 莲都推进基层活力建设\n", ""),
            "content/2018-07-05/01/04-dup.md": article(order=4),
            "content/2018-07-05/01/05-dup.md": article(order=4),
            "content/2018-07-05/01/06-page.md": article(order=6, page="1" * 200),
            "content/2018-07-05/01/07-name.md": article(order=7, reporter="张" * 41),
            "content/2018-07-05/01/08-path.md": article(order=8, city="../../x"),
            "content/2018-07-05/01/09-tag.md": article(order=9).replace("city: 丽水", "city: !!python/object:os.system echo"),
            "content/2018-07-05/01/10-good.md": article(order=10),
        },
    )
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "content/2018-07-05/01/01-yaml.md:4: front matter: mapping values are not allowed here",
        "content/2018-07-05/01/02-type.md:3: front matter: 'reporters' must be a list of names",
        "content/2018-07-05/01/03-nohead.md:1: front matter: 'headline' is required (only `kind: photo` or `kind: brief` may leave it empty)",
        "content/2018-07-05/01/05-dup.md:7: front matter: edition 2018-07-05, page 1, order 4 is also content/2018-07-05/01/04-dup.md",
        "content/2018-07-05/01/06-page.md:6: front matter: a number of more than 100 digits",
        f"content/2018-07-05/01/07-name.md:3: front matter: '{'张' * 20}'… is 41 characters: a name may have at most 40",
        "content/2018-07-05/01/08-path.md:4: front matter: '../../x' cannot name a page: use letters, digits, '·' or '-'",
        "content/2018-07-05/01/09-tag.md:4: front matter: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
    ]
    assert not (root / "public").exists() and leftovers(root) == []


def test_every_template_error_is_listed_and_nothing_is_written(tmp_path):
    root = write_project(
        tmp_path,
        {
            "content/2018-07-05/01/01-a.md": article(),
            "templates/article.html": "{% extends 'theme/article.html' %}\n{% block head %}{{ article.headlin }}{% endblock %}\n",
            "templates/partials/footer.html": "<footer>\n{{ no_such_variable }}\n</footer>\n",
        },
    )
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert "templates/article.html:2: template: 'sitegen.site.views.ArticleView object' has no attribute 'headlin'" in lines
    assert any(line.startswith("templates/partials/footer.html:2: template: 'no_such_variable' is undefined") for line in lines)
    assert not (root / "public").exists() and leftovers(root) == []


def test_names_and_numbers_too_long_for_a_file_name_are_errors_not_crashes(tmp_path):
    """Regression: a 100-character person name or a 280-digit page number crashed the
    write with ENAMETOOLONG (a traceback, exit 1 without a place)."""
    root = write_project(tmp_path, {"content/2018-07-05/01/01-a.md": article(reporter="宁" * 100)})
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 1 and run.stderr.startswith("content/2018-07-05/01/01-a.md:3: front matter: "), run.stderr
    (root / "content/2018-07-05/01/01-a.md").write_text(article(page="9" * 6), encoding="utf-8")
    run = sitegen(root, "build", "--no-search")
    assert run.stderr == "content/2018-07-05/01/01-a.md:6: front matter: 'page' must be a whole number from 1 to 99999, not 999999\n"
    assert "Traceback" not in run.stderr and not (root / "public").exists()


# -- front matter is data ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("city: NO", {"city": "NO"}),
        ("city: yes", {"city": "yes"}),
        ("city: off", {"city": "off"}),
        ("page: 010", {"page": 10}),
        ("page: 0o10", {"page": "0o10"}),
        ("page: 0x10", {"page": "0x10"}),
        ("page: 1_0", {"page": "1_0"}),
        ("order: 1:30", {"order": "1:30"}),
        ("headline: 1.50", {"headline": 1.5}),
        ("headline: 1e3", {"headline": "1e3"}),  # stricter than YAML 1.2: text, never a surprise
        ("flag: true", {"flag": True}),
        ("reporters: [~, null]", {"reporters": [None, None]}),
    ],
)
def test_front_matter_values_are_plain_yaml_1_2_data(source, expected):
    assert frontmatter.load(source) == expected


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        (BILLION_LAUGHS, 3, "aliases are not allowed in front matter"),
        ("headline: !!python/object/apply:os.system ['echo pwned']", 2, "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
        ("headline: !!python/name:os.system", 2, "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'"),
        ("<<: {page: 1}\nheadline: &h 标题\nkicker: *h", 4, "aliases are not allowed in front matter"),
    ],
    ids=["billion-laughs", "apply", "name", "merge-alias"],
)
def test_code_tags_and_alias_bombs_are_refused_quickly(source, line, message):
    started = time.perf_counter()
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.load(source)
    assert time.perf_counter() - started < 1.0
    assert (caught.value.line, str(caught.value)) == (line, f"front matter: {message}")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("headline: !!binary aGVsbG8=\nx: !!set {a, b}", {"headline": b"hello", "x": {"a", "b"}}),
        ("<<: {page: 1}\nheadline: 标题", {"page": 1, "headline": "标题"}),
    ],
    ids=["binary-set", "merge"],
)
def test_safe_tags_and_merge_keys_build_data(source, expected):
    """(These two cases once sat in the test above, where a made-up error let them pass
    whatever the loader did with them after the data check.)"""
    assert frontmatter.load(source) == expected


# -- hostile text ----------------------------------------------------------------------------


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def hostile_project(root: Path) -> Path:
    """Every text field and the body of articles carry the HOSTILE strings; a raw page
    carries them too, with a NUL byte and a 100,000-character line."""
    files = {}
    for number, attack in enumerate(HOSTILE, start=1):
        quoted = json.dumps(attack, ensure_ascii=False)
        text = article(headline=quoted, order=number, body=f"{attack}\n\n## {attack}\n\n正文{attack}[链接](javascript:alert(9)) <{attack}>")
        text = text.replace("reporters:", f"kicker: {quoted}\nsubtitle: {quoted}\nbyline: {quoted}\ndateline: {quoted}\nreporters:")
        files[f"content/2018-07-05/01/{number:02d}-x.md"] = text
    raw = SAMPLE.read_text(encoding="utf-8").split("\n")
    raw[3:3] = ["", "", HOSTILE[0] + "宁波工会召开会议", "", "", "本报讯 记者../../x报道 " + "".join(HOSTILE) + "会议\x00指出。", ""]
    raw.append("记者张浩呈报道 " + "职工" * 50_000)
    files["seeds/2018-07-06/000_hostile.txt"] = "\n".join(raw)
    return write_project(root, files)


def test_hostile_text_is_escaped_everywhere_and_every_file_stays_inside(tmp_path):
    root = hostile_project(tmp_path / "paper")
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 0, run.stderr
    public = (root / "public").resolve()
    pages = list(public.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            assert tag not in ("img", "svg", "iframe", "object", "embed"), (page, tag, attrs)
            assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:")), (page, attrs)
            if tag == "script":
                assert attrs.get("src", "").startswith("/assets/") or attrs.get("type") == "application/ld+json", (page, attrs)
        for script in parser.scripts:
            assert "alert" not in script or json.loads(script), page  # JSON-LD: data, never code
    assert "{{ 7*7 }}" in (public / "2018-07-05/01/07/index.html").read_text(encoding="utf-8")  # not a template
    ET.parse(public / "feed.xml")
    ET.parse(public / "sitemap.xml")
    items = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"]
    assert all(any(attack in item["title"] for item in items) for attack in HOSTILE)  # the text, as text
    for folder in (public, (root / "content").resolve()):  # (each path against its own root, not its parent)
        for path in folder.rglob("*"):
            assert not path.is_symlink() and path.resolve().is_relative_to(folder), path
    assert {p.name for p in root.iterdir()} - {".cache", ".sitegen-cache"} == {"content", "public", "pyproject.toml", "seeds"}
    ingested = list((root / "content/2018-07-06").rglob("*.md"))
    assert ingested and "\x00" not in "".join(p.read_text(encoding="utf-8") for p in ingested)


# -- raw pages: encodings, NUL bytes, huge input -----------------------------------------------

RARE_NAMES = "朱镕基 王堃 陈喆 𠀀"  # outside GB2312 (镕 堃 喆) and outside the BMP (𠀀)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "gb18030", "utf-16", "utf-16-le-no-bom", "utf-8-bom-crlf"],
)
def test_names_outside_gb2312_survive_every_encoding(encode):
    text = "劳模座谈会召开\n\n本报讯 " + RARE_NAMES + "等劳模参加了座谈。\n"
    decoded, _ = decode_page(encode(text))
    assert RARE_NAMES in decoded


def test_short_utf8_that_also_decodes_as_gb18030_is_read_as_utf8():
    for text in ("镕", "喆报道", "工会", "职工之家"):  # "工会" and "职工之家" are valid GB18030 too
        assert decode_page(text.encode("utf-8"))[0] == text


def test_nul_bytes_are_dropped_and_binary_is_refused():
    assert decode_page("工会\x00召开\x00会议\n".encode("utf-8"))[0] == "工会召开会议\n"
    with pytest.raises(ValueError):
        decode_page(b"\x00" * 4000 + "工会".encode("utf-8"))


def test_a_page_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    root = write_project(tmp_path, {"seeds/2018-07-05/000_ok.txt": SAMPLE.read_bytes()})
    with open(root / "seeds/2018-07-05/001_huge.txt", "wb") as stream:
        stream.truncate(65 * 1024 * 1024)  # sparse: no time or disk spent
    started = time.monotonic()
    run = sitegen(root, "ingest", "seeds")
    assert time.monotonic() - started < 60
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"{Path('seeds/2018-07-05/001_huge.txt')}: cannot ingest: 68157440 bytes is larger than a page can be (67108864 bytes)"
    ]
    assert len(list((root / "content").rglob("*.md"))) == 7


def test_a_five_megabyte_page_of_one_long_line_each_paragraph_ingests(tmp_path):
    """Bounded, not fast: the 50 MB figures are in benchmarks/reliability_bounds.py."""
    body = SAMPLE.read_text(encoding="utf-8")
    text = "\n\n".join([body] * 8 + ["记者张浩呈报道 " + "职工服务做得好。" * 12_500] + [body] * 8)
    text = (text + "\n\n") * max(1, (5 * 1024 * 1024) // len(text.encode("utf-8")))
    root = write_project(tmp_path, {"seeds/2018-07-05/000_big.txt": text})
    run = sitegen(root, "ingest", "seeds", timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    articles = [p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.md")]
    assert len(articles) >= 7  # the repeated copies are duplicates, removed and reported
    assert any("职工服务做得好。" * 12_500 in a for a in articles)


# -- characters XML cannot hold ------------------------------------------------------------


def test_feeds_and_sitemap_stay_well_formed_whatever_the_characters(tmp_path):
    """Regression: a form feed (pdftotext's page break) survived ingest, and `\\v`, ESC,
    U+FFFE or U+FFFF written as escapes in front matter reached feed.xml, which no XML
    reader would then open."""
    raw = SAMPLE.read_text(encoding="utf-8").split("\n")
    raw[10] = raw[10][:3] + "\f" + raw[10][3:]
    raw.insert(20, "\f")
    escapes = '"莲都\\v推进\\e基层\\uFFFE活力\\uFFFF建设\\x01"'
    root = write_project(
        tmp_path,
        {
            "seeds/2018-07-05/" + SAMPLE.name: "\n".join(raw),
            "content/2018-07-06/01/01-a.md": article(headline=escapes, edition="2018-07-06", body="近日\f丽水\x1b莲都区总工会\x7f组织开展活动。"),
        },
    )
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 0, run.stderr
    ingested = "".join(p.read_text(encoding="utf-8") for p in (root / "content/2018-07-05").rglob("*.md"))
    assert ingested and "\f" not in ingested
    feed = ET.parse(root / "public/feed.xml").getroot()
    ET.parse(root / "public/sitemap.xml")
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "莲都推进基层活力建设" in titles  # the text kept, the characters XML cannot hold left out


def _nested(kind: str) -> str:
    if kind == "flow":
        return "extra: " + "[" * 1000 + "]" * 1000 + "\n"
    return "extra:\n" + "".join(" " * i + "- \n" for i in range(0, 2000, 2))


@pytest.mark.parametrize("kind", ["flow", "block"])
def test_front_matter_nested_a_thousand_deep_is_an_error_with_its_line(tmp_path, kind):
    """Regression: a RecursionError traceback."""
    text = article().replace("order: 1\n", "order: 1\n" + _nested(kind))
    root = write_project(tmp_path, {"content/2018-07-05/01/01-a.md": text})
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    line = int(run.stderr.split(":")[1])
    assert run.stderr.startswith("content/2018-07-05/01/01-a.md:") and line >= 8 and "nest" in run.stderr, run.stderr
    with pytest.raises(frontmatter.FrontMatterError):
        frontmatter.load_yaml(frontmatter.split(text)[0])


def test_a_control_byte_in_front_matter_is_reported_at_its_line(tmp_path):
    """Regression: libyaml gives a byte position, and the problem was put on line 1."""
    root = write_project(tmp_path, {"content/2018-07-05/01/01-a.md": article(city="丽\x0b水")})
    run = sitegen(root, "build", "--no-search")
    assert (run.returncode, run.stderr) == (1, "content/2018-07-05/01/01-a.md:4: front matter: U+000B is a control character YAML does not allow\n")


# -- caches are data -------------------------------------------------------------------------


class _Planted:
    """A pickle that, when loaded, creates the file `marker`: what a planted cache could do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_cache_is_never_run_and_every_cache_is_data_under_one_root(tmp_path):
    """Regression: caches were pickles loaded from the project's .sitegen-cache/, so one
    committed in a pull request would run code when CI built the site."""
    import pickle

    from sitegen.version import code_version

    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article(), "seeds/2018-07-05/" + SAMPLE.name: SAMPLE.read_bytes()})
    assert sitegen(root, "build").returncode == 0
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    site = root / ".sitegen-cache/site"
    ident = (root / "public/.sitegen-manifest").read_text().strip()
    code = hashlib.sha256(repr((code_version(), str(root))).encode()).hexdigest()[:12]
    for name in ("hashes.pickle", f"{ident}.pickle", *(f"articles-{code}/{n:02d}.pickle" for n in range(64))):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(payload)
    (root / ".sitegen-cache/search-pages-sitegen-search-4.pickle").write_bytes(payload)
    for cache in root.joinpath(".sitegen-cache").rglob("*.json"):
        cache.write_bytes(payload)  # nor is a pickle read where JSON is expected
    (root / "content/2018-07-05/01/01-a.md").write_text(article(headline="改过的标题"), encoding="utf-8")
    run = sitegen(root, "build")
    assert run.returncode == 0, run.stderr
    assert not marker.exists()
    assert "改过的标题" in (root / "public/2018-07-05/01/01/index.html").read_text(encoding="utf-8")
    assert not (root / ".cache").exists() and not (root / ".sitegen-cache/jinja").exists()
    for path in (root / ".sitegen-cache").rglob("*"):
        if path.is_file() and "/search/" not in path.as_posix() and path.suffix != ".pickle":
            assert path.suffix in (".json", ".lock"), path


ATTACK = "<img src=x onerror=alert(1)><script>alert(2)</script>"
# photo_credit is shown nowhere; county names a page, so markup there is refused (test_site_invalid.py)
ALONE_FIELDS = ("headline", "kicker", "subtitle", "byline", "dateline")


def test_each_text_field_alone_stays_text_on_its_article_page(tmp_path):
    """One article per field, that field alone hostile and no reporters, so that every
    branch of the article template renders it: the byline as printed is shown only when
    no names were found (a `|safe` there survived every other test)."""
    files = {}
    for order, field in enumerate(ALONE_FIELDS, start=1):
        text = article(order=order, headline=f"第{order}篇").replace("reporters: [程雪]\n", "")
        text = text.replace("---\nheadline:", f"---\n{field}: {json.dumps(ATTACK)}\nheadline:", 1) if field != "headline" \
            else text.replace(f"headline: 第{order}篇", f"headline: {json.dumps(ATTACK)}")
        files[f"content/2018-07-05/01/{order:02d}-x.md"] = text
    root = write_project(tmp_path, files)
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 0, run.stderr
    for order, field in enumerate(ALONE_FIELDS, start=1):
        page = (root / f"public/2018-07-05/01/{order:02d}/index.html").read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(page)
        assert not [tag for tag, _ in parser.tags if tag == "img"], field
        assert not [attrs for _, attrs in parser.tags if any(name.startswith("on") for name in attrs)], field
        assert not [s for s in parser.scripts if "alert" in s and not s.lstrip().startswith("{")], field
        data = [json.dumps(json.loads(s), ensure_ascii=False) for s in parser.scripts if s.lstrip().startswith("{")]
        assert html.escape(ATTACK, quote=False) in page or any(json.dumps(ATTACK)[1:-1] in d for d in data), \
            f"{field} is shown neither as text nor as data"
