"""The search index follows each build in the background: pages are served (and reloaded)
as soon as they are built, the index joins them under the same version, and a slow index
never holds up the next build."""

import threading

from sitegen.serve.preview import Preview, WatchSpec
from test_serve_support import get, make_project, stand_in_build, wait_until


def slow_index(started: list, release: threading.Event):
    def index(folder):
        started.append(folder.name)
        release.wait(10)
        (folder / "pagefind").mkdir()
        (folder / "pagefind" / "bundles.json").write_text('{"version": 1, "bundles": []}\n')

    return index


def test_index_joins_the_served_build_without_a_reload(tmp_path):
    content = make_project(tmp_path, {"01-a.md": "第一版"})
    started, release = [], threading.Event()
    preview = Preview(
        build=stand_in_build(content), builds_dir=tmp_path / "public.serve", index=slow_index(started, release)
    ).start()
    try:
        assert get(preview, "/pagefind/bundles.json")[0] == 404  # served before the index exists
        release.set()
        wait_until(lambda: get(preview, "/pagefind/bundles.json")[0] == 200)
        status, headers, _ = get(preview, "/pagefind/bundles.json")
        assert headers["Content-Type"] == "application/json"
        assert preview.live.status.version == 1 and preview.versions.current.number == 1
        assert b'data-version="1"' in get(preview, "/01-a/")[2]
        # the replaced folder is kept, unread, for the next build to be made from
        wait_until(lambda: sorted(p.name for p in preview.builds_dir.iterdir()) == ["1", "1-search"])
        assert started == ["1-search"]
    finally:
        preview.stop()


def test_a_slow_index_does_not_hold_up_the_next_build(tmp_path):
    content = make_project(tmp_path, {"01-a.md": "第一版"})
    started, release = [], threading.Event()
    preview = Preview(
        build=stand_in_build(content),
        builds_dir=tmp_path / "public.serve",
        watch=WatchSpec((content,)),
        index=slow_index(started, release),
    ).start()
    try:
        wait_until(lambda: started == ["1-search"])  # and it holds on until released
        (content / "01-a.md").write_text("第二版", encoding="utf-8")
        wait_until(lambda: "第二版" in get(preview, "/01-a/")[2].decode())
        assert get(preview, "/pagefind/bundles.json")[0] == 404  # version 2 is not indexed yet
        release.set()
        wait_until(lambda: get(preview, "/pagefind/bundles.json")[0] == 200, timeout=10)
        assert preview.versions.current.number == 2 and started == ["1-search", "2-search"]
    finally:
        preview.stop()
