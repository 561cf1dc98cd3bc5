"""Load and validate ``handbook.toml``: what to build, and from where.

Validation happens here, once. Every problem is collected and reported at
once with its ``file:line``, so an editor fixes the file in one go.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.editions import EDITION_NAMES as EDITIONS, PAPERS
from pipeline.errors import Loc, Problem, ProblemsFound, Severity


LOCALES = ("en", "es", "vi", "zh_Hans", "zh_Hant", "ko", "fil", "ru", "pa", "hmn", "ar", "fa")  # locales the press knows

_TEXT_KEYS = ("title", "subtitle", "author", "subject", "jurisdiction", "base_url", "edition_date")
_LIST_KEYS = ("chapters", "locales", "editions")
_PATH_KEYS = ("chapters", "translations", "fonts", "dist")
_KNOWN = set(_TEXT_KEYS) | set(_LIST_KEYS) | {"glossary", "paths", "publish_threshold", "paper", "locale"}
_LOCALE_KEYS = ("native_name", "date_pattern", "format_locale")
_PLACEHOLDER_HOSTS = re.compile(r"^https://(www\.)?example\.(org|com|net)(/|$)")


@dataclass(frozen=True)
class Config:
    path: Path
    title: str
    subtitle: str
    author: str
    subject: str
    jurisdiction: str
    edition_date: str  # an ISO date, or "auto"
    base_url: str
    chapters: tuple[str, ...]
    glossary: str | None
    locales: tuple[str, ...]
    editions: tuple[str, ...]
    paths: dict[str, Path]
    publish_threshold: float = 100.0  # % of source words translated before a release build publishes a locale
    paper: str = "letter"  # "letter" (US Letter, half-letter booklets) or "a4" (A4, A5 booklets)
    locale_settings: dict[str, dict[str, str]] = None  # [locale.X]: native_name, date_pattern, format_locale

    def settings_for(self, locale: str) -> dict[str, str]:
        return dict((self.locale_settings or {}).get(locale, {}))

    @property
    def root(self) -> Path:
        return self.path.parent

    def chapter_path(self, slug: str) -> Path:
        return self.paths["chapters"] / f"{slug}.md"

    @property
    def checklists(self) -> tuple[str, ...]:
        """The checklists: every chapters/checklists/<name>.md."""
        folder = self.paths["chapters"] / "checklists"
        return tuple(sorted(p.stem for p in folder.glob("*.md"))) if folder.is_dir() else ()

    def checklist_path(self, slug: str) -> Path:
        return self.paths["chapters"] / "checklists" / f"{slug}.md"

    def display(self, path: Path) -> str:
        """A path as users see it in messages: relative to the config's folder."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


