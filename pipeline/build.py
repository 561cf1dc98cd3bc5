"""The build, read as a table of contents: check, localize, typeset, publish."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.check import CheckResult, check_book
from pipeline.config import Config
from pipeline.errors import Problem, ProblemsFound
from pipeline.jobs import Job, JobResult, plan_jobs, run_job
from pipeline.outputs import CHECKLISTS
from pipeline.publish import publish_index


@dataclass(frozen=True)
class Output:
    locale: str
    edition: str
    path: Path
    pages: int
    seconds: float
    peak_mb: float = 0.0


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


def run_checks(config: Config, strict: bool = False) -> CheckResult:
    """Check everything; raise :class:`ProblemsFound` on errors (or on warnings with ``strict``)."""
    result = check_book(config)
    errors = [p for p in result.problems if p.is_error or strict]
    if errors or result.book is None:
        raise ProblemsFound(errors or result.problems)
    return result


def build(config: Config, locales: tuple[str, ...] = (), editions: tuple[str, ...] = (), strict: bool = False,
          draft: bool = False, progress: Callable[[str], None] = lambda line: None, jobs: int | None = None,
          on_result: Callable[[JobResult, int, int], None] | None = None) -> BuildReport:
    """Check, then localize, typeset, press and publish what is out of date, in a pool of worker processes."""
    checked = run_checks(config, strict)
    report = BuildReport(warnings=list(checked.problems))
    workers = max(1, jobs or os.cpu_count() or 1)
    wanted_locales = locales or config.locales
    wanted = editions or (*config.editions, CHECKLISTS)
    work, current = plan_jobs(config, checked.book, wanted_locales, wanted, draft, workers)
    report.skipped += [Skipped(*item) for item in current]
    total = sum(len(job.editions) for job in work)
    done = 0
    for results in _run(work, workers):
        for result in results:
            done += 1
            _record(report, result, config, progress)
            if on_result:
                on_result(result, done, total)
    publish_index(config)
    return report


def _run(work: list[Job], workers: int):
    """Results of each job as it finishes: inline for one worker, else in a process pool."""
    if workers == 1 or len(work) <= 1:
        for job in work:
            yield run_job(job)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=min(workers, len(work)), mp_context=get_context("fork")) as pool:
        for future in as_completed([pool.submit(run_job, job) for job in work]):
            yield future.result()


def _record(report: BuildReport, result: JobResult, config: Config, progress: Callable[[str], None]) -> None:
    report.warnings += list(result.warnings)
    if result.status == "built":
        report.outputs.append(Output(result.locale, result.edition, result.path, result.pages, result.seconds,
                                     result.peak_mb))
        progress(f"wrote {config.display(result.path)} ({result.pages} page{'s' * (result.pages != 1)}, {result.seconds:.2f} s)")
    elif result.status == "skipped":
        report.skipped.append(Skipped(result.locale, result.edition, result.reason))
        progress(f"skipped {result.locale}/{result.edition}: {result.reason}")
    else:
        report.failures.append(Skipped(result.locale, result.edition, result.reason))
        progress(f"FAILED {result.locale}/{result.edition}: {result.reason}")
