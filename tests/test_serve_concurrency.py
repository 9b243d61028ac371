"""50 clients read pages while saves keep the site rebuilding: no errors, no half-written page."""

import http.client
import threading
import time

from sitegen.serve.preview import Preview, WatchSpec
from test_serve_support import get, make_project, stand_in_build, wait_until

CLIENTS = 50
SECONDS = 3.0
PAGES = ["/", "/01-a/", "/02-b/", "/03-c/"]


def test_fifty_clients_during_a_stream_of_rebuilds(tmp_path):
    content = make_project(tmp_path, {"01-a.md": "a 0", "02-b.md": "b", "03-c.md": "c"})
    outcomes = []
    # Each page is written in two halves with a pause between: a server reading the folder
    # being built would hand out the first half.
    preview = Preview(
        build=stand_in_build(content, delay=0.01),
        builds_dir=tmp_path / "public.serve",
        watch=WatchSpec((content,)),
        report=outcomes.append,
        quiet_period=0.03,
    ).start()
    failures, responses = [], []
    stop = threading.Event()

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
        i = n
        while not stop.is_set():
            path = PAGES[i % len(PAGES)]
            i += 1
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                failures.append(f"{path}: {exc!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
                continue
            if response.status != 200 or not body.endswith(b"</body>\n</html>\n"):
                failures.append(f"{path}: {response.status} {body[-80:]!r}")
            responses.append(body)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + SECONDS
        saves = 0
        while time.monotonic() < deadline:
            saves += 1
            (content / "01-a.md").write_text(f"a {saves}", encoding="utf-8")
            time.sleep(0.1)
        wait_until(lambda: f"a {saves}" in get(preview, "/01-a/")[2].decode())
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        preview.stop()
    builds = len(outcomes)
    assert failures == []
    assert builds >= 5, builds
    assert len(responses) > 500, len(responses)
    padded = [body for body in responses if b"<article>" in body]
    assert all(body.count(b"<!-- padding -->") == 500 for body in padded)


def _publish_new(versions):
    """A new, empty version published to `versions`; its draft."""
    draft = versions.begin()
    assert versions.publish(draft)
    return draft


def test_a_replaced_version_is_kept_while_read_and_deleted_after(tmp_path):
    from sitegen.serve.versions import VersionStore

    versions = VersionStore(tmp_path / "builds")
    try:
        _publish_new(versions)
        with versions.acquire() as reading:
            _publish_new(versions)
            versions.prune()
            assert reading.number == 1 and reading.root.is_dir()  # still being read
        wait_until(lambda: not (versions.builds_dir / "1").exists())
        assert versions.current.number == 2 and (versions.builds_dir / "2").is_dir()
    finally:
        versions.close()


def test_the_newest_unread_replaced_version_is_kept_as_the_next_builds_spare(tmp_path):
    from sitegen.serve.versions import VersionStore

    versions = VersionStore(tmp_path / "builds", keep_spare=True)
    try:
        for _ in (1, 2, 3):
            _publish_new(versions)
            versions.prune()
        # 1 was the spare until 2 was replaced: only the newest replaced folder is kept
        assert sorted(p.name for p in versions.builds_dir.iterdir()) == ["2", "3"]
        _publish_new(versions)  # made from the spare (2), which is handed out once
        versions.prune()
        assert sorted(p.name for p in versions.builds_dir.iterdir()) == ["3", "4"]
        with versions.acquire():
            _publish_new(versions)  # 5, made from the spare (3)
            versions.prune()
            assert sorted(p.name for p in versions.builds_dir.iterdir()) == ["4", "5"]  # 4 is still being read
            assert versions.spare is None
    finally:
        versions.close()


def test_a_version_read_while_replaced_becomes_the_spare_when_its_last_reader_ends(tmp_path):
    from sitegen.serve.versions import VersionStore

    versions = VersionStore(tmp_path / "builds", keep_spare=True)
    try:
        _publish_new(versions)
        with versions.acquire():
            _publish_new(versions)
            versions.prune()
            assert versions.spare is None  # still being read
        assert versions.spare == versions.builds_dir / "1"  # kept, not deleted
        assert (versions.builds_dir / "1").is_dir()
    finally:
        versions.close()


def test_a_build_keeps_the_version_it_reads_while_the_search_copy_replaces_it(tmp_path):
    """A build links its unchanged pages from the version served when it started; the
    search index, published meanwhile as a copy of that version, must not delete it."""
    from sitegen.serve.versions import VersionStore

    versions = VersionStore(tmp_path / "builds")
    try:
        first = versions.begin()
        (first.root / "index.html").write_text("home")
        versions.publish(first)
        with versions.reading() as live:
            copy = versions.copy(1)
            assert versions.publish(copy)
            versions.prune()
            assert (live.root / "index.html").read_text() == "home"
        wait_until(lambda: not first.root.exists())  # let go once the build is done
        assert versions.current.root == copy.root
    finally:
        versions.close()
