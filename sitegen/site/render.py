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
from sitegen.site.theme import Assets, template_dirs
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
        dirs = template_dirs(config)
        return None, Problem(spec.template, 0, f"template not found: {exc.name} (looked in {', '.join(map(str, dirs))})")
    except Exception as exc:  # noqa: BLE001 - any error in a template is the theme's, reported with its line
        return None, _runtime_problem(exc, spec, config)
    return RenderedFile(urls.output_file(spec.path), html.encode("utf-8")), None


def _runtime_problem(exc: Exception, spec: PageSpec, config: Config) -> Problem:
    """The innermost template frame of the traceback (Jinja maps its lines to the template)."""
    where, line = spec.template, 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".js")) and Path(frame.filename).is_file():
            where, line = display_path(Path(frame.filename), config.root), frame.lineno or 0
    message = str(exc) if isinstance(exc, jinja2.UndefinedError) else f"{type(exc).__name__}: {exc}"
    return Problem(where, line, f"template: {message}")
