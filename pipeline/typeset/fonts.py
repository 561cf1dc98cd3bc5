"""Register the committed fonts with reportlab (once per process)."""

from __future__ import annotations

from dataclasses import dataclass
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


def _name(filename: str) -> str:
    return filename.rsplit(".", 1)[0].replace("-Regular", "")


def register_fonts(fonts_dir: Path, files: FontFiles) -> FontSet:
    """Register a script's fonts (idempotent); a missing file is a clear error."""
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
    fonts = FontSet(**names)
    for bold, italic, name in ((0, 0, fonts.regular), (1, 0, fonts.bold), (0, 1, fonts.italic), (1, 1, fonts.bold_italic)):
        addMapping(fonts.regular, bold, italic, name)
    return fonts
