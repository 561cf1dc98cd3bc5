"""Blocks of the model to reportlab flowables, dispatched through a table.

Each converter returns a list of flowables tagged with the block's source
location, so that a layout failure can still name ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Image, ListFlowable, ListItem, Spacer, Table, TableStyle

from pipeline import model as m
from pipeline.errors import SourceError
from pipeline.i18n import N_
from pipeline.typeset.inline import InlineRenderer, heading_dest
from pipeline.typeset.rtl import PERSIAN_DIGITS, Paragraph
from pipeline.typeset.styles import ALIGN, HEADING_ROLES, Stylesheet

CALLOUT_LABELS = {
    "tip": N_("Tip"),
    "note": N_("Note"),
    "important": N_("Important"),
    "warning": N_("Warning"),
    "caution": N_("Caution"),
}
BULLETS = ("\u2022", "\u2013", "\u2022", "\u2013")
CHECKBOX = {False: "\u2610", True: "\u2611"}


class Recorder:
    """Collects, while pages are drawn, where each destination landed."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}
        self.opening_pages: set[int] = set()
        self.current_title: str = ""
        self.blank_pages: set[int] = set()
        self.outline_level = -1

    def outline_entry(self, canv, title: str, dest: str, level: int) -> None:
        """Add a bookmark; a level deeper than the last one plus one is raised to fit."""
        level = min(level, self.outline_level + 1)
        canv.addOutlineEntry(title, dest, level, closed=level > 0)
        self.outline_level = level

    def mark(self, dest: str, page: int) -> None:
        self.pages[dest] = page


class Marked(Paragraph):
    """A heading paragraph that, where it is drawn, defines its destination,
    its bookmark and its page in the recorder. It never splits."""

    def __init__(self, text: str, style, dest: str, recorder: Recorder, outline: tuple[str, int] | None = None,
                 opens_chapter: str | None = None) -> None:
        super().__init__(text, style)
        self.dest, self.recorder, self.outline, self.opens_chapter = dest, recorder, outline, opens_chapter

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        return []

    def draw(self) -> None:
        canv = self.canv
        page = canv.getPageNumber()
        canv.bookmarkHorizontal(self.dest, 0, self.height + self.style.spaceBefore)
        if self.outline:
            title, level = self.outline
            self.recorder.outline_entry(canv, title, self.dest, level)
        if self.opens_chapter is not None:
            self.recorder.opening_pages.add(page)
            self.recorder.current_title = self.opens_chapter
        self.recorder.mark(self.dest, page)
        super().draw()


@dataclass
class BlockContext:
    styles: Stylesheet
    inline: InlineRenderer
    recorder: Recorder
    chapter: m.Chapter
    glossary: bool
    outline_level: int  # outline level of the chapter title
    root: str  # repository root, for images
    frame_width: float
    frame_height: float
    list_depth: int = 0
    tagging: bool = False  # tagged PDF: leaves carry a structure tag and their place in the tree
    path: tuple = ()
    ids: object = None  # itertools.count shared by the whole book

    def leaf(self, flowable, name: str, **attrs):
        """Give a leaf flowable its structure tag (no-op when the edition is not tagged)."""
        if not self.tagging:
            return flowable
        from pipeline.typeset.tagging import tag

        return tag(flowable, name, self.path, self.ids, **attrs)

    def key(self) -> str:
        return str(next(self.ids)) if self.ids is not None else ""

    def nested(self, *elements: tuple[str, str]) -> "BlockContext":
        from dataclasses import replace

        return replace(self, path=self.path + elements)


def flow_blocks(blocks: tuple[m.Block, ...], ctx: BlockContext, body_role: str = "body") -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        convert = _FLOW.get(type(block))
        if convert is None:
            raise SourceError(block.loc, f"the typesetter cannot set a {type(block).__name__} block; remove it")
        for flowable in convert(block, ctx, body_role):
            flowable._handbook_loc = block.loc
            out.append(flowable)
    return out


def _heading(block: m.Heading, ctx: BlockContext, body_role: str) -> list[Flowable]:
    role = "term" if ctx.glossary and block.level == 2 else HEADING_ROLES[min(block.level, 4)]
    title = m.plain_text(block.children)
    outline_level = ctx.outline_level + block.level - 1
    outline = (title, outline_level) if block.level <= 3 else None
    dest = heading_dest(ctx.chapter.slug, block.anchor)
    style = ctx.styles[role]
    tag = f"H{min(block.level, 6)}"
    # Never leave a heading alone at the foot of a page: reportlab's keepWithNext
    # cannot hold a heading to a list or a box, so demand room for a few lines too.
    need = style.spaceBefore + 2 * style.leading + 3 * ctx.styles["body"].leading
    heading = Marked(ctx.inline.render(block.children), ctx.styles[role], dest, ctx.recorder, outline)
    return [CondPageBreak(need), ctx.leaf(heading, tag)]


def _paragraph(block: m.Paragraph, ctx: BlockContext, body_role: str) -> list[Flowable]:
    return [_leaf_paragraph(ctx, block.children, ctx.styles[body_role])]


