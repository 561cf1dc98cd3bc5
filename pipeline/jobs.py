"""The work a build hands to its worker processes: localize one locale, then
typeset, press and publish its editions and checklists, recording each output."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import model as m
from pipeline.config import Config
from pipeline.errors import PipelineError, Problem, Severity, SourceError
from pipeline.fontsets import fonts_for
from pipeline.i18n import SOURCE_LOCALE, UI
from pipeline.outputs import CHECKLIST_UNIT, CHECKLISTS, edition_date, output_path, print_path
from pipeline.publish import write_atomic


@dataclass
class LocaleBuild:
    """Everything typesetting needs for one locale, or why it is not built."""

    locale: str
    book: m.Book | None = None
    ui: UI | None = None
    info: object = None
    percent: float = 100.0
    checklist_percent: dict[str, float] = field(default_factory=dict)
    fallbacks: int = 0
    skip: str | None = None
    warnings: list[Problem] = field(default_factory=list)


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
    localized = localize(config, book, catalogs, draft)
    coverage, problems = localized.coverage, catalogs.problems
    if not draft and (coverage.percent < config.publish_threshold or problems):
        why = (f"{len(problems)} translation error{'s' * (len(problems) != 1)} (first: {problems[0]})" if problems
               else f"{coverage.percent:.1f}% of words translated, {config.publish_threshold:.0f}% needed")
        return LocaleBuild(locale, skip=f"not published: {why}; the previous PDF is kept", percent=coverage.percent)
    strings = catalogs.book_strings()
    info = BookInfo(**{k: strings.get(v, v) for k, v in base.items()}, **info_args, translated=True,
                    translation_reviewed=catalogs.reviewed, draft_fallbacks=len(localized.fallbacks) if draft else 0)
    warnings = [Problem(p.loc, p.message, Severity.WARNING) for p in problems]
    if localized.fallbacks:
        warnings.append(Problem(localized.fallbacks[0], f"{len(localized.fallbacks)} messages are not translated into "
                                                        f"{locale!r}; the draft prints them in English", Severity.WARNING))
    return LocaleBuild(locale, localized.book, UI(locale, catalogs.ui_strings(), config.settings_for(locale)), info,
                       coverage.percent, {k: v.percent for k, v in catalogs.checklist_coverage.items()},
                       len(localized.fallbacks), warnings=warnings)


def press(pdf: bytes, edition: str, paper: str, rtl: bool = False) -> bytes:
    """Page-level work after typesetting: the booklet is imposed two pages to a sheet (spine on the right
    for a right-to-left language)."""
    from pipeline.editions import edition as edition_named
    from pipeline.press import impose_booklet

    sheet = edition_named(edition, paper).imposed_on
    return impose_booklet(pdf, sheet, rtl) if sheet else pdf


@dataclass(frozen=True)
class Job:
    """Typeset some editions of one locale: the unit a worker process runs."""

    config: Config
    book: m.Book
    locale: str
    editions: tuple[str, ...]
    keys: dict[str, str]
    guesses: dict[str, dict[str, int]]  # last build's page map of each edition, to start from
    draft: bool


@dataclass(frozen=True)
class JobResult:
    locale: str
    edition: str
    status: str  # "built", "skipped" (not published) or "failed"
    reason: str = ""
    path: Path | None = None
    pages: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    warnings: tuple[Problem, ...] = ()


def run_job(job: Job) -> list[JobResult]:
    """Localize once, then typeset, press and publish each edition. Runs in a worker process."""
    import resource

    from pipeline.stamps import Stamp, file_hash, stamp_path, write_stamp
    from pipeline.typeset import typeset_book

    config = job.config
    prepared = prepare_locale(config, job.book, job.locale, job.draft)
    warnings = tuple(prepared.warnings)
    if prepared.skip:
        for edition in job.editions:
            write_stamp(stamp_path(config, job.locale, edition), Stamp(job.keys[edition], "skipped", prepared.skip))
        return [JobResult(job.locale, e, "skipped", prepared.skip, warnings=warnings) for e in job.editions]
    results = []
    for edition in job.editions:
        path = output_path(config, job.locale, edition)
        started = time.perf_counter()
        if edition.startswith(CHECKLIST_UNIT):
            results.append(_checklist_job(job, prepared, edition, path, started))
            continue
        try:
            result = typeset_book(prepared.book, prepared.info, prepared.ui, edition, job.guesses.get(edition))
            pressed = press(result.pdf, edition, config.paper, prepared.ui.rtl)
            write_atomic(path, pressed)
        except SourceError as exc:
            results.append(JobResult(job.locale, edition, "failed", str(exc.problem)))
            continue
        except (PipelineError, OSError, ValueError) as exc:
            results.append(JobResult(job.locale, edition, "failed", str(exc)))
            continue
        except Exception as exc:  # a bug in the press or in reportlab: report it, keep the other jobs going
            where = traceback.extract_tb(exc.__traceback__)[-1]
            results.append(JobResult(job.locale, edition, "failed",
                                      f"internal error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
                                      "please report it with this message"))
            continue
        info = prepared.info
        write_stamp(stamp_path(config, job.locale, edition), Stamp(
            job.keys[edition], "built", sha256=file_hash(path), bytes=path.stat().st_size,
            pages=result.pages if pressed is result.pdf else result.pages // 2,  # a booklet sheet holds two pages
            page_map=result.page_map, coverage=round(prepared.percent, 1),
            review="pending" if job.book.any_pending else "reviewed",
            translation_review="" if not info.translated else "reviewed" if info.translation_reviewed else "pending",
            edition_date=info.edition_date.isoformat()))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append(JobResult(job.locale, edition, "built", path=path, pages=result.pages,
                                 seconds=time.perf_counter() - started, peak_mb=peak, warnings=warnings))
        warnings = ()
    return results


def _checklist_job(job: Job, prepared: LocaleBuild, unit: str, path: Path, started: float) -> JobResult:
    """Both versions of one checklist: fillable for the screen, with boxes and lines for print."""
    from pipeline.fontsets import fonts_for
    from pipeline.stamps import Stamp, file_hash, stamp_path, write_stamp
    from pipeline.typeset.checklist import ChecklistInfo, typeset_checklist

    config, slug = job.config, unit[len(CHECKLIST_UNIT):]
    checklist = next(c for c in prepared.book.checklists if c.slug == slug)
    percent = prepared.checklist_percent.get(slug, 100.0)
    if not job.draft and percent < config.publish_threshold:
        reason = f"not published: {percent:.1f}% of the checklist's words translated"
        write_stamp(stamp_path(config, job.locale, unit), Stamp(job.keys[unit], "skipped", reason))
        return JobResult(job.locale, unit, "skipped", reason)
    chapter = prepared.book.chapter(checklist.source_chapter)
    url = f"{config.base_url.rstrip('/')}/{job.locale}/{checklist.source_chapter}/"
    info = ChecklistInfo(chapter.title if chapter else "", url, prepared.info.edition_date, config.paths["fonts"],
                         config.paper)
    try:
        screen = typeset_checklist(checklist, info, prepared.ui, fonts_for(job.locale), fillable=True)
        paper = typeset_checklist(checklist, info, prepared.ui, fonts_for(job.locale), fillable=False)
    except SourceError as exc:
        return JobResult(job.locale, unit, "failed", str(exc.problem))
    write_atomic(path, screen)
    write_atomic(print_path(path), paper)
    write_stamp(stamp_path(config, job.locale, unit), Stamp(
        job.keys[unit], "built", sha256=file_hash(path), bytes=path.stat().st_size, pages=1,
        coverage=round(percent, 1), review="pending" if checklist.review.pending else "reviewed",
        translation_review="" if not prepared.info.translated else
        "reviewed" if prepared.info.translation_reviewed else "pending",
        edition_date=prepared.info.edition_date.isoformat(), title=checklist.title,
        extra={print_path(path).name: file_hash(print_path(path))}))
    return JobResult(job.locale, unit, "built", path=path, pages=1, seconds=time.perf_counter() - started)


def script_cost(locale: str) -> float:
    """Rough layout time of a locale's book relative to a Latin one (make bench measures them):
    shaped Gurmukhi about 2.5, right-to-left Arabic script about 1.4, Chinese and Korean 1.2."""
    from pipeline.fontsets import fonts_for
    from pipeline.i18n import UI

    files = fonts_for(locale)
    if files is None:
        return 1.0
    if files.shaping:
        return 2.5
    if UI(locale).rtl:
        return 1.4
    return 1.2 if files.prefer_fallback_for_latin else 1.0


def plan_jobs(config: Config, book: m.Book, locales: tuple[str, ...], editions: tuple[str, ...], draft: bool,
              workers: int) -> tuple[list[Job], list[tuple[str, str, str]]]:
    """The jobs whose outputs are out of date, and the (locale, edition, reason) of those that are not."""
    from pipeline.stamps import hash_inputs, output_key, read_stamp, stamp_path, up_to_date

    images = [config.root / b.image.path for c in book.chapters for b in m.iter_blocks(c.blocks) if isinstance(b, m.Figure)]
    inputs = hash_inputs(config, images)
    date = edition_date(config).isoformat()
    todo: dict[str, list[str]] = {}
    current: list[tuple[str, str, str]] = []
    keys: dict[tuple[str, str], str] = {}
    guesses: dict[tuple[str, str], dict[str, int]] = {}
    units = [e for e in editions if e != CHECKLISTS]
    if CHECKLISTS in editions:
        units += [CHECKLIST_UNIT + slug for slug in config.checklists]
    sources = {CHECKLIST_UNIT + c.slug: [config.checklist_path(c.slug), config.chapter_path(c.source_chapter)]
               for c in book.checklists}
    for locale in locales:
        for edition in units:
            key = output_key(inputs, locale, edition, draft, date, sources.get(edition))
            stamp = read_stamp(stamp_path(config, locale, edition))
            if up_to_date(stamp, key, output_path(config, locale, edition)):
                why = stamp.reason if stamp.status == "skipped" else "up to date"
                current.append((locale, edition, why))
                continue
            todo.setdefault(locale, []).append(edition)
            keys[(locale, edition)] = key
            guesses[(locale, edition)] = stamp.page_map if stamp and stamp.page_map else {}
    split = len(todo) < workers  # few locales: one job per edition, so every worker has work
    jobs = []
    # slowest scripts first, so that no worker is left with a long job at the end
    for locale, wanted in sorted(todo.items(), key=lambda item: -script_cost(item[0])):
        groups = [(e,) for e in wanted] if split else [tuple(wanted)]
        for group in groups:
            jobs.append(Job(config, book, locale, group, {e: keys[(locale, e)] for e in group},
                            {e: guesses[(locale, e)] for e in group}, draft))
    return jobs, current
