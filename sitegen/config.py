"""The site's configuration: `[tool.sitegen]` of `pyproject.toml`, validated into `Config`.

In: a project folder. Out: a frozen `Config` with absolute folders, or a `ConfigError`
listing every bad key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import ConfigError, Problem

CACHE_FOLDER = ".sitegen-cache"

DEFAULTS = {
    "site_name": "数字报",
    "base_url": "http://localhost:8000/",
    "language": "zh-CN",
    "home_province": "",
    "home_city": "",  # a city paper's own city: ingest reads its 我市 and 本市 as this city
    "seeds": "seeds",
    "content": "content",
    "output": "public",
    "theme": "default",
    "templates": "templates",
    "timezone": "+08:00",
    "per_page": 20,
    "names_per_page": 400,
    "share_images": True,  # an og:image per article (sitegen/site/shareimage.py)
    "share_font": "",  # the font file they are set in; "" = fontconfig's CJK font
    "share_image_days": 0,  # 0: every article gets its own; N: those of the editions N days from the newest
}


@dataclass(frozen=True)
class Config:
    root: Path
    site_name: str
    base_url: str
    language: str
    home_province: str
    home_city: str
    seeds: Path
    content: Path
    output: Path
    theme: str
    templates: Path
    timezone: str
    per_page: int
    names_per_page: int  # names on a page of the person index (/person/), cut between 拼音 initials where possible
    share_images: bool = True
    share_font: str = ""
    share_image_days: int = 0
    page_names: dict[str, str] = field(default_factory=dict)
    ingest: dict[str, bool] = field(default_factory=dict)  # rule name -> enabled

    @property
    def cache(self) -> Path:
        """The project's one cache folder (`.sitegen-cache/`): the site's, the search
        index's and ingest's caches and the build locks, all data; deleting it costs time."""
        return self.root / CACHE_FOLDER

    def page_name(self, page: int) -> str:
        """版名 of page number `page`, or '' when the configuration names none."""
        return self.page_names.get(f"{page:02d}", self.page_names.get(str(page), ""))


def load_config(root: str | Path = ".") -> Config:
    """Reads `[tool.sitegen]` from `root/pyproject.toml`; a missing file or table means defaults."""
    root = Path(root).resolve()
    pyproject = root / "pyproject.toml"
    table: dict = {}
    problems: list[Problem] = []
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("sitegen", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError([Problem(str(pyproject), 0, f"cannot read configuration: {exc}")]) from exc
    where = f"{pyproject} [tool.sitegen]"
    values = dict(DEFAULTS)
    for key, value in table.items():
        if key in ("page_names", "ingest"):
            continue
        if key not in DEFAULTS:
            problems.append(Problem(where, 0, f"unknown key {key!r}"))
        elif not isinstance(value, type(DEFAULTS[key])):
            problems.append(Problem(where, 0, f"{key!r} must be a {type(DEFAULTS[key]).__name__}"))
        else:
            values[key] = value
    page_names = table.get("page_names", {})
    if not isinstance(page_names, dict) or not all(
        isinstance(k, str) and k.isdigit() and isinstance(v, str) for k, v in page_names.items()
    ):
        problems.append(Problem(where, 0, "'page_names' must map page numbers such as \"01\" to names"))
        page_names = {}
    ingest = table.get("ingest", {})
    if not isinstance(ingest, dict) or not all(isinstance(v, bool) for v in ingest.values()):
        problems.append(Problem(where, 0, "'ingest' must map rule names to true or false"))
        ingest = {}
    if problems:
        raise ConfigError(problems)
    base_url = values["base_url"] if values["base_url"].endswith("/") else values["base_url"] + "/"
    return Config(
        root=root,
        site_name=values["site_name"],
        base_url=base_url,
        language=values["language"],
        home_province=values["home_province"],
        home_city=values["home_city"],
        seeds=root / values["seeds"],
        content=root / values["content"],
        output=root / values["output"],
        theme=values["theme"],
        templates=root / values["templates"],
        timezone=values["timezone"],
        per_page=values["per_page"],
        names_per_page=values["names_per_page"],
        share_images=values["share_images"],
        share_font=values["share_font"],
        share_image_days=values["share_image_days"],
        page_names={f"{int(k):02d}": v for k, v in page_names.items()},
        ingest=dict(ingest),
    )
