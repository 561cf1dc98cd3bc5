"""Which font files serve which locale. Plain data, shared by check and typeset."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontFiles:
    """The files of one script's type family, by role."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    symbols: str = "NotoSansSymbols2-Regular.ttf"

    @property
    def text_files(self) -> tuple[str, ...]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


LATIN = FontFiles("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf")

# Noto Sans covers Latin (Vietnamese and Hmong RPA included) and Cyrillic.
LOCALE_FONTS: dict[str, FontFiles] = {locale: LATIN for locale in ("en", "es", "vi", "fil", "ru", "hmn")}


def fonts_for(locale: str) -> FontFiles | None:
    """The fonts for a locale, or None while none are chosen for its script."""
    return LOCALE_FONTS.get(locale)
