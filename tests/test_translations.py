"""The translator's workflow on the mini book: extract, update, import, stats, check-po, Spanish build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, copy_mini_book
from pdfread import open_pdf, page_texts
from pipeline.catalogs import load_catalog, render
from pipeline.cli import cli
from pipeline.pocheck import read_po_strict

SPANISH = json.loads((FIXTURES / "mini_es.json").read_text())


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_book(tmp_path: Path, locales: str = '["en", "es"]') -> Path:
    config = copy_mini_book(tmp_path / "book")
    config.write_text(config.read_text().replace('locales = ["en"]', f"locales = {locales}"))
    assert run("extract", "--config", str(config)).exit_code == 0
    assert run("init", "es", "--config", str(config)).exit_code == 0
    return config


def translate(config: Path, skip: set[str] = frozenset()) -> None:
    """Fill the Spanish catalogs from tests/fixtures/mini_es.json."""
    for path in sorted((config.parent / "translations" / "es").glob("*.po")):
        table = SPANISH["ui" if path.stem == "ui" else "book" if path.stem == "book" else "chapters"]
        catalog = load_catalog(path)
        for message in catalog:
            if message.id and message.id not in skip:
                assert message.id in table, f"add a Spanish translation of {message.id!r} to mini_es.json"
                message.string = table[message.id]
        path.write_bytes(render(catalog))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_book(tmp_path)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.po*"))}


# ---------------------------------------------------------------- extract and update


def test_extract_writes_one_message_per_block_with_reference_and_type(book: Path) -> None:
    pot = book.parent / "translations" / "templates" / "alpha.pot"
    text = pot.read_text()
    assert "#. type: heading\n#: chapters/alpha.md:11\nmsgid \"First section\"" in text
    assert '#: chapters/alpha.md:13\nmsgid ""\n"A paragraph with *emphasis*' in text
    assert "#. type: table cell" in text and "#. type: tip callout" in text and "#. type: checklist item" in text
    ui = (book.parent / "translations" / "templates" / "ui.pot").read_text()
    assert 'msgid "Contents"' in ui and "#, python-brace-format" in ui


def test_translator_notes_reach_the_template(book: Path) -> None:
    chapter = book.parent / "chapters" / "beta.md"
    chapter.write_text(chapter.read_text().replace("## Only section\n", '## Only section\n\n[//]: # (Translators: keep "alpha" in Latin letters.)\n'))
    run("extract", "--config", str(book))
    text = (book.parent / "translations" / "templates" / "beta.pot").read_text()
    assert '#. Translators: keep "alpha" in Latin letters.\n#: chapters/beta.md:15' in text


def test_extracting_twice_gives_identical_files(book: Path) -> None:
    before = tree(book.parent / "translations")
    result = run("extract", "--config", str(book))
    assert "0 of" in result.output
    assert tree(book.parent / "translations") == before


def test_every_written_catalog_passes_msgfmt(book: Path) -> None:
    translate(book)
    run("update", "--config", str(book))
    for path in sorted((book.parent / "translations").rglob("*.po*")):
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"{path}: {done.stderr}"


def test_changing_one_sentence_makes_exactly_that_message_fuzzy(book: Path) -> None:
    translate(book)
    run("update", "--config", str(book))
    before = {p: read_po_strict(p) for p in sorted((book.parent / "translations" / "es").glob("*.po"))}
    chapter = book.parent / "chapters" / "beta.md"
    chapter.write_text(chapter.read_text().replace("of alpha, and to", "of the alpha chapter, and to"))
    assert run("extract", "--config", str(book)).exit_code == 0
    assert run("update", "--config", str(book)).exit_code == 0
    changed = []
    for path, old in before.items():
        new = read_po_strict(path)
        old_map = {e.msgid: (e.msgstr, e.fuzzy) for e in old.messages}
        new_map = {e.msgid: (e.msgstr, e.fuzzy) for e in new.messages}
        changed += [(path.name, k, v) for k, v in new_map.items() if old_map.get(k) != v]
        assert set(old_map) - set(new_map) <= {k for k in old_map if "of alpha, and to" in k}
    assert len(changed) == 1
    name, msgid, (msgstr, fuzzy) = changed[0]
    assert name == "beta.po" and "the alpha chapter" in msgid and fuzzy and msgstr.startswith("Volver a")
    text = (book.parent / "translations" / "es" / "beta.po").read_text()
    assert '#| msgid ""\n#| "Back to [the first section](alpha.md#first-section) of alpha, and to "' in text


def test_obsolete_entries_are_kept(book: Path) -> None:
    translate(book)
    chapter = book.parent / "chapters" / "glossary.md"
    chapter.write_text(chapter.read_text().replace("The child stays where they are.", "A completely new sentence about it."))
    run("extract", "--config", str(book))
    run("update", "--config", str(book))
    run("extract", "--config", str(book))
    run("update", "--config", str(book))
    assert '#~ msgstr "El niño se queda donde está."' in (book.parent / "translations" / "es" / "glossary.po").read_text()


# ---------------------------------------------------------------- check-po on broken files

BROKEN = sorted((FIXTURES / "po").glob("*.po"))


EXPECTED = json.loads((FIXTURES / "po" / "expected.json").read_text())


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_check_po_reports_each_problem_at_its_line(book: Path, path: Path) -> None:
    target = book.parent / "translations" / "es" / (path.name.split("--")[0] + ".po")
    shutil.copy(path, target)
    result = run("check-po", "--config", str(book), str(target))
    assert result.exit_code == 1, result.output
    assert EXPECTED[path.name]
    for line, message in EXPECTED[path.name]:
        assert f"{target}:{line}: {message}" in result.output, result.output


def test_check_po_passes_a_good_translation(book: Path) -> None:
    translate(book)
    files = [str(p) for p in sorted((book.parent / "translations" / "es").glob("*.po"))]
    result = run("check-po", "--config", str(book), *files)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


# ---------------------------------------------------------------- import and stats


def test_import_merges_by_msgid_and_reports(book: Path, tmp_path: Path) -> None:
    sent = tmp_path / "sent.po"
    shutil.copy(book.parent / "translations" / "es" / "beta.po", sent)
    catalog = load_catalog(sent)
    catalog["Only section"].string = "Única sección"
    sent.write_bytes(render(catalog))
    result = run("import", str(sent), "--locale", "es", "--config", str(book))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    assert read_po_strict(book.parent / "translations" / "es" / "beta.po").messages[3].msgstr == "Única sección"


def test_import_rejects_a_bad_file_and_touches_nothing(book: Path, tmp_path: Path) -> None:
    before = tree(book.parent / "translations")
    sent = tmp_path / "sent.po"
    shutil.copy(book.parent / "translations" / "es" / "beta.po", sent)
    catalog = load_catalog(sent)
    catalog["Only section"].string = "Única sección"
    catalog["Beta Chapter"].string = "Capítulo <font color=red>Beta</font>"
    sent.write_bytes(render(catalog))
    result = run("import", str(sent), "--locale", "es", "--config", str(book))
    assert result.exit_code == 1
    assert "raw HTML" in result.output and "nothing was changed" in result.output
    assert tree(book.parent / "translations") == before


def test_import_from_an_older_template_loses_no_newer_work(book: Path, tmp_path: Path) -> None:
    old = tmp_path / "old-beta.po"
    shutil.copy(book.parent / "translations" / "es" / "beta.po", old)  # sent before the source changed
    translate(book)
    chapter = book.parent / "chapters" / "beta.md"
    chapter.write_text(chapter.read_text().replace("The second chapter.", "The second chapter of the book."))
    run("extract", "--config", str(book))
    run("update", "--config", str(book))
    catalog = load_catalog(old)
    catalog["The second chapter."].string = "El segundo capítulo (versión del traductor)."
    catalog["Only section"].string = ""  # the translator left this one empty
    old.write_bytes(render(catalog))
    result = run("import", str(old), "--locale", "es", "--config", str(book))
    assert result.exit_code == 0, result.output
    messages = {e.msgid: e for e in read_po_strict(book.parent / "translations" / "es" / "beta.po").messages}
    assert messages["Only section"].msgstr == "Única sección"  # newer work kept
    new = messages["The second chapter of the book."]
    assert new.fuzzy  # an old-source translation comes in as a suggestion to review


def test_stats_counts_words_fuzzy_and_untranslated(book: Path) -> None:
    translate(book, skip={"The second chapter."})
    result = run("stats", "--json", "--locale", "es", "--config", str(book))
    rows = {r["catalog"]: r for r in json.loads(result.output)}
    assert rows["beta"]["untranslated"] == 1 and rows["beta"]["words"] == 19  # words of the English source
    assert rows["beta"]["translated_words"] == 16
    assert rows["alpha"]["percent"] == 100.0
    table = run("stats", "--locale", "es", "--config", str(book)).output
    assert "beta" in table and "TOTAL" in table


# ---------------------------------------------------------------- building in Spanish


def spanish_pdf(book: Path) -> Path:
    return book.parent / "dist" / "es" / "handbook-screen.pdf"


SCREEN_UI = ("Contents", "Language: {language}", "Jurisdiction: {jurisdiction}", "Tip",
             "This handbook gives general information about the law. It is not legal advice.",
             "This chapter has not yet been reviewed by a special-education expert. Some details may change.",
             "This translation was drafted without a qualified human translator and has not yet been reviewed. "
             "If anything is unclear, ask for the English version.")


def plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(text.replace("*", "").replace("`", "").replace("{language}", "").replace("{jurisdiction}", "").split())


def test_spanish_build_contains_every_translation(book: Path) -> None:
    translate(book)
    result = run("build", "--locale", "es", "--config", str(book))
    assert result.exit_code == 0, result.output
    reader = open_pdf(spanish_pdf(book))
    text = " ".join(" ".join(page_texts(reader)).replace("-\n", "").split())
    assert "(vea la página 5)" in text
    text = re.sub(r" \(vea la página \d+\)", "", text)
    alt = SPANISH["chapters"]["A small red square"]  # image descriptions are not printed as text
    author_subject = {SPANISH["book"]["Tests"], SPANISH["book"]["Testing the press"]}  # PDF metadata only
    wanted = [*(v for v in SPANISH["chapters"].values() if v != alt), *(set(SPANISH["book"].values()) - author_subject),
              *(SPANISH["ui"][k] for k in SCREEN_UI)]
    assert len(wanted) > 40
    for msgstr in wanted:
        assert plain(msgstr) in text, msgstr
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata.author == "Pruebas" and reader.metadata.subject == "Pruebas de la imprenta"
    assert "Edición del 15 de enero de 2026" in text
    assert "Página 2 de" in text


def test_incomplete_locale_is_not_published_and_keeps_the_old_pdf(book: Path) -> None:
    translate(book)
    assert run("build", "--locale", "es", "--config", str(book)).exit_code == 0
    old = spanish_pdf(book).read_bytes()
    po = book.parent / "translations" / "es" / "beta.po"
    catalog = load_catalog(po)
    catalog["The second chapter."].string = ""
    po.write_bytes(render(catalog))
    result = run("build", "--locale", "es", "--config", str(book))
    assert result.exit_code == 0
    assert "skipped es/screen: not published:" in result.output and "% of words translated" in result.output
    assert spanish_pdf(book).read_bytes() == old


def test_draft_falls_back_to_english_and_says_so(book: Path) -> None:
    translate(book, skip={"The second chapter."})
    result = run("build", "--locale", "es", "--draft", "--config", str(book))
    assert result.exit_code == 0, result.output
    assert "1 messages are not translated into 'es'" in result.output
    text = " ".join(" ".join(page_texts(open_pdf(spanish_pdf(book)))).split())
    assert "The second chapter." in text and "Capítulo Beta" in text
    assert "Borrador: las partes que todavía no están traducidas" in text


def test_pending_translation_is_announced_in_both_languages(book: Path) -> None:
    translate(book)
    run("build", "--locale", "es", "--config", str(book))
    cover = " ".join(page_texts(open_pdf(spanish_pdf(book)))[0].split())
    assert "Esta traducción se preparó sin un traductor profesional calificado" in cover
    assert "This translation was drafted without a qualified human translator" in cover


def test_proof_shows_source_and_translation(book: Path) -> None:
    translate(book, skip={"The second chapter."})
    result = run("proof", "--locale", "es", "--config", str(book))
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page_texts(open_pdf(book.parent / "dist" / "es" / "handbook-proof.pdf"))).split())
    assert "Back to" in text and "Volver a" in text and "(not translated)" in text
