"""One-page checklists: fillable on screen, boxes and lines in print, one page in every language."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from conftest import REPO, copy_mini_book
from pipeline.build import build
from pipeline.cli import cli
from pipeline.config import load_config

CHECKLIST = """---
title: Short Checklist
chapter: beta
review:
  status: pending
  reviewer:
  date:
---

Child's name: `name: Child's name`

## Before

{items}

Meeting date: `date: Meeting date`

Notes: `line: Notes`
"""


def mini_with_checklist(tmp_path: Path, items: int) -> Path:
    config = copy_mini_book(tmp_path / "book")
    folder = config.parent / "chapters" / "checklists"
    folder.mkdir()
    lines = "\n".join(f"- [ ] Item number {n}: bring every paper the school sent you about this." for n in range(items))
    (folder / "short.md").write_text(CHECKLIST.format(items=lines))
    return config


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def every_checklist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_config(REPO / "handbook.toml")
    dist = tmp_path_factory.mktemp("dist")
    config = dataclasses.replace(config, paths={**config.paths, "dist": dist})
    report = build(config, editions=("checklists",))
    assert not report.failures, report.failures
    assert {o.locale for o in report.outputs} == set(config.locales)
    return dist


def test_every_checklist_is_one_page_in_every_locale(every_checklist: Path) -> None:
    files = sorted(every_checklist.glob("*/checklists/*.pdf"))
    assert len(files) == 12 * 5 * 2  # twelve languages, five checklists, fillable and for print
    for path in files:
        assert len(PdfReader(str(path)).pages) == 1, path


def test_the_screen_version_has_a_labelled_field_for_every_box_and_blank(every_checklist: Path) -> None:
    reader = PdfReader(str(every_checklist / "en" / "checklists" / "before-the-iep-meeting.pdf"))
    fields = reader.get_fields()
    checks = [f for f in fields.values() if f.get("/FT") == "/Btn"]
    texts = [f for f in fields.values() if f.get("/FT") == "/Tx"]
    assert len(checks) == 12 and len(texts) == 4  # the source has 12 task items and 4 fill-in fields
    assert all(f.get("/TU") for f in fields.values())
    assert "Ask for an interpreter if you want one." in {str(f["/TU"]) for f in checks}
    assert "Meeting date" in {str(f["/TU"]) for f in texts}


def test_typed_values_stay_in_the_fields(every_checklist: Path, tmp_path: Path) -> None:
    source = every_checklist / "es" / "checklists" / "before-the-iep-meeting.pdf"
    writer = PdfWriter(clone_from=str(source))
    names = {str(f["/TU"]): name for name, f in PdfReader(str(source)).get_fields().items() if f.get("/FT") == "/Tx"}
    name = names["Nombre de su hijo(a)"] if "Nombre de su hijo(a)" in names else next(iter(names.values()))
    writer.update_page_form_field_values(writer.pages[0], {name: "Ana María"}, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(str(filled))
    assert PdfReader(str(filled)).get_fields()[name]["/V"] == "Ana María"


def test_the_print_version_has_no_form_fields_but_drawn_boxes(every_checklist: Path) -> None:
    path = every_checklist / "en" / "checklists" / "before-the-iep-meeting-print.pdf"
    reader = PdfReader(str(path))
    assert not reader.get_fields() and "/Annots" not in reader.pages[0]
    with pdfplumber.open(path) as pdf:
        boxes = [r for r in pdf.pages[0].rects if 8 < r["width"] < 14 and abs(r["width"] - r["height"]) < 0.5]
        lines = [line for line in pdf.pages[0].lines if line["width"] > 50]
    assert len(boxes) == 12 and len(lines) >= 4


def test_the_qr_code_opens_the_chapter_online(every_checklist: Path, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    for locale in ("en", "zh_Hans"):
        pdf = every_checklist / locale / "checklists" / "i-disagree-with-the-iep.pdf"
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / locale)], check=True)
        found = [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / f"{locale}-1.png"))]
        assert found == [f"https://example.org/handbook/{locale}/i-disagree-with-the-iep/"]
        assert f"example.org/handbook/{locale}/i-disagree-with-the-iep/" in subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def test_a_long_checklist_shrinks_to_fit(tmp_path: Path) -> None:
    config = mini_with_checklist(tmp_path, 30)
    result = run("build", "--config", str(config), "--edition", "checklists")
    assert result.exit_code == 0, result.output
    path = config.parent / "dist" / "en" / "checklists" / "short.pdf"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1
        body = min(c["size"] for c in pdf.pages[0].chars if c["text"] == "I")
    assert 9 <= body < 11


def test_a_checklist_too_long_for_one_page_fails_with_the_documented_message(tmp_path: Path) -> None:
    config = mini_with_checklist(tmp_path, 80)
    result = run("build", "--config", str(config), "--edition", "checklists")
    assert result.exit_code == 1
    assert "checklist 'short' (en) does not fit on one page even at 9 pt: it overflows by" in result.output
    assert not (config.parent / "dist" / "en" / "checklists" / "short.pdf").exists()


def test_checklists_take_part_in_extract_and_check_po(tmp_path: Path) -> None:
    config = mini_with_checklist(tmp_path, 3)
    assert run("extract", "--config", str(config)).exit_code == 0
    pot = (config.parent / "translations" / "templates" / "checklist-short.pot").read_text()
    assert 'msgid "Child\'s name: `name: Child\'s name`"' in pot
    run("init", "es", "--config", str(config))
    po = config.parent / "translations" / "es" / "checklist-short.po"
    po.write_text(po.read_text().replace('msgid "Child\'s name: `name: Child\'s name`"\nmsgstr ""',
                                         'msgid "Child\'s name: `name: Child\'s name`"\nmsgstr "Nombre: `nombre: Nombre`"'))
    result = run("check-po", "--config", str(config), str(po))
    assert result.exit_code == 1 and "field" in result.output
