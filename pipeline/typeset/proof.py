"""A bilingual proof for reviewers: source and translation side by side,
message by message, with quality findings and fuzzy entries highlighted."""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.fontsets import FontFiles
from pipeline.typeset.fonts import register_fonts

FUZZY = colors.HexColor("#fff1b8")
ERROR = colors.HexColor("#fbd5d5")
MISSING = colors.HexColor("#ececec")


@dataclass(frozen=True)
class ProofRow:
    reference: str  # file:line of the msgstr in the PO file
    source: str
    translation: str
    state: str  # "ok", "fuzzy", "error", "untranslated"
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProofSection:
    title: str
    rows: tuple[ProofRow, ...]


def typeset_proof(title: str, lang: str, sections: list[ProofSection], fonts_dir, files: FontFiles,
                  rtl: bool = False) -> bytes:
    """``rtl``: the translation column is set right to left (Arabic, Farsi), and English text
    in the proof falls back to Noto Sans where the script's font has no Latin letters."""
    fonts = register_fonts(fonts_dir, files)
    if rtl:
        from pipeline.typeset.inline import set_text
        from pipeline.typeset.rtl import Paragraph as RTLParagraph

        def latin(text: str) -> str:
            return set_text(fonts, text)
    else:
        latin = escape
    base = ParagraphStyle("proof", fontName=fonts.regular, fontSize=8.5, leading=11)
    small = ParagraphStyle("proof-ref", parent=base, fontSize=7, leading=9, textColor=colors.HexColor("#555555"))
    head = ParagraphStyle("proof-head", parent=base, fontName=fonts.bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6)
    right_to_left = ParagraphStyle("proof-rtl", parent=base, wordWrap="RTL", leading=8.5 * fonts.line_height)
    right_to_left.rtl_language = lang
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(LETTER), leftMargin=0.5 * inch, rightMargin=0.5 * inch,
                            topMargin=0.5 * inch, bottomMargin=0.5 * inch, title=title, lang=lang,
                            initialFontName=fonts.regular, invariant=1)
    legend = Table([[Paragraph(latin("fuzzy: not printed until a reviewer confirms it"), base)],
                    [Paragraph(latin("error: fails a check; not printed"), base)],
                    [Paragraph(latin("not translated yet"), base)]], colWidths=[4 * inch], hAlign="LEFT")
    legend.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular), ("BACKGROUND", (0, 0), (0, 0), FUZZY),
                                ("BACKGROUND", (0, 1), (0, 1), ERROR), ("BACKGROUND", (0, 2), (0, 2), MISSING)]))
    story = [Paragraph(latin(title), head), legend, Spacer(1, 8)]
    width = doc.width
    for section in sections:
        story.append(Paragraph(latin(section.title), head))
        data = [[Paragraph(f"<b>{latin('where')}</b>", small), Paragraph(f"<b>{latin('source (English)')}</b>", base),
                 Paragraph(f"<b>{latin('translation')}</b>", base)]]
        style = [("FONT", (0, 0), (-1, -1), fonts.regular), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for number, row in enumerate(section.rows, 1):
            text = latin(row.translation) if row.translation else f"<i>{latin('(not translated)')}</i>"
            if row.findings:
                text += "".join(f'<br/><font color="#a11">{latin("▶ " + f) if rtl else "&#9654; " + escape(f)}</font>'
                                for f in row.findings)
            translation = RTLParagraph(text, right_to_left) if rtl else Paragraph(text, base)
            data.append([Paragraph(latin(row.reference), small), Paragraph(latin(row.source), base), translation])
            fill = {"fuzzy": FUZZY, "error": ERROR, "untranslated": MISSING}.get(row.state)
            if fill is not None:
                style.append(("BACKGROUND", (0, number), (-1, number), fill))
        table = Table(data, colWidths=[1.2 * inch, (width - 1.2 * inch) / 2, (width - 1.2 * inch) / 2], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(style))
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
