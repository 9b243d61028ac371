"""`sitegen serve` end to end: the command line in a subprocess, the real build, a small
project in a tmp folder, real file edits and real HTTP requests."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_serve_support import wait_until

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "content/2018-07-05/01/01-gonghui.md"
OTHER = "content/2018-07-05/05/01-jiceng.md"
FIXTURE = {
    "pyproject.toml": """[tool.sitegen]
site_name = "测试日报 数字报"
base_url = "http://localhost:8000/"

[tool.sitegen.page_names]
"01" = "要闻"
"05" = "基层"
""",
    ARTICLE: """---
headline: 宁波江北工会 为2万名货运司机 把好“红色方向盘”
byline: 记者张浩呈 通讯员周永卫报道
reporters: [张浩呈]
correspondents: [周永卫]
city: 宁波
province: 浙江
kind: article
edition: 2018-07-05
page: 1
order: 1
---
去年底，宁波江北区货运司机工会联合会成立。

## 摸清情况，党支部建起来

要让党支部建起来，第一步是摸清情况。
""",
    OTHER: """---
headline: 基层工会的一天
reporters: [李明]
kind: article
edition: 2018-07-05
page: 5
order: 1
---
早上八点，工会主席已经到了车间。
""",
}


def make_fixture(root: Path) -> Path:
    for name, text in FIXTURE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "seeds").mkdir()
    return root


class Serving:
    """`sitegen serve` in a subprocess; `out` and `err` collect its lines as they come."""

    def __init__(self, root: Path, *args: str, quiet: bool = False, sigint_ignored: bool = False):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        options = ["--root", str(root)] + (["--quiet"] if quiet else [])
        command = [sys.executable, "-m", "sitegen", *options, "serve", "--port", "0", *args]
        pipe = subprocess.PIPE
        ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
        self.process = subprocess.Popen(command, stdout=pipe, stderr=pipe, text=True, env=env, preexec_fn=ignore)
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=lambda s=stream, l=lines: l.extend(s), daemon=True).start()

    def url(self) -> str:
        line = wait_until(lambda: next((l for l in self.out if l.startswith("serving ")), None), timeout=20)
        return line.split()[1]

    def stop(self, sig=signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(10)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def project(tmp_path):
    return make_fixture(tmp_path)


@pytest.fixture
def serve():
    """Starts `Serving`s and kills whichever a failed test left running."""
    started: list[Serving] = []

    def start(root: Path, *args: str, quiet: bool = False, sigint_ignored: bool = False) -> Serving:
        started.append(Serving(root, *args, quiet=quiet, sigint_ignored=sigint_ignored))
        return started[-1]

    yield start
    for serving in started:
        if serving.process.poll() is None:
            serving.process.kill()
            serving.process.wait()


def test_watch_rebuilds_reports_and_cleans_up(project, serve):
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        page = url + "2018-07-05/01/01/"
        assert "把好“红色方向盘”" in fetch(page)[1]
        assert fetch(url + "feed.xml")[0] == 200

        article = project / ARTICLE
        edited = article.read_text(encoding="utf-8").replace("红色方向盘", "绿色方向盘")
        article.write_text(edited, encoding="utf-8")
        wait_until(lambda: "绿色方向盘" in fetch(page)[1])

        good = article.read_text(encoding="utf-8")
        article.write_text(good.replace("page: 1\n", "page: [1\n"), encoding="utf-8")
        wait_until(lambda: any(re.match(rf"{ARTICLE}:\d+: front matter: ", line) for line in serving.err))
        wait_until(lambda: any("build failed" in line for line in serving.out))
        status, body = fetch(page)
        assert status == 200 and "绿色方向盘" in body  # the last good site

        article.write_text(good, encoding="utf-8")
        (project / OTHER).unlink()
        wait_until(lambda: fetch(url + "2018-07-05/05/01/")[0] == 404)
        assert "基层工会的一天" not in fetch(url + "2018-07-05/")[1]
        assert "基层工会的一天" not in fetch(url)[1]
        assert any(l.startswith("[") and "built in" in l and OTHER in l for l in serving.out)
    finally:
        assert serving.stop() == 0
    assert not (project / "public.serve").exists() and not (project / "public").exists()


def test_a_warning_is_printed_when_it_appears_not_on_every_rebuild(project, serve):
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        other = project / OTHER
        other.write_text(FIXTURE[OTHER].replace("kind: article", "kind: article\nmood: 晴"), encoding="utf-8")
        warning = f"{OTHER}:5: warning: front matter: unknown key 'mood'\n"
        wait_until(lambda: warning in serving.err)
        article = project / ARTICLE
        article.write_text(FIXTURE[ARTICLE].replace("红色方向盘", "蓝色方向盘"), encoding="utf-8")
        wait_until(lambda: "蓝色方向盘" in fetch(url + "2018-07-05/01/01/")[1])
        assert serving.err.count(warning) == 1
    finally:
        assert serving.stop() == 0


def test_a_template_error_names_the_template_and_line_until_fixed(project, serve):
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        override = project / "templates" / "home.html"  # templates/ does not exist yet
        override.parent.mkdir()
        override.write_text('{% extends "theme/base.html" %}\n{% block nope %}\n{% if %}\n{% endblock %}\n')
        wait_until(lambda: any(line.startswith("templates/home.html:3: template: ") for line in serving.err))
        assert fetch(url)[0] == 200  # the last good site
        override.write_text("<!doctype html><html><body><p>首页改版</p></body></html>\n", encoding="utf-8")
        wait_until(lambda: "首页改版" in fetch(url)[1])
    finally:
        assert serving.stop() == 0


def test_a_new_raw_page_is_ingested_and_served_without_a_rebuild_loop(project, serve):
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        raw = sorted((REPO / "seeds" / "2018-07-05").glob("000_*.txt"))[0]
        # The day's folder arrives whole (one rename): made in place, its folder and its file
        # could reach the watcher as two saves under load, and count a build more.
        (project / "incoming").mkdir()
        shutil.copy(raw, project / "incoming" / raw.name)
        os.rename(project / "incoming", project / "seeds" / "2018-07-06")
        wait_until(lambda: fetch(url + "2018-07-06/01/01/")[0] == 200, timeout=30)
        assert list((project / "content" / "2018-07-06" / "01").glob("01-*.md"))

        def builds_once_quiet():
            before = sum("built in" in line for line in serving.out)
            time.sleep(0.5)
            return before if before == sum("built in" in line for line in serving.out) else None

        builds = wait_until(builds_once_quiet)
        assert builds <= 3  # the first, the raw page's, at most one for ingest's own writes
    finally:
        assert serving.stop() == 0


def test_search_is_indexed_in_the_background_and_served_with_its_types(project, serve):
    serving = serve(project)
    try:
        url = serving.url()
        wait_until(lambda: fetch(url + "pagefind/bundles.json")[0] == 200, timeout=30)
        bundle = url + "pagefind/" + json.loads(fetch(url + "pagefind/bundles.json")[1])["bundles"][0]["path"]
        [language] = [entry["hash"] for entry in json.loads(fetch(bundle + "pagefind-entry.json")[1])["languages"].values()]
        with urllib.request.urlopen(f"{bundle}pagefind.{language}.pf_meta", timeout=10) as response:
            assert response.headers["Content-Type"] == "application/octet-stream"
        with urllib.request.urlopen(bundle + "pagefind.js", timeout=10) as response:
            assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    finally:
        assert serving.stop() == 0


def test_sigterm_stops_cleanly(project, serve):
    serving = serve(project, "--watch", quiet=True)
    wait_until(lambda: (project / "public.serve" / str(serving.process.pid) / "1" / "index.html").is_file())
    assert serving.stop(signal.SIGTERM) == 0
    assert serving.out == [] and not (project / "public.serve").exists()


def test_without_watch_bad_content_exits_1_with_path_and_line(project, serve):
    (project / OTHER).write_text(FIXTURE[OTHER].replace("kind: article", "kind: story"), encoding="utf-8")
    serving = serve(project)
    assert serving.process.wait(20) == 1
    wait_until(lambda: serving.err)
    assert f"{OTHER}:4: front matter: 'kind' must be one of article, photo, brief, not 'story'\n" in serving.err


def test_with_watch_a_first_build_failure_serves_the_overlay_until_fixed(project, serve):
    (project / OTHER).write_text(FIXTURE[OTHER].replace("kind: article", "kind: story"), encoding="utf-8")
    serving = serve(project, "--watch")
    try:
        url = serving.url()
        status, body = fetch(url)
        assert status == 503 and "reload.js" in body
        (project / OTHER).write_text(FIXTURE[OTHER], encoding="utf-8")
        wait_until(lambda: fetch(url)[0] == 200)
    finally:
        assert serving.stop() == 0


def test_ctrl_c_stops_a_preview_started_as_a_scripts_background_job(project, serve):
    """Regression: a script's background job (`sitegen serve &`, or a CI runner's) starts
    with SIGINT ignored, so Python raised no KeyboardInterrupt and Ctrl-C never stopped
    the preview."""
    serving = serve(project, "--watch", sigint_ignored=True)
    serving.url()
    assert serving.stop() == 0


def test_exposed_host_is_announced(project, serve):
    serving = serve(project, "--host", "0.0.0.0")
    try:
        serving.url()
        wait_until(lambda: any("exposed to the network" in line for line in serving.err))
    finally:
        serving.stop()


def test_a_taken_port_exits_2(project):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        env = dict(os.environ, PYTHONPATH=str(REPO))
        command = [sys.executable, "-m", "sitegen", "--root", str(project), "serve", "--port", port]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=20)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_terminal_report_completes_its_line_in_place_on_a_tty(tmp_path, capsys, monkeypatch):
    from sitegen.serve.command import TerminalReport
    from sitegen.serve.rebuild import Outcome

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    report = TerminalReport(tmp_path, quiet=False)
    changed = (str(tmp_path / "content" / "a.md"), "/elsewhere/b.md")
    report.starting(changed)
    report(Outcome(3, 0.5, changed))
    clock = r"\[\d\d:\d\d:\d\d\]"
    what = r"\(content/a.md, /elsewhere/b.md\)"
    expected = rf"{clock} building {what} …\r\x1b\[K{clock} built in 0.50 s: 3 pages {what}\n"
    assert re.fullmatch(expected, capsys.readouterr().out)

    quiet = TerminalReport(tmp_path, quiet=True)
    quiet.starting(changed)
    quiet(Outcome(0, 0.1, changed, ("content/a.md:2: front matter: bad",)))
    assert capsys.readouterr() == ("", "content/a.md:2: front matter: bad\n")


def _search_ready(url: str) -> bool:
    return fetch(url + "pagefind/bundles.json")[0] == 200


def test_previews_of_one_project_never_disturb_each_other(project, serve):
    """Regression: a second preview, even one failing on a taken port, emptied
    public.serve/ and the first answered 404 to every page; previews on two ports shared
    version folders and one lost its search index."""
    first = serve(project, "--watch")
    url = first.url()
    page = url + "2018-07-05/01/01/"
    port = url.rsplit(":", 1)[1].strip("/")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    taken = subprocess.run([sys.executable, "-m", "sitegen", "--root", str(project), "serve", "--port", port],
                           capture_output=True, text=True, env=env, timeout=30)
    assert taken.returncode == 2 and "cannot listen on" in taken.stderr, taken.stderr
    assert fetch(page)[0] == 200
    second = serve(project, "--watch")
    other = second.url()
    assert other != url and fetch(other + "2018-07-05/01/01/")[0] == 200 and fetch(page)[0] == 200
    kept = {p.name for p in (project / "public.serve").iterdir()}
    assert kept == {".sitegen-serve", str(first.process.pid), str(second.process.pid)}
    wait_until(lambda: _search_ready(url) and _search_ready(other), timeout=60)
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("红色方向盘", "蓝色方向盘"), encoding="utf-8")
    wait_until(lambda: "蓝色方向盘" in fetch(page)[1] and "蓝色方向盘" in fetch(other + "2018-07-05/01/01/")[1])
    assert second.stop() == 0
    assert fetch(page)[0] == 200 and _search_ready(url)
    assert first.stop() == 0
    assert not (project / "public.serve").exists()


def test_serve_refuses_a_folder_it_did_not_make_and_bad_arguments_without_a_traceback(project):
    (project / "site.serve").mkdir()
    (project / "site.serve/notes.txt").write_text("mine", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))

    def run(*args):
        command = [sys.executable, "-m", "sitegen", "--root", str(project), "serve", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=30)

    result = run("--out", str(project / "site"), "--port", "0")
    assert result.returncode == 2 and result.stderr == f"{project / 'site.serve'}: refusing to keep previews in a folder " \
        "sitegen serve did not make (no .sitegen-serve): empty it or choose another --out\n"
    assert [p.name for p in (project / "site.serve").iterdir()] == ["notes.txt"]
    result = run("--out", "/", "--port", "0")
    assert result.returncode == 2 and result.stderr == "/: previews are kept beside the output folder, and the root folder has none: choose another --out\n"
    result = run("--port", "70000")
    assert result.returncode == 2 and "argument --port: '70000' is not a port: use a number from 0 to 65535" in result.stderr
    assert "Traceback" not in result.stderr
