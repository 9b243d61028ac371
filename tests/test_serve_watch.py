"""`--watch`: real file edits in a tmp project rebuild the site, in bursts, one build at a time."""

import threading
import time
from pathlib import Path

import pytest

from sitegen.serve.live import LiveState
from sitegen.serve.preview import Preview, WatchSpec
from sitegen.serve.rebuild import Rebuilder
from sitegen.serve.versions import VersionStore
from sitegen.serve.watch import is_editor_noise, is_relevant
from test_serve_support import get, make_project, stand_in_build, wait_until


def start(tmp_path, poll=False):
    content = make_project(tmp_path, {"01-a.md": "第一版", "02-b.md": "第二篇"})
    outcomes = []
    watch = WatchSpec((content,), (tmp_path / "pyproject.toml",), (tmp_path / "public",), poll=poll)
    preview = Preview(
        build=stand_in_build(content),
        builds_dir=tmp_path / "public.serve",
        watch=watch,
        report=outcomes.append,
    ).start()
    return preview, content, outcomes


def page(preview, path="/01-a/"):
    status, _, body = get(preview, path)
    return status, body.decode()


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_an_edit_rebuilds_and_the_new_text_is_served(tmp_path, poll):
    preview, content, outcomes = start(tmp_path, poll=poll)
    try:
        (content / "01-a.md").write_text("改过的标题", encoding="utf-8")
        wait_until(lambda: "改过的标题" in page(preview)[1])
        assert outcomes[-1].ok and outcomes[-1].changes == (str(content / "01-a.md"),)
        (content / "02-b.md").unlink()
        wait_until(lambda: page(preview, "/02-b/")[0] == 404)
        assert "02-b" not in page(preview, "/")[1]
    finally:
        preview.stop()
    assert not (tmp_path / "public.serve").exists()


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_a_folder_that_appears_later_is_watched(tmp_path, poll):
    content = tmp_path / "content"  # ingest creates it during the first build
    outcomes = []
    preview = Preview(
        build=stand_in_build(content),
        builds_dir=tmp_path / "public.serve",
        watch=WatchSpec((content,), poll=poll),
        report=outcomes.append,
    ).start()
    try:
        content.mkdir()
        (content / "01-a.md").write_text("新来的", encoding="utf-8")
        wait_until(lambda: "新来的" in page(preview)[1])
        (content / "01-a.md").write_text("再改一次", encoding="utf-8")
        wait_until(lambda: "再改一次" in page(preview)[1])
    finally:
        preview.stop()


def test_a_burst_of_saves_makes_one_build(tmp_path):
    preview, content, outcomes = start(tmp_path)
    try:
        for n in range(10):
            (content / f"0{n}-burst.md").write_text(f"burst {n}", encoding="utf-8")
        wait_until(lambda: len(outcomes) >= 2 and page(preview, "/09-burst/")[0] == 200)
        time.sleep(0.4)  # a second build would have started by now
        assert len(outcomes) == 2
        assert len(outcomes[1].changes) == 10
    finally:
        preview.stop()


def test_editor_temp_files_and_output_do_not_rebuild(tmp_path):
    preview, content, outcomes = start(tmp_path)
    try:
        for name in (".01-a.md.swp", "01-a.md~", ".#01-a.md", "4913"):
            (content / name).write_text("x")
        (content / ".git").mkdir()
        (content / ".git" / "index").write_text("x")
        (tmp_path / "README.md").write_text("not watched")
        (tmp_path / "pyproject.toml").write_text("[tool.sitegen]\n")  # watched
        wait_until(lambda: len(outcomes) == 2)
        assert outcomes[1].changes == (str(tmp_path / "pyproject.toml"),)
    finally:
        preview.stop()


def test_a_failed_build_keeps_the_last_good_site_and_the_next_good_one_clears(tmp_path):
    preview, content, outcomes = start(tmp_path)
    try:
        (content / "01-a.md").write_text("新\nBROKEN", encoding="utf-8")
        wait_until(lambda: preview.live.status.problems)
        assert preview.live.status.problems == (f"{content / '01-a.md'}:2: front matter: cannot parse 'BROKEN'",)
        assert preview.live.status.version == 1 and not outcomes[-1].ok
        status, text = page(preview)
        assert status == 200 and "第一版" in text
        assert sorted(p.name for p in preview.builds_dir.iterdir()) == ["1"]  # the failed build is gone
        (content / "01-a.md").write_text("修好了", encoding="utf-8")
        wait_until(lambda: "修好了" in page(preview)[1])
        assert preview.live.status.problems == () and outcomes[-1].ok
    finally:
        preview.stop()


def test_changes_during_a_build_are_coalesced_into_the_next_one(tmp_path):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_build(store):
        calls.append(store)
        started.set()
        release.wait(5)
        draft = store.begin()
        (draft.root / "index.html").write_text("<html><body>ok</body></html>")
        store.publish(draft)
        return 1

    versions = VersionStore(tmp_path / "builds")
    live = LiveState()
    outcomes = []
    rebuilder = Rebuilder(slow_build, versions, live, outcomes.append, quiet_period=0.02)
    rebuilder.start()
    try:
        rebuilder.changed(["a"])
        assert started.wait(5)
        for name in ("b", "c", "d"):
            rebuilder.changed([name])
            time.sleep(0.03)
        release.set()
        wait_until(lambda: len(outcomes) == 2)
        time.sleep(0.2)
        assert [o.changes for o in outcomes] == [("a",), ("b", "c", "d")]
        assert live.status.version == 2 and sorted(p.name for p in versions.builds_dir.iterdir()) == ["2"]
    finally:
        rebuilder.stop()
        versions.close()


def test_a_crashing_build_is_reported_not_fatal(tmp_path):
    def crash(store):
        raise KeyError("headline")

    versions, live = VersionStore(tmp_path / "builds"), LiveState()
    outcome = Rebuilder(crash, versions, live).build_now()
    assert outcome.problems == ("sitegen: internal error while building: KeyError: 'headline'",)
    assert live.status.version == 0 and live.status.problems == outcome.problems


def test_relevance_filters():
    assert all(map(is_editor_noise, [".x.md.swp", "x.md~", ".#x.md", "#x.md#", "4913"]))
    assert not is_editor_noise("01-x.md")
    assert is_relevant("/p/content/a.md", [])
    assert not is_relevant("/p/content/.git/index", [])
    assert not is_relevant("/p/public/index.html", [Path("/p/public")])
