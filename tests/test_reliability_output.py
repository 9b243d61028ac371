"""The output folder under faults: a build killed at any moment or failing leaves the
previous site whole and servable; nothing outside the output folder is ever deleted."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import serve_folder
from reliability import article, leftovers, many_articles, sitegen, sitegen_process, snapshot, write_project


def _no_process_left(root: Path, seconds: float = 10.0) -> bool:
    """True once no process is running with `root` on its command line (Linux /proc)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(root).encode() in cmdline.read_bytes():
                    alive.append(cmdline)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.2)
    return False


def test_a_build_killed_at_any_moment_leaves_the_previous_site(tmp_path):
    """SIGKILL during ingest-free builds of a 600-article archive (about two seconds each)."""
    root = write_project(tmp_path / "paper", many_articles(editions=15))
    started = time.monotonic()
    first = sitegen(root, "build", "--no-search")
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    before = snapshot(root / "public")
    assert len(before) > 700
    edited = root / "content/2018-07-01/01/01-a.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("工会服务职工", "新标题出现"), encoding="utf-8")

    rng = random.Random(6)
    seen = []
    for moment in sorted(rng.uniform(0.1, duration * 0.8) for _ in range(4)):
        # Without its cache each build renders every page again and lasts as long as the
        # first, so the moments land inside it even when a loaded machine slows it down.
        shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
        process = sitegen_process(root, "build", "--no-search")
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        killed = process.wait(30) == -signal.SIGKILL
        seen.append((moment, killed, snapshot(root / "public")))
        with serve_folder(root / "public") as url:
            with urllib.request.urlopen(url + "/2018-07-01/01/01/", timeout=10) as response:
                assert response.status == 200

    assert _no_process_left(root), "a killed build left worker processes behind"
    again = sitegen(root, "build", "--no-search")
    assert again.returncode == 0, again.stderr
    assert "新标题出现" in (root / "public/2018-07-01/01/01/index.html").read_text(encoding="utf-8")
    after = snapshot(root / "public")
    assert after.keys() == before.keys() and after != before
    for moment, killed, state in seen:
        # whole old site, or (the build finished or was past its swap) the whole new one
        assert state in (before, after), f"killed after {moment:.2f}s: a half-written site"
    assert any(killed and state == before for _, killed, state in seen), "no kill landed inside a build"
    assert leftovers(root) == [], "folders of the killed builds were not swept"


BROKEN_TEMPLATE = "{% extends 'theme/article.html' %}\n{% block head %}\n{{ article.no_such_field }}\n{% endblock %}\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("content/2018-07-05/01/01-a.md", article().replace("page: 1", "page: [1"), "content/2018-07-05/01/01-a.md:7: front matter: expected"),
        ("templates/article.html", BROKEN_TEMPLATE, "templates/article.html:3: template: "),
    ],
    ids=["front-matter", "template"],
)
def test_a_failing_build_writes_nothing(tmp_path, name, text, message):
    root = write_project(tmp_path, {"content/2018-07-05/01/01-a.md": article(), "content/2018-07-05/01/02-b.md": article(order=2)})
    assert sitegen(root, "build", "--no-search").returncode == 0
    before = snapshot(root / "public")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    run = sitegen(root, "build", "--no-search")
    assert run.returncode == 1 and run.stderr.startswith(message), run.stderr
    assert snapshot(root / "public") == before
    assert leftovers(root) == []


# -- which folders a build may replace ---------------------------------------------------


def _guarded(tmp_path: Path) -> Path:
    return write_project(
        tmp_path / "paper",
        {
            "content/2018-07-05/01/01-a.md": article(),
            "seeds/notes.md": "raw pages go here\n",
            "templates/partials/footer.html": "<footer>本地</footer>\n",
            "elsewhere/keep.txt": "not sitegen's\n",
        },
    )


