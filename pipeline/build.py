"""The build, read as a table of contents: check, localize, typeset, publish."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from pipeline import model as m
from pipeline.check import CheckResult, check_book
from pipeline.config import Config
from pipeline.errors import PipelineError, Problem, ProblemsFound, SourceError
from pipeline.i18n import load_ui
from pipeline.publish import write_atomic


@dataclass(frozen=True)
class Output:
    locale: str
    edition: str
    path: Path
    pages: int
    seconds: float


@dataclass(frozen=True)
class Failure:
    locale: str
    edition: str
    reason: str


@dataclass
class BuildReport:
    outputs: list[Output]
    failures: list[Failure]
    warnings: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.failures


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


def build(config: Config, locales: tuple[str, ...] = (), editions: tuple[str, ...] = (), strict: bool = False,
          progress: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Check, then typeset every requested locale and edition into ``dist/``."""
    from pipeline.typeset import typeset_book  # reportlab is imported only when typesetting
    from pipeline.typeset.document import BookInfo

    checked = run_checks(config, strict)
    book, warnings = checked.book, checked.problems
    info = BookInfo(config.title, config.subtitle, config.author, config.subject, config.jurisdiction,
                    edition_date(config), config.root, config.paths["fonts"])
    report = BuildReport([], [], warnings)
    for locale in locales or config.locales:
        ui = load_ui(locale)
        for edition in editions or config.editions:
            path = output_path(config, locale, edition)
            progress(f"typesetting {locale}/{edition} ...")
            started = time.perf_counter()
            try:
                result = typeset_book(book, info, ui, edition)
                write_atomic(path, result.pdf)
            except SourceError as exc:
                report.failures.append(Failure(locale, edition, str(exc.problem)))
                continue
            except (PipelineError, OSError) as exc:
                report.failures.append(Failure(locale, edition, str(exc)))
                continue
            output = Output(locale, edition, path, result.pages, time.perf_counter() - started)
            report.outputs.append(output)
            progress(f"wrote {config.display(path)} ({output.pages} pages, {output.seconds:.1f} s)")
    return report
