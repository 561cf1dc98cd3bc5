"""Inline spans to reportlab's paragraph mark-up.

Every piece of source text is escaped here, so nothing an editor or a
translator writes can reach reportlab's mark-up parser as mark-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from reportlab.pdfbase import pdfmetrics

from pipeline import model as m
from pipeline.i18n import UI, N_
from pipeline.typeset.styles import Palette

SEE_PAGE = N_("see page {page}")


def set_text(fonts, text: str) -> str:
    """Escaped mark-up for ``text``, with runs the script's family lacks set in its fallback font."""
    if fonts is not None and fonts.native_digits:
        from pipeline.typeset.rtl import persian_digits

        text = persian_digits(text)
    if fonts is None or fonts.fallback is None:
        return escape(text)
    return "".join(escape(run) if font is None else f'<font name="{font}">{escape(run)}</font>'
                   for font, run in fonts.runs(text))


def chapter_dest(slug: str) -> str:
    return f"ch-{slug}"


def heading_dest(slug: str, anchor: str) -> str:
    return f"ch-{slug}--{anchor}"


def ref_dest(ref: m.ChapterRef) -> str:
    return heading_dest(ref.chapter, ref.anchor) if ref.anchor else chapter_dest(ref.chapter)


@dataclass
class InlineRenderer:
    """Renders spans for one book; ``pages`` maps destinations to page numbers."""

    ui: UI
    palette: Palette
    glossary: str | None
    pages: dict[str, int]
    links: bool = True  # False for paper editions: no link annotations, no link colour
    italics: bool = True  # False for large print: emphasis is set in bold
    fonts: object = None  # the script's FontSet, for runs in the fallback font

    def render(self, spans: tuple[m.Inline, ...]) -> str:
        return "".join(self._span(s) for s in spans)

    def _span(self, span: m.Inline) -> str:
        handler = getattr(self, "_" + type(span).__name__.lower())
        return handler(span)

    def _text(self, span: m.Text) -> str:
        return set_text(self.fonts, span.text)

    def _code(self, span: m.Code) -> str:
        return f'<font color="{_hex(self.palette.muted)}">{set_text(self.fonts, span.text)}</font>'

    def _linebreak(self, span: m.LineBreak) -> str:
        return "<br/>"

    def _emph(self, span: m.Emph) -> str:
        tag = "i" if self.italics else "b"
        return f"<{tag}>{self.render(span.children)}</{tag}>"

    def _strong(self, span: m.Strong) -> str:
        return f"<b>{self.render(span.children)}</b>"

    def _link(self, span: m.Link) -> str:
        if not self.links:
            return self.render(span.children)
        return f'<a href={quoteattr(span.href)} color="{_hex(self.palette.link)}"><u>{self.render(span.children)}</u></a>'

    def _chapterref(self, span: m.ChapterRef) -> str:
        dest = ref_dest(span)
        page = self.pages.get(dest, 0)
        see = set_text(self.fonts, self.ui.format(SEE_PAGE, page=page or "00"))
        see = f"{self._literal('(')}{see}{self._literal(')')}"
        if not self.links:
            return f"{self.render(span.children)} {see}"
        return f'<a href="#{dest}" color="{_hex(self.palette.link)}">{self.render(span.children)}</a> {see}'

    def _termref(self, span: m.TermRef) -> str:
        dest = heading_dest(self.glossary or "", span.term)
        if not self.links:  # on paper a term is marked by a dotted underline only
            return f'<u>{self.render(span.children)}</u>'
        return f'<a href="#{dest}" color="{_hex(self.palette.term)}"><u>{self.render(span.children)}</u></a>'

    def _foreign(self, span: m.Foreign) -> str:
        return f'<font backColor="{_hex(self.palette.fallback)}">{self.render(span.children)}</font>'

    def _field(self, span: m.Field) -> str:
        """A fill-in field met inside text (the checklist typesetter places fields itself): a blank."""
        return f"{set_text(self.fonts, span.label)}{self._literal(': ________')}"

    def _literal(self, text: str) -> str:
        """Punctuation the press adds: in the fallback font where the script's font lacks it (Naskh has no brackets)."""
        if self.fonts is None or self.fonts.fallback is None or all(
                ch.isspace() or ord(ch) in pdfmetrics.getFont(self.fonts.regular).face.charToGlyph for ch in text):
            return escape(text)
        return f'<font name="{self.fonts.fallback.regular}">{escape(text)}</font>'

    def _image(self, span: m.Image) -> str:
        return escape(span.alt)


def _hex(color) -> str:
    """A colour for reportlab's mark-up; CMYK colours keep their CMYK values."""
    if hasattr(color, "cyan"):
        return f"cmyk({color.cyan},{color.magenta},{color.yellow},{color.black})"
    return "#" + color.hexval()[2:]