@pytest.mark.parametrize("path", ["../out.html", "a/../../out.html", "/tmp/out.html", "a//b.html", "a/./b.html", "a\\..\\b.html"])
def test_a_page_path_that_could_leave_the_output_folder_is_refused(tmp_path, path):
    """Page paths come from validated names, and the writer checks them again without
    resolving each one: a path that could climb out is refused, and nothing is written."""
    from sitegen.errors import SitegenError
    from sitegen.site.incremental import _safe_write

    fresh = tmp_path / "site" / "draft"
    fresh.mkdir(parents=True)
    with pytest.raises(SitegenError, match="output path leaves the output folder"):
        _safe_write(fresh, path, b"x")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("out", [".", "..", "content", "content/2018-07-05", "seeds", "templates", "HOME", "HOME/..", "/"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force-output"])
def test_the_projects_own_folders_and_home_are_never_replaced(tmp_path, monkeypatch, out, force):
    root = _guarded(tmp_path)
    home = tmp_path / "home"
    (home / "keep.txt").parent.mkdir(parents=True)
    (home / "keep.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    target = out.replace("HOME", str(home)) if "HOME" in out else str(root / out) if out != "/" else "/"
    before = snapshot(tmp_path)
    run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", target, *(["--force-output"] if force else []))
    assert run.returncode == 1 and "refusing" in run.stderr, run.stderr
    assert snapshot(tmp_path) == before


def test_a_folder_sitegen_did_not_write_is_replaced_only_when_told(tmp_path):
    """--force-output replaces a site sitegen built that lost its dot files (copied with
    `cp -r public/*`), never a folder holding anything else."""
    root = _guarded(tmp_path)
    run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", "elsewhere")
    assert run.returncode == 1
    assert run.stderr == f"{root / 'elsewhere'}: refusing to replace a folder sitegen did not write (no .sitegen-output): " \
        "empty it, choose another --out, or pass --force-output to replace it\n"
    run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", "elsewhere", "--force-output")
    assert run.returncode == 1 and run.stderr == f"{root / 'elsewhere'}: refusing to write the site here: --force-output " \
        "replaces only a site sitegen built, and 'keep.txt' is not part of a site sitegen built: empty it by hand\n"
    assert (root / "elsewhere/keep.txt").is_file()

    assert sitegen(root, "build", "--no-search", "--no-ingest").returncode == 0
    shutil.copytree(root / "public", root / "copied", ignore=shutil.ignore_patterns(".*"))
    assert sitegen(root, "build", "--no-search", "--no-ingest", "--out", "copied").returncode == 1
    run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", "copied", "--force-output")
    assert run.returncode == 0, run.stderr
    assert (root / "copied/.sitegen-output").is_file()
    # From now on the folder is sitegen's: no flag needed.
    assert sitegen(root, "build", "--no-search", "--no-ingest", "--out", "copied").returncode == 0
    assert (root / "seeds/notes.md").is_file() and (root / "content/2018-07-05/01/01-a.md").is_file()


def test_force_output_never_replaces_a_repository_a_system_folder_or_a_hidden_home_folder(tmp_path, monkeypatch):
    """Regression: `--out .git --force-output` replaced the project's history, and ~/.ssh,
    /etc or /usr would have been replaced too."""
    root = _guarded(tmp_path)
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh/id_ed25519").write_text("key", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    (root / ".git/refs").mkdir(parents=True)  # a repository's working tree, as `git init` leaves it
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert sitegen(root, "build", "--no-search", "--no-ingest").returncode == 0
    shutil.copytree(root / "public", root / "copied", ignore=shutil.ignore_patterns(".*"))
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy/.git").mkdir()
    (tmp_path / "deploy/.git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / "deploy/index.html").write_text("<p>old</p>", encoding="utf-8")
    cases = {
        str(root / ".git"): "",  # (its message is checked below)
        str(tmp_path / "deploy"): "it holds .git (a repository), which replacing the folder would delete: choose another --out",
        str(root / "copied"): f"--force-output never replaces a folder inside a repository's working tree ({root}): empty it by hand",
        "/etc": "it is a system folder: choose another --out",
        "/usr/share/sitegen-test": "it is a system folder: choose another --out",
        "/var": "it is a system folder: choose another --out",
        str(home / ".ssh"): f"{home / '.ssh'} is a hidden folder of the home folder: choose another --out",
    }
    before = snapshot(tmp_path)
    for out, why in cases.items():
        for force in ([], ["--force-output"]):
            run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", out, *force)
            assert run.returncode == 1, (out, run.stderr)
            if out.endswith(".git"):  # refused as a folder sitegen did not write, or as a repository's own folder
                assert run.stderr.startswith(f"{out}: refusing"), run.stderr
            elif force or not out.endswith("copied"):
                assert run.stderr == f"{out}: refusing to write the site here: {why}\n", run.stderr
    assert snapshot(tmp_path) == before
    assert not Path("/usr/share/sitegen-test").exists()


def test_a_project_in_a_hidden_home_folder_builds_its_own_output(tmp_path, monkeypatch):
    """The system and hidden-folder refusals are for outputs outside the project: one
    kept in ~/.local/share/paper still builds into its public/."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    root = write_project(home / ".local/share/paper", {"content/2018-07-05/01/01-a.md": article()})
    assert sitegen(root, "build", "--no-search").returncode == 0
    run = sitegen(root, "build", "--no-search", "--out", str(home / ".ssh"))
    assert run.returncode == 1 and "is a hidden folder of the home folder" in run.stderr


def test_an_output_that_is_a_file_or_a_link_to_content_is_refused(tmp_path):
    root = _guarded(tmp_path)
    (root / "a-file").write_text("x", encoding="utf-8")
    (root / "link").symlink_to(root / "content")
    before = snapshot(root)
    for out in ("a-file", "link"):
        run = sitegen(root, "build", "--no-search", "--no-ingest", "--out", out, "--force-output")
        assert run.returncode == 1, run.stderr
    assert snapshot(root) == before


# -- a content folder that is missing or empty -------------------------------------------


def test_a_misspelt_or_empty_content_folder_is_an_error_and_the_live_site_stays(tmp_path):
    """Regression: `build --content contnet` exited 0 and replaced the live site with one of
    no articles; with raw pages in seeds/ it would have filled the misspelt folder by ingest."""
    from reliability import SAMPLE

    root = write_project(tmp_path / "paper", {"seeds/2018-07-05/" + SAMPLE.name: SAMPLE.read_bytes()})
    assert sitegen(root, "build", "--no-search").returncode == 0  # ingest makes content/ from seeds/
    before = snapshot(root / "public")
    run = sitegen(root, "build", "--no-search", "--content", "contnet")
    assert (run.returncode, run.stderr) == (1, "contnet: no such content folder: check --content, or pass --allow-empty to build an empty site\n")
    assert not (root / "contnet").exists() and snapshot(root / "public") == before
    (root / "empty").mkdir()
    run = sitegen(root, "build", "--no-search", "--content", "empty")
    assert (run.returncode, run.stderr) == (1, "empty: no articles (*.md) in the content folder: pass --allow-empty to build an empty site\n")
    assert snapshot(root / "public") == before and leftovers(root) == []
    run = sitegen(root, "serve", "--content", "contnet", "--port", "0")
    assert run.returncode == 1 and run.stderr.startswith("contnet: no such content folder"), run.stderr
    assert not (root / "contnet").exists() and not (root / "public.serve").exists()

    run = sitegen(root, "build", "--no-search", "--no-ingest", "--content", "empty", "--allow-empty")
    assert run.returncode == 0 and "(0 articles," in run.stdout, run.stderr


# -- two builds at once ----------------------------------------------------------------------


def test_a_second_build_of_the_project_waits_for_the_first(tmp_path):
    """Regression: two `sitegen build` at once, the loser died with a traceback in the
    search cache (a bundle renamed over one the other had just made)."""
    root = write_project(tmp_path / "paper", many_articles(editions=6))
    first = subprocess.Popen([*_command(root), "build"], cwd=root, stderr=subprocess.PIPE, text=True, env=_env())
    deadline = time.monotonic() + 30
    while not (root / ".sitegen-cache").is_dir() and time.monotonic() < deadline:  # the first build has begun
        time.sleep(0.01)
    second = sitegen(root, "build", "--out", "other")
    assert first.wait(120) == 0, first.stderr.read()
    assert second.returncode == 0, second.stderr
    assert second.stderr == f"{root}: another sitegen process is building this project: waiting for it\n"
    assert "Traceback" not in first.stderr.read()
    assert snapshot(root / "public") == snapshot(root / "other") and "pagefind/bundles.json" in snapshot(root / "other")


def _command(root: Path) -> list[str]:
    import sys

    return [sys.executable, "-m", "sitegen", "--root", str(root)]


def _env() -> dict:
    import os

    from reliability import REPO

    return {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1530748800"}


# -- nothing left behind, nothing kept that changed --------------------------------------


def test_halves_of_bundles_left_by_a_killed_index_are_swept(tmp_path):
    """Regression: a build killed while indexing left `.partial-<pid>` folders in the
    search cache for ever (the sweep skipped them all, its own and the dead ones')."""
    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article()})
    gone = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True).stdout.strip()
    search = root / ".sitegen-cache/search"
    for pid in (gone, "x"):
        (search / f"2018-07-0123456789abcdef0123.partial-{pid}").mkdir(parents=True)
        (search / f"2018-07-0123456789abcdef0123.partial-{pid}/pagefind.js").write_text("half", encoding="utf-8")
    run = sitegen(root, "build")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in search.iterdir() if ".partial-" in p.name] == []


def test_cache_files_half_written_by_a_killed_build_are_swept(tmp_path):
    """Regression: a build killed between writing a cache file and renaming it into
    place left `.<name>.<pid>.tmp` beside it for ever. A file of a process that still
    runs is a write in flight, and stays."""
    import os

    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article()})
    gone = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True).stdout.strip()
    cache = root / ".sitegen-cache"
    dead = [cache / f".articles-07.json.{gone}.tmp", cache / f"search/.seen.json.{gone}.tmp"]
    alive = cache / f".hashes.json.{os.getpid()}.tmp"
    for path in (*dead, alive):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{half", encoding="utf-8")
    run = sitegen(root, "build")
    assert run.returncode == 0, run.stderr
    assert [p for p in dead if p.exists()] == [] and alive.exists()


def _updated(root: Path) -> str:
    import re

    return re.search(r"<updated>([^<]+)</updated>", (root / "public/feed.xml").read_text(encoding="utf-8")).group(1)


def test_source_date_epoch_sets_the_feeds_time_and_a_new_value_rebuilds(tmp_path):
    """Regression: SOURCE_DATE_EPOCH was not part of the build's input digest, so a rebuild
    with another value kept the old feed. Values other than the tests' usual one."""
    import os

    from reliability import REPO

    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article()})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for epoch, expected in (("1600000000", "2020-09-13T20:26:40+08:00"), ("1700000000", "2023-11-15T06:13:20+08:00")):
        run = subprocess.run([*_command(root), "build", "--no-search"], cwd=root, capture_output=True, text=True,
                             env={**env, "SOURCE_DATE_EPOCH": epoch})
        assert run.returncode == 0, run.stderr
        assert _updated(root) == expected


