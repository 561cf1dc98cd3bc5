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
@click.option("--edition", "editions", multiple=True, help="Build only this edition (repeatable).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build_cmd(config_path: Path, locales: tuple[str, ...], editions: tuple[str, ...], strict: bool) -> None:
    """Check the sources, then typeset the handbooks into dist/."""
    try:
        config = load_config(config_path)
        _validate_filters(config, locales, editions)
        report = build(config, locales, editions, strict, progress=lambda line: click.echo(line, err=True))
    except ProblemsFound as exc:
        _fail(exc, "nothing was built")
    for problem in report.warnings:
        click.echo(str(problem), err=True)
    for failure in report.failures:
        click.echo(f"FAILED {failure.locale}/{failure.edition}: {failure.reason}", err=True)
    click.echo(f"built {len(report.outputs)}, failed {len(report.failures)}, warnings {len(report.warnings)}")
    sys.exit(0 if report.ok else 1)


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
    unknown += [f"--edition {x}: not in the config's editions ({', '.join(config.editions)})" for x in editions if x not in config.editions]
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
