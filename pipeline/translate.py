"""The translator's workflow, as functions the CLI calls: extract, init,
update, check-po. (Importing and statistics live beside them.)"""

from __future__ import annotations

from pathlib import Path

from pipeline.catalogs import UI, Written, extract, init_locale, locales_on_disk, update_locale
from pipeline.check import load_book
from pipeline.config import Config
from pipeline.errors import Loc, Problem, ProblemsFound
from pipeline.glyphs import coverage
from pipeline.parse import Source, parse_inline
from pipeline.pocheck import QAContext, qa_problems, read_po_strict


def run_extract(config: Config) -> list[Written]:
    book, problems = load_book(config)
    if book is None:
        raise ProblemsFound([p for p in problems if p.is_error])
    return extract(config, book)


def run_init(config: Config, locale: str) -> list[Written]:
    return init_locale(config, locale)


def run_update(config: Config, locales: tuple[str, ...] = ()) -> list[Written]:
    out: list[Written] = []
    for locale in locales or tuple(locales_on_disk(config)):
        out += update_locale(config, locale)
    return out


def qa_context(config: Config, path: Path, locale: str) -> QAContext:
    """How to check messages of the catalog at ``path``: which chapter they belong to, which glyphs exist."""
    slug = path.stem
    if slug == UI:
        return QAContext(parse=None, coverage=coverage(config.paths["fonts"], locale), is_ui=True)
    chapter = config.chapter_path(slug if slug in config.chapters else config.chapters[0])
    src = Source(chapter, config.display(chapter), chapter.stem, config.paths["chapters"], config.root, config.glossary)
    return QAContext(parse=lambda text, line: parse_inline(text, src, line), coverage=coverage(config.paths["fonts"], locale))


def locale_of(path: Path, headers: dict[str, str]) -> str:
    return headers.get("Language") or path.parent.name


def check_po(config: Config, paths: list[Path]) -> list[Problem]:
    """Syntax and quality problems of each file, as file:line messages."""
    problems: list[Problem] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            problems.append(Problem(Loc(display), "file not found"))
            continue
        po = read_po_strict(path, display)
        problems += po.problems
        if po.problems:
            continue
        problems += qa_problems(po, qa_context(config, path, locale_of(path, po.headers)), display)
    return problems
