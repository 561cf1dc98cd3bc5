"""The stylesheet: maps the roles that blocks carry to fonts, sizes and colours.

Structure stays in the model; this module is the only place that decides how
a role looks in an edition. Each role also names its PDF structure tag, so
accessibility tagging can follow from the same table later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import pyphen

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from pipeline.editions import Edition
from pipeline.typeset.fonts import FontSet

# role -> (tag, size, leading, font key, extra style attributes)
_ROLES: dict[str, tuple[str, float, float, str, dict]] = {
    "cover-title": ("H1", 30, 36, "bold", {"spaceAfter": 14}),
    "cover-subtitle": ("P", 16, 22, "regular", {"spaceAfter": 24}),
    "cover-meta": ("P", 11, 16, "regular", {"spaceAfter": 2}),
    "toc-title": ("H1", 22, 28, "bold", {"spaceAfter": 16}),
    "toc-entry": ("P", 12, 16, "bold", {"spaceBefore": 8, "rightIndent": 30}),
    "toc-summary": ("P", 9.5, 12.5, "regular", {"leftIndent": 12, "rightIndent": 30}),
    "chapter-title": ("H1", 24, 30, "bold", {"spaceAfter": 8}),
    "chapter-summary": ("P", 12.5, 17, "regular", {"spaceAfter": 4}),
    "chapter-meta": ("P", 9, 12, "regular", {"spaceAfter": 10}),
    "h2": ("H2", 16, 21, "bold", {"spaceBefore": 16, "spaceAfter": 5}),
    "h3": ("H3", 13, 17, "bold", {"spaceBefore": 12, "spaceAfter": 4}),
    "h4": ("H4", 11.5, 15, "bold", {"spaceBefore": 10, "spaceAfter": 3}),
    "term": ("H2", 12, 16, "bold", {"spaceBefore": 10, "spaceAfter": 2}),
    "body": ("P", 11, 15.5, "regular", {"spaceAfter": 7}),
    "list-body": ("P", 11, 15.5, "regular", {"spaceAfter": 3}),
    "callout-label": ("Lbl", 10, 13, "bold", {"spaceAfter": 3}),
    "callout-body": ("P", 10.5, 14.5, "regular", {"spaceAfter": 4}),
    "notice": ("P", 9.5, 13, "regular", {}),
    "table-head": ("TH", 10, 13, "bold", {}),
    "table-cell": ("TD", 10, 13, "regular", {}),
    "code": ("Code", 10, 13.5, "regular", {"leftIndent": 12, "spaceAfter": 7}),
    "running": ("Artifact", 8.5, 10, "regular", {}),
}

HEADING_ROLES = {1: "chapter-title", 2: "h2", 3: "h3", 4: "h4"}


@dataclass(frozen=True)
class Palette:
    text: colors.Color = colors.HexColor("#1a1a1a")
    muted: colors.Color = colors.HexColor("#555555")
    accent: colors.Color = colors.HexColor("#1f4e79")
    link: colors.Color = colors.HexColor("#1a5c99")
    term: colors.Color = colors.HexColor("#7a3e00")
    rule: colors.Color = colors.HexColor("#b8c4d0")
    notice_fill: colors.Color = colors.HexColor("#fff4d6")
    notice_edge: colors.Color = colors.HexColor("#c99a00")
    quote_fill: colors.Color = colors.HexColor("#f3f4f6")
    table_head: colors.Color = colors.HexColor("#e4ecf4")
    fallback: colors.Color = colors.HexColor("#fde9a9")  # untranslated text in a draft
    registration: colors.Color = colors.black  # crop marks
    callouts: dict[str, tuple[colors.Color, colors.Color]] = field(default_factory=lambda: {
        "tip": (colors.HexColor("#e8f5ec"), colors.HexColor("#2e7d4f")),
        "note": (colors.HexColor("#e8f0fa"), colors.HexColor("#2f64a8")),
        "important": (colors.HexColor("#f1ebfa"), colors.HexColor("#6a3fb0")),
        "warning": (colors.HexColor("#fff4d6"), colors.HexColor("#a86b00")),
        "caution": (colors.HexColor("#fdeaea"), colors.HexColor("#b3261e")),
    })


def to_cmyk(color: colors.Color) -> colors.CMYKColor:
    """A naive RGB to CMYK conversion with full grey component replacement."""
    if isinstance(color, colors.CMYKColor):
        return color
    r, g, b = color.red, color.green, color.blue
    k = 1 - max(r, g, b)
    if k >= 1:
        return colors.CMYKColor(0, 0, 0, 1)
    c, m_, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return colors.CMYKColor(round(c, 3), round(m_, 3), round(y, 3), round(k, 3))


def cmyk_palette(palette: Palette) -> Palette:
    values = {}
    for name, value in vars(palette).items():
        if isinstance(value, dict):
            values[name] = {k: tuple(to_cmyk(c) for c in pair) for k, pair in value.items()}
        else:
            values[name] = to_cmyk(value)
    return Palette(**values)


# reportlab's list of characters that may not start a line lacks these; in
# Chinese they would otherwise open about one line in fourteen.
_CANNOT_START = "，：；！？》〉…—、。）」』】〕〗〙〛｝］"


def _extend_cannot_start() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):
        missing = "".join(ch for ch in _CANNOT_START if ch not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing


_extend_cannot_start()


@lru_cache(maxsize=None)
def hyphenator(lang: str) -> Callable[[str], object]:
    """pyphen's word splitter for ``lang``, keeping at least three letters on each side."""
    return pyphen.Pyphen(lang=lang, left=3, right=3).iterate


