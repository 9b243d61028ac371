"""The theme: where its templates and static files live, the Jinja environment, and the
fingerprinted asset names.

In: the configuration. Out: a Jinja `Environment` whose loader looks in the project's
templates folder first and then in the theme (`{% extends "theme/base.html" %}` reaches
the theme's own file from an override), and an `Assets` map from `style.css` to
`/assets/style.<hash>.css` with the files' bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

import sitegen
from sitegen.config import Config
from sitegen.errors import ConfigError, Problem
from sitegen.traditional import tables as traditional_tables

# The default theme ships in the repository's themes/ folder, and inside the package
# when installed from a wheel.
THEME_HOMES = (Path(sitegen.__file__).resolve().parent.parent / "themes", Path(sitegen.__file__).resolve().parent / "themes")
# Static files sitegen gives every theme: search's query rules (search-query.js), which
# must match the index sitegen builds, so a theme includes them rather than copying them.
SHIPPED_STATIC = Path(sitegen.__file__).resolve().parent / "search" / "static"


def theme_dir(config: Config) -> Path:
    """The folder of `config.theme`. A value with a `/` is the theme's folder itself,
    relative to the project (`tests/themes/minimal`) or absolute; a name is looked up in
    the project's themes/, then among the shipped themes."""
    if "/" in config.theme:
        candidates = [config.root / config.theme]
    else:
        candidates = [config.root / "themes" / config.theme] + [home / config.theme for home in THEME_HOMES]
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise ConfigError([Problem(str(config.root / "pyproject.toml"), 0, f"theme {config.theme!r} not found (looked in {looked})")])


def template_dirs(config: Config) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: project overrides, then the theme."""
    dirs = [config.templates] if config.templates.is_dir() else []
    return tuple(dirs) + (theme_dir(config) / "templates",)


_LAST_ENVIRONMENT: dict[tuple, jinja2.Environment] = {}  # the last build's, by its templates' key


def environment(config: Config, key: str = "") -> jinja2.Environment:
    """The Jinja environment of the templates of `config`. With `key` (theme_key(): the
    digest of every template file, the configuration and the assets), the last build's
    environment is given again while the key is the same: `sitegen serve` then compiles
    the templates once, not on every save (0.05-0.1 s of each rebuild)."""
    if key:
        found = _LAST_ENVIRONMENT.get((config.root, key))
        if found is None:
            _LAST_ENVIRONMENT.clear()  # (one kept: the one a new build of the same site can use)
            found = _LAST_ENVIRONMENT[(config.root, key)] = environment(config)
        return found
    theme_templates = jinja2.FileSystemLoader(str(theme_dir(config) / "templates"))
    loaders = [jinja2.FileSystemLoader(str(d)) for d in template_dirs(config)]
    loader = jinja2.ChoiceLoader(loaders + [jinja2.PrefixLoader({"theme": theme_templates})])
    return jinja2.Environment(
        loader=loader,
        # No bytecode cache: it is marshalled Python code, and one planted in the project's
        # .sitegen-cache/ (committed in a pull request a CI builds) would run. A cold
        # build compiles the templates it renders (about 0.1 s); serve reuses them (above).
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: templates cannot change under it, and checking each
        # template file's time on every page cost 130,000 stat calls for 20,000 articles.
        auto_reload=False,
    )


@dataclass(frozen=True)
class Assets:
    """Static files: logical name -> site path, and site path -> bytes."""

    paths: dict[str, str]
    files: dict[str, bytes]

    def path(self, name: str) -> str:
        if name not in self.paths:
            raise KeyError(f"no static file {name!r} in the theme")
        return self.paths[name]


def _minified(name: str, data: bytes) -> bytes:
    """A stylesheet without its comments and spare white space (rcssmin): a reader's
    first page downloads it whole, and the theme's comments are for its authors."""
    if not name.endswith(".css"):
        return data
    import rcssmin  # here: only builds read it

    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")


def assets(config: Config) -> Assets:
    """The theme's static/ files, overridden by same-named files in the project's
    templates/static/, and sitegen's own (SHIPPED_STATIC and the 繁體 tables made from
    OpenCC and shipped, sitegen/traditional/tables.py), which nothing overrides. Every name gets a content hash (`style.<hash>.css`) so that
    /assets/ can be cached for a year: a changed file is a new URL."""
    sources: dict[str, Path] = {}
    for folder in (theme_dir(config) / "static", config.templates / "static", SHIPPED_STATIC):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    sources[path.relative_to(folder).as_posix()] = path
    contents = {name: _minified(name, path.read_bytes()) for name, path in sources.items()}
    contents.update(traditional_tables.assets())  # s2t.json, t2s.json: made from OpenCC, shipped
    paths, files = {}, {}
    for name in sorted(contents):
        data = contents[name]
        stem, dot, ext = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        site_path = f"/assets/{stem}.{digest}.{ext}" if dot else f"/assets/{name}.{digest}"
        paths[name] = site_path
        files[site_path] = data
    return Assets(paths, files)
