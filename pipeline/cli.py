"""The ``handbook`` command. Thin: it parses options, calls the build, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.build import build, run_checks
from pipeline.config import load_config
from pipeline.editorial import MAX_GRADE
from pipeline.errors import ProblemsFound

CONFIG = click.option("--config", "config_path", type=click.Path(path_type=Path), default=Path("handbook.toml"),
                      show_default=True, help="The book to build.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Build the parent handbook on special-education rights as PDFs."""


@cli.command()
@CONFIG
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(config_path: Path, strict: bool) -> None:
    """Check config, front matter, links, glossary terms and images."""
    try:
        config = load_config(config_path)
        result = run_checks(config, strict)
    except ProblemsFound as exc:
        _fail(exc)
    click.echo("reading grade (Flesch-Kincaid; titles and citations left out):")
    for grade in result.grades:
        flag = "  above grade 8" if grade.grade > MAX_GRADE else ""
        click.echo(f"  {grade.grade:4.1f}  {grade.words:5d} words  {grade.chapter}{flag}")
    for problem in result.problems:
        click.echo(str(problem), err=True)
    warnings = len(result.problems)
    click.echo(f"check passed ({len(config.chapters)} chapters, {warnings} warning{'s' * (warnings != 1)})")


@cli.command(name="build")
@CONFIG
@click.option("--locale", "locales", multiple=True, help="Build only this locale (repeatable).")
@click.option("--edition", "editions", multiple=True,
              help="Build only this edition (repeatable): screen, large-print, booklet, print or checklists.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: number of CPUs].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--draft", is_flag=True, help="Build every locale; print untranslated messages in English, marked.")
def build_cmd(config_path: Path, locales: tuple[str, ...], editions: tuple[str, ...], jobs: int | None, strict: bool,
              draft: bool) -> None:
    """Check the sources, then build what changed into dist/, with the download page and manifest."""
    bar = _Progress()
    try:
        config = load_config(config_path)
        _validate_filters(config, locales, editions)
        report = build(config, locales, editions, strict, draft, jobs=jobs, progress=bar.line, on_result=bar.update)
    except ProblemsFound as exc:
        _fail(exc, "nothing was built")
    bar.close()
    for problem in report.warnings:
        click.echo(str(problem), err=True)
    _closing_table(report)
    sys.exit(0 if report.ok else 1)


