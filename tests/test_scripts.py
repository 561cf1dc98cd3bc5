"""Every language's handbook: the right glyphs, line breaks, and text that extracts as written.

Builds the screen handbook of every locale once, then reads it back with
poppler's pdftotext (pypdf ignores /ActualText, which Gurmukhi relies on).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from pdfread import fonts, open_pdf
from pipeline import model as m
from pipeline.build import build
from pipeline.config import load_config
from pipeline.glyphs import coverage
from pipeline.parse import Source, parse_inline
from pipeline.pocheck import read_po_strict

LOCALES = ["es", "vi", "zh_Hans", "zh_Hant", "ko", "fil", "ru", "pa", "hmn"]


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    config = load_config(REPO / "handbook.toml")
    config = dataclasses.replace(config, paths={**config.paths, "dist": tmp_path_factory.mktemp("dist")})
    report = build(config, locales=tuple(LOCALES), editions=("screen",))
    assert not report.failures and not report.skipped, (report.failures, report.skipped)
    return {o.locale: o.path for o in report.outputs}


def pdftotext(path: Path, body_only: bool = False) -> str:
    """Text in content order; ``body_only`` crops off the running heads and footers (screen edition)."""
    crop = ["-x", "0", "-y", "64", "-W", "612", "-H", "667"] if body_only else []
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def printed_messages(locale: str) -> list[str]:
    """The plain text of every chapter translation, as it should read in the PDF."""
    config = load_config(REPO / "handbook.toml")
    out = []
    for slug in config.chapters:
        path = config.chapter_path(slug)
        src = Source(path, slug, slug, config.paths["chapters"], config.root, config.glossary)
        for entry in read_po_strict(REPO / "translations" / locale / f"{slug}.po").messages:
            spans, problems, _ = parse_inline(entry.msgstr, src, entry.line)
            assert not problems
            out.append(m.plain_text(spans))
    return out


def squash(text: str) -> str:
    """Whitespace and hyphens aside: line breaks, hyphenation and justification don't count."""
    return re.sub(r"[\s\u00ad\-‐]", "", text)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translated_message_extracts_from_the_pdf(screens, locale: str) -> None:
    text = pdftotext(screens[locale], body_only=True)
    ui = {e.msgid: e.msgstr for e in read_po_strict(REPO / "translations" / locale / "ui.po").messages}
    see = re.escape(ui["see page {page}"]).replace(r"\{page\}", r"\d+")
    flat = squash(re.sub(rf"\(\s*{see}\s*\)", "", text.replace("\n", " ")))
    missing = [msg for msg in printed_messages(locale) if squash(msg) not in flat]
    assert not missing, f"{len(missing)} messages not found in the {locale} PDF, first: {missing[0]!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_character_lacks_a_glyph_and_every_font_is_embedded(screens, locale: str) -> None:
    have = coverage(REPO / "fonts", locale)
    for text in printed_messages(locale):
        assert not {c for c in text if ord(c) not in have and not c.isspace()}, text
    assert "\ufffd" not in pdftotext(screens[locale])
    used = fonts(open_pdf(screens[locale]))
    assert used and all(used.values())


def test_gurmukhi_extracts_as_the_original_unicode_not_private_use_codes(screens) -> None:
    text = pdftotext(screens["pa"])
    assert not re.search(r"[\ue000-\uf8ff]", text)
    assert "ਵਿਸ਼ੇਸ਼ ਸਿੱਖਿਆ" in text  # a conjunct-free phrase with pre-base vowel signs and a nukta
    assert "ਪ੍ਰਕਿਰਿਆ" in squash(text)  # a virama conjunct


def test_mixed_runs_are_set_in_the_right_font(screens) -> None:
    """IEP and citations inside Chinese text are set in Noto Sans, the Chinese in Noto Sans CJK."""
    import pdfplumber

    with pdfplumber.open(screens["zh_Hans"]) as pdf:
        chars = [c for page in pdf.pages[2:6] for c in page.chars]
    latin = {c["fontname"].split("+")[-1] for c in chars if c["text"] in "IEPCFR"}
    han = {c["fontname"].split("+")[-1] for c in chars if "\u4e00" <= c["text"] <= "\u9fff"}
    assert latin == {"NotoSans-Regular", "NotoSans-Bold"} or latin <= {"NotoSans-Regular", "NotoSans-Bold"}
    assert han and all(name.lower().startswith("notosanscjksc") for name in han)


CLOSING = "，。：；！？》〉…—、）」』】"


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_no_chinese_line_starts_with_closing_punctuation(screens, locale: str) -> None:
    lines = [line.strip() for line in pdftotext(screens[locale]).splitlines() if line.strip()]
    assert len(lines) > 500
    bad = [line for line in lines if line[0] in CLOSING]
    assert not bad, bad[:5]


def test_korean_wraps_at_spaces_not_inside_words(screens) -> None:
    text = " ".join(pdftotext(screens["ko"], body_only=True).split())  # every line break becomes a space
    text = re.sub(r"\s*\(\s*\d+\s*페이지[^)]*\)", "", text)
    ui = {e.msgid: e.msgstr for e in read_po_strict(REPO / "translations" / "ko" / "ui.po").messages}
    see = re.escape(ui["see page {page}"]).replace(r"\{page\}", r"\d+")
    text = re.sub(rf" ?\({see}\)", "", text)
    messages = [" ".join(msg.split()) for msg in printed_messages("ko")]
    split = [msg for msg in messages if msg not in text]
    assert len(split) <= len(messages) * 0.02, split[:3]  # a table cell may wrap a long word


def test_hmong_dates_have_no_english_words(screens) -> None:
    cover = pdftotext(screens["hmn"]).split("\f")[0]
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(months, cover)
    assert re.search(r"\d{1,2}/\d{1,2}/\d{4}", cover)
    assert "Hmoob" in cover
