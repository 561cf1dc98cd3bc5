"""Arabic and Farsi: the right-to-left setter, and the handbooks it sets.

The golden tests lay out mixed paragraphs and assert the visual order of the
runs on each line (left to right, as drawn). The PDF tests build every edition
and checklist of ``ar`` and ``fa`` once, and read them back with poppler.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

from conftest import REPO
from pdfread import fonts, open_pdf
from pipeline import model as m
from pipeline.build import build
from pipeline.config import load_config
from pipeline.fontsets import ARABIC
from pipeline.parse import Source, parse_inline
from pipeline.pocheck import read_po_strict
from pipeline.press import saddle_stitch
from pipeline.typeset import bidi
from pipeline.typeset.fonts import register_fonts
from pipeline.typeset.inline import set_text
from pipeline.typeset.rtl import Paragraph, persian_digits

LOCALES = ("ar", "fa")
# bidi format characters that poppler writes around reordered runs, and the marks the setter adds
CONTROLS = re.compile("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# ---------------------------------------------------------------- golden layout


@pytest.fixture(scope="module")
def arabic_fonts():
    return register_fonts(REPO / "fonts", ARABIC)


def lay_out(fonts, text: str, width: float = 400, language: str = "ar", markup: str | None = None):
    style = ParagraphStyle("rtl", fontName=fonts.regular, fontSize=12, leading=20, wordWrap="RTL")
    style.rtl_language = language
    para = Paragraph(markup if markup is not None else set_text(fonts, text), style)
    para.wrap(width, 1000)
    return para._rtl_lines


def visual(lines) -> list[list[str]]:
    """Each line's runs, left to right as drawn, by their logical text."""
    return [[piece.text for piece in line.pieces] for line in lines]


def test_latin_acronym_sits_between_its_arabic_neighbours(arabic_fonts) -> None:
    assert visual(lay_out(arabic_fonts, "يعقد IEP اجتماعًا")) == [["اجتماعًا", " ", "IEP", "يعقد "]]


def test_number_reads_left_to_right_inside_arabic(arabic_fonts) -> None:
    lines = lay_out(arabic_fonts, "خلال 15 يومًا")
    assert visual(lines) == [["يومًا", " ", "15", "خلال "]]
    digits = [p for p in lines[0].pieces if p.text == "15"][0]
    assert digits.clusters == ["1", "5"]  # the digits themselves are drawn left to right


def test_parenthesised_citation_and_final_full_stop(arabic_fonts) -> None:
    """A bracketed Latin citation is one left-to-right unit; the sentence's full stop is at its far left."""
    lines = lay_out(arabic_fonts, "انظر القانون (EC 56321).")
    assert visual(lines) == [[".", "(EC 56321)", "انظر القانون "]]
    stop, citation, _ = lines[0].pieces
    assert citation.clusters == ["(", "E", "C", " ", "5", "6", "3", "2", "1", ")"]


def test_acronym_followed_by_a_citation_with_nested_brackets(arabic_fonts) -> None:
    lines = lay_out(arabic_fonts, "توافق على جزء من IEP (EC 56346(e)).")
    assert visual(lines) == [[".", "(EC 56346(e))", " ", "IEP", "توافق على جزء من "]]


def test_brackets_around_arabic_are_mirrored(arabic_fonts) -> None:
    lines = lay_out(arabic_fonts, "انظر (التعليم الخاص) هنا")
    assert visual(lines) == [["هنا", ") ", "التعليم الخاص", "(", "انظر "]]
    assert lines[0].pieces[1].clusters == [" ", ")"]  # the closing bracket is drawn on the left


def test_citation_starting_with_a_number_stays_in_one_piece(arabic_fonts) -> None:
    """Without isolation, the leading 34 would follow the Arabic before it and jump to the other end."""
    lines = lay_out(arabic_fonts, "راجع اللوائح (34 CFR 300.503; EC 56500.4) الآن.")
    assert visual(lines) == [[".", "الآن", " ", "(34 CFR 300.503; EC 56500.4)", "راجع اللوائح "]]
    lines = lay_out(arabic_fonts, "الباب «34 CFR 300.503» هنا")
    assert "34 CFR 300.503" in visual(lines)[0]


