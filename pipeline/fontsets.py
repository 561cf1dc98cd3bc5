"""Which font files serve which locale, and how its script is set. Plain data,
shared by the checks and the typesetter.

Each script has a family (regular, bold, italic, bold italic) and, where it
lacks Latin letters or where Latin looks better in Noto Sans, a Latin
fallback family: runs of text are set in whichever font has their glyphs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontFiles:
    """The files of one script's type family, by role, and how the script is set."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    symbols: str = "NotoSansSymbols2-Regular.ttf"
    fallback: "FontFiles | None" = None  # for characters the family lacks (Latin in Gurmukhi text)
    prefer_fallback_for_latin: bool = False  # ASCII runs in Noto Sans even where the family has them (CJK)
    word_wrap: str | None = None  # reportlab's "CJK": break between ideographs
    shaping: bool = False  # complex script: shape with harfbuzz
    line_height: float = 1.3  # least leading, as a multiple of the type size (Naskh needs room for its marks)

    @property
    def text_files(self) -> tuple[str, ...]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


LATIN = FontFiles("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf")


def _cjk(region: str, wrap: str | None) -> FontFiles:
    regular, bold = f"NotoSansCJK{region}-Regular.ttf", f"NotoSansCJK{region}-Bold.ttf"
    # CJK has no italic: emphasis falls back to the upright face
    return FontFiles(regular, bold, regular, bold, fallback=LATIN, prefer_fallback_for_latin=True, word_wrap=wrap)


GURMUKHI = FontFiles("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf", "NotoSansGurmukhi-Regular.ttf",
                     "NotoSansGurmukhi-Bold.ttf", fallback=LATIN, shaping=True)

# Arabic script (Arabic, Farsi): set by the right-to-left setter (typeset/rtl.py),
# which shapes with harfbuzz itself; Noto Naskh has no Latin letters or brackets.
ARABIC = FontFiles("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", "NotoNaskhArabic-Regular.ttf",
                   "NotoNaskhArabic-Bold.ttf", fallback=LATIN, prefer_fallback_for_latin=True, line_height=1.75)

# Noto Sans covers Latin (Vietnamese and Hmong RPA included) and Cyrillic.
LOCALE_FONTS: dict[str, FontFiles] = {locale: LATIN for locale in ("en", "es", "vi", "fil", "ru", "hmn")}
LOCALE_FONTS.update({
    "zh_Hans": _cjk("SC", "CJK"),
    "zh_Hant": _cjk("TC", "CJK"),
    "ko": _cjk("KR", None),  # Korean wraps at spaces, not inside words
    "pa": GURMUKHI,
    "ar": ARABIC,
    "fa": ARABIC,
})


def fonts_for(locale: str) -> FontFiles | None:
    """The fonts for a locale, or None while none are chosen for its script."""
    return LOCALE_FONTS.get(locale)
