"""Check a whole book: load every chapter, then verify what links across them.

``handbook check`` and ``handbook build`` run the same checks. Problems from
every file are collected and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import model as m
from pipeline.config import Config, config_warnings
from pipeline.editorial import Grade, editorial_problems
from pipeline.errors import Problem
from pipeline.glyphs import missing_glyphs
from pipeline.i18n import SOURCE_LOCALE
from pipeline.parse import Source, parse_chapter


def load_book(config: Config) -> tuple[m.Book | None, list[Problem]]:
    """Parse every chapter the config lists. The book is None if any chapter failed."""
    chapters: list[m.Chapter] = []
    problems: list[Problem] = []
    for slug in config.chapters:
        path = config.chapter_path(slug)
        src = Source(path, config.display(path), slug, config.paths["chapters"], config.root, config.glossary)
        chapter, found = parse_chapter(src)
        problems.extend(found)
        if chapter is not None:
            chapters.append(chapter)
    checklists: list[m.Chapter] = []
    for slug in config.checklists:
        path = config.checklist_path(slug)
        src = Source(path, config.display(path), slug, config.paths["chapters"], config.root, config.glossary,
                     checklist=True)
        checklist, found = parse_chapter(src)
        problems.extend(found)
        if checklist is not None:
            if checklist.source_chapter not in config.chapters:
                problems.append(Problem(checklist.field_loc("chapter"), f"chapter {checklist.source_chapter!r} is not in "
                                                                        "the book; name one of the chapters in handbook.toml"))
            checklists.append(checklist)
    if len(chapters) != len(config.chapters) or len(checklists) != len(config.checklists):
        return None, problems
    return m.Book(config.title, tuple(chapters), config.glossary, checklists=tuple(checklists)), problems


def check_links(book: m.Book, chapters_dir: Path) -> list[Problem]:
    """Every chapter link, heading anchor and glossary term must exist in the book."""
    anchors = {c.slug: c.anchors for c in book.chapters}
    terms = anchors.get(book.glossary, frozenset()) if book.glossary else frozenset()
    problems: list[Problem] = []
    for chapter in (*book.chapters, *book.checklists):
        for block in m.iter_blocks(chapter.blocks):
            for span in m.iter_spans(m.block_spans(block)):
                problems.extend(_check_span(span, anchors, terms, book, chapters_dir))
    return problems


def _check_span(span: m.Inline, anchors: dict[str, frozenset[str]], terms: frozenset[str],
                book: m.Book, chapters_dir: Path) -> list[Problem]:
    if isinstance(span, m.TermRef):
        if span.term not in terms:
            return [Problem(span.loc, f"unknown glossary term {span.term!r}; add a '## ' heading for it to {book.glossary}.md or fix the link")]
    elif isinstance(span, m.ChapterRef):
        if span.chapter not in anchors:
            exists = (chapters_dir / f"{span.chapter}.md").is_file()
            why = "is not in the chapters list of the config" if exists else "does not exist"
            return [Problem(span.loc, f"broken chapter link: {span.chapter}.md {why}; fix the link or add the chapter")]
        if span.anchor and span.anchor not in anchors[span.chapter]:
            return [Problem(span.loc, f"broken link: {span.chapter}.md has no heading with anchor #{span.anchor}")]
    return []


@dataclass(frozen=True)
class CheckResult:
    book: m.Book | None
    problems: list[Problem]
    grades: list[Grade]


def check_book(config: Config) -> CheckResult:
    """Everything ``handbook check`` verifies: the book, all problems sorted, reading grades."""
    book, problems = load_book(config)
    problems.extend(config_warnings(config))
    grades: list[Grade] = []
    if book is not None:
        problems.extend(check_links(book, config.paths["chapters"]))
        problems.extend(missing_glyphs(book, config.paths["fonts"], SOURCE_LOCALE))
        grades, editorial = editorial_problems(book)
        problems.extend(editorial)
    return CheckResult(book, sorted(problems), grades)