def _leaf_paragraph(ctx: BlockContext, spans: tuple[m.Inline, ...], style) -> Paragraph:
    """A paragraph of spans, tagged P, with the text of its links and its language if all of it is English fallback."""
    links = [m.plain_text(s.children) for s in m.iter_spans(spans) if isinstance(s, (m.Link, m.ChapterRef, m.TermRef))]
    foreign = bool(spans) and all(isinstance(s, m.Foreign) for s in spans)
    return ctx.leaf(Paragraph(ctx.inline.render(spans), style), "P", links=links, lang="en-US" if foreign else None)


def _list(block: m.ListBlock, ctx: BlockContext, body_role: str) -> list[Flowable]:
    style = ctx.styles["list-body"]
    depth = ctx.list_depth
    items = []
    ctx.list_depth += 1
    key = ctx.key()
    try:
        contents = [flow_blocks(item.blocks, ctx.nested(("L", key), ("LI", f"{key}.{i}"), ("LBody", f"{key}.{i}")),
                                "list-body") or [Spacer(1, 1)] for i, item in enumerate(block.items)]
    finally:
        ctx.list_depth -= 1
    rtl = ctx.styles.rtl
    for number, (item, content) in enumerate(zip(block.items, contents), block.start):
        if item.checked is not None:
            items.append(ListItem(content, value=CHECKBOX[item.checked], bulletFontName=ctx.styles.fonts.symbols,
                                  bulletFontSize=style.fontSize * 1.15, bulletColor=style.textColor))
        elif block.ordered and rtl:  # "1." read right to left: the full stop on the left
            items.append(ListItem(content, value=rtl_number(number, ctx.styles.native_digits), bulletColor=style.textColor))
        elif block.ordered:
            items.append(ListItem(content, value=number, bulletColor=style.textColor))
        else:
            items.append(ListItem(content, value=BULLETS[depth % len(BULLETS)], bulletColor=style.textColor))
    kind = "1" if block.ordered else "bullet"
    fonts = ctx.styles.fonts
    bullet_font = fonts.bold if block.ordered else fonts.regular
    if fonts.fallback is not None and fonts.font_for(BULLETS[0]) is not None:  # the family has no bullet
        bullet_font = fonts.fallback.bold if block.ordered else fonts.fallback.regular
    indent = style.fontSize * (2.2 if block.ordered else 1.6)
    if rtl and block.ordered:
        bullet_font = fonts.bold  # Noto Sans has no Persian digits; Naskh has both kinds
    if rtl:  # the bullet on the right, in the right indent
        widest = max(stringWidth(str(i._params.get("value", "")), bullet_font, style.fontSize) for i in items)
        return [ListFlowable(items, bulletType="bullet", leftIndent=0, rightIndent=indent, bulletDir="rtl",
                             bulletAlign="right", bulletColor=style.textColor, bulletFontName=bullet_font,
                             bulletFontSize=style.fontSize, spaceAfter=style.fontSize * 0.5,
                             bulletDedent=widest + style.fontSize * 0.35)]
    return [ListFlowable(items, bulletType=kind, start=block.start if block.ordered else None, leftIndent=indent,
                         bulletColor=style.textColor,
                         bulletFontName=bullet_font,
                         bulletFontSize=style.fontSize, bulletFormat="%s." if block.ordered else None,
                         spaceAfter=style.fontSize * 0.5, bulletDedent="auto")]


def rtl_number(number: int, native_digits: bool) -> str:
    """A list number as drawn in a right-to-left list: ".3" (Persian digits where the language uses them)."""
    digits = str(number).translate(PERSIAN_DIGITS) if native_digits else str(number)
    return "." + digits


def boxed(rows: list[list[Flowable]], fill, edge, width: float, font: str, rtl: bool = False) -> Table:
    """A tinted box with a rule down its start edge (the right edge in a right-to-left book)."""
    table = Table([[row] for row in rows], colWidths=[width], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font),
        ("TEXTCOLOR", (0, 0), (-1, -1), edge),
        ("BACKGROUND", (0, 0), (-1, -1), fill),
        ("LINEAFTER" if rtl else "LINEBEFORE", (0, 0), (0, -1), 3, edge),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _callout(block: m.Callout, ctx: BlockContext, body_role: str) -> list[Flowable]:
    fill, edge = ctx.styles.palette.callouts[block.kind]
    label_style = ctx.styles.variant("callout-label", textColor=edge)
    inner = ctx.nested(("Note", ctx.key()))
    label = inner.leaf(Paragraph(ctx.styles.text(ctx.inline.ui.gettext(CALLOUT_LABELS[block.kind])), label_style), "P")
    body = flow_blocks(block.blocks, inner, "callout-body")
    # never leave the label alone at the foot of a page: demand room for it and three lines
    need = label_style.leading + 3 * ctx.styles["callout-body"].leading + 20
    rows = [[label], *([f] for f in body)]
    return [CondPageBreak(need), Spacer(1, 4),
            boxed(rows, fill, edge, ctx.frame_width, ctx.styles.fonts.regular, ctx.styles.rtl), Spacer(1, 10)]


