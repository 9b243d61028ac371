"""SITEGEN_NO_SHORTCUTS=1 runs the reference libraries instead of the measured shortcuts
(sitegen/shortcuts.py): the site, search index included, is the same byte for byte.
Each shortcut's own comparison test lives beside it (see the table in shortcuts.py)."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import shutil
from pathlib import Path

from PIL import Image

from sitegen import frontmatter, shortcuts
from sitegen.config import load_config
from sitegen.search import records
from sitegen.site import markdown
from sitegen.site.build import BuildOptions, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_switch_turns_every_shortcut_off(monkeypatch):
    calls = []
    monkeypatch.setattr(frontmatter, "_simple", lambda source: calls.append("yaml"))
    monkeypatch.setattr(markdown, "_plain_lines", lambda body: calls.append("markdown"))
    monkeypatch.setattr(records, "_feed", lambda *args: calls.append("html"))
    monkeypatch.setenv("SITEGEN_NO_SHORTCUTS", "1")
    assert not shortcuts.enabled()
    markdown.rendered.cache_clear()
    frontmatter.load("headline: 标题")
    markdown.rendered("正文。")
    records.read_record('<main data-pagefind-body><p>正文</p></main>', "/a/")
    assert calls == []
    monkeypatch.delenv("SITEGEN_NO_SHORTCUTS")
    markdown.rendered.cache_clear()
    frontmatter.load("headline: 标题")
    markdown.rendered("正文二。")
    records.read_record('<main data-pagefind-body><p>正文</p></main>', "/a/")
    assert calls == ["yaml", "markdown", "html"]
    markdown.rendered.cache_clear()


def test_the_reference_libraries_build_the_same_site(tmp_path, monkeypatch):
    built = {}
    for name, switch in (("shortcuts", ""), ("reference", "1")):
        project = tmp_path / name
        shutil.copytree(FIXTURE, project)
        monkeypatch.setenv("SITEGEN_NO_SHORTCUTS", switch)
        markdown.rendered.cache_clear()
        build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=True))
        built[name] = tree(project / "public")
    markdown.rendered.cache_clear()
    assert any(path.startswith("pagefind/") for path in built["reference"])
    a, b = (_comparable(built[name]) for name in ("shortcuts", "reference"))
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []


def _comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The built files, where Pagefind's maps of filters (and the files named by their
    hash) are written in an order of its hash maps that changes from process to process,
    even between two runs of the same client: those are compared as the sorted bytes of
    their content, and renamed by their place. PNGs are compared by their pixels."""
    found = {}
    for path, data in files.items():
        if path == ".sitegen-manifest":
            continue  # names the build's manifest, whose file list holds those names
        if path.endswith(".png"):  # share images: two encoders, the same pixels
            image = Image.open(io.BytesIO(data))
            data = repr((image.size, image.getpalette())).encode() + image.tobytes()
        if path == "pagefind/bundles.json":  # each bundle's key names the code that made it
            data = re.sub(rb'"key": "[^"]*"', b'"key": ""', data)
        folder, _, name = path.rpartition("/")
        if "/filter" in "/" + folder or name.endswith(".pf_meta") or name == "pagefind-entry.json":
            content = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            unordered = bytes(sorted(re.sub(rb"und_[0-9a-f]+", b"", content)))
            key = f"{folder}/{name.split('_')[0]}-{len(unordered)}-{hashlib.sha1(unordered).hexdigest()}"
            found[key] = unordered
        else:
            found[path] = data
    return found


def test_a_build_with_the_switch_reuses_nothing_made_without_it(tmp_path, monkeypatch):
    """Caches are keyed by the code that made them: the switch is code."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=False))
    monkeypatch.setattr(markdown, "_parsed", lambda body: ("<p>参考</p>\n", ("参考",)))
    monkeypatch.setenv("SITEGEN_NO_SHORTCUTS", "1")
    markdown.rendered.cache_clear()
    build_site(load_config(project), BuildOptions(out_dir=project / "public", ingest=False, search=False))
    markdown.rendered.cache_clear()
    page = (project / "public" / "2018-07-05" / "01" / "01" / "index.html").read_text(encoding="utf-8")
    assert "<p>参考</p>" in page
