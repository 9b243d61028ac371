"""Rendering: a page spec in, a `RenderedFile` (output-relative path and bytes) out, or a
Problem naming the template file and line (incremental.py collects them, once each
however many pages one broke, and a build with any replaces nothing).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.config import Config
from sitegen.errors import Problem
from sitegen.site import urls
from sitegen.site.content import display_path
from sitegen.site.theme import Assets, template_dirs, theme_dir
from sitegen.site.views import PageSpec, SiteInfo


@dataclass(frozen=True)
class RenderedFile:
    path: str  # inside the output folder, '/'-separated: 2018-07-05/01/index.html
    data: bytes


def prepare(env: jinja2.Environment, site: SiteInfo, assets: Assets, config: Config) -> None:
    """What every template sees besides its context: `site` and `asset(name)`."""
    links = urls.Links(config.base_url)
    env.globals.update(site=site, asset=lambda name: links.href(assets.path(name)))


def render_one(env: jinja2.Environment, spec: PageSpec, config: Config) -> tuple[RenderedFile | None, Problem | None]:
    """One page through its template (`prepare` first): the file, or the problem."""
    try:
        html = env.get_template(spec.template).render(**spec.context)
    except jinja2.TemplateSyntaxError as exc:
        shown = display_path(Path(exc.filename), config.root) if exc.filename else exc.name or spec.template
        return None, Problem(shown, exc.lineno or 0, f"template: {exc.message}")
    except jinja2.TemplateNotFound as exc:
        return None, _missing_template(exc, spec, config)
    except Exception as exc:  # noqa: BLE001 - any error in a template is the theme's, reported with its line
        return None, _runtime_problem(exc, spec, config)
    return RenderedFile(urls.output_file(spec.path), html.encode("utf-8")), None


def _template_frame(exc: Exception, spec: PageSpec, config: Config) -> tuple[str, int]:
    """The innermost template frame of the traceback (Jinja maps its lines to the template)."""
    where, line = spec.template, 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".js")) and Path(frame.filename).is_file():
            where, line = display_path(Path(frame.filename), config.root), frame.lineno or 0
    return where, line


def _runtime_problem(exc: Exception, spec: PageSpec, config: Config) -> Problem:
    message = str(exc) if isinstance(exc, jinja2.UndefinedError) else f"{type(exc).__name__}: {exc}"
    return Problem(*_template_frame(exc, spec, config), f"template: {message}")


def _missing_template(exc: jinja2.TemplateNotFound, spec: PageSpec, config: Config) -> Problem:
    """A page type's template missing from the theme, named where the theme should have
    it; or a template another one names (extends, include, import), at that line."""
    looked = ", ".join(display_path(folder, config.root) for folder in template_dirs(config))
    if exc.name != spec.template:
        return Problem(*_template_frame(exc, spec, config), f"template not found: {exc.name} (looked in {looked})")
    expected = display_path(theme_dir(config) / "templates" / spec.template, config.root)
    return Problem(expected, 0, f"template not found: a theme needs {spec.template} (docs/THEMES.md lists them; looked in {looked})")