def test_a_preview_keeps_the_manifest_of_the_built_site(tmp_path):
    """Regression: a preview's build pruned the manifest of public/, so the next
    `sitegen build` started from nothing instead of from the live site."""
    from test_serve_cli import Serving

    from sitegen.config import load_config
    from sitegen.site.store import cache_dir, read_manifest

    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article()})
    assert sitegen(root, "build", "--no-search").returncode == 0
    config = load_config(root)
    assert read_manifest(cache_dir(config), root / "public") is not None
    from test_serve_support import wait_until

    serving = Serving(root, "--watch")
    try:
        serving.url()
        (root / "content/2018-07-05/01/01-a.md").write_text(article(headline="预览里改的标题"), encoding="utf-8")
        wait_until(lambda: sum("built in" in line for line in serving.out) >= 2, timeout=30)
    finally:
        assert serving.stop() == 0
    assert read_manifest(cache_dir(config), root / "public") is not None


# A build whose process is killed by its own hand the moment the live folder has been
# renamed away: where the swap is one exchange (renameat2) that moment never comes; two
# renames would leave no site at all between them.
KILL_AFTER_MOVING_THE_SITE = """
import os, signal, sys
LIVE = {live!r}
rename = os.rename
def killing_rename(source, target, *args, **kwargs):
    rename(source, target, *args, **kwargs)
    if os.fspath(source) == LIVE:
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = killing_rename
from sitegen.cli import main
sys.exit(main(["--root", {root!r}, "build", "--no-search"]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the one-step exchange is Linux's renameat2")
def test_the_site_is_swapped_in_one_step_with_no_moment_without_it(tmp_path):
    root = write_project(tmp_path / "paper", {"content/2018-07-05/01/01-a.md": article()})
    assert sitegen(root, "build", "--no-search").returncode == 0
    (root / "content/2018-07-05/01/01-a.md").write_text(article(headline="换上的新标题"), encoding="utf-8")
    code = KILL_AFTER_MOVING_THE_SITE.format(live=str(root / "public"), root=str(root))
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, env=_env())
    assert run.returncode == 0, "the live folder was renamed away: for a moment there was no site"
    assert "换上的新标题" in (root / "public/2018-07-05/01/01/index.html").read_text(encoding="utf-8")
    assert leftovers(root) == []
