"""Print production: booklet imposition, print-shop pages, large print, paper sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from conftest import copy_mini_book
from pdfread import open_pdf, page_texts, poppler_words
from pipeline.cli import cli
from pipeline.press import saddle_stitch

INCH = 72


# ---------------------------------------------------------------- page order, a pure function


def test_saddle_stitch_order_for_eight_pages() -> None:
    assert saddle_stitch(8) == [((8, 1), (2, 7)), ((6, 3), (4, 5))]


@pytest.mark.parametrize("pages", [4, 8, 12, 64])
def test_saddle_stitch_uses_every_page_once_and_folds_in_order(pages: int) -> None:
    sheets = saddle_stitch(pages)
    placed = [p for front, back in sheets for side in (front, back) for p in side]
    assert sorted(placed) == list(range(1, pages + 1))
    for front, back in sheets:  # each side of a folded sheet faces its neighbour in reading order
        assert front[0] + front[1] == pages + 1 and back[0] + back[1] == pages + 1
        assert back[0] == front[1] + 1  # the right page of the front backs onto the left of the back


@pytest.mark.parametrize("pages", [0, 3, 10])
def test_saddle_stitch_refuses_a_count_that_is_not_a_multiple_of_four(pages: int) -> None:
    with pytest.raises(ValueError):
        saddle_stitch(pages)


# ---------------------------------------------------------------- booklet


def folios(words: list, width: float, height: float) -> tuple[int | None, int | None]:
    """The page numbers printed in the bottom margin of the left and right halves of a sheet side."""
    found: dict[str, int] = {}
    for word in words:
        if word.top > height - 0.7 * INCH and re.fullmatch(r"\d{1,3}", word.text):
            found["left" if word.x1 < width / 2 else "right"] = int(word.text)
    return found.get("left"), found.get("right")


def test_booklet_sheets_carry_the_right_pages(english) -> None:
    pages, heights = poppler_words(english["booklet"])
    reader = open_pdf(english["booklet"])
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (width, height) == (11 * INCH, 8.5 * INCH)
    total = len(reader.pages) * 2
    assert total % 4 == 0
    checked = 0
    for sheet, (front, back) in enumerate(saddle_stitch(total)):
        for side, expected in ((2 * sheet, front), (2 * sheet + 1, back)):
            left, right = folios(pages[side], width, height)
            for got, want in ((left, expected[0]), (right, expected[1])):
                if got is not None:
                    assert got == want, f"sheet {sheet}: page {got} where page {want} belongs"
                    checked += 1
    assert checked > total * 0.7  # blank pages and covers carry no folio


def test_booklet_unimposed_page_count_is_a_multiple_of_four(english) -> None:
    assert len(open_pdf(english["print"]).pages) % 4 == 0
    assert len(open_pdf(english["booklet"]).pages) * 2 == len(open_pdf(english["print"]).pages)


def test_back_cover_is_the_last_page_with_help_and_qr_code(english) -> None:
    texts = page_texts(open_pdf(english["print"]))
    back = " ".join(texts[-1].split())
    assert "Need help now?" in back and "Edition of" in back and "https://example.org/handbook/en/" in back
    assert all(not t.strip() for t in texts[-3:-1]) or len(texts) % 4 == 0
    with pdfplumber.open(english["print"]) as pdf:
        assert len(pdf.pages[-1].rects) > 100  # the QR code's modules


# ---------------------------------------------------------------- print shop


def test_print_pages_have_bleed_trim_and_bleed_boxes(english) -> None:
    reader = open_pdf(english["print"])
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == [0, 0, 5.75 * INCH, 8.75 * INCH]
        assert [float(v) for v in page.trimbox] == [9, 9, 9 + 5.5 * INCH, 9 + 8.5 * INCH]
        assert "/BleedBox" in page and [float(v) for v in page.bleedbox] == [0, 0, 5.75 * INCH, 8.75 * INCH]


RGB = re.compile(rb"(?:^|[\s\]])(?:-?[\d.]+\s+){3}(?:rg|RG)\b")


def test_print_uses_no_rgb_colour_and_no_annotations_or_forms(english) -> None:
    reader = open_pdf(english["print"])
    assert "/AcroForm" not in reader.trailer["/Root"]
    for number, page in enumerate(reader.pages, 1):
        assert not RGB.search(page.get_contents().get_data()), f"RGB colour on page {number}"
        assert "/Annots" not in page, f"annotations on page {number}"
    assert RGB.search(open_pdf(english["screen"]).pages[2].get_contents().get_data())  # the check can fail


def test_print_embeds_every_font(english) -> None:
    from pdfread import fonts

    used = fonts(open_pdf(english["print"]))
    assert used and all(used.values())


def chapter_pages(path: Path, titles: list[str]) -> dict[str, int]:
    """Where each chapter opens: the page whose text starts with its title."""
    texts = page_texts(open_pdf(path))
    out = {}
    for title in titles:
        out[title] = next(n for n, t in enumerate(texts, 1)
                          if " ".join(t.split()).startswith(title) and ". . ." not in t)  # not the contents
    return out


@pytest.mark.parametrize("edition", ["print", "booklet"])
def test_chapters_start_on_odd_pages(english, handbook_book, edition: str) -> None:
    titles = [c.title for c in handbook_book.chapters]
    pages = chapter_pages(english["print"], titles)
    assert all(page % 2 == 1 for page in pages.values()), pages
    if edition == "booklet":  # the same pages, imposed: the opening page sits on a right half
        words, heights = poppler_words(english["booklet"])
        total = len(open_pdf(english["booklet"]).pages) * 2
        where = {p: (2 * s + i, half) for s, sides in enumerate(saddle_stitch(total))
                 for i, side in enumerate(sides) for half, p in zip(("left", "right"), side)}
        for title, page in pages.items():
            side, half = where[page]
            assert half == "right"
            big = [w for w in words[side] if w.bottom - w.top > 25]  # only chapter titles are set this large
            assert big and all(w.x0 >= 5.5 * INCH for w in big), title


# ---------------------------------------------------------------- large print


def test_large_print_sets_every_character_at_18_points_or_more(english) -> None:
    with pdfplumber.open(english["large-print"]) as pdf:
        sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()]
        fonts_used = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert len(sizes) > 50000
    assert min(sizes) >= 18
    assert not any("Italic" in name for name in fonts_used)


def test_large_print_headings_are_22_points_or_more(english, handbook_book) -> None:
    with pdfplumber.open(english["large-print"]) as pdf:
        heading_sizes = []
        for page in pdf.pages:
            lines = page.extract_text_lines()
            for line in lines:
                if line["text"] in ("The short answer", "Your rights", "What to do", "Learn more"):
                    heading_sizes.append(min(c["size"] for c in line["chars"]))
    assert len(heading_sizes) >= 40
    assert min(heading_sizes) >= 22


def test_large_print_is_letter_and_left_aligned(english) -> None:
    reader = open_pdf(english["large-print"])
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    with pdfplumber.open(english["large-print"]) as pdf:
        lines = [line for page in pdf.pages[5:15] for line in page.extract_text_lines() if len(line["text"]) > 40]
    starts = [round(line["x0"]) for line in lines]
    ends = [round(line["x1"]) for line in lines]
    assert len(set(starts)) <= 6  # lines start at a few indents: left aligned
    assert len(set(ends)) > len(ends) / 3  # and end where they end: ragged right, not justified


# ---------------------------------------------------------------- paper sizes


def test_a4_paper_gives_a4_pages_and_a5_booklets(tmp_path: Path) -> None:
    config = copy_mini_book(tmp_path / "book")
    text = config.read_text().replace('editions = ["screen"]', 'editions = ["screen", "booklet", "print"]\npaper = "a4"')
    config.write_text(text)
    result = CliRunner().invoke(cli, ["build", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    dist = tmp_path / "book" / "dist" / "en"
    screen = open_pdf(dist / "handbook-screen.pdf").pages[0].mediabox
    assert (round(float(screen.width)), round(float(screen.height))) == (595, 842)
    booklet = open_pdf(dist / "handbook-booklet.pdf").pages[0].mediabox
    assert (round(float(booklet.width)), round(float(booklet.height))) == (842, 595)
    trim = open_pdf(dist / "handbook-print.pdf").pages[0].trimbox
    assert (round(float(trim.width)), round(float(trim.height))) == (420, 595)