class _Progress:
    """A progress bar on a terminal; plain lines otherwise (logs, CI)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.drawn = False

    def line(self, text: str) -> None:
        if not self.tty:
            click.echo(text, err=True)

    def update(self, result, done: int, total: int) -> None:
        if not self.tty:
            return
        width = 30
        filled = width * done // max(total, 1)
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {result.locale}/{result.edition} {result.status}  ",
                   nl=False, err=True)
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            click.echo("", err=True)


def _closing_table(report) -> None:
    rows = [(o.locale, o.edition, "built", f"{o.pages} page{'s' * (o.pages != 1)}, {o.seconds:.2f} s") for o in report.outputs]
    rows += [(f.locale, f.edition, "FAILED", f.reason) for f in report.failures]
    current = [s for s in report.skipped if s.reason == "up to date"]
    rows += [(s.locale, s.edition, "skipped", s.reason) for s in report.skipped if s.reason != "up to date"]
    if rows:
        click.echo(f"{'locale':8} {'edition':12} {'result':8} detail")
        for locale, edition, result, detail in sorted(rows):
            click.echo(f"{locale:8} {edition:12} {result:8} {detail}")
    click.echo(f"built {len(report.outputs)}, up to date {len(current)}, skipped {len(report.skipped) - len(current)}, "
               f"failed {len(report.failures)}, warnings {len(report.warnings)}")


@cli.command()
@CONFIG
def extract(config_path: Path) -> None:
    """Write translations/templates/*.pot from the chapters and the code."""
    from pipeline.translate import run_extract

    config = _config(config_path)
    written = _guard(lambda: run_extract(config))
    _report_written(config, written)


@cli.command()
@CONFIG
@click.argument("locale")
def init(config_path: Path, locale: str) -> None:
    """Create translations/LOCALE/*.po from the templates."""
    from pipeline.translate import run_init

    config = _config(config_path)
    _report_written(config, _guard(lambda: run_init(config, locale)))


@cli.command()
@CONFIG
@click.option("--locale", "locales", multiple=True, help="Update only this locale (repeatable).")
def update(config_path: Path, locales: tuple[str, ...]) -> None:
    """Merge the templates into every locale's catalogs (fuzzy matching, previous msgids kept)."""
    from pipeline.translate import run_update

    config = _config(config_path)
    _report_written(config, _guard(lambda: run_update(config, locales)))


@cli.command(name="check-po")
@CONFIG
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_po_cmd(config_path: Path, files: tuple[Path, ...]) -> None:
    """Check PO files a translator sent: prints file:line: problems, exits 1 on errors."""
    from pipeline.translate import check_po

    config = _config(config_path)
    problems = check_po(config, list(files))
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{len(files)} file{'s' * (len(files) != 1)} checked: {errors} error{'s' * (errors != 1)}, "
               f"{warnings} warning{'s' * (warnings != 1)}")
    sys.exit(1 if errors else 0)


@cli.command(name="import")
@CONFIG
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--locale", required=True, help="The locale the file translates into.")
def import_cmd(config_path: Path, file: Path, locale: str) -> None:
    """Check a translator's PO file, then merge its translations into translations/LOCALE/."""
    from pipeline.translate import import_po

    config = _config(config_path)
    if locale not in config.locales:
        raise click.UsageError(f"--locale {locale}: not in the config's locales ({', '.join(config.locales)})")
    try:
        report = import_po(config, file, locale)
    except ProblemsFound as exc:
        _fail(exc, f"{file} was not imported; nothing was changed")
    for path in report.files:
        click.echo(f"updated {config.display(path)}")
    click.echo(f"imported {file}: {report.added} new, {report.changed} changed, {report.unchanged} unchanged, "
               f"{report.suggested} kept as fuzzy suggestions (source changed since), "
               f"{report.skipped_fuzzy} fuzzy skipped, {report.unknown} no longer in the book")


@cli.command()
@CONFIG
@click.option("--locale", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(config_path: Path, locales: tuple[str, ...], as_json: bool) -> None:
    """Translated words (%), fuzzy and untranslated messages per locale and chapter."""
    import json

    from pipeline.translate import stats as collect

    rows = collect(_config(config_path), locales)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'locale':8} {'catalog':36} {'words %':>8} {'fuzzy':>6} {'untransl.':>9} {'errors':>6}")
    for row in rows:
        name = row["catalog"] if row["catalog"] != "total" else "TOTAL"
        click.echo(f"{row['locale']:8} {name:36} {row['percent']:8.1f} {row['fuzzy']:6d} {row['untranslated']:9d} {row['errors']:6d}")


@cli.command()
@CONFIG
@click.option("--locale", required=True, help="The locale to proof.")
def proof(config_path: Path, locale: str) -> None:
    """Write dist/LOCALE/handbook-proof.pdf: source and translation side by side, for reviewers."""
    from pipeline.translate import proof as make_proof

    config = _config(config_path)
    target, count = _guard(lambda: make_proof(config, locale))
    click.echo(f"wrote {config.display(target)} ({count} messages)")


@cli.command(name="check-pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
def check_pdf_cmd(files: tuple[Path, ...]) -> None:
    """Run the press's accessibility checks on PDFs; exits 1 if any check fails."""
    from pipeline.accessibility import check_pdf

    failed = 0
    for path in files:
        report = check_pdf(path)
        status = "ok" if report.ok else "FAIL"
        click.echo(f"{status}  {path}  ({len(report.passed)} checks passed, {len(report.failures)} failed)")
        for failure in report.failures:
            click.echo(f"      {failure}")
        failed += not report.ok
    click.echo(f"{len(files)} file{'s' * (len(files) != 1)} checked, {failed} failed")
    sys.exit(1 if failed else 0)


def _config(path: Path):
    try:
        return load_config(path)
    except ProblemsFound as exc:
        _fail(exc)


def _guard(action):
    try:
        return action()
    except ProblemsFound as exc:
        _fail(exc)


def _report_written(config, written) -> None:
    changed = [w for w in written if w.changed]
    for item in changed:
        click.echo(f"wrote {config.display(item.path)}")
    click.echo(f"{len(changed)} of {len(written)} files changed")


def _validate_filters(config, locales: tuple[str, ...], editions: tuple[str, ...]) -> None:
    unknown = [f"--locale {x}: not in the config's locales ({', '.join(config.locales)})" for x in locales if x not in config.locales]
    unknown += [f"--edition {x}: not in the config's editions ({', '.join(config.editions)}) nor 'checklists'"
                for x in editions if x not in config.editions and x != "checklists"]
    if unknown:
        raise click.UsageError("; ".join(unknown))


def _fail(exc: ProblemsFound, tail: str = "") -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    errors = sum(p.is_error for p in exc.problems) or len(exc.problems)
    click.echo(f"{errors} problem{'s' * (errors != 1)} found" + (f"; {tail}" if tail else ""), err=True)
    sys.exit(1)


def main() -> None:
    cli(prog_name="handbook")
