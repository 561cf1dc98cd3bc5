"""Lay out a whole book: cover, contents, chapters, running heads, bookmarks.

Page numbers in the contents and in "see page N" references come from the
previous pass. Passes repeat until every destination stays on the same page
(normally two), so the numbers printed are the numbers of the final layout.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import DocIf, DocWhile

from pipeline import model as m
from pipeline.errors import Loc, SourceError
from pipeline.fontsets import fonts_for
from pipeline.i18n import N_, UI
from pipeline.typeset.blocks import BlockContext, Marked, Recorder, boxed, flow_blocks
from pipeline.typeset.fonts import register_fonts
from pipeline.typeset.inline import InlineRenderer, chapter_dest
from pipeline.editions import edition as edition_named
from pipeline.typeset.pages import EDITION_OF, TOTAL, Blank, HandbookDoc
from pipeline.typeset.qr import QRCode
from pipeline.typeset.rtl import Paragraph, draw_line, is_rtl, text_line
from pipeline.typeset.styles import Stylesheet

MAX_PASSES = 4

CONTENTS = N_("Contents")
LANGUAGE = N_("Language: {language}")
JURISDICTION = N_("Jurisdiction: {jurisdiction}")
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
    online_url: str = ""  # where the handbook is read online (back cover QR code)
    paper: str = "letter"
    translated: bool = False  # a translation of the English book
    translation_reviewed: bool = False
    draft_fallbacks: int = 0  # messages printed in English in a draft


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    pages: int
    passes: int
    page_map: dict[str, int]


def typeset_book(book: m.Book, info: BookInfo, ui: UI, edition: str, guess: dict[str, int] | None = None) -> Typeset:
    """Typeset ``book`` for one edition and locale; returns the PDF bytes."""
    files = fonts_for(ui.locale)
    if files is None:
        raise SourceError(Loc("handbook.toml"), f"no fonts are chosen for locale {ui.locale!r} yet")
    fonts = register_fonts(info.fonts_dir, files, ui.native_digits)
    styles = Stylesheet(edition_named(edition, info.paper), fonts, ui.hyphenation, ui.rtl, ui.locale)
    pages: dict[str, int] = dict(guess or {})  # last build's page numbers save a pass when they still hold
    for attempt in range(1, MAX_PASSES + 1):
        pdf, found, doc = _one_pass(book, info, ui, styles, pages)
        if found == pages:
            break
        pages = found
    if doc.tagger is not None:
        from pipeline.typeset.structure import add_structure

        pdf = add_structure(pdf, doc.tagger.leaves, ui.lang_tag, info.title)
    return Typeset(pdf, pages[TOTAL], attempt, pages)


def _one_pass(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, pages: dict[str, int]) -> tuple[bytes, dict[str, int], HandbookDoc]:
    buffer = io.BytesIO()
    recorder = Recorder()
    doc = HandbookDoc(buffer, info, ui, styles, recorder, pages)
    story = _story(book, info, ui, styles, recorder, pages, doc)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise SourceError(doc.current_loc, f"this block does not fit on a page ({exc}); split it or make it smaller") from exc
    return buffer.getvalue(), dict(recorder.pages, **{TOTAL: doc.page}), doc


class ContentsEntry(Flowable):
    """A contents line: the linked title, then dot leaders and the page number.

    The leaders are drawn after the title, so text extraction and screen
    readers meet the title first and the page number last. Where the title's
    last line ends comes from the paragraph's own line breaking.
    """

    def __init__(self, title: Paragraph, page: str, leader_color, fonts=None) -> None:
        super().__init__()
        self.title, self.page, self.leader_color, self.fonts = title, page, leader_color, fonts

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        _, self.height = self.title.wrap(availWidth, availHeight)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.title.getSpaceBefore()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def _last_line_end(self) -> tuple[float, float]:
        style = self.title.style
        lines = self.title.blPara.lines
        last = lines[-1]
        extra = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
        x = self.width - style.rightIndent - extra
        y = self.height - style.fontSize - (len(lines) - 1) * style.leading
        return x, y

    def draw(self) -> None:
        canv, style = self.canv, self.title.style
        self.title.drawOn(canv, 0, 0)
        if is_rtl(style):
            return self._draw_rtl()
        x, y = self._last_line_end()
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

    def _draw_rtl(self) -> None:
        """Mirrored: the title on the right, leaders running left to the page number at the left edge."""
        canv, style = self.canv, self.title.style
        lines = self.title._rtl_lines
        fonts = self.fonts
        end = self.width - style.rightIndent - lines[-1].width  # left end of the title's last line
        y = self.height - style.fontSize - (len(lines) - 1) * style.leading
        number = text_line(self.page, fonts, style.fontName, style.fontSize, style.textColor, style.rtl_language)
        dot = stringWidth(". ", fonts.fallback.regular, style.fontSize)
        count = int((end - number.width - 2 * dot) / dot)
        canv.saveState()
        if count > 0:
            canv.setFont(fonts.fallback.regular, style.fontSize)
            canv.setFillColor(self.leader_color)
            canv.drawString(number.width + dot * 0.5, y, ". " * count)
        draw_line(canv, number, 0, y)
        canv.restoreState()


# ---------------------------------------------------------------- the story


def _story(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder, pages: dict[str, int],
           doc: HandbookDoc) -> list[Flowable]:
    edition = styles.edition
    inline = InlineRenderer(ui, styles.palette, book.glossary, pages, links=edition.links, italics=edition.italics,
                            fonts=styles.fonts)
    base = BlockContext(styles, inline, recorder, None, False, 0, str(info.root), doc.width, doc.height,
                        tagging=edition.links, ids=itertools.count(1))
    story: list[Flowable] = _cover(book, info, ui, styles, recorder, doc, base.nested(("Sect", "cover")))
    story += [NextPageTemplate("front"), PageBreak()]
    story += _contents(book, ui, styles, recorder, pages, base.nested(("Sect", "contents")))
    story += [NextPageTemplate("body")]
    for chapter in book.chapters:
        ctx = replace(base, chapter=chapter, glossary=chapter.slug == book.glossary, path=(("Sect", chapter.slug),))
        story += _new_chapter_page(edition.facing, recorder) + _chapter(chapter, ctx, ui)
    if edition.facing:
        story += _back_cover(info, ui, styles, recorder, doc)
    return story


def _english_lines(info: BookInfo) -> set[int]:
    """Which lines of the cover notice are the English copies of a translated notice."""
    if not info.translated:
        return set()
    return {2, 4} if info.draft_fallbacks else {2}


def _new_chapter_page(facing: bool, recorder: Recorder) -> list[Flowable]:
    """A new page; in a facing-page edition, a right-hand (odd) one."""
    if not facing:
        return [PageBreak()]
    return [PageBreak(), DocIf("doc.page % 2 == 0", [Blank(recorder), PageBreak()])]


def _back_cover(info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder, doc: HandbookDoc) -> list[Flowable]:
    """Blank pages up to a multiple of four, then the back cover: edition, where to get help, QR code."""
    pad = DocWhile("(doc.page + 1) % 4 != 0", [PageBreak(), Blank(recorder)])
    drawing = QRCode(info.online_url, 1.25 * 72, styles.palette.text)
    return [pad, NextPageTemplate("back"), PageBreak(),
            Spacer(1, 0.3 * 72),
            Paragraph(styles.text(info.title), styles["toc-title"]),
            Paragraph(styles.text(ui.format(EDITION_OF, date=ui.date(info.edition_date))), styles["cover-meta"]),
            Spacer(1, 0.25 * 72),
            Paragraph(styles.text(ui.gettext(GET_HELP)), styles["body"]),
            Spacer(1, 0.25 * 72),
            Paragraph(styles.text(ui.gettext(READ_ONLINE)), styles["body"]),
            drawing,
            Paragraph(styles.text(info.online_url), styles["cover-meta"]),
            Spacer(1, 0.25 * 72),
            Paragraph(styles.text(ui.gettext(NOT_ADVICE)), styles["notice"])]


def _cover(book: m.Book, info: BookInfo, ui: UI, styles: Stylesheet, recorder: Recorder, doc: HandbookDoc,
           ctx: BlockContext) -> list[Flowable]:
    palette = styles.palette
    meta = [
        ui.format(JURISDICTION, jurisdiction=info.jurisdiction),
        ui.format(EDITION_OF, date=ui.date(info.edition_date)),
        ui.format(LANGUAGE, language=ui.language_name),
    ]
    status = ui.gettext(BOOK_PENDING if book.any_pending else BOOK_REVIEWED)
    lines = [styles.text(status)]
    if info.translated:
        note = TRANSLATION_REVIEWED if info.translation_reviewed else TRANSLATION_PENDING
        lines += [styles.text(ui.gettext(note)), styles.text(note)]
    if info.draft_fallbacks:
        sample = f'<font backColor="#{palette.fallback.hexval()[2:]}">'
        lines += [sample + styles.text(ui.gettext(DRAFT_FALLBACK)) + "</font>", sample + styles.text(DRAFT_FALLBACK) + "</font>"]
    notice = boxed([[ctx.leaf(Paragraph(line, styles["notice"]), "P", lang="en-US" if n in _english_lines(info) else None)]
                    for n, line in enumerate(lines)], palette.notice_fill, palette.notice_edge, doc.width, styles.fonts.regular,
                    styles.rtl)
    content = [
        ctx.leaf(Marked(styles.text(info.title), styles["cover-title"], "cover", recorder, (info.title, 0)), "H1"),
        ctx.leaf(Paragraph(styles.text(info.subtitle), styles["cover-subtitle"]), "P"),
        *(ctx.leaf(Paragraph(styles.text(line), styles["cover-meta"]), "P") for line in meta),
        Spacer(1, 0.35 * inch),
        notice,
        Spacer(1, 0.2 * inch),
        ctx.leaf(Paragraph(styles.text(ui.gettext(NOT_ADVICE)), styles["notice"]), "P"),
    ]

    # drop the title down the page, but never so far that the cover runs onto a second page
    used = sum(f.wrap(doc.width, doc.height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content)
    return [Spacer(1, max(0.0, min(doc.height * 0.16, doc.height - used - 12))), *content]


def _contents(book: m.Book, ui: UI, styles: Stylesheet, recorder: Recorder, pages: dict[str, int],
              ctx: BlockContext) -> list[Flowable]:
    title = ui.gettext(CONTENTS)
    out: list[Flowable] = [ctx.leaf(Marked(styles.text(title), styles["toc-title"], "contents", recorder, (title, 0)), "H1")]
    for chapter in book.chapters:
        dest = chapter_dest(chapter.slug)
        page = pages.get(dest, 0) or "00"
        title = styles.text(chapter.title)
        linked = f'<a href="#{dest}">{title}</a>' if styles.edition.links else title
        item = ctx.nested(("TOC", "toc"), ("TOCI", chapter.slug))
        title_para = item.leaf(Paragraph(linked, styles["toc-entry"]), "P", links=[chapter.title])
        entry = ContentsEntry(title_para, str(page), styles.palette.muted, styles.fonts)
        out.append(KeepTogether([entry, item.leaf(Paragraph(styles.text(chapter.summary), styles["toc-summary"]), "P")]))
    return out


def _chapter(chapter: m.Chapter, ctx: BlockContext, ui: UI) -> list[Flowable]:
    styles, palette = ctx.styles, ctx.styles.palette
    title = ctx.leaf(Marked(styles.text(chapter.title), styles["chapter-title"], chapter_dest(chapter.slug), ctx.recorder,
                            (chapter.title, 0), opens_chapter=chapter.title), "H1")
    title._handbook_loc = chapter.loc
    out: list[Flowable] = [
        title,
        ctx.leaf(Paragraph(styles.text(chapter.summary), styles["chapter-summary"]), "P"),
        ctx.leaf(Paragraph(styles.text(ui.format(JURISDICTION, jurisdiction=chapter.jurisdiction)), styles["chapter-meta"]), "P"),
    ]
    if chapter.review.pending:
        notice = ctx.leaf(Paragraph(styles.text(ui.gettext(CHAPTER_PENDING)), styles["notice"]), "P")
        out += [boxed([[notice]], palette.notice_fill, palette.notice_edge, ctx.frame_width, styles.fonts.regular, styles.rtl),
                Spacer(1, 10)]
    return out + flow_blocks(chapter.blocks, ctx)
