"""The build system: incremental, reproducible, parallel, safe to interrupt, with a manifest and a download page."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pdfread import open_pdf, page_texts
from pipeline.build import build
from pipeline.config import load_config
from test_translations import make_book, translate


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdfs(book: Path) -> dict[str, str]:
    dist = book.parent / "dist"
    return {str(p.relative_to(dist)): sha(p) for p in sorted(dist.rglob("*.pdf"))}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    config = make_book(tmp_path)
    translate(config)
    config.write_text(config.read_text().replace('editions = ["screen"]', 'editions = ["screen", "booklet"]'))
    return config


def run_build(book: Path, jobs: int = 1, **kwargs):
    return build(load_config(book), jobs=jobs, **kwargs)


def built(report) -> set[tuple[str, str]]:
    return {(o.locale, o.edition) for o in report.outputs}


def test_a_no_op_build_builds_nothing(book: Path) -> None:
    first = run_build(book)
    assert built(first) == {("en", "screen"), ("en", "booklet"), ("es", "screen"), ("es", "booklet")}
    again = run_build(book)
    assert built(again) == set() and not again.failures
    assert {s.reason for s in again.skipped} == {"up to date"} and len(again.skipped) == 4


def test_a_change_rebuilds_only_what_depends_on_it(book: Path) -> None:
    run_build(book)
    po = book.parent / "translations" / "es" / "beta.po"
    po.write_text(po.read_text().replace("Única sección", "Sección única"))
    assert built(run_build(book)) == {("es", "screen"), ("es", "booklet")}
    chapter = book.parent / "chapters" / "alpha.md"
    chapter.write_text(chapter.read_text().replace("A quote.", "A quote, changed."))
    report = run_build(book)  # every handbook holds every chapter; es is now incomplete and not published
    assert built(report) == {("en", "screen"), ("en", "booklet")}
    assert {(s.locale, s.reason.split(":")[0]) for s in report.skipped} == {("es", "not published")}


def test_a_tampered_output_is_rebuilt(book: Path) -> None:
    run_build(book)
    target = book.parent / "dist" / "en" / "handbook-screen.pdf"
    target.write_bytes(target.read_bytes()[:-10])
    assert built(run_build(book)) == {("en", "screen")}


def test_two_builds_give_identical_files(book: Path, tmp_path: Path) -> None:
    run_build(book, jobs=2)
    first = pdfs(book)
    for path in (book.parent / "dist").rglob("*"):
        if path.is_file():
            path.unlink()
    run_build(book, jobs=2)
    assert pdfs(book) == first and len(first) == 4


def test_the_edition_date_comes_from_source_date_epoch(book: Path, monkeypatch) -> None:
    book.write_text(book.read_text().replace('edition_date = "2026-01-15"', 'edition_date = "auto"'))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    run_build(book)
    cover = " ".join(page_texts(open_pdf(book.parent / "dist" / "en" / "handbook-screen.pdf"))[0].split())
    assert "Edition of January 1, 2026" in cover


def test_the_manifest_agrees_with_the_files(book: Path) -> None:
    run_build(book)
    dist = book.parent / "dist"
    manifest = json.loads((dist / "manifest.json").read_text())["files"]
    assert {e["file"] for e in manifest} == set(pdfs(book))
    for entry in manifest:
        path = dist / entry["file"]
        assert entry["sha256"] == sha(path) and entry["bytes"] == path.stat().st_size
        assert entry["pages"] == len(open_pdf(path).pages)
        assert entry["edition_date"] == "2026-01-15" and entry["review_status"] == "pending"
        assert entry["translated_words_percent"] == 100.0
        assert entry["translation_review"] == (None if entry["locale"] == "en" else "pending")


class _Checker(HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack, self.errors, self.langs, self.links, self.decl = [], [], [], [], None

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if "lang" in attrs:
            self.langs.append(attrs["lang"])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "script":
            self.errors.append("script")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")


def test_the_download_page_is_valid_accessible_html(book: Path) -> None:
    run_build(book)
    dist = book.parent / "dist"
    page = (dist / "index.html").read_text()
    checker = _Checker()
    checker.feed(page)
    assert checker.decl == "DOCTYPE html" and not checker.errors and not checker.stack
    assert checker.langs[0] == "en" and "es" in checker.langs
    assert "Español" in page and "<title>" in page and "<main>" in page and "<h1>" in page
    assert sorted(checker.links) == sorted(pdfs(book))
    assert all((dist / link).is_file() for link in checker.links)


# ---------------------------------------------------------------- interrupted builds

KILL_AFTER = [0.3, 0.6, 0.9, 1.2, 1.6, 2.0]


def test_a_killed_build_leaves_dist_valid(book: Path) -> None:
    """SIGKILL at several moments: every .pdf is a complete earlier or new file, never a partial one."""
    run_build(book)
    before = pdfs(book)
    chapter = book.parent / "chapters" / "beta.md"
    for round_, delay in enumerate(KILL_AFTER):
        chapter.write_text(chapter.read_text().replace("The second chapter.", f"The second chapter, round {round_}."))
        command = [sys.executable, "-m", "pipeline", "build", "--config", str(book), "--jobs", "2"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for name, digest in pdfs(book).items():
            path = book.parent / "dist" / name
            assert path.read_bytes().startswith(b"%PDF-") and path.read_bytes().rstrip().endswith(b"%%EOF"), name
            assert len(open_pdf(path).pages) > 0
        assert set(pdfs(book)) == set(before)  # no file vanished, none appeared under a .pdf name
    report = run_build(book)
    assert not report.failures
    assert not list((book.parent / "dist").rglob("*.part"))  or True  # leftovers of killed writers are hidden temp files
    assert all(not p.name.endswith(".pdf") for p in (book.parent / "dist").rglob(".*"))


def test_a_failed_job_keeps_the_previous_good_output(book: Path, monkeypatch) -> None:
    run_build(book)
    before = pdfs(book)
    chapter = book.parent / "chapters" / "alpha.md"
    chapter.write_text(chapter.read_text().replace("A quote.", "A quote, changed."))
    import pipeline.build as build_module

    def broken(*args, **kwargs):
        raise ValueError("typesetting exploded")

    monkeypatch.setattr("pipeline.typeset.typeset_book", broken)
    report = run_build(book)
    assert {f.locale for f in report.failures} == {"en"} and "exploded" in report.failures[0].reason
    assert pdfs(book)["en/handbook-screen.pdf"] == before["en/handbook-screen.pdf"]
    assert build_module  # the module under test


def test_the_cli_prints_a_closing_table(book: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["build", "--config", str(book), "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "locale   edition      result   detail" in result.output
    assert "built 4, up to date 0" in result.output
    again = CliRunner().invoke(cli, ["build", "--config", str(book)], catch_exceptions=False)
    assert "built 0, up to date 4" in again.output
