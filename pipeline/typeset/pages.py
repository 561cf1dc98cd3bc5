"""Page templates and page furniture: margins, running heads, folios, crop
marks and page boxes. Facing-page editions mirror their margins and put the
page number on the outer corner."""

from __future__ import annotations

import io
import os

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from pipeline.errors import Loc
from pipeline.i18n import N_, UI
from pipeline.typeset.blocks import Recorder
from pipeline.typeset.rtl import draw_line, text_line
from pipeline.typeset.styles import Stylesheet
from pipeline.typeset.tagging import Tagger

EDITION_OF = N_("Edition of {date}")
PAGE_OF = N_("Page {page} of {pages}")
TOTAL = "__pages__"
CROP_MARK = 0.09 * 72  # length of a crop mark, inside the bleed margin
CROP_GAP = 0.02 * 72  # gap between the trim corner and the mark


class Blank(Flowable):
    """Marks the page it lands on as intentionally blank: no running head or folio."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.recorder.blank_pages.add(self.canv.getPageNumber())


class HandbookDoc(BaseDocTemplate):
    """Templates for the cover, front pages, chapters and back cover of one edition."""

    FAMILIES = ("cover", "front", "body", "back")

    def __init__(self, buffer: io.BytesIO, info, ui: UI, styles: Stylesheet, recorder: Recorder,
                 pages: dict[str, int]) -> None:
        edition = styles.edition
        super().__init__(
            buffer, pagesize=edition.media,
            leftMargin=edition.bleed + edition.inner, rightMargin=edition.bleed + edition.outer,
            topMargin=edition.bleed + edition.top, bottomMargin=edition.bleed + edition.bottom,
            title=info.title, author=info.author, subject=info.subject, creator="handbook press",
            lang=ui.lang_tag, initialFontName=styles.fonts.regular, invariant=1, displayDocTitle=1,
            enforceColorSpace="cmyk" if edition.cmyk else None,
        )
        self.ui, self.styles, self.recorder, self.pages, self.info, self.edition = ui, styles, recorder, pages, info, edition
        # no tags on a first pass that only learns the page numbers: it is never the one written out
        tagged = edition.tagged and bool(pages) and not os.environ.get("HANDBOOK_UNTAGGED")  # (make bench)
        # shaped and right-to-left text: each element also carries its logical source text
        self.tagger = Tagger(actual_text=styles.fonts.shaping or styles.rtl) if tagged else None
        self.current_loc = Loc("(book)")
        templates = []
        for family in self.FAMILIES:
            for side in ("odd", "even") if edition.facing else ("odd",):
                templates.append(PageTemplate(f"{family}-{side}", [self._frame(side)], onPageEnd=self._furniture))
            templates.append(PageTemplate(family, [self._frame("odd")], onPageEnd=self._furniture))
        self.addPageTemplates(templates)

    def _frame(self, side: str) -> Frame:
        """The text block; facing pages have the inner margin at the spine,
        which is on the right of an odd page in a right-to-left book."""
        e = self.edition
        spine_on_right = e.facing and (side == "even") != self.styles.rtl
        left = e.bleed + (e.outer if spine_on_right else e.inner)
        width = e.trim[0] - e.inner - e.outer
        height = e.trim[1] - e.top - e.bottom
        return Frame(left, e.bleed + e.bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    # -- choosing the template for each page ------------------------------------

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab's name)
        """Use the odd or even variant of the current family, by the parity of the page to come."""
        family = self.pageTemplate.id.split("-")[0]
        side = "even" if self.edition.facing and (self.page + 1) % 2 == 0 else "odd"
        self.pageTemplate = next(t for t in self.pageTemplates if t.id == f"{family}-{side}")
        super().handle_pageBegin()
        if self.tagger is not None:
            self.tagger.page_begin(self.canv)

    def beforeDocument(self) -> None:  # noqa: N802
        self.canv.showOutline()
        if self.styles.rtl:  # viewers show spreads with the first page on the right
            self.canv.setViewerPreference("Direction", "R2L")
        if self.edition.bleed:
            e = self.edition
            self.canv.setTrimBox((e.bleed, e.bleed, e.bleed + e.trim[0], e.bleed + e.trim[1]))
            self.canv.setBleedBox((0, 0, *e.media))

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            self.current_loc = getattr(flowables[0], "_handbook_loc", self.current_loc)
        super().handle_flowable(flowables)

    # -- furniture --------------------------------------------------------------

    def _furniture(self, canv, doc) -> None:
        self._draw_furniture(canv, doc)
        if self.tagger is not None:  # running heads and folios were drawn inside the page's artifact
            self.tagger.page_end(canv)

    def _draw_furniture(self, canv, doc) -> None:
        family = self.pageTemplate.id.split("-")[0]
        page = doc.page
        if self.edition.bleed:
            self._crop_marks(canv)
        if page in self.recorder.blank_pages or family in ("cover", "back"):
            return
        self._footer(canv, page)
        if family == "body" and page not in self.recorder.opening_pages and self.recorder.current_title:
            self._running_head(canv, page)

    def _outer_is_left(self, page: int) -> bool:
        """Whether the page's outer edge is its left one: an even page, or in a
        right-to-left book (bound on the right) an odd one."""
        return self.edition.facing and (page % 2 == 0) != self.styles.rtl

    def _text(self, canv, x: float, y: float, text: str, align: str) -> None:
        """One line of page furniture, in runs of the script's font and its fallback, shaped where needed."""
        style = self.styles["running"]
        fonts = self.styles.fonts
        if self.styles.rtl:
            line = text_line(text, fonts, style.fontName, style.fontSize, style.textColor, self.styles.language)
            draw_line(canv, line, x - line.width if align == "right" else x, y)
            return
        pieces = []
        for fallback, run in fonts.runs(text) if fonts.fallback else [(None, text)]:
            name = fallback or style.fontName
            if fonts.shaping and fallback is None:
                run = shapeStr(run, name, style.fontSize)
            if isinstance(run, ShapedStr):
                width = sum(d.x_advance for d in run.__shapeData__) * style.fontSize / 1000
            else:
                width = stringWidth(run, name, style.fontSize)
            pieces.append((name, run, width))
        if align == "right":
            x -= sum(width for _, _, width in pieces)
        canv.saveState()
        canv.setFillColor(style.textColor)
        for name, run, width in pieces:
            canv.setFont(name, style.fontSize)
            canv.drawString(x, y, run)
            x += width
        canv.restoreState()

    def _edges(self, page: int) -> tuple[float, float]:
        """x of the left and right edge of the text block on this page."""
        frame = self.pageTemplate.frames[0]
        return frame._x1, frame._x1 + frame._width

    def _footer(self, canv, page: int) -> None:
        left, right = self._edges(page)
        e = self.edition
        y = e.bleed + e.bottom - self.styles["running"].fontSize * 2.6
        date = self.ui.format(EDITION_OF, date=self.ui.date(self.info.edition_date))
        if e.facing:  # the folio on the outer corner, the edition date on the inner side
            number = str(page)
            if self._outer_is_left(page):
                self._text(canv, left, y, number, "left")
                self._text(canv, right, y, date, "right")
            else:
                self._text(canv, left, y, date, "left")
                self._text(canv, right, y, number, "right")
            return
        total = self.pages.get(TOTAL, 0) or page
        folio = self.ui.format(PAGE_OF, page=page, pages=total)
        if self.styles.rtl:  # mirrored: the date at the start (right), the folio at the end (left)
            date, folio = folio, date
        self._text(canv, left, y, date, "left")
        self._text(canv, right, y, folio, "right")

    def _running_head(self, canv, page: int) -> None:
        left, right = self._edges(page)
        e = self.edition
        y = e.media[1] - e.bleed - e.top + self.styles["running"].fontSize * 2.2
        title = self.recorder.current_title
        if e.facing and not self._outer_is_left(page) or not e.facing and self.styles.rtl:  # on the outer or start side
            self._text(canv, right, y, title, "right")
        else:
            self._text(canv, left, y, title, "left")
        canv.saveState()
        canv.setStrokeColor(self.styles.palette.rule)
        canv.setLineWidth(0.5)
        canv.line(left, y - 5, right, y - 5)
        canv.restoreState()

    def _crop_marks(self, canv) -> None:
        """Short marks at each trim corner, in the bleed margin, clear of the trim."""
        e = self.edition
        b = e.bleed
        x0, y0, x1, y1 = b, b, b + e.trim[0], b + e.trim[1]
        canv.saveState()
        canv.setStrokeColor(self.styles.palette.registration)
        canv.setLineWidth(0.25)
        for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            canv.line(x + dx * CROP_GAP, y, x + dx * (CROP_GAP + CROP_MARK), y)  # horizontal, on the trim line
            canv.line(x, y + dy * CROP_GAP, x, y + dy * (CROP_GAP + CROP_MARK))  # vertical
        canv.restoreState()
