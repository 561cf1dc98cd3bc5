"""Tagged PDF for every screen and large-print handbook and every screen checklist, and check-pdf."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from conftest import REPO, copy_mini_book
from pipeline import model as m
from pipeline.accessibility import check_pdf
from pipeline.build import build
from pipeline.cli import cli
from pipeline.config import load_config

LOCALES = ("en", "es", "vi", "zh_Hans", "zh_Hant", "ko", "fil", "ru", "pa", "hmn", "ar", "fa")


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_config(REPO / "handbook.toml")
    dist = tmp_path_factory.mktemp("dist")
    config = dataclasses.replace(config, paths={**config.paths, "dist": dist})
    report = build(config, locales=LOCALES, editions=("screen", "large-print", "checklists"))
    assert not report.failures and not report.skipped
    return dist


def test_every_screen_and_large_print_handbook_and_screen_checklist_passes(tagged: Path) -> None:
    files = [*tagged.glob("*/handbook-screen.pdf"), *tagged.glob("*/handbook-large-print.pdf"),
             *(p for p in tagged.glob("*/checklists/*.pdf") if not p.stem.endswith("-print"))]
    assert len(files) == len(LOCALES) * 2 + len(LOCALES) * 5
    result = CliRunner().invoke(cli, ["check-pdf", *map(str, files)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{len(files)} files checked, 0 failed" in result.output


def test_an_untagged_pdf_fails_with_a_clear_report(english) -> None:
    result = CliRunner().invoke(cli, ["check-pdf", str(english["print"])], catch_exceptions=False)
    assert result.exit_code == 1
    assert "not a tagged PDF" in result.output and "no /StructTreeRoot" in result.output


def elements(reader: PdfReader):
    """Every structure element, depth first."""
    def walk(ref):
        elem = ref.get_object()
        yield elem
        for kid in elem.get("/K", []):
            value = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(value, "get") and value.get("/Type") == "/StructElem":
                yield from walk(kid)
    root = reader._root_object if isinstance(reader, PdfWriter) else reader.trailer["/Root"]
    yield from walk(root["/StructTreeRoot"]["/K"][0])


def test_the_tree_follows_the_document(english, handbook_book) -> None:
    reader = PdfReader(str(english["screen"]))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-US"
    kinds = [str(e["/S"]) for e in elements(reader)]
    assert kinds[0] == "/Document" and kinds.count("/Sect") == 12 + 2  # chapters, the cover and the contents
    for needed in ("/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/Note", "/Link",
                   "/TOC", "/TOCI", "/BlockQuote"):
        assert needed in kinds, needed
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "Special Education Rights" in xmp
    for page in reader.pages:
        if "/Annots" in page:
            assert page["/Tabs"] == "/S"
            for annotation in page["/Annots"]:
                annotation = annotation.get_object()
                assert "/StructParent" in annotation and annotation["/Contents"]


def test_structure_text_runs_in_the_order_of_the_chapters(english, handbook_book) -> None:
    text = subprocess.run(["pdfinfo", "-struct-text", str(english["screen"])], capture_output=True, text=True,
                          check=True).stdout
    quoted = " ".join(re.findall(r'^\s*"(.*)"$', text, flags=re.M))
    position = 0
    for chapter in handbook_book.chapters:
        for block in [b for b in chapter.blocks if isinstance(b, m.Heading)]:
            heading = m.plain_text(block.children)
            found = quoted.find(heading, position)
            assert found >= 0, f"{heading!r} of {chapter.slug} is missing or out of order in the tree"
            position = found


def test_gurmukhi_tree_text_is_the_original_unicode(tagged: Path) -> None:
    reader = PdfReader(str(tagged / "pa" / "handbook-screen.pdf"))
    texts = [str(e["/ActualText"]) for e in elements(reader) if "/ActualText" in e]
    assert len(texts) > 300
    joined = " ".join(texts)
    assert not re.search(r"[\ue000-\uf8ff]", joined)
    assert "ਵਿਸ਼ੇਸ਼ ਸਿੱਖਿਆ" in joined and "ਪ੍ਰਕਿਰਿਆ" in joined


def test_english_fallback_in_a_draft_carries_its_own_language(tmp_path: Path) -> None:
    from test_translations import make_book, translate

    config = make_book(tmp_path)
    translate(config, skip={"The second chapter."})
    assert CliRunner().invoke(cli, ["build", "--draft", "--locale", "es", "--config", str(config)]).exit_code == 0
    reader = PdfReader(str(config.parent / "dist" / "es" / "handbook-screen.pdf"))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert any(e.get("/Lang") == "en-US" for e in elements(reader))


# ---------------------------------------------------------------- injected defects


@pytest.fixture
def mini_screen(tmp_path: Path) -> Path:
    config = copy_mini_book(tmp_path / "book")
    assert CliRunner().invoke(cli, ["build", "--config", str(config)]).exit_code == 0
    path = config.parent / "dist" / "en" / "handbook-screen.pdf"
    assert check_pdf(path).ok, check_pdf(path).failures
    return path


def damaged(path: Path, change) -> Path:
    writer = PdfWriter(clone_from=str(path))
    change(writer)
    out = path.with_name("damaged.pdf")
    writer.write(str(out))
    return out


def first(writer: PdfWriter, kind: str):
    return next(e for e in elements(writer) if e["/S"] == kind)


def test_a_missing_alt_fails(mini_screen: Path) -> None:
    out = damaged(mini_screen, lambda w: first(w, "/Figure").pop("/Alt"))
    assert any("Figure element without /Alt" in f for f in check_pdf(out).failures)


def test_a_skipped_heading_level_fails(mini_screen: Path) -> None:
    out = damaged(mini_screen, lambda w: first(w, "/H2").__setitem__(NameObject("/S"), NameObject("/H4")))
    assert any("heading level skips from H1 to H4" in f for f in check_pdf(out).failures)


def test_untagged_content_fails(mini_screen: Path) -> None:
    def add_text(writer: PdfWriter) -> None:
        page = writer.pages[0]
        contents = page.get_contents()
        contents.set_data(contents.get_data() + b"\nBT 72 72 Td (loose) Tj ET\n")
        page.replace_contents(contents)

    out = damaged(mini_screen, add_text)
    assert any("neither tagged nor an Artifact" in f for f in check_pdf(out).failures)


def test_a_link_outside_the_tree_fails(mini_screen: Path) -> None:
    def unlink(writer: PdfWriter) -> None:
        for page in writer.pages:
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/Link":
                    annotation.pop("/StructParent")
                    return

    out = damaged(mini_screen, unlink)
    assert any("link annotation is outside the structure tree" in f for f in check_pdf(out).failures)
