"""Shared pytest options and fixtures: `--update-golden` rewrites golden files for review
in git; `chromium`, one headless browser a module; `check_reuse`, for modules that mark
themselves with it (pytestmark = pytest.mark.usefixtures("check_reuse"))."""

from __future__ import annotations

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files (rule fixtures, expected articles) from the current output",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="module")
def chromium():
    from browser import launch_chromium  # (tests/ is on the path: rootdir conftest)

    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def check_reuse(monkeypatch):
    """Every reused group of pages is made again and compared (a page type's reads too narrow)."""
    from sitegen.site import incremental

    monkeypatch.setattr(incremental, "CHECK_REUSE", True)
