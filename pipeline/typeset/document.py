"""Lay out a whole book: cover, contents, chapters, running heads, bookmarks.

Page numbers in the contents and in "see page N" references come from the
previous pass. Passes repeat until every destination stays on the same page
(normally two), so the numbers printed are the numbers of the final layout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError

from pipeline import model as m
from pipeline.errors import Loc, SourceError
from pipeline.fontsets import fonts_for
from pipeline.i18n import N_, UI
from pipeline.typeset.blocks import BlockContext, Marked, Recorder, boxed, flow_blocks
from pipeline.typeset.fonts import register_fonts
from pipeline.typeset.inline import InlineRenderer, chapter_dest
from pipeline.typeset.styles import EDITIONS, Stylesheet

MAX_PASSES = 4
TOTAL = "__pages__"

CONTENTS = N_("Contents")
EDITION_OF = N_("Edition of {date}")
LANGUAGE = N_("Language: {language}")
JURISDICTION = N_("Jurisdiction: {jurisdiction}")
PAGE_OF = N_("Page {page} of {pages}")
NOT_ADVICE = N_("This handbook gives general information about the law. It is not legal advice.")
BOOK_PENDING = N_("Review status: some chapters in this edition have not yet been reviewed by a "
                  "special-education expert. Details may change.")
BOOK_REVIEWED = N_("Review status: every chapter in this edition has been reviewed by a special-education expert.")
TRANSLATION_PENDING = N_("This translation was drafted without a qualified human translator and has not yet "
                         "been reviewed. If anything is unclear, ask for the English version.")
TRANSLATION_REVIEWED = N_("This translation has been reviewed by a qualified translator.")
DRAFT_FALLBACK = N_("Draft: the parts that are not translated yet are printed in English and marked like this.")
# Translators: printed on the back cover, above a QR code that opens the online handbook.
READ_ONLINE = N_("Read this handbook online:")
# Translators: printed on the back cover of the printed booklet.
GET_HELP = N_("Need help now? Ask your school district's special education office for the Family Empowerment "
              "Center or Parent Training and Information Center near you. The chapter “Getting Help” explains "
              "who else can help.")
# Translators: printed inside the back cover of the office-printed booklet.
PRINTING = N_("To print this booklet: print on both sides of US Letter paper, flip on the short edge, then fold "
              "the stack in half and staple on the fold.")
CHAPTER_PENDING = N_("This chapter has not yet been reviewed by a special-education expert. "
                     "Some details may change.")


@dataclass(frozen=True)
class BookInfo:
    """What the cover and the PDF metadata say about the book."""

    title: str
    subtitle: str
    author: str
    subject: str
    jurisdiction: str
    edition_date: date
    root: Path
    fonts_dir: Path
    translated: bool = False  # a translation of the English book
    translation_reviewed: bool = False
    draft_fallbacks: int = 0  # messages printed in English in a draft


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    passes: int


def typeset_book(book: m.Book, info: BookInfo, ui: UI, edition: str) -> Typeset:
    """Typeset ``book`` for one edition and locale; returns the PDF bytes."""
    files = fonts_for(ui.locale)
    if files is None:
        raise SourceError(Loc("handbook.toml"), f"no fonts are chosen for locale {ui.locale!r} yet")
    fonts = register_fonts(info.fonts_dir, files)
    styles = Stylesheet(EDITIONS[edition], fonts, ui.hyphenation)
    pages: dict[str, int] = {}
    for attempt in range(1, MAX_PASSES + 1):
        pdf, found = _one_pass(book, info, ui, styles, pages)
        if found == pages:
            break
        pages = found
    return Typeset(pdf, pages[TOTAL], attempt)


def _one_pass(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, pages: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    buffer = io.BytesIO()
    recorder = Recorder()
    doc = HandbookDoc(buffer, info, ui, styles, recorder, pages)
    story = _story(book, info, ui, styles, recorder, pages, doc)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise SourceError(doc.current_loc, f"this block does not fit on a page ({exc}); split it or make it smaller") from exc
    return buffer.getvalue(), dict(recorder.pages, **{TOTAL: doc.page})


class ContentsEntry(Flowable):
    """A contents line: the linked title, then dot leaders and the page number.

    The leaders are drawn after the title, so text extraction and screen
    readers meet the title first and the page number last.
    """

    CALLBACK = "contentsEntryEnd"

    def __init__(self, title: Paragraph, page: str, leader_color) -> None:
        super().__init__()
        self.title, self.page, self.leader_color = title, page, leader_color
        self._end: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        _, self.height = self.title.wrap(availWidth, availHeight)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.title.getSpaceBefore()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def _record_end(self, canv, kind: str, label: str) -> None:
        self._end = (canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"])

    def draw(self) -> None:
        canv, style = self.canv, self.title.style
        canv.setNamedCB(self.CALLBACK, self._record_end)
        self.title.drawOn(canv, 0, 0)
        x, y = self._end
        number = stringWidth(self.page, style.fontName, style.fontSize)
        dot = stringWidth(". ", style.fontName, style.fontSize)
        count = int((self.width - number - 2 * dot - x) / dot)
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        if count > 0:
            canv.setFillColor(self.leader_color)
            canv.drawString(self.width - number - dot * (count + 0.5), y, ". " * count)
        canv.setFillColor(style.textColor)
        canv.drawRightString(self.width, y, self.page)
        canv.restoreState()


class HandbookDoc(BaseDocTemplate):
    """Page templates for the cover, the front pages and the chapters."""

    def __init__(self, buffer: io.BytesIO, info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder,
                 pages: dict[str, int]) -> None:
        edition = styles.edition
        super().__init__(
            buffer, pagesize=edition.pagesize,
            leftMargin=edition.margin_inner, rightMargin=edition.margin_outer,
            topMargin=edition.margin_top, bottomMargin=edition.margin_bottom,
            title=info.title, author=info.author, subject=info.subject, creator="handbook press",
            lang=ui.lang_tag, initialFontName=styles.fonts.regular, invariant=1, displayDocTitle=1,
        )
        self.ui, self.styles, self.recorder, self.pages, self.info = ui, styles, recorder, pages, info
        self.current_loc = Loc("(book)")
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("front", [frame], onPageEnd=self._footer),
            PageTemplate("body", [frame], onPageEnd=self._head_and_foot),
        ])

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab's hook name)
        self.canv.showOutline()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            self.current_loc = getattr(flowables[0], "_handbook_loc", self.current_loc)
        super().handle_flowable(flowables)

    # -- page furniture ------------------------------------------------

    def _footer(self, canv, doc) -> None:
        style = self.styles["running"]
        width, _ = self.pagesize
        y = self.bottomMargin - 0.45 * inch
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        canv.drawString(self.leftMargin, y, self.ui.format(EDITION_OF, date=self.ui.date(self.info.edition_date)))
        total = self.pages.get(TOTAL, 0) or doc.page
        canv.drawRightString(width - self.rightMargin, y, self.ui.format(PAGE_OF, page=doc.page, pages=total))
        canv.restoreState()

    def _head_and_foot(self, canv, doc) -> None:
        self._footer(canv, doc)
        if doc.page in self.recorder.opening_pages or not self.recorder.current_title:
            return
        style = self.styles["running"]
        width, height = self.pagesize
        y = height - self.topMargin + 0.4 * inch
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        canv.drawString(self.leftMargin, y, self.recorder.current_title)
        canv.setStrokeColor(self.styles.palette.rule)
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y - 5, width - self.rightMargin, y - 5)
        canv.restoreState()


# ---------------------------------------------------------------- the story


def _story(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder, pages: dict[str, int],
           doc: HandbookDoc) -> list[Flowable]:
    inline = InlineRenderer(ui, styles.palette, book.glossary, pages)
    story: list[Flowable] = _cover(book, info, ui, styles, recorder, doc)
    story += [NextPageTemplate("front"), PageBreak()]
    story += _contents(book, ui, styles, recorder, pages)
    story += [NextPageTemplate("body")]
    for chapter in book.chapters:
        ctx = BlockContext(styles, inline, recorder, chapter, chapter.slug == book.glossary, 0, str(info.root),
                           doc.width, doc.height)
        story += [PageBreak()] + _chapter(chapter, ctx, ui)
    return story


def _cover(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder, doc: HandbookDoc) -> list[Flowable]:
    palette = styles.palette
    meta = [
        ui.format(JURISDICTION, jurisdiction=info.jurisdiction),
        ui.format(EDITION_OF, date=ui.date(info.edition_date)),
        ui.format(LANGUAGE, language=ui.language_name),
    ]
    status = ui.gettext(BOOK_PENDING if book.any_pending else BOOK_REVIEWED)
    lines = [escape(status)]
    if info.translated:
        note = TRANSLATION_REVIEWED if info.translation_reviewed else TRANSLATION_PENDING
        lines += [escape(ui.gettext(note)), f'<font name="{styles.fonts.regular}">{escape(note)}</font>']
    if info.draft_fallbacks:
        sample = f'<font backColor="#{palette.fallback.hexval()[2:]}">'
        lines += [sample + escape(ui.gettext(DRAFT_FALLBACK)) + "</font>", sample + escape(DRAFT_FALLBACK) + "</font>"]
    notice = boxed([[Paragraph(line, styles["notice"])] for line in lines], palette.notice_fill, palette.notice_edge,
                   doc.width, styles.fonts.regular)
    return [
        Spacer(1, 1.4 * inch),
        Marked(escape(info.title), styles["cover-title"], "cover", recorder, (info.title, 0)),
        Paragraph(escape(info.subtitle), styles["cover-subtitle"]),
        *(Paragraph(escape(line), styles["cover-meta"]) for line in meta),
        Spacer(1, 0.35 * inch),
        notice,
        Spacer(1, 0.2 * inch),
        Paragraph(escape(ui.gettext(NOT_ADVICE)), styles["notice"]),
    ]


def _contents(book: m.Book, ui: UI, styles: Stylesheet, recorder: Recorder, pages: dict[str, int]) -> list[Flowable]:
    title = ui.gettext(CONTENTS)
    out: list[Flowable] = [Marked(escape(title), styles["toc-title"], "contents", recorder, (title, 0))]
    for chapter in book.chapters:
        dest = chapter_dest(chapter.slug)
        page = pages.get(dest, 0) or "00"
        title_para = Paragraph(f'<a href="#{dest}">{escape(chapter.title)}</a><onDraw name="{ContentsEntry.CALLBACK}"/>',
                               styles["toc-entry"])
        entry = ContentsEntry(title_para, str(page), styles.palette.muted)
        out.append(KeepTogether([entry, Paragraph(escape(chapter.summary), styles["toc-summary"])]))
    return out


def _chapter(chapter: m.Chapter, ctx: BlockContext, ui: UI) -> list[Flowable]:
    styles, palette = ctx.styles, ctx.styles.palette
    title = Marked(escape(chapter.title), styles["chapter-title"], chapter_dest(chapter.slug), ctx.recorder,
                   (chapter.title, 0), opens_chapter=chapter.title)
    title._handbook_loc = chapter.loc
    out: list[Flowable] = [
        title,
        Paragraph(escape(chapter.summary), styles["chapter-summary"]),
        Paragraph(escape(ui.format(JURISDICTION, jurisdiction=chapter.jurisdiction)), styles["chapter-meta"]),
    ]
    if chapter.review.pending:
        notice = Paragraph(escape(ui.gettext(CHAPTER_PENDING)), styles["notice"])
        out += [boxed([[notice]], palette.notice_fill, palette.notice_edge, ctx.frame_width, styles.fonts.regular), Spacer(1, 10)]
    return out + flow_blocks(chapter.blocks, ctx)
