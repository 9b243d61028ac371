"""Faults of the machine, not of the content: links that loop, files removed while the
build reads them, read-only and full disks. Each gives `path: message` and exit 1, never
a traceback, and the live site stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reliability import REPO, article, confined, sitegen, snapshot, write_project


def _project(tmp_path):
    return write_project(
        tmp_path / "paper",
        {"content/2018-07-05/01/01-a.md": article(), "content/2018-07-05/01/02-b.md": article(order=2, headline="第二篇报道")},
    )


def test_a_loop_of_links_in_content_is_named(tmp_path):
    """Regression: `OSError: Too many levels of symbolic links` while listing content/."""
    root = _project(tmp_path)
    assert sitegen(root, "build", "--no-search").returncode == 0
    before = snapshot(root / "public")
    (root / "content/2018-07-05/01/03-c.md").symlink_to("04-d.md")
    (root / "content/2018-07-05/01/04-d.md").symlink_to("03-c.md")
    run = sitegen(root, "build", "--no-search")
    assert (run.returncode, run.stderr) == (1, "content/2018-07-05/01/03-c.md: Too many levels of symbolic links\n"
                                               "content/2018-07-05/01/04-d.md: Too many levels of symbolic links\n")
    assert snapshot(root / "public") == before


# The file is removed at a chosen moment of a real build (as a `git checkout` would):
# after content/ was listed, or after its bytes were hashed and before they are parsed.
REMOVE = {
    "listed": "import sitegen.site.caches as m; f = m.article_file_names\n"
              "def g(*a):\n r = f(*a); os.unlink(TARGET); return r\n"
              "m.article_file_names = g\n",
    "hashed": "import sitegen.site.caches as m; f = m.input_digest\n"
              "def g(*a):\n r = f(*a); os.unlink(TARGET); return r\n"
              "m.input_digest = g\n",
}


@pytest.mark.parametrize("moment", list(REMOVE))
def test_a_content_file_removed_while_the_build_reads_it_is_named(tmp_path, moment):
    """Regression: FileNotFoundError traceback."""
    root = _project(tmp_path)
    assert sitegen(root, "build", "--no-search").returncode == 0
    before = snapshot(root / "public")
    target = root / "content/2018-07-05/01/02-b.md"
    target.write_text(article(order=2, headline="改过的第二篇"), encoding="utf-8")  # not in any cache
    code = f"import os, sys\nTARGET = {str(target)!r}\n{REMOVE[moment]}from sitegen.cli import main\n" \
           f"sys.exit(main(['--root', {str(root)!r}, 'build', '--no-search']))\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert not target.exists()
    assert (run.returncode, run.stderr) == (1, "content/2018-07-05/01/02-b.md: No such file or directory: "
                                               "removed while sitegen was using it? run again\n")
    assert snapshot(root / "public") == before


def _edited(root):
    (root / "content/2018-07-05/01/01-a.md").write_text(article(headline="新的标题"), encoding="utf-8")


def test_a_read_only_output_or_parent_is_named_and_the_site_stays(tmp_path):
    """Regression: PermissionError / OSError tracebacks."""
    root = _project(tmp_path)
    (root / "web").mkdir()
    assert sitegen(root, "build", "--no-search", "--out", "web/public").returncode == 0
    before = snapshot(root / "web/public")
    _edited(root)
    for folder in ("web/public", "web"):
        path = root / folder
        steps = confined(root, [f"mount --bind {path} {path}", f"mount -o remount,bind,ro {path}"],
                         [["build", "--no-search", "--out", "web/public"]], root / "web/public")
        [step] = steps
        assert step["code"] == 1 and "Traceback" not in step["stderr"], step["stderr"]
        assert step["stderr"].startswith("web/") and ("Read-only file system" in step["stderr"] or "busy" in step["stderr"]), step["stderr"]
        assert step["site"] == before and step["leftovers"] == []
    assert snapshot(root / "web/public") == before


def test_a_read_only_project_is_named(tmp_path):
    root = _project(tmp_path)
    assert sitegen(root, "build", "--no-search").returncode == 0
    before = snapshot(root / "public")
    _edited(root)
    [step] = confined(root, [f"mount --bind {root} {root}", f"mount -o remount,bind,ro {root}"],
                      [["build", "--no-search"]], root / "public")
    assert (step["code"], step["stderr"]) == (1, f"{root / '.sitegen-cache'}: cannot write here (read-only?): a build keeps its caches in this folder\n")
    assert step["site"] == before


def test_a_disk_filling_up_while_the_search_bundle_is_copied_is_named(tmp_path):
    """Regression: a traceback from the copy of the search bundle into a full disk."""
    root = _project(tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    steps = confined(root, [f"mount -t tmpfs -o size=400k tmpfs {disk}"],
                     [["build", "--no-search", "--out", str(disk / "public")], ["build", "--out", str(disk / "public")]],
                     disk / "public")
    assert steps[0]["code"] == 0, steps[0]["stderr"]
    assert steps[1]["code"] == 1 and "Traceback" not in steps[1]["stderr"], steps[1]["stderr"]
    assert "No space left on device" in steps[1]["stderr"] and len(steps[1]["stderr"].splitlines()) == 1, steps[1]["stderr"]
    assert steps[1]["site"] == steps[0]["site"] and steps[1]["leftovers"] == []
