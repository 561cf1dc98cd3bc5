"""One-page checklists: fillable on a screen, with boxes and lines on paper.

Task-list items become check boxes; `date: …`, `name: …` and `line: …`
fields become form fields (screen) or writing lines (print), each named for
screen readers by its label. The page is set at the base size and shrunk
step by step down to a 9 pt floor until it fits on one page; if it still
does not fit, the checklist fails with a message that says by how much.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline import model as m
from pipeline.editions import PAPERS
from pipeline.errors import SourceError
from pipeline.fontsets import FontFiles
from pipeline.i18n import N_, UI
from pipeline.typeset.fonts import register_fonts
from pipeline.typeset.inline import InlineRenderer
from pipeline.typeset.qr import QRCode
from pipeline.typeset.rtl import Paragraph
from pipeline.typeset.tagging import Tagger
from pipeline.typeset.styles import Stylesheet

FROM_CHAPTER = N_("From the chapter “{chapter}” of the handbook")
READ_MORE = N_("Read the chapter online:")
CHECKLIST_PENDING = N_("This checklist has not yet been reviewed by a special-education expert.")
EDITION_OF = N_("Edition of {date}")
SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)  # the floor is the last: 9 pt


@dataclass(frozen=True)
class ChecklistInfo:
    chapter_title: str
    url: str
    edition_date: date
    fonts_dir: object
    paper: str = "letter"


class _Widget(Flowable):
    """A check box or a fill-in field: a form field on screen, a drawn box or line on paper."""

    def __init__(self, kind: str, name: str, tooltip: str, width: float, height: float, fillable: bool, color) -> None:
        super().__init__()
        self.kind, self.name, self.tooltip, self.fillable, self.color = kind, name, tooltip, fillable, color
        self.width, self.height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.kind != "check":
            self.width = min(self.width, availWidth) if self.width else availWidth
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.fillable:
            form = canv.acroForm
            if self.kind == "check":
                form.checkbox(name=self.name, tooltip=self.tooltip, x=0, y=0, size=self.height, buttonStyle="check",
                              borderColor=self.color, fillColor=None, textColor=self.color, forceBorder=True,
                              relative=True)
            else:
                form.textfield(name=self.name, tooltip=self.tooltip, x=0, y=0, width=self.width, height=self.height,
                               borderColor=self.color, fillColor=None, textColor=self.color, forceBorder=True,
                               fieldFlags="multiline" if self.kind == "line" else "", relative=True)
            return
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(0.8)
        if self.kind == "check":
            canv.rect(0, 0, self.height, self.height, stroke=1, fill=0)
        else:  # a line to write on; two for a longer answer
            lines = 2 if self.kind == "line" else 1
            for n in range(lines):
                y = n * self.height / lines + 1
                canv.line(0, y, self.width, y)
        canv.restoreState()


@dataclass
class _Builder:
    styles: Stylesheet
    inline: InlineRenderer
    fillable: bool
    size: float
    slug: str
    count: int = 0
    tagging: bool = False
    path: tuple = (("Sect", "checklist"),)
    ids: object = None

    def leaf(self, flowable, tag: str, path: tuple = (), **attrs):
        if not self.tagging:
            return flowable
        from pipeline.typeset.tagging import tag as mark

        return mark(flowable, tag, self.path + path, self.ids, **attrs)

    def name(self, kind: str) -> str:
        self.count += 1
        return f"{self.slug}-{kind}-{self.count}"

    def para(self, spans, role: str = "body", **changes) -> Paragraph:
        style = self.styles.variant(role, fontSize=self.size * changes.pop("scale", 1.0),
                                    leading=self.size * self.styles.fonts.line_height * changes.pop("lead", 1.0), **changes)
        return Paragraph(self.inline.render(spans), style)

    def field(self, field: m.Field, path: tuple = ()) -> _Widget:
        width = {"date": 1.7 * inch, "name": 3.2 * inch, "line": 0}[field.kind]
        height = self.size * (2.6 if field.kind == "line" else 1.5)
        widget = _Widget(field.kind, self.name(field.kind), field.label, width, height, self.fillable, self.styles.palette.text)
        return self.leaf(widget, "Form", path) if self.fillable else widget

    def block(self, block: m.Block, width: float) -> list[Flowable]:
        if isinstance(block, m.Heading):
            heading = self.para(block.children, "h3", scale=1.12, spaceBefore=self.size * 0.7, spaceAfter=self.size * 0.25)
            return [self.leaf(heading, "H2")]
        if isinstance(block, m.Paragraph):
            return self.paragraph(block, width)
        if isinstance(block, m.ListBlock):
            return [self.item(item, width, block) for item in block.items]
        if isinstance(block, m.Table):
            return [self.table(block, width)]
        raise SourceError(block.loc, "a checklist holds headings, paragraphs, lists and tables only; remove this block")

    def paragraph(self, block: m.Paragraph, width: float) -> list[Flowable]:
        fields = [s for s in m.iter_spans(block.children) if isinstance(s, m.Field)]
        text = _without_fields(block.children)
        if not fields:
            return [self.leaf(self.para(block.children, spaceAfter=self.size * 0.4), "P")]
        label = self.leaf(self.para(text, "body"), "P") if m.plain_text(text).strip() else Spacer(1, 1)
        widgets = [self.field(f) for f in fields]
        label_width = min(width * 0.42, max(1.2 * inch, width - sum(self.field(f).width or width * 0.55 for f in fields)))
        rest = width - label_width
        rows, widths = self.styles.columns([[label, *widgets]], [label_width] + [rest / len(fields)] * len(fields))
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("FONT", (0, 0), (-1, -1), self.styles.fonts.regular)]))
        return [table, Spacer(1, self.size * 0.35)]

    def item(self, item: m.ListItem, width: float, block: m.ListBlock) -> Flowable:
        spans = next((b.children for b in item.blocks if isinstance(b, m.Paragraph)), ())
        box_size = self.size * 1.05
        key = str(next(self.ids)) if self.ids is not None else ""
        where = (("L", id(block)), ("LI", key))
        if item.checked is not None:
            marker = _Widget("check", self.name("check"), m.plain_text(spans), box_size, box_size, self.fillable,
                             self.styles.palette.text)
            marker = self.leaf(marker, "Form", where) if self.fillable else marker
        else:
            marker = Paragraph(self.styles.text("\u2022"), self.styles.variant("body", fontSize=self.size))
        text = self.leaf(self.para(spans), "P", where + (("LBody", key),))
        rows, widths = self.styles.columns([[marker, text]], [box_size + 6, width - box_size - 6])
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                   ("FONT", (0, 0), (-1, -1), self.styles.fonts.regular)]))
        return table

    def table(self, block: m.Table, width: float) -> Table:
        key = str(next(self.ids)) if self.ids is not None else ""

        def cell(c: m.TableCell, role: str, r: int, col: int):
            where = (("Table", key), ("TR", f"{key}.{r}"), ("TH" if r == 0 else "TD", f"{key}.{r}.{col}"))
            fields = [s for s in m.iter_spans(c.children) if isinstance(s, m.Field)]
            return self.field(fields[0], where) if fields else self.leaf(self.para(c.children, role), "P", where)

        data = [[cell(c, "table-head", 0, i) for i, c in enumerate(block.header)]]
        data += [[cell(c, "table-cell", r, i) for i, c in enumerate(row)] for r, row in enumerate(block.rows, 1)]
        columns = len(block.header)
        widths = [width * w for w in ((0.3, 0.34, 0.18, 0.18) if columns == 4 else [1 / columns] * columns)]
        data, widths = self.styles.columns(data, widths)
        table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1)
        palette = self.styles.palette
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, palette.rule), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("BACKGROUND", (0, 0), (-1, 0), palette.table_head),
                                   ("FONT", (0, 0), (-1, -1), self.styles.fonts.regular)]))
        return table


def _without_fields(spans: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """The spans with their fill-in fields taken out (also inside English fallback in a draft)."""
    out = []
    for span in spans:
        if isinstance(span, m.Field):
            continue
        if isinstance(span, m.Foreign):
            span = m.Foreign(span.lang, _without_fields(span.children))
        out.append(span)
    return tuple(out)


class _ChecklistDoc(SimpleDocTemplate):
    """One page; in the screen version the page is an Artifact but for its tagged leaves."""

    tagger = None

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab's name)
        super().handle_pageBegin()
        if self.tagger is not None:
            self.tagger.page_begin(self.canv)

    def handle_pageEnd(self) -> None:  # noqa: N802
        if self.tagger is not None:
            self.tagger.page_end(self.canv)
        super().handle_pageEnd()


def typeset_checklist(checklist: m.Chapter, info: ChecklistInfo, ui: UI, files: FontFiles, fillable: bool) -> bytes:
    """One page, at the largest size from SIZES that fits; SourceError if even 9 pt overflows."""
    from pipeline.editions import edition

    fonts = register_fonts(info.fonts_dir, files, ui.native_digits)
    styles = Stylesheet(edition("screen", info.paper), fonts, None, ui.rtl, ui.locale)
    page = PAPERS[info.paper]["full"]
    margin = 0.6 * inch
    width, height = page[0] - 2 * margin, page[1] - 2 * margin
    overflow = 0.0
    for size in SIZES:
        story = _story(checklist, info, ui, styles, fillable, size, width)
        used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
        overflow = used - height
        if overflow <= 0:
            buffer = io.BytesIO()
            doc = _ChecklistDoc(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                                bottomMargin=margin, title=checklist.title, author="handbook press",
                                lang=ui.lang_tag, initialFontName=fonts.regular, invariant=1, displayDocTitle=1)
            doc.tagger = Tagger(actual_text=styles.rtl) if fillable else None  # the screen version is a tagged PDF
            doc.build(_story(checklist, info, ui, styles, fillable, size, width))
            if doc.page == 1:
                if doc.tagger is None:
                    return buffer.getvalue()
                from pipeline.typeset.structure import add_structure

                return add_structure(buffer.getvalue(), doc.tagger.leaves, ui.lang_tag, checklist.title)
            overflow = max(overflow, 1.0)
    raise SourceError(checklist.loc, f"checklist {checklist.slug!r} ({ui.locale}) does not fit on one page even at "
                                     f"{SIZES[-1]:g} pt: it overflows by {overflow:.0f} pt ({overflow / 72:.2f} in); "
                                     "shorten it")


def _story(checklist: m.Chapter, info: ChecklistInfo, ui: UI, styles: Stylesheet, fillable: bool, size: float,
           width: float) -> list[Flowable]:
    inline = InlineRenderer(ui, styles.palette, None, {}, links=fillable, fonts=styles.fonts)
    build = _Builder(styles, inline, fillable, size, checklist.slug, tagging=fillable, ids=itertools.count(1))
    title = build.leaf(Paragraph(styles.text(checklist.title), styles.variant("chapter-title", fontSize=size * 1.9,
                                                                             leading=size * 2.3, spaceAfter=size * 0.2)), "H1")
    source = Paragraph(styles.text(ui.format(FROM_CHAPTER, chapter=info.chapter_title)),
                       styles.variant("chapter-meta", fontSize=size * 0.9, leading=size * 1.2, spaceAfter=size * 0.6))
    story: list[Flowable] = [title, build.leaf(source, "P")]
    for block in checklist.blocks:
        story += build.block(block, width)
    qr = QRCode(info.url, 0.85 * inch, styles.palette.text)
    notes = [ui.gettext(READ_MORE), info.url.split("://", 1)[-1], ui.format(EDITION_OF, date=ui.date(info.edition_date))]
    if checklist.review.pending:
        notes.append(ui.gettext(CHECKLIST_PENDING))
    small = styles.variant("chapter-meta", fontSize=max(size * 0.8, 8), leading=max(size * 0.8, 8) * 1.25)
    qr = build.leaf(qr, "Figure", alt=f"QR code: {info.url}")
    rows, widths = styles.columns([[qr, [build.leaf(Paragraph(styles.text(n), small), "P") for n in notes]]],
                                  [0.95 * inch, width - 0.95 * inch])
    footer = Table(rows, colWidths=widths, hAlign="LEFT")
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("FONT", (0, 0), (-1, -1), styles.fonts.regular)]))
    return story + [Spacer(1, size * 0.8), footer]