def _quote(block: m.BlockQuote, ctx: BlockContext, body_role: str) -> list[Flowable]:
    body = flow_blocks(block.blocks, ctx.nested(("BlockQuote", ctx.key())), "callout-body")
    if not body:
        return []
    palette = ctx.styles.palette
    return [Spacer(1, 2), boxed([[f] for f in body], palette.quote_fill, palette.rule, ctx.frame_width, ctx.styles.fonts.regular,
                                ctx.styles.rtl), Spacer(1, 10)]


def _table(block: m.Table, ctx: BlockContext, body_role: str) -> list[Flowable]:
    columns = len(block.header)
    rows = [block.header, *(tuple(row) + (m.TableCell((), "left", block.loc),) * (columns - len(row)) for row in block.rows)]

    key = ctx.key()

    def cell(c: m.TableCell, role: str, r: int, col: int) -> Paragraph:
        where = ctx.nested(("Table", key), ("TR", f"{key}.{r}"), ("TH" if r == 0 else "TD", f"{key}.{r}.{col}"))
        return _leaf_paragraph(where, c.children, ctx.styles.variant(role, alignment=ALIGN.get(c.align, 0)))

    data = [[cell(c, "table-head", 0, i) for i, c in enumerate(block.header)]]
    data += [[cell(c, "table-cell", r, i) for i, c in enumerate(row[:columns])] for r, row in enumerate(rows[1:], 1)]
    widths = column_widths(rows, ctx.styles, ctx.frame_width)
    data, widths = ctx.styles.columns(data, widths)
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    palette = ctx.styles.palette
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), ctx.styles.fonts.regular),
        ("TEXTCOLOR", (0, 0), (-1, -1), palette.text),
        ("BACKGROUND", (0, 0), (-1, 0), palette.table_head),
        ("GRID", (0, 0), (-1, -1), 0.5, palette.rule),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return [Spacer(1, 4), table, Spacer(1, 10)]


CELL_PADDING = 5


def column_widths(rows: list[tuple[m.TableCell, ...]], styles: Stylesheet, available: float) -> list[float]:
    """Give every column room for its longest word, then share the rest by how much text it holds."""
    columns = len(rows[0])
    least = [0.0] * columns
    natural = [0.0] * columns
    for index, row in enumerate(rows):
        style = styles["table-head" if index == 0 else "table-cell"]
        for col, c in enumerate(row[:columns]):
            text = m.plain_text(c.children)
            words = text.split() or [""]
            pad = 2 * CELL_PADDING + 1
            least[col] = max(least[col], max(stringWidth(w, style.fontName, style.fontSize) for w in words) + pad)
            natural[col] = max(natural[col], stringWidth(text, style.fontName, style.fontSize) + pad)
    if sum(least) >= available:
        return [available * w / sum(least) for w in least]
    if sum(natural) <= available:
        return [available * w / sum(natural) for w in natural]
    spare = available - sum(least)
    wants = [n - l for n, l in zip(natural, least)]
    return [l + spare * w / sum(wants) for l, w in zip(least, wants)]


def _code(block: m.CodeBlock, ctx: BlockContext, body_role: str) -> list[Flowable]:
    lines = [ctx.styles.text(line).replace("  ", "\u00a0 ") for line in block.text.split("\n")]
    style = ctx.styles.variant("code", backColor=ctx.styles.palette.quote_fill, hyphenationLang="")
    return [ctx.leaf(Paragraph("<br/>".join(lines) or "\u00a0", style), "Code")]


def _rule(block: m.Rule, ctx: BlockContext, body_role: str) -> list[Flowable]:
    return [HRFlowable(width="100%", thickness=0.7, color=ctx.styles.palette.rule, spaceBefore=6, spaceAfter=12)]


def _figure(block: m.Figure, ctx: BlockContext, body_role: str) -> list[Flowable]:
    path = f"{ctx.root}/{block.image.path}"
    try:
        image = Image(path, width=ctx.frame_width, height=ctx.frame_height * 0.5, kind="proportional")
    except Exception as exc:  # reportlab raises several types for unreadable images
        raise SourceError(block.loc, f"cannot read image {block.image.path}: {exc}; use a PNG or JPEG file") from exc
    image.hAlign = "LEFT"
    return [ctx.leaf(image, "Figure", alt=block.image.alt), Spacer(1, 8)]


_FLOW: dict[type, Callable[[m.Block, BlockContext, str], list[Flowable]]] = {
    m.Heading: _heading,
    m.Paragraph: _paragraph,
    m.ListBlock: _list,
    m.Callout: _callout,
    m.BlockQuote: _quote,
    m.Table: _table,
    m.CodeBlock: _code,
    m.Rule: _rule,
    m.Figure: _figure,
}

# spacing used by the document module
CHAPTER_GAP = 0.1 * inch