def test_punctuation_at_the_end_of_a_line_is_on_its_left(arabic_fonts) -> None:
    text = "هذه جملة طويلة جدا، وهذه جملة أخرى طويلة أيضا؟ نعم."
    ends = []
    for width in range(60, 300, 4):
        lines = lay_out(arabic_fonts, text, width=width)
        for line in lines[:-1]:
            if line.text[-1] in "،؟":
                ends.append(line.text[-1])
                leftmost = [c for c in line.pieces[0].clusters if c][0]
                assert leftmost == line.text[-1], (width, line.text)
        last = lines[-1]
        assert [c for c in last.pieces[0].clusters if c][0] == "."  # the paragraph's full stop: far left
    assert set(ends) == {"،", "؟"}


def test_a_citation_is_never_split_across_lines(arabic_fonts) -> None:
    text = "لك الحق في طلب اجتماع آخر في أي وقت (34 CFR 300.503; EC 56500.4) وهذا مهم."
    for width in range(380, 520, 20):  # a citation of up to half a line keeps to one line
        lines = lay_out(arabic_fonts, text, width=width)
        assert any("(34 CFR 300.503; EC 56500.4)" in line.text for line in lines), (width, [l.text for l in lines])
    for width in range(100, 380, 10):  # a longer one breaks, but never between "EC" and its number
        lines = lay_out(arabic_fonts, text, width=width)
        assert not [l.text for l in lines if re.search(r"(EC|CFR|^34)$", l.text)], width


def test_bold_and_link_runs_keep_their_style(arabic_fonts) -> None:
    markup = 'اقرأ <b>هذا الجزء</b> ثم <a href="https://example.org/x"><u>الرابط</u></a> الآن'
    lines = lay_out(arabic_fonts, "", markup=markup)
    pieces = lines[0].pieces
    assert [p.text for p in pieces] == [" الآن", "الرابط", " ثم ", "هذا الجزء", "اقرأ "]
    assert pieces[3].font == arabic_fonts.bold
    assert pieces[1].frag.link and pieces[1].frag.us_lines


def test_harakat_and_shadda_stay_on_their_letter(arabic_fonts) -> None:
    line = lay_out(arabic_fonts, "مُدَرِّبٌ")[0]
    clusters = [c for c in line.pieces[0].clusters]
    assert "رِّ" in clusters  # the letter and both marks are one cluster, written with the letter
    marks = [g for g in line.pieces[0].glyphs if g[1] == 0]
    assert len(marks) >= 4 and all(g[2] or g[3] for g in marks)  # shadda and kasra may share a glyph


def test_zwnj_breaks_the_join_in_farsi(arabic_fonts) -> None:
    joined = lay_out(arabic_fonts, "میتوانید", language="fa")[0].pieces[0].glyphs
    apart = lay_out(arabic_fonts, "می\u200cتوانید", language="fa")[0].pieces[0].glyphs
    assert [g[0] for g in joined] != [g[0] for g in apart]  # ی takes its final form before the ZWNJ


def test_persian_digits_except_in_latin_context() -> None:
    text = "ظرف 15 روز (EC 56321) و 34 CFR 300.503 و 60 روز."
    assert persian_digits(text) == "ظرف ۱۵ روز (EC 56321) و 34 CFR 300.503 و ۶۰ روز."


def test_bidi_levels_come_from_fribidi() -> None:
    text = "أ IEP ب"
    assert bidi.levels(text) == [1, 1, 2, 2, 2, 1, 1]
    assert bidi.levels("abc", rtl=False) == [0, 0, 0]
    assert bidi.visual_order([1, 2, 1]) == [2, 1, 0]
    assert bidi.visual_order([1, 2, 2, 1]) == [3, 1, 2, 0]


def test_an_english_line_in_an_arabic_book_stays_left_to_right(arabic_fonts) -> None:
    lines = lay_out(arabic_fonts, "This translation was drafted.")
    assert [c for c in lines[0].pieces[0].clusters][:4] == ["T", "h", "i", "s"]


