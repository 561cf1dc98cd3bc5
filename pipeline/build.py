"""The build, read as a table of contents: check, localize, typeset, publish."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from pipeline import model as m
from pipeline.check import CheckResult, check_book
from pipeline.config import Config
from pipeline.fontsets import fonts_for
from pipeline.errors import PipelineError, Problem, ProblemsFound, Severity, SourceError
from pipeline.i18n import SOURCE_LOCALE, UI
from pipeline.publish import write_atomic


@dataclass(frozen=True)
class Output:
    locale: str
    edition: str
    path: Path
    pages: int
    seconds: float


@dataclass(frozen=True)
class Skipped:
    locale: str
    edition: str
    reason: str


@dataclass
class BuildReport:
    outputs: list[Output] = field(default_factory=list)
    failures: list[Skipped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class LocaleBuild:
    """Everything typesetting needs for one locale, or why it is not built."""

    locale: str
    book: m.Book | None = None
    ui: UI | None = None
    info: object = None
    percent: float = 100.0
    fallbacks: int = 0
    skip: str | None = None
    warnings: list[Problem] = field(default_factory=list)


def output_path(config: Config, locale: str, edition: str) -> Path:
    return config.paths["dist"] / locale / f"handbook-{edition}.pdf"


def edition_date(config: Config) -> date:
    """The date printed on the book: config, then SOURCE_DATE_EPOCH, then the last commit, then today."""
    if config.edition_date != "auto":
        return date.fromisoformat(config.edition_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=config.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return datetime.fromtimestamp(int(out.stdout.strip()), tz=timezone.utc).date()
    except (OSError, subprocess.SubprocessError):
        pass
    return date.today()


def run_checks(config: Config, strict: bool = False) -> CheckResult:
    """Check everything; raise :class:`ProblemsFound` on errors (or on warnings with ``strict``)."""
    result = check_book(config)
    errors = [p for p in result.problems if p.is_error or strict]
    if errors or result.book is None:
        raise ProblemsFound(errors or result.problems)
    return result


def prepare_locale(config: Config, book: m.Book, locale: str, draft: bool) -> LocaleBuild:
    """Localize the book, or say why a release build does not publish this locale."""
    from pipeline.localize import load_locale, localize
    from pipeline.typeset.document import BookInfo

    base = dict(title=config.title, subtitle=config.subtitle, author=config.author, subject=config.subject,
                jurisdiction=config.jurisdiction)
    info_args = dict(edition_date=edition_date(config), root=config.root, fonts_dir=config.paths["fonts"],
                     online_url=f"{config.base_url.rstrip('/')}/{locale}/", paper=config.paper)
    if locale == SOURCE_LOCALE:
        return LocaleBuild(locale, book, UI(locale, settings=config.settings_for(locale)), BookInfo(**base, **info_args))
    if fonts_for(locale) is None:
        return LocaleBuild(locale, skip="no fonts are chosen for this script yet (pipeline/fontsets.py)")
    catalogs = load_locale(config, locale)
    coverage, problems = catalogs.coverage, catalogs.problems
    if not draft and (coverage.percent < config.publish_threshold or problems):
        why = (f"{len(problems)} translation error{'s' * (len(problems) != 1)} (first: {problems[0]})" if problems
               else f"{coverage.percent:.0f}% of words translated, {config.publish_threshold:.0f}% needed")
        return LocaleBuild(locale, skip=f"not published: {why}; the previous PDF is kept", percent=coverage.percent)
    localized = localize(config, book, catalogs, draft)
    strings = catalogs.book_strings()
    info = BookInfo(**{k: strings.get(v, v) for k, v in base.items()}, **info_args, translated=True,
                    translation_reviewed=catalogs.reviewed, draft_fallbacks=len(localized.fallbacks) if draft else 0)
    warnings = [Problem(p.loc, p.message, Severity.WARNING) for p in problems]
    if localized.fallbacks:
        warnings.append(Problem(localized.fallbacks[0], f"{len(localized.fallbacks)} messages are not translated into "
                                                        f"{locale!r}; the draft prints them in English", Severity.WARNING))
    return LocaleBuild(locale, localized.book, UI(locale, catalogs.ui_strings(), config.settings_for(locale)), info, coverage.percent,
                       len(localized.fallbacks), warnings=warnings)


def press(pdf: bytes, edition: str, paper: str) -> bytes:
    """Page-level work after typesetting: the booklet is imposed two pages to a sheet."""
    from pipeline.editions import edition as edition_named
    from pipeline.press import impose_booklet

    sheet = edition_named(edition, paper).imposed_on
    return impose_booklet(pdf, sheet) if sheet else pdf


def build(config: Config, locales: tuple[str, ...] = (), editions: tuple[str, ...] = (), strict: bool = False,
          draft: bool = False, progress: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Check, then localize and typeset every requested locale and edition into ``dist/``."""
    from pipeline.typeset import typeset_book  # reportlab is imported only when typesetting

    checked = run_checks(config, strict)
    report = BuildReport(warnings=list(checked.problems))
    for locale in locales or config.locales:
        wanted = editions or config.editions
        prepared = prepare_locale(config, checked.book, locale, draft)
        report.warnings += prepared.warnings
        if prepared.skip:
            report.skipped += [Skipped(locale, e, prepared.skip) for e in wanted]
            progress(f"skipped {locale}: {prepared.skip}")
            continue
        for edition in wanted:
            path = output_path(config, locale, edition)
            progress(f"typesetting {locale}/{edition} ...")
            started = time.perf_counter()
            try:
                result = typeset_book(prepared.book, prepared.info, prepared.ui, edition)
                write_atomic(path, press(result.pdf, edition, config.paper))
            except SourceError as exc:
                report.failures.append(Skipped(locale, edition, str(exc.problem)))
                continue
            except (PipelineError, OSError) as exc:
                report.failures.append(Skipped(locale, edition, str(exc)))
                continue
            output = Output(locale, edition, path, result.pages, time.perf_counter() - started)
            report.outputs.append(output)
            progress(f"wrote {config.display(path)} ({output.pages} pages, {output.seconds:.1f} s)")
    return report
