"""The localize stage: a new book with every message replaced by its translation.

Catalogs are read strictly and every translation passes the same quality
checks as ``handbook check-po`` before it is used; a translation that fails
them is reported and not printed. Fuzzy entries are never printed. Coverage
is counted in words of the English source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import model as m
from pipeline.catalogs import BOOK, CHECKLIST, METHOD_HEADER, REVIEW_HEADER, UI, catalog_names, locale_dir
from pipeline.config import Config
from pipeline.errors import Loc, Problem
from pipeline.messages import map_units, to_markdown
from pipeline.parse import Source, parse_inline
from pipeline.pocheck import PoFile, qa_problems, read_po_strict


@dataclass
class Coverage:
    words: int = 0
    translated_words: int = 0
    messages: int = 0
    translated: int = 0
    fuzzy: int = 0

    @property
    def untranslated(self) -> int:
        return self.messages - self.translated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    def add(self, other: "Coverage") -> None:
        for name in ("words", "translated_words", "messages", "translated", "fuzzy"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Translation:
    text: str
    line: int


@dataclass
class Catalog:
    """One locale catalog: usable translations by msgid, its coverage and its problems."""

    name: str
    path: Path
    display: str
    translations: dict[str, Translation] = field(default_factory=dict)
    coverage: Coverage = field(default_factory=Coverage)
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, msgid: str) -> str | None:
        found = self.translations.get(msgid)
        return found.text if found else None


def read_catalog(config: Config, locale: str, name: str) -> Catalog:
    """Read one catalog strictly and keep only translations that pass quality checks."""
    from pipeline.translate import qa_context  # the CLI-level helper knows how to parse each catalog

    path = locale_dir(config, locale) / f"{name}.po"
    catalog = Catalog(name, path, config.display(path))
    if not path.is_file():
        catalog.problems.append(Problem(Loc(catalog.display), "catalog missing; run: handbook update", ))
        return catalog
    po = read_po_strict(path, catalog.display)
    catalog.headers = po.headers
    if po.problems:
        catalog.problems += po.problems
        return catalog
    found = qa_problems(po, qa_context(config, path, locale), catalog.display)
    catalog.problems += [p for p in found if p.is_error]
    rejected = {p.loc.line for p in found if p.is_error}
    catalog.coverage = _coverage(po, rejected)
    for entry in po.messages:
        if entry.translated and not entry.fuzzy and entry.msgstr_line not in rejected:
            catalog.translations[entry.msgid] = Translation(entry.msgstr, entry.msgstr_line)
    return catalog


def _coverage(po: PoFile, rejected: set[int]) -> Coverage:
    out = Coverage()
    for entry in po.messages:
        out.messages += 1
        out.words += words(entry.msgid)
        if entry.fuzzy and entry.translated:
            out.fuzzy += 1
        elif entry.translated and entry.msgstr_line not in rejected:
            out.translated += 1
            out.translated_words += words(entry.msgid)
    return out


@dataclass
class LocaleCatalogs:
    locale: str
    catalogs: dict[str, Catalog]
    checklist_coverage: dict[str, Coverage] = field(default_factory=dict)  # filled by localize

    @property
    def coverage(self) -> Coverage:
        total = Coverage()
        for name, catalog in self.catalogs.items():
            if not name.startswith(CHECKLIST):
                total.add(catalog.coverage)
        return total

    @property
    def problems(self) -> list[Problem]:
        """Problems of the handbook's catalogs; a checklist's problems only hold back that checklist."""
        return [p for name, c in self.catalogs.items() if not name.startswith(CHECKLIST) for p in c.problems]

    @property
    def reviewed(self) -> bool:
        return all(c.headers.get(REVIEW_HEADER, "pending") == "reviewed" for c in self.catalogs.values())

    @property
    def method(self) -> str:
        return next((c.headers[METHOD_HEADER] for c in self.catalogs.values() if c.headers.get(METHOD_HEADER)), "")

    def ui_strings(self) -> dict[str, str]:
        return {k: v.text for k, v in self.catalogs[UI].translations.items()} if UI in self.catalogs else {}

    def book_strings(self) -> dict[str, str]:
        return {k: v.text for k, v in self.catalogs[BOOK].translations.items()} if BOOK in self.catalogs else {}


def load_locale(config: Config, locale: str) -> LocaleCatalogs:
    return LocaleCatalogs(locale, {name: read_catalog(config, locale, name) for name in catalog_names(config)})


@dataclass
class Localized:
    book: m.Book
    fallbacks: list[Loc]
    coverage: Coverage  # measured against the current English source, not the catalogs' msgids


def localize(config: Config, book: m.Book, catalogs: LocaleCatalogs, draft: bool) -> Localized:
    """A new book in the catalogs' language. Untranslated messages stay in English;
    in a draft they are marked as English so the PDF can show and tag them.
    Coverage counts the chapters and the interface strings; checklists have their own."""
    fallbacks: list[Loc] = []
    coverage = Coverage()
    for name in (UI, BOOK):  # interface and book strings: as their catalogs say
        if name in catalogs.catalogs:
            coverage.add(catalogs.catalogs[name].coverage)
    chapters = []
    for chapter in book.chapters:
        path = config.chapter_path(chapter.slug)
        src = Source(path, config.display(path), chapter.slug, config.paths["chapters"], config.root, config.glossary)
        chapters.append(localize_chapter(chapter, catalogs.catalogs.get(chapter.slug), src, book.glossary, draft,
                                         coverage, fallbacks))
    checklists = []
    for checklist in book.checklists:
        path = config.checklist_path(checklist.slug)
        src = Source(path, config.display(path), checklist.slug, config.paths["chapters"], config.root, config.glossary,
                     checklist=True)
        own = Coverage()
        checklists.append(localize_chapter(checklist, catalogs.catalogs.get(CHECKLIST + checklist.slug), src,
                                           book.glossary, draft, own, fallbacks))
        catalogs.checklist_coverage[checklist.slug] = own
    return Localized(replace(book, chapters=tuple(chapters), checklists=tuple(checklists)), fallbacks, coverage)


def localize_chapter(chapter: m.Chapter, catalog: Catalog | None, src: Source, glossary: str | None, draft: bool,
                     coverage: Coverage, fallbacks: list[Loc]) -> m.Chapter:
    """One chapter (or checklist) in the catalog's language; counts what it translated."""

    def translate(kind: str, spans: tuple[m.Inline, ...], loc: Loc) -> tuple[m.Inline, ...]:
        msgid = to_markdown(spans, glossary, chapter.slug)
        found = catalog.translations.get(msgid) if catalog else None
        if msgid.strip():
            coverage.messages += 1
            coverage.words += words(msgid)
        if found is not None:
            translated, problems, _kind = parse_inline(found.text, src, found.line)
            if not problems:
                coverage.translated += 1
                coverage.translated_words += words(msgid)
                return translated
        if msgid.strip():
            fallbacks.append(loc)
        return (m.Foreign("en", spans),) if draft and msgid.strip() else spans

    return map_units(chapter, translate)