def test_booklet_for_a_right_to_left_book_is_bound_on_the_right() -> None:
    assert saddle_stitch(8, rtl=True) == [((1, 8), (7, 2)), ((3, 6), (5, 4))]


# ---------------------------------------------------------------- the handbooks


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    config = load_config(REPO / "handbook.toml")
    config = dataclasses.replace(config, paths={**config.paths, "dist": tmp_path_factory.mktemp("dist")})
    report = build(config, locales=LOCALES)
    assert not report.failures and not report.skipped, (report.failures, report.skipped)
    return {(o.locale, o.edition): o.path for o in report.outputs}


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def messages(locale: str) -> list[str]:
    """The plain text of every chapter message, as the PDF should read."""
    config = load_config(REPO / "handbook.toml")
    out = []
    for slug in config.chapters:
        src = Source(config.chapter_path(slug), slug, slug, config.paths["chapters"], config.root, config.glossary)
        for entry in read_po_strict(REPO / "translations" / locale / f"{slug}.po").messages:
            spans, problems, _ = parse_inline(entry.msgstr, src, entry.line)
            text = m.plain_text(spans)
            out.append(persian_digits(text) if locale == "fa" else text)
    return out


def similarity(needle: str, hay: str) -> float:
    """How well ``needle`` matches its best place in ``hay`` (1.0: found as it is)."""
    if needle in hay:
        return 1.0
    anchor = difflib.SequenceMatcher(None, hay, needle, autojunk=False).find_longest_match(0, len(hay), 0, len(needle))
    start = max(0, anchor.a - anchor.b - 20)
    window = hay[start:anchor.a + len(needle) - anchor.b + 20]
    matcher = difflib.SequenceMatcher(None, needle, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    matched = sum(b.size for b in blocks)
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    return 2 * matched / (len(needle) + span)


def table_cells(path: Path) -> str:
    """The text of every table cell, each read by pdftotext from the cell's own box.

    Read whole, a page's table comes back row line by row line, across the
    columns (poppler does the same with English tables), so a cell of several
    lines is interleaved with its neighbours; read box by box, each cell is whole."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for table in page.find_tables():
                for x0, top, x1, bottom in filter(None, table.cells):
                    box = [f"{v:.0f}" for v in (x0, top, x1 - x0, bottom - top)]
                    out.append(pdftotext(path, "-f", str(number), "-l", str(number), "-x", box[0], "-y", box[1],
                                         "-W", box[2], "-H", box[3]))
    return "|".join(out)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_paragraph_extracts_in_logical_order(built, locale: str) -> None:
    """pdftotext (its reading order, not -raw) gives each paragraph back at ≥ 0.99 similarity, whitespace aside."""
    path = built[(locale, "screen")]
    text = pdftotext(path, "-x", "0", "-y", "64", "-W", "612", "-H", "667")
    ui = {e.msgid: e.msgstr for e in read_po_strict(REPO / "translations" / locale / "ui.po").messages}
    see = r"\s*".join(re.escape(w) for w in ui["see page {page}"].split()).replace(r"\{page\}", r"[\d۰-۹]+")
    flat = CONTROLS.sub("", re.sub(rf"\(\s*{see}\s*\)", "", CONTROLS.sub(" ", text)))
    cells = CONTROLS.sub("", table_cells(path))
    scores = {msg: max(similarity(CONTROLS.sub("", msg), flat), similarity(CONTROLS.sub("", msg), cells))
              for msg in messages(locale) if CONTROLS.sub("", msg)}
    assert len(scores) > 450
    # Known misses, all poppler's own guess of a page's direction: a table cell read alone from its
    # box, whose Latin letters outnumber its Arabic ones ("نعم (20 USC 1415(j); 34 CFR 300.518; …)"),
    # is taken for a left-to-right page and comes back with its words in left-to-right order.
    # At most three such cells, none below 0.75; every other paragraph reaches 0.99.
    low = {msg: round(score, 3) for msg, score in scores.items() if score < 0.99}
    assert len(low) <= 3 and all(score >= 0.75 for score in low.values()), low
    latin_heavy = [msg for msg in low if len(re.findall("[A-Za-z]", msg)) > len(re.findall("[\u0600-\u06ff]", msg))]
    assert latin_heavy == list(low), low


@pytest.mark.parametrize("locale", LOCALES)
def test_every_edition_and_checklist_is_built(built, locale: str) -> None:
    editions = {edition for (loc, edition) in built if loc == locale}
    assert {"screen", "large-print", "booklet", "print"} <= editions
    checklists = sorted(built[(locale, "screen")].parent.glob("checklists/*.pdf"))
    assert len(checklists) == 10  # five, each fillable and for print


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_read_right_to_left(built, locale: str) -> None:
    reader = open_pdf(built[(locale, "screen")])
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert str(root["/Lang"]) == locale
    used = fonts(reader)
    assert any("NotoNaskhArabic" in name for name in used) and all(used.values())
    assert not any("Helvetica" in name or "Times" in name for name in used)


@pytest.mark.parametrize("locale", LOCALES)
def test_running_head_and_folio_are_mirrored(built, locale: str) -> None:
    import pdfplumber

    with pdfplumber.open(built[(locale, "screen")]) as pdf:
        page = pdf.pages[6]
        head = [c for c in page.chars if c["top"] < 60]
        foot = [c for c in page.chars if c["top"] > page.height - 60]
    assert head and min(c["x0"] for c in head) > page.width / 2  # the chapter title at the right
    folio = [c for c in foot if c["x0"] < page.width / 2]
    assert folio and any(c["text"] in "7۷" for c in folio)  # "page 7 of N" at the left


@pytest.mark.parametrize("locale", LOCALES)
def test_facing_pages_have_the_folio_on_the_outer_corner(built, locale: str) -> None:
    """Bound on the right, an odd page is a left-hand page: its folio sits at the left."""
    import pdfplumber

    with pdfplumber.open(built[(locale, "print")]) as pdf:
        checked = 0
        for number in (7, 8, 9, 10):
            page = pdf.pages[number - 1]
            foot = [c for c in page.chars if c["top"] > page.height - 50]
            if not foot:
                continue
            left = "".join(c["text"] for c in foot if c["x0"] < page.width / 2)
            right = "".join(c["text"] for c in foot if c["x0"] >= page.width / 2)
            folio = str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if locale == "fa" else str(number)
            outer = left if number % 2 == 1 else right
            assert CONTROLS.sub("", outer) == folio, (number, left, right)
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("locale", LOCALES)
def test_bullets_and_callout_rules_are_on_the_right(built, locale: str) -> None:
    import pdfplumber

    with pdfplumber.open(built[(locale, "screen")]) as pdf:
        pages = pdf.pages[3:12]
        bullets = [c for page in pages for c in page.chars if c["text"] == "\u2022"]
        rules = [r for page in pages for r in page.rects if r["width"] <= 4 and r["height"] > 20]
        lines = [ln for page in pages for ln in page.lines
                 if abs(ln["x0"] - ln["x1"]) < 1 and ln["height"] > 20 and ln["linewidth"] >= 2.5]
        width = pdf.pages[0].width
    assert bullets and all(c["x0"] > width * 0.75 for c in bullets)
    assert lines or rules
    assert all(ln["x0"] > width / 2 for ln in lines)


def test_booklet_imposition_puts_page_one_on_the_left(built) -> None:
    import pdfplumber

    with pdfplumber.open(built[("ar", "booklet")]) as pdf:
        first = pdf.pages[0]
        left = first.crop((0, 0, first.width / 2, first.height)).extract_text() or ""
        right = first.crop((first.width / 2, 0, first.width, first.height)).extract_text() or ""
    assert "IEP" in left or len(CONTROLS.sub("", left)) > len(CONTROLS.sub("", right))  # the cover, page 1


@pytest.mark.parametrize("locale", LOCALES)
def test_checklists_are_one_page_with_fields_left_of_their_labels(built, locale: str) -> None:
    import pdfplumber

    paths = sorted(built[(locale, "screen")].parent.glob("checklists/*.pdf"))
    for path in paths:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == 1, path
    fillable = [p for p in paths if not p.name.endswith("-print.pdf")]
    assert len(fillable) == 5
    reader = open_pdf(fillable[0])
    fields = reader.get_fields() or {}
    assert fields
    assert any(re.search("[\u0600-\u06ff]", str(f.get("/TU", ""))) for f in fields.values())
    with pdfplumber.open(fillable[0]) as pdf:
        page = pdf.pages[0]
        arabic = [c for c in page.chars if "\u0600" <= c["text"] <= "\u06ff"]
        for annot in page.annots:
            if annot["data"].get("FT") and str(annot["data"]["FT"]).endswith("Tx"):
                same_row = [c for c in arabic if abs((c["top"] + c["bottom"]) / 2 - (annot["top"] + annot["bottom"]) / 2) < 25]
                if same_row:
                    assert max(c["x1"] for c in same_row) > annot["x1"]  # the label is on the right of its field


def test_proof_sets_the_translation_right_to_left(tmp_path: Path) -> None:
    from pipeline.translate import proof

    config = load_config(REPO / "handbook.toml")
    config = dataclasses.replace(config, paths={**config.paths, "dist": tmp_path})
    path, count = proof(config, "ar")
    assert count > 600
    text = CONTROLS.sub("", pdftotext(path))
    assert "Welcome" in text  # the English source, in Noto Sans
    assert CONTROLS.sub("", "اعرف لمن هذا الدليل") in text  # the Arabic, in logical order


def test_download_page_sets_arabic_and_farsi_right_to_left(built) -> None:
    page = (built[("ar", "screen")].parents[1] / "index.html").read_text()
    for locale in LOCALES:
        assert f'<section dir="rtl" lang="{locale}"' in page
    assert page.count('dir="rtl"') == 2 and 'lang="en" dir="ltr"' in page


@pytest.mark.parametrize("locale", LOCALES)
def test_words_with_vowel_marks_copy_whole(built, locale: str) -> None:
    """A word with harakat or shadda (مدرَّب، تذكّر، مثلاً) comes back as one word, not split at its mark."""
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", pdftotext(built[(locale, "screen")]))
    marked = {word.strip(".,،؛؟:()«»[]") for msg in messages(locale) for word in msg.split()
              if re.search("[\u064b-\u0652]", word)}
    assert len(marked) >= 5
    missing = sorted(word for word in marked if word not in text)
    assert not missing, missing[:5]


def test_no_character_in_the_arabic_books_lacks_a_glyph() -> None:
    """Every character the setter shapes has a glyph in its font (Naskh has no brackets: they fall back)."""
    from pipeline.build import run_checks
    from pipeline.jobs import prepare_locale
    from pipeline.typeset import rtl, typeset_book

    config = load_config(REPO / "handbook.toml")
    book = run_checks(config).book
    rtl.MISSING_GLYPHS.clear()
    for locale in LOCALES:
        prepared = prepare_locale(config, book, locale, False)
        for edition in ("screen", "print"):
            typeset_book(prepared.book, prepared.info, prepared.ui, edition)
    assert not rtl.MISSING_GLYPHS


@pytest.mark.parametrize("locale", LOCALES)
def test_citations_copy_and_search_as_written(built, locale: str) -> None:
    """No invisible mark lands inside a citation: "EC 56321(a)" and "300.503" are found as typed."""
    raw = pdftotext(built[(locale, "screen")])
    text = " ".join(re.sub("[\u202a-\u202e]", "", raw).split())  # poppler's own embedding marks, line breaks
    citations = {c for msg in messages(locale) for c in re.findall(r"(?:EC|CFR|USC|CCR) [\d.]+(?:\([a-z0-9]+\))*", msg)}
    assert len(citations) > 30
    missing = sorted(c for c in citations if c not in text)
    assert len(missing) <= len(citations) // 20, missing[:5]  # a few break over two lines
