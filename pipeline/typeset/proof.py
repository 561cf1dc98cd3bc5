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


def typeset_proof(title: str, lang: str, sections: list[ProofSection], fonts_dir, files: FontFiles) -> bytes:
    fonts = register_fonts(fonts_dir, files)
    base = ParagraphStyle("proof", fontName=fonts.regular, fontSize=8.5, leading=11)
    small = ParagraphStyle("proof-ref", parent=base, fontSize=7, leading=9, textColor=colors.HexColor("#555555"))
    head = ParagraphStyle("proof-head", parent=base, fontName=fonts.bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(LETTER), leftMargin=0.5 * inch, rightMargin=0.5 * inch,
                            topMargin=0.5 * inch, bottomMargin=0.5 * inch, title=title, lang=lang,
                            initialFontName=fonts.regular, invariant=1)
    legend = Table([[Paragraph("fuzzy: not printed until a reviewer confirms it", base)],
                    [Paragraph("error: fails a check; not printed", base)],
                    [Paragraph("not translated yet", base)]], colWidths=[4 * inch], hAlign="LEFT")
    legend.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular), ("BACKGROUND", (0, 0), (0, 0), FUZZY),
                                ("BACKGROUND", (0, 1), (0, 1), ERROR), ("BACKGROUND", (0, 2), (0, 2), MISSING)]))
    story = [Paragraph(escape(title), head), legend, Spacer(1, 8)]
    width = doc.width
    for section in sections:
        story.append(Paragraph(escape(section.title), head))
        data = [[Paragraph("<b>where</b>", small), Paragraph("<b>source (English)</b>", base), Paragraph("<b>translation</b>", base)]]
        style = [("FONT", (0, 0), (-1, -1), fonts.regular), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for number, row in enumerate(section.rows, 1):
            text = escape(row.translation) if row.translation else "<i>(not translated)</i>"
            if row.findings:
                text += "".join(f'<br/><font color="#a11">&#9654; {escape(f)}</font>' for f in row.findings)
            data.append([Paragraph(escape(row.reference), small), Paragraph(escape(row.source), base), Paragraph(text, base)])
            fill = {"fuzzy": FUZZY, "error": ERROR, "untranslated": MISSING}.get(row.state)
            if fill is not None:
                style.append(("BACKGROUND", (0, number), (-1, number), fill))
        table = Table(data, colWidths=[1.2 * inch, (width - 1.2 * inch) / 2, (width - 1.2 * inch) / 2], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(style))
        story.append(table)
    doc.build(story)
    return buffer.getvalue()
