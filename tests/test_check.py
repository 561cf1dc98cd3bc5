"""`handbook check` and `handbook build` refuse bad sources with file:line and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_clean_book_passes(mini_book: Path) -> None:
    result = run("check", "--config", str(mini_book))
    assert result.exit_code == 0, result.output
    assert "check passed" in result.output


# (what is broken, file to edit, old text, new text, file:line expected, message fragment)
BROKEN = [
    ("broken chapter link", "alpha.md", "[link to beta](beta.md)", "[link to beta](gamma.md)", "chapters/alpha.md:14", "broken chapter link"),
    ("broken anchor", "beta.md", "alpha.md#first-section", "alpha.md#no-such-section", "chapters/beta.md:13", "no heading with anchor"),
    ("unknown glossary term", "alpha.md", "glossary.md#stay-put", "glossary.md#go-away", "chapters/alpha.md:15", "unknown glossary term 'go-away'"),
    ("bad front-matter field", "beta.md", "summary: The second chapter.", "summary: The second chapter.\nauthor: me", "chapters/beta.md:4", "unknown front matter field 'author'"),
    ("raw HTML", "beta.md", "## Only section\n", "## Only section\n\n<div>boxed</div>\n", "chapters/beta.md:13", "raw HTML"),
    ("image outside the repository", "alpha.md", "../images/square.png", "../../../outside.png", "chapters/alpha.md:39", "outside the repository"),
]


@pytest.mark.parametrize("label,file,old,new,where,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_check_reports_file_line_and_build_writes_nothing(mini_book: Path, label, file, old, new, where, message) -> None:
    edit(mini_book.parent / "chapters" / file, old, new)
    result = run("check", "--config", str(mini_book))
    assert result.exit_code == 1
    assert any(line.startswith(f"{where}: ") and message in line for line in result.output.splitlines()), result.output
    built = run("build", "--config", str(mini_book))
    assert built.exit_code == 1
    assert "nothing was built" in built.output
    assert not (mini_book.parent / "dist").exists()


def test_every_problem_is_reported_at_once(mini_book: Path) -> None:
    chapters = mini_book.parent / "chapters"
    edit(chapters / "alpha.md", "glossary.md#stay-put", "glossary.md#nope")
    edit(chapters / "beta.md", "## Only section\n", "## Only section\n\n<b>x</b>\n")
    result = run("check", "--config", str(mini_book))
    assert result.exit_code == 1
    assert "chapters/alpha.md:15:" in result.output and "chapters/beta.md:13:" in result.output


def test_config_errors_name_the_line(mini_book: Path) -> None:
    edit(mini_book, 'editions = ["screen"]', 'editions = ["screen", "poster"]\ncolour = "red"')
    result = run("check", "--config", str(mini_book))
    assert result.exit_code == 1
    assert "handbook.toml:11: edition 'poster' is not available" in result.output
    assert "handbook.toml:12: unknown key 'colour'" in result.output


def test_missing_config_is_a_clear_error(tmp_path: Path) -> None:
    result = run("check", "--config", str(tmp_path / "nope.toml"))
    assert result.exit_code == 1
    assert "config file not found" in result.output


def test_build_writes_the_pdf(mini_book: Path) -> None:
    result = run("build", "--config", str(mini_book))
    assert result.exit_code == 0, result.output
    pdf = mini_book.parent / "dist" / "en" / "handbook-screen.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not list(pdf.parent.glob(".*.part"))


def test_strict_turns_warnings_into_failures(mini_book: Path) -> None:
    edit(mini_book, "https://handbook.test/mini", "https://example.org/mini")
    assert run("check", "--config", str(mini_book)).exit_code == 0
    result = run("check", "--strict", "--config", str(mini_book))
    assert result.exit_code == 1
    assert "placeholder" in result.output


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert "build" in result.output and "check" in result.output


def test_check_reports_a_reading_grade_per_chapter(mini_book: Path) -> None:
    result = run("check", "--config", str(mini_book))
    grades = [line for line in result.output.splitlines() if line.endswith(("alpha", "beta", "glossary"))]
    assert len(grades) == 3


HARD = ("Notwithstanding the aforementioned considerations, educational administrators frequently "
        "institutionalize comprehensive individualized programmatic accommodations, necessitating "
        "interdisciplinary collaboration and documentation characterized by considerable procedural complexity.")


def test_hard_prose_and_uncited_deadlines_are_warnings(mini_book: Path) -> None:
    edit(mini_book.parent / "chapters" / "beta.md", "## Only section\n", f"## Only section\n\n{HARD}\n\nWait 30 days.\n")
    result = run("check", "--config", str(mini_book))
    assert result.exit_code == 0
    assert "chapters/beta.md:1: warning: reading grade" in result.output
    assert "chapters/beta.md:15: warning: '30 days' without a citation" in result.output
    assert run("check", "--strict", "--config", str(mini_book)).exit_code == 1
