"""The progress line: on a terminal after two seconds, never under --quiet, in CI or
into a pipe."""

from __future__ import annotations

import io

from sitegen import progress as progress_module
from sitegen.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(monkeypatch, *, quiet=False, ci=None, tty=True, clock=(0.0, 0.5, 3.0, 3.5)) -> str:
    stream = Terminal() if tty else io.StringIO()
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(progress_module.sys.stdout, "isatty", lambda: True, raising=False)
    times = iter(clock)
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(times))
    shown = Progress(quiet=quiet, stream=stream)
    for done in range(len(clock)):
        shown("render", done, len(clock) - 1)
    shown.end()
    return stream.getvalue()


def test_a_long_step_shows_its_progress_after_two_seconds(monkeypatch):
    text = run(monkeypatch)
    assert "render 0/3" not in text and "render 1/3" not in text  # the first two seconds
    assert "\rrender 2/3 (66%)" in text and "\rrender 3/3 (100%)" in text
    assert text.endswith("\r\x1b[K")  # the line is cleared at the end


def test_a_short_step_shows_nothing(monkeypatch):
    assert run(monkeypatch, clock=(0.0, 0.2, 0.4, 0.6)) == ""


def test_quiet_ci_and_pipes_show_nothing(monkeypatch):
    assert run(monkeypatch, quiet=True) == ""
    assert run(monkeypatch, ci="true") == ""
    assert run(monkeypatch, tty=False) == ""


def test_ingest_reports_its_pages(tmp_path):
    """`sitegen ingest` and the build's ingest step drive the same line: pages done of
    all pages found, ending at all of them."""
    from pathlib import Path

    from sitegen.config import load_config
    from sitegen.ingest import ingest_paths

    repo = Path(__file__).resolve().parent.parent
    calls = []
    ingest_paths([repo / "seeds"], out_dir=tmp_path / "content", config=load_config(repo), progress=lambda *call: calls.append(call))
    assert calls[0] == ("ingest", 0, 2) and calls[-1] == ("ingest", 2, 2)
    assert all(step == "ingest" and 0 <= done <= total == 2 for step, done, total in calls)