class _Reader:
    """Finds the line of a key in the TOML text, for messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.name = str(path)
        self.lines = text.splitlines()

    def loc(self, key: str) -> Loc:
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return Loc(self.name, number)
        return Loc(self.name, 1)


def load_config(path: Path) -> Config:
    """Read and validate the config; raise :class:`ProblemsFound` listing every error."""
    config, problems = _read(path)
    errors = [p for p in problems if p.is_error]
    if errors or config is None:
        raise ProblemsFound(errors or problems)
    return config


def config_warnings(config: Config) -> list[Problem]:
    """Things that build but that a publisher should fix before printing."""
    out: list[Problem] = []
    if _PLACEHOLDER_HOSTS.match(config.base_url):
        text = config.path.read_text(encoding="utf-8")
        out.append(
            Problem(
                _Reader(config.path, text).loc("base_url"),
                f"base_url {config.base_url!r} is a placeholder; set the real address "
                "of the online handbook before publishing",
                Severity.WARNING,
            )
        )
    return out


def _read(path: Path) -> tuple[Config | None, list[Problem]]:
    name = str(path)
    if not path.is_file():
        return None, [Problem(Loc(name), "config file not found; pass --config FILE or run from the project folder")]
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        return None, [Problem(Loc(name, line), f"not valid TOML ({exc}); fix the syntax")]
    reader = _Reader(path, text)
    problems: list[Problem] = []
    for key in sorted(set(data) - _KNOWN):
        problems.append(Problem(reader.loc(key), f"unknown key {key!r}; remove it or check its spelling"))
    values = {k: _text(data, k, reader, problems) for k in _TEXT_KEYS}
    lists = {k: _list(data, k, reader, problems) for k in _LIST_KEYS}
    paths = _paths(data.get("paths", {}), path.parent, reader, problems)
    glossary = data.get("glossary")
    if glossary is not None and glossary not in lists["chapters"]:
        problems.append(Problem(reader.loc("glossary"), f"glossary {glossary!r} is not in the chapters list; add it there"))
    _check_values(values, lists, paths, reader, problems)
    threshold = data.get("publish_threshold", 100)
    if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
        problems.append(Problem(reader.loc("publish_threshold"), "publish_threshold must be a percentage from 0 to 100"))
        threshold = 100
    paper = data.get("paper", "letter")
    if paper not in PAPERS:
        problems.append(Problem(reader.loc("paper"), f"paper must be one of {', '.join(PAPERS)}, not {paper!r}"))
        paper = "letter"
    locale_settings = _locale_settings(data.get("locale", {}), lists["locales"], reader, problems)
    config = Config(
        locale_settings=locale_settings,
        paper=paper,
        publish_threshold=float(threshold),
        path=path,
        chapters=tuple(lists["chapters"]),
        glossary=glossary,
        locales=tuple(lists["locales"]),
        editions=tuple(lists["editions"]),
        paths=paths,
        **values,
    )
    return config, problems


def _locale_settings(data: Any, locales: list[str], reader: _Reader, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """[locale.X] tables: what CLDR does not know about a language, such as Hmong."""
    from babel import Locale, UnknownLocaleError

    out: dict[str, dict[str, str]] = {}
    for code, table in (data or {}).items():
        if not isinstance(table, dict):
            problems.append(Problem(reader.loc(code), f"[locale.{code}] must be a table"))
            continue
        for key in sorted(set(table) - set(_LOCALE_KEYS)):
            problems.append(Problem(reader.loc(key), f"unknown key {key!r} in [locale.{code}]; known: {', '.join(_LOCALE_KEYS)}"))
        out[code] = {k: str(v) for k, v in table.items() if k in _LOCALE_KEYS}
    for code in locales:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            settings = out.get(code, {})
            missing = [k for k in ("native_name", "format_locale") if k not in settings]
            if missing:
                problems.append(Problem(reader.loc("locales"), f"babel has no data for locale {code!r}; add [locale.{code}] "
                                                               f"with {' and '.join(missing)}"))
    return out


def _text(data: dict[str, Any], key: str, reader: _Reader, problems: list[Problem]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(reader.loc(key), f"{key!r} must be a non-empty string"))
        return ""
    return value.strip()


def _list(data: dict[str, Any], key: str, reader: _Reader, problems: list[Problem]) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.append(Problem(reader.loc(key), f"{key!r} must be a non-empty list of strings"))
        return []
    seen: set[str] = set()
    for item in value:
        if item in seen:
            problems.append(Problem(reader.loc(key), f"{item!r} is listed twice in {key!r}"))
        seen.add(item)
    return value


def _paths(data: Any, root: Path, reader: _Reader, problems: list[Problem]) -> dict[str, Path]:
    if not isinstance(data, dict):
        problems.append(Problem(reader.loc("paths"), "[paths] must be a table"))
        data = {}
    for key in sorted(set(data) - set(_PATH_KEYS)):
        problems.append(Problem(reader.loc(key), f"unknown path {key!r}; known: {', '.join(_PATH_KEYS)}"))
    return {key: (root / str(data.get(key, key))) for key in _PATH_KEYS}


def _check_values(values: dict[str, str], lists: dict[str, list[str]], paths: dict[str, Path],
                  reader: _Reader, problems: list[Problem]) -> None:
    if values["edition_date"] and values["edition_date"] != "auto":
        try:
            date.fromisoformat(values["edition_date"])
        except ValueError:
            problems.append(Problem(reader.loc("edition_date"), "edition_date must be YYYY-MM-DD or \"auto\""))
    if values["base_url"] and not values["base_url"].startswith("https://"):
        problems.append(Problem(reader.loc("base_url"), "base_url must start with https://"))
    for locale in lists["locales"]:
        if locale not in LOCALES:
            problems.append(Problem(reader.loc("locales"), f"locale {locale!r} is not available yet; available: {', '.join(LOCALES)}"))
    for edition in lists["editions"]:
        if edition not in EDITIONS:
            problems.append(Problem(reader.loc("editions"), f"edition {edition!r} is not available yet; available: {', '.join(EDITIONS)}"))
    for slug in lists["chapters"]:
        if not (paths["chapters"] / f"{slug}.md").is_file():
            problems.append(Problem(reader.loc("chapters"), f"chapter {slug!r} has no file {slug}.md in {paths['chapters']}; create it or remove it from the list"))
    if not paths["fonts"].is_dir():
        problems.append(Problem(reader.loc("fonts"), f"fonts folder {paths['fonts']} not found"))
