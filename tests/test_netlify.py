"""netlify.toml's cache rules against a built site: every file whose name carries its
content's hash (the theme's assets, Pagefind's index chunks in each bundle's folder) is
cached for a year; a file that keeps its name across builds never is. Rules are matched
as Netlify documents its header paths: `*` at the end matches the rest of the path,
`:name` one segment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site
from test_site_browser import FIXTURE

NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"
HASHED = re.compile(r"[0-9a-f]{7,}")


def matches(rule: str, path: str) -> bool:
    pattern = "".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in re.split(r"(\*|:[A-Za-z_]+)", rule)
    )
    return re.fullmatch(pattern, path) is not None


def cache_control(path: str) -> list[str]:
    rules = tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))["headers"]
    return [r["values"]["Cache-Control"] for r in rules if "Cache-Control" in r["values"] and matches(r["for"], path)]


def test_the_matcher_reads_paths_as_netlify_does():
    assert matches("/pagefind/:bundle/fragment/*", "/pagefind/2018-07/fragment/und_1a2b.pf_fragment")
    assert not matches("/pagefind/:bundle/fragment/*", "/pagefind/fragment/und_1a2b.pf_fragment")
    assert not matches("/pagefind/:bundle/fragment/*", "/pagefind/a/b/fragment/x")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("netlify") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=True))
    return out


def test_hashed_files_are_cached_for_a_year_and_no_other(site):
    files = ["/" + p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    chunks = [f for f in files if re.search(r"/pagefind/[^/]+/(fragment|index|filter)/", f)]
    assert len(chunks) > 10
    for path in files:
        rules = cache_control(path)
        assert len(rules) <= 1, path  # Netlify would join two values
        long = rules == ["public, max-age=31536000, immutable"]
        if path in chunks or path.startswith("/assets/"):
            assert long and HASHED.search(path.rsplit("/", 1)[1]), path
        else:
            assert not long, path


def test_the_service_worker_is_asked_for_again_every_time(site):
    assert (site / "sw.js").is_file()
    assert cache_control("/sw.js") == ["no-cache"]
