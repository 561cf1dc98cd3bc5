"""Register the committed fonts with reportlab (once per process)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pipeline.errors import Loc, SourceError
from pipeline.fontsets import FontFiles


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for the roles of one script."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    symbols: str
    fallback: "FontSet | None" = None
    prefer_fallback_for_latin: bool = False
    word_wrap: str | None = None
    shaping: bool = False
    line_height: float = 1.3
    native_digits: bool = False  # Farsi: text is set with Persian digits (see rtl.persian_digits)

    def font_for(self, ch: str) -> str | None:
        """None if the family sets ``ch``; else the fallback family's regular font name."""
        if self.fallback is None or ch.isspace():
            return None
        return _font_for(self.regular, self.fallback.regular, self.prefer_fallback_for_latin, ch)

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """Split ``text`` into (fallback font or None, run) pieces; spaces join the run they are in."""
        out: list[tuple[str | None, str]] = []
        for ch in text:
            font = out[-1][0] if (ch.isspace() and out) else self.font_for(ch)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out


@lru_cache(maxsize=None)
def _font_for(regular: str, fallback: str, prefer_fallback_for_latin: bool, ch: str) -> str | None:
    if prefer_fallback_for_latin and " " < ch < "\x7f":
        return fallback
    if ord(ch) in pdfmetrics.getFont(regular).face.charToGlyph:
        return None
    return fallback if ord(ch) in pdfmetrics.getFont(fallback).face.charToGlyph else None


def _name(filename: str) -> str:
    return filename.rsplit(".", 1)[0].replace("-Regular", "")


def register_fonts(fonts_dir: Path, files: FontFiles, native_digits: bool = False) -> FontSet:
    """Register a script's fonts and its fallback (idempotent); a missing file is a clear error."""
    fallback = register_fonts(fonts_dir, files.fallback) if files.fallback else None
    names = {}
    for role in ("regular", "bold", "italic", "bold_italic", "symbols"):
        filename = getattr(files, role)
        name = _name(filename)
        if name not in pdfmetrics.getRegisteredFontNames():
            path = fonts_dir / filename
            if not path.is_file():
                raise SourceError(Loc(str(path)), "font file missing; restore it with fonts/fetch.sh")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names[role] = name
    fonts = FontSet(**names, fallback=fallback, prefer_fallback_for_latin=files.prefer_fallback_for_latin,
                    word_wrap=files.word_wrap, shaping=files.shaping, line_height=files.line_height,
                    native_digits=native_digits)
    for bold, italic, name in ((0, 0, fonts.regular), (1, 0, fonts.bold), (0, 1, fonts.italic), (1, 1, fonts.bold_italic)):
        addMapping(fonts.regular, bold, italic, name)
    return fonts