class Stylesheet:
    """ParagraphStyles for every role, for one edition, script and language."""

    def __init__(self, edition: Edition, fonts: FontSet, hyphenation: str | None, rtl: bool = False,
                 language: str = "") -> None:
        self.edition = edition
        self.fonts = fonts
        self.rtl = rtl  # right to left: the RTL setter, mirrored indents (see typeset/rtl.py)
        self.language = language
        self.native_digits = fonts.native_digits
        self.palette = cmyk_palette(Palette()) if edition.cmyk else Palette()
        hyphenation = hyphenation if edition.hyphenate else None
        self._styles = {role: self._make(role, spec, hyphenation) for role, spec in _ROLES.items()}

    def _make(self, role: str, spec: tuple[str, float, float, str, dict], hyphenation: str | None) -> ParagraphStyle:
        _tag, size, leading, font_key, extra = spec
        heading = role in HEADING_ROLES.values() or role in ("term", "cover-title", "toc-title", "toc-entry")
        edition = self.edition
        size = max(size * edition.scale, edition.min_heading if heading else edition.min_text)
        style = ParagraphStyle(
            role,
            fontName=getattr(self.fonts, font_key),
            fontSize=size,
            leading=max(leading * edition.scale, size * self.fonts.line_height),
            textColor=self.palette.text,
            alignment=TA_LEFT,
            hyphenationLang="" if heading or not hyphenation else hyphenator(hyphenation),
            embeddedHyphenation=1,
            uriWasteReduce=0.3,
            keepWithNext=1 if heading and role != "toc-entry" else 0,
            allowWidows=0,
            allowOrphans=0,
            bulletFontName=self.fonts.regular,
            wordWrap=self.fonts.word_wrap,
            shaping=1 if self.fonts.shaping else 0,
            splitLongWords=0 if self.fonts.shaping else 1,  # a split shaped word loses its shaping
            **{k: v * self.edition.scale if isinstance(v, (int, float)) else v for k, v in extra.items()},
        )
        if self.rtl:
            style.wordWrap = "RTL"
            style.leftIndent, style.rightIndent = style.rightIndent, style.leftIndent
            style.rtl_language = self.language
        if role in ("chapter-meta", "toc-summary", "running", "notice"):
            style.textColor = self.palette.muted
        if role in ("chapter-title", "toc-title", "cover-title", "h2"):
            style.textColor = self.palette.accent
        if role == "cover-meta" or role == "running":
            style.hyphenationLang = ""
        return style

    def text(self, text: str) -> str:
        """Escaped mark-up for plain text, with fallback-font runs (see inline.set_text)."""
        from pipeline.typeset.inline import set_text

        return set_text(self.fonts, text)

    def __getitem__(self, role: str) -> ParagraphStyle:
        return self._styles[role]

    @staticmethod
    def tag(role: str) -> str:
        return _ROLES[role][0]

    def columns(self, rows: list[list], widths: list[float]) -> tuple[list[list], list[float]]:
        """Table rows and column widths in drawing order: the first column on the right when right to left."""
        if not self.rtl:
            return rows, widths
        return [row[::-1] for row in rows], widths[::-1]

    def variant(self, role: str, **changes: object) -> ParagraphStyle:
        style = ParagraphStyle(f"{role}-variant", parent=self._styles[role])
        for key, value in changes.items():
            setattr(style, key, value)
        return style


ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
