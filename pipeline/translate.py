"""The translator's workflow, as functions the CLI calls: extract, init,
update, check-po. (Importing and statistics live beside them.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalogs import BOOK, CHECKLIST, UI, Written, extract, init_locale, locale_dir, locales_on_disk, update_locale
from pipeline.check import load_book
from pipeline.config import Config
from pipeline.errors import Loc, Problem, ProblemsFound
from pipeline.glyphs import coverage
from pipeline.i18n import UI as Interface
from pipeline.parse import Source, parse_inline
from pipeline.pocheck import QAContext, qa_problems, read_po_strict
from pipeline.publish import write_atomic


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
    if slug in (UI, BOOK):
        return QAContext(parse=None, coverage=coverage(config.paths["fonts"], locale), is_ui=True)
    if slug.startswith(CHECKLIST) and slug[len(CHECKLIST):] in config.checklists:
        chapter = config.checklist_path(slug[len(CHECKLIST):])
        src = Source(chapter, config.display(chapter), chapter.stem, config.paths["chapters"], config.root,
                     config.glossary, checklist=True)
        return QAContext(parse=lambda text, line: parse_inline(text, src, line), coverage=coverage(config.paths["fonts"], locale))
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


# ---------------------------------------------------------------- stats


def stats(config: Config, locales: tuple[str, ...] = ()) -> list[dict]:
    """Rows of translated words (%), fuzzy and untranslated messages per locale and catalog."""
    from pipeline.localize import load_locale

    rows = []
    for locale in locales or tuple(locales_on_disk(config)):
        catalogs = load_locale(config, locale)
        for name, catalog in [*catalogs.catalogs.items(), ("total", None)]:
            cov = catalog.coverage if catalog else catalogs.coverage
            rows.append({"locale": locale, "catalog": name, "words": cov.words, "translated_words": cov.translated_words,
                         "percent": round(cov.percent, 1), "messages": cov.messages, "translated": cov.translated,
                         "fuzzy": cov.fuzzy, "untranslated": cov.untranslated,
                         "errors": len(catalog.problems) if catalog else len(catalogs.problems)})
    return rows


# ---------------------------------------------------------------- import


@dataclass
class ImportReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    suggested: int = 0  # matched an older source text: kept as fuzzy for review
    skipped_fuzzy: int = 0
    unknown: int = 0
    files: list[Path] = field(default_factory=list)


def import_po(config: Config, source: Path, locale: str) -> ImportReport:
    """Validate a translator's PO file, then merge its translations by msgid into the locale's catalogs.

    Nothing is written if the file has any error. Messages the file does not
    have, and empty or fuzzy ones, leave the catalogs as they are.
    """
    from pipeline.catalogs import catalog_names, load_catalog, render
    from pipeline.pocheck import _check_message

    incoming = read_po_strict(source)
    if incoming.problems:
        raise ProblemsFound(incoming.problems)
    names = catalog_names(config)
    paths = {name: locale_dir(config, locale) / f"{name}.po" for name in names}
    missing = [p for p in paths.values() if not p.is_file()]
    if missing:
        raise ProblemsFound([Problem(Loc(str(p)), f"no catalog; run: handbook init {locale}") for p in missing])
    catalogs = {name: load_catalog(path) for name, path in paths.items()}
    homes: dict[str, list[str]] = {}
    previous: dict[str, list[str]] = {}
    for name, catalog in catalogs.items():
        for message in catalog:
            if message.id:
                homes.setdefault(message.id, []).append(name)
                for old in ([message.previous_id] if isinstance(message.previous_id, str) else message.previous_id or []):
                    previous.setdefault(old, []).append(name)
    errors = []
    for entry in incoming.messages:
        if entry.translated and not entry.fuzzy:
            for name in homes.get(entry.msgid, previous.get(entry.msgid, []))[:1]:
                qa = qa_context(config, paths[name], locale)
                errors += [p for text in entry.strings.values()
                           for p in _check_message(entry, text, Loc(str(source), entry.msgstr_line), qa) if p.is_error]
    if errors:
        raise ProblemsFound(errors)
    report = ImportReport()
    touched: set[str] = set()
    for entry in incoming.messages:
        if entry.fuzzy:
            report.skipped_fuzzy += 1
            continue
        if not entry.translated:
            continue
        if entry.msgid in homes:
            for name in homes[entry.msgid]:
                message = catalogs[name][entry.msgid]
                if message.string == entry.msgstr and not message.fuzzy:
                    report.unchanged += 1
                    continue
                report.changed += bool(message.string) and not message.fuzzy
                report.added += not message.string or message.fuzzy
                message.string = entry.msgstr
                message.flags.discard("fuzzy")
                touched.add(name)
        elif entry.msgid in previous:
            for name in previous[entry.msgid]:
                for message in catalogs[name]:
                    olds = [message.previous_id] if isinstance(message.previous_id, str) else message.previous_id or []
                    if entry.msgid in olds and (not message.string or message.fuzzy):
                        message.string = entry.msgstr
                        message.flags.add("fuzzy")
                        report.suggested += 1
                        touched.add(name)
        else:
            report.unknown += 1
    rendered = {name: render(catalogs[name], include_previous=True) for name in sorted(touched)}
    for name, data in rendered.items():
        write_atomic(paths[name], data)
        report.files.append(paths[name])
    return report


# ---------------------------------------------------------------- proof


def proof(config: Config, locale: str) -> tuple[Path, int]:
    """Write dist/<locale>/handbook-proof.pdf: every message, source beside translation."""
    from pipeline.catalogs import catalog_names
    from pipeline.fontsets import fonts_for
    from pipeline.typeset.proof import ProofRow, ProofSection, typeset_proof

    files = fonts_for(locale)
    if files is None:
        raise ProblemsFound([Problem(Loc(str(config.path)), f"no fonts are chosen for {locale!r} yet; cannot set a proof")])
    sections = []
    for name in catalog_names(config):
        path = locale_dir(config, locale) / f"{name}.po"
        display = config.display(path)
        po = read_po_strict(path, display)
        if po.problems:
            raise ProblemsFound(po.problems)
        found: dict[int, list[str]] = {}
        for problem in qa_problems(po, qa_context(config, path, locale), display):
            found.setdefault(problem.loc.line, []).append(("" if problem.is_error else "warning: ") + problem.message)
        rows = []
        for entry in po.messages:
            findings = tuple(found.get(entry.msgstr_line, ()))
            errors = [f for f in findings if not f.startswith("warning: ")]
            state = ("untranslated" if not entry.translated else "fuzzy" if entry.fuzzy else "error" if errors else "ok")
            rows.append(ProofRow(f"{display}:{entry.msgstr_line}", entry.msgid, entry.msgstr, state, findings))
        sections.append(ProofSection(name, tuple(rows)))
    pdf = typeset_proof(f"Translation proof: {locale}", locale.replace("_", "-"), sections, config.paths["fonts"], files,
                        rtl=Interface(locale).rtl)
    target = config.paths["dist"] / locale / "handbook-proof.pdf"
    write_atomic(target, pdf)
    return target, sum(len(s.rows) for s in sections)
