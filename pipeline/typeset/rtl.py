"""A right-to-left paragraph setter (Arabic, Farsi) for reportlab.

reportlab has no bidirectional layout: ``wordWrap='RTL'`` only reverses the
words of a line, so Latin runs, digits and punctuation land on the wrong side.
This setter does the layout itself and leaves reportlab the rest (mark-up
parsing, frames, page breaks, fonts and subsetting):

1. the paragraph's text is taken from reportlab's parsed fragments, and its
   bidi levels come from FriBidi (``bidi.py``), once per paragraph;
2. the text is cut into runs of one fragment (font, colour, link) and one
   level; harfbuzz shapes each run in its own direction, with the rest of the
   paragraph as context so letters join across a change of style;
3. lines are broken in logical order at spaces, from the shaped advances,
   never inside a short Latin citation such as ``(EC 56321)``;
4. each line's runs are put in visual order (rule L2) and drawn glyph by glyph
   in a ``TJ`` array that carries harfbuzz's positions;
5. every glyph is written with a character code whose ToUnicode entry is the
   logical text of its cluster (marks merged into their base), so a reader
   copies and searches the Arabic as it was written.

It relies on reportlab 5.1 internals (``TTFont.splitString``,
``makeToUnicodeCMap``, the face's ``charToGlyph``); reportlab is pinned and
tests/test_rtl.py guards the round trip through pdftotext.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus.paragraph import Paragraph as _ReportlabParagraph

from pipeline.typeset import bidi

# ---------------------------------------------------------------- digits

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# a number next to a Latin word ("EC 56321", "34 CFR"), and the space between them
_AFTER_LATIN = re.compile(r"(?<=[A-Za-z][ .])\d[\d.,:/-]*|(?<=[A-Za-z])\d[\d.,:/-]*|\d[\d.,:/-]*(?= ?[A-Za-z])")
_LATIN_NUMBER_SPACE = re.compile(r"(?<=[A-Za-z]) (?=\d)|(?<=\d) (?=[A-Za-z])")
_DIGITS = re.compile(r"\d+")
# a stretch of Latin text, with a number it starts with: "34 CFR 300.300(b); EC 56346", "IEP"
_LATIN_SPAN = re.compile(r"(?:\d[\d.,]* )?[A-Za-z][A-Za-z0-9 .,;:/()\-–]*[A-Za-z0-9)]")


def latin_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each Latin stretch, without an unmatched closing bracket at its end."""
    out = []
    for match in _LATIN_SPAN.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        while end > start and text[end - 1] in " .,;:":
            end -= 1
        out.append((start, end))
    return out


def latin_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracketed group that holds Latin letters, brackets included."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and re.search("[A-Za-z]", text[start:i]):
                out.append((start, i + 1))
    return out


def persian_digits(text: str) -> str:
    """Western digits as Persian digits, except in Latin context: a bracketed
    citation such as ``(34 CFR 300.503)``, or a number next to a Latin word
    (``EC 56321``, ``34 CFR``), keeps its digits as the law writes them. Same
    length as ``text``."""
    keep = [False] * len(text)
    spans = latin_groups(text) + [match.span() for match in _AFTER_LATIN.finditer(text)]
    for start, end in spans:
        keep[start:end] = [True] * (end - start)
    chars = list(text)
    for match in _DIGITS.finditer(text):
        if not keep[match.start()]:
            chars[match.start():match.end()] = match.group().translate(PERSIAN_DIGITS)
    return "".join(chars)


# ---------------------------------------------------------------- fonts and glyph codes

_PRIVATE_START = 0xF0000  # supplementary private use: clear of reportlab's own shaping codes (U+E000–U+F800)


class _Face:
    """harfbuzz and reportlab views of one registered font."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.ttf = pdfmetrics.getFont(name)
        self.face = self.ttf.face
        self.hb_font = hb.Font(self.ttf.hbFace)
        self.upem = self.hb_font.face.upem
        self.codes: dict[tuple[int, str], str] = {}
        self.next_private = _PRIVATE_START
        cmap = self.face.charToGlyph
        self.gid_of = cmap.get

    def code(self, gid: int, text: str) -> str:
        """The character that stands for glyph ``gid`` written for ``text``."""
        key = (gid, text)
        found = self.codes.get(key)
        if found is not None:
            return found
        if len(text) == 1 and self.gid_of(ord(text)) == gid and ord(text) != 0xA0:
            found = text  # the font's own mapping already gives the text back
        else:
            cmap = self.face.charToGlyph
            while self.next_private in cmap:
                self.next_private += 1
            code = self.next_private
            cmap[code] = gid
            self.face.charWidths[code] = self.hb_font.get_glyph_h_advance(gid) * 1000 / self.upem
            _TO_UNICODE.setdefault(self.face.name, {})[code] = text
            found = chr(code)
        self.codes[key] = found
        return found


@lru_cache(maxsize=None)
def _face(name: str) -> _Face:
    return _Face(name)


# ToUnicode entries for private codes, by the face's name: the logical text of each glyph
_TO_UNICODE: dict[bytes, dict[int, str]] = {}
_original_cmap = ttfonts.makeToUnicodeCMap


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    base = fontname.split("+", 1)[-1].encode("latin-1")
    texts = _TO_UNICODE.get(base)
    if not texts or not any(code in texts for code in subset):
        return _original_cmap(fontname, subset)
    cmap = _original_cmap(fontname, [0] * len(subset)).split("\n")
    start = next(i for i, line in enumerate(cmap) if line.endswith("beginbfchar"))
    entries = [f"<{i:02X}> <{_utf16(texts[v]) if v in texts else f'{v:04X}'}>" for i, v in enumerate(subset)]
    return "\n".join(cmap[:start + 1] + entries + cmap[start + 1 + len(subset):])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# ---------------------------------------------------------------- layout


@dataclass
class Piece:
    """Part of a line: consecutive glyphs of one run, in visual order."""

    frag: object
    font: str
    size: float
    glyphs: list  # (code character, x_advance, x_offset, y_offset) in 1000ths of an em
    width: float  # in points
    text: str  # logical text, for links and tests
    clusters: list[str]  # each glyph's logical text, in visual order ("" for a mark drawn with its base)


@dataclass
class Line:
    pieces: list[Piece]
    width: float
    text: str  # logical text of the line


@dataclass
class _Run:
    start: int
    end: int
    frag: object
    level: int
    glyphs: tuple = ()  # (gid, cluster, x_advance, x_offset, y_offset), visual order


_RLM, _LRM = "\u200f", "\u200e"


@lru_cache(maxsize=65536)
def _glyph_text(text: str, rtl: bool, latin_edge: bool = True, between: bool = False) -> str:
    """The ToUnicode text of one glyph.

    Readers such as poppler rebuild the logical order from the page with a
    simplified bidi pass of their own: they reverse right-to-left stretches,
    clusters included, so a right-to-left cluster is stored reversed; and
    they count a neutral character (bracket, comma, full stop) into whichever
    stretch it touches. So a neutral carries invisible direction marks on each
    side: right-to-left marks where it is set right to left, left-to-right
    marks at the ``latin_edge``, the two ends of a Latin stretch of a
    right-to-left paragraph. A space gets
    them only ``between`` two left-to-right stretches, which poppler would
    otherwise join and swap; elsewhere a plain space keeps phrase search working."""
    neutral = not any(unicodedata.bidirectional(c) in ("R", "AL", "L", "EN", "AN") for c in text)
    if not rtl:
        return _LRM + text + _LRM if neutral and text.strip() and latin_edge else text
    if neutral and (text.strip() or between):
        text = _RLM + text + _RLM
    return text[::-1]


_LRI, _PDI = "\u2066", "\u2069"


def _base_is_rtl(text: str) -> bool:
    """A paragraph is right to left unless it has no right-to-left letter at
    all (the English notices and draft fallbacks in an Arabic book). Unlike
    rule P2, a paragraph that starts with "IEP" or "EC" stays right to left."""
    return not text or any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text) or \
        not any(unicodedata.bidirectional(ch) == "L" for ch in text)


def _isolated(text: str) -> list[tuple[int, int]]:
    """The stretches set as left-to-right units inside a right-to-left paragraph:
    a bracketed group with no Arabic in it, brackets included, so that a long
    citation broken over two lines still reads "(20 USC 1415(j);" … "EC 56505(d))";
    and every other Latin stretch, so that a number that starts it, as in
    "34 CFR", does not follow the Arabic before it to the far end."""
    groups = [(a, b) for a, b in latin_groups(text)
              if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text[a:b])]
    spans = list(groups)
    for a, b in latin_spans(text):  # the parts of a Latin stretch outside the groups ("IEP" in "IEP (EC 56346)")
        for ga, gb in groups:
            if a < gb and ga < b:
                if a < ga:
                    spans += _trimmed(text, a, ga)
                a = max(a, gb)
        if a < b:
            spans += _trimmed(text, a, b)
    return sorted(spans)


def _trimmed(text: str, a: int, b: int) -> list[tuple[int, int]]:
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] == ")"):
        b -= 1
    return [(a, b)] if a < b else []


def _levels(text: str, rtl: bool = True) -> list[int]:
    """Bidi levels, with the stretches of ``_isolated`` isolated left to right (LRI … PDI)."""
    if not text:
        return []
    spans = _isolated(text) if rtl else []
    pieces, keep, last = [], [], 0
    for start, end in spans:
        pieces += [text[last:start], _LRI, text[start:end], _PDI]
        keep += [True] * (start - last) + [False] + [True] * (end - start) + [False]
        last = end
    pieces.append(text[last:])
    keep += [True] * (len(text) - last)
    levels = bidi.levels("".join(pieces).replace("\n", "\u2029"), rtl=rtl)
    return [level for level, kept in zip(levels, keep) if kept]


@lru_cache(maxsize=4096)
def _analysis(text: str) -> tuple[bool, tuple[int, ...]]:
    """The paragraph's direction (rules P2-P3, see ``_base_is_rtl``) and its bidi levels."""
    rtl = _base_is_rtl(text)
    return rtl, tuple(_levels(text, rtl))


MISSING_GLYPHS: set[tuple[str, str]] = set()  # (font, character) set without a glyph: tests/test_rtl.py


@lru_cache(maxsize=16384)
def _shaped(text: str, start: int, end: int, font: str, level: int, language: str) -> tuple:
    """harfbuzz's glyphs for ``text[start:end]`` in one font and direction, the rest of the
    paragraph as context: (glyph, cluster, x advance, x offset, y offset) in 1000ths of an em,
    in visual order. Cached: a book is laid out twice, and most paragraphs do not change."""
    face = _face(font)
    buffer = hb.Buffer()
    buffer.add_codepoints(list(map(ord, text)), start, end - start)
    buffer.direction = "rtl" if level % 2 else "ltr"
    buffer.guess_segment_properties()
    if buffer.script in ("Arab", "Zyyy", "Zinh"):
        buffer.language = language
    hb.shape(face.hb_font, buffer, {"kern": True, "liga": True})
    for info in buffer.glyph_infos:
        if info.codepoint == 0 and not unicodedata.category(text[info.cluster]).startswith(("Z", "C")):
            MISSING_GLYPHS.add((font, text[info.cluster]))
    scale = 1000 / face.upem
    return tuple((info.codepoint, info.cluster, pos.x_advance * scale, pos.x_offset * scale, pos.y_offset * scale)
                 for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions))


class Setter:
    """Lays out one paragraph of reportlab fragments right to left."""

    def __init__(self, frags: list, language: str) -> None:
        texts, owners = [], []
        for frag in frags:
            if getattr(frag, "lineBreak", False):  # <br/>: a "\n" that forces a line break
                texts.append("\n")
                owners.append(frag)
                continue
            text = str(getattr(frag, "text", ""))
            texts.append(text)
            owners.extend([frag] * len(text))
        text = "".join(texts)
        self.text = text
        self.frag_of = owners  # the fragment of each character
        self.language = language
        self.rtl, self.levels = _analysis(text)
        self.runs = self._itemize()
        self.advance = [0.0] * len(text)  # points, on the first character of each cluster
        for run in self.runs:
            if text[run.start:run.end] != "\n":
                run.glyphs = _shaped(text, run.start, run.end, run.frag.fontName, run.level, language)
                size = run.frag.fontSize / 1000
                for _, cluster, advance, _, _ in run.glyphs:
                    self.advance[cluster] += advance * size

    def _itemize(self) -> list[_Run]:
        runs: list[_Run] = []
        for i, (frag, level) in enumerate(zip(self.frag_of, self.levels)):
            if runs and runs[-1].frag is frag and runs[-1].level == level:
                runs[-1].end = i + 1
            else:
                runs.append(_Run(i, i + 1, frag, level))
        return runs

    # -- line breaking ------------------------------------------------------

    def _glued(self, measure: float) -> set[int]:
        """Spaces that must not end a line: between a Latin word and the number
        next to it (EC 56321, 34 CFR), and inside a bracketed Latin citation
        that takes at most half a line (a longer one breaks at its spaces)."""
        groups = [(a, b) for a, b in latin_groups(self.text) if sum(self.advance[a:b]) <= measure / 2]
        glued = {i for start, end in groups for i in range(start, end) if self.text[i] == " "}
        return glued | {m.start() for m in _LATIN_NUMBER_SPACE.finditer(self.text)}

    def break_lines(self, widths: list[float]) -> list[tuple[int, int]]:
        """(start, end) of each line in logical order; ``widths[min(i, -1)]`` is line i's measure."""
        text, advance = self.text, self.advance
        glued = self._glued(min(widths))
        # words: [start, end) with the spaces that follow them
        words, start = [], 0
        for i, ch in enumerate(text):
            if ch == "\n":
                words.append((start, i, True))
                start = i + 1
            elif ch == " " and i not in glued and (i + 1 == len(text) or text[i + 1] != " "):
                words.append((start, i + 1, False))
                start = i + 1
        if start < len(text) or not words:
            words.append((start, len(text), False))
        lines, line_start, used = [], None, 0.0
        for w_start, w_end, forced in words:
            body_end = w_end
            while body_end > w_start and text[body_end - 1] == " ":
                body_end -= 1
            body = sum(advance[w_start:body_end])
            space = sum(advance[body_end:w_end])
            measure = widths[min(len(lines), len(widths) - 1)]
            if line_start is None:
                line_start, used = w_start, body + space
            elif used + body > measure + 1e-6:
                lines.append((line_start, w_start))
                line_start, used = w_start, body + space
            else:
                used += body + space
            if forced:
                lines.append((line_start, w_end))
                line_start, used = w_end + 1, 0.0
                line_start = None
        if line_start is not None and line_start < len(text):
            lines.append((line_start, len(text)))
        return [self._trim(s, e) for s, e in lines] or [(0, 0)]

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and self.text[end - 1] in " \n":
            end -= 1
        while start < end and self.text[start] == " ":
            start += 1
        return start, end

    # -- one line -----------------------------------------------------------

    def line(self, start: int, end: int) -> Line:
        parts = [(run, max(run.start, start), min(run.end, end)) for run in self.runs
                 if run.start < end and run.end > start and run.glyphs]
        order = bidi.visual_order([run.level for run, _, _ in parts])
        pieces = []
        visual_levels = [parts[i][0].level for i in order]
        for k, index in enumerate(order):
            run, a, b = parts[index]
            face = _face(run.frag.fontName)
            glyphs = [g for g in run.glyphs if a <= g[1] < b]
            ends = self._cluster_ends(run, a, b)
            texts = self._cluster_texts(glyphs, ends)
            rtl = run.level % 2 == 1
            # a space set right to left between two left-to-right stretches ("2027 (EC 56348)")
            between = rtl and self.text[a:b].isspace() and 0 < k < len(order) - 1 and \
                visual_levels[k - 1] % 2 == 0 and visual_levels[k + 1] % 2 == 0
            clusters = [texts.get(n, "") for n in range(len(glyphs))]
            # in a Latin stretch only the neutrals at its two ends need marks ("(", ")"), so that
            # "300.518" or "56321(a)" inside it copies and searches as written
            edges = (0, len(glyphs) - 1)
            coded = [(face.code(gid, _glyph_text(text, rtl, self.rtl and n in edges, between) if text else ""),
                      adv, dx, dy) for n, (text, (gid, cluster, adv, dx, dy)) in enumerate(zip(clusters, glyphs))]
            width = sum(g[1] for g in coded) * run.frag.fontSize / 1000
            pieces.append(Piece(run.frag, run.frag.fontName, run.frag.fontSize, coded, width, self.text[a:b], clusters))
        return Line(pieces, sum(p.width for p in pieces), self.text[start:end])

    def _cluster_texts(self, glyphs: list, ends: dict[int, int]) -> dict[int, str]:
        """Which glyph carries which text: a cluster's text goes to its widest glyph (the base,
        not its marks). A cluster with no advance at all (the alef that Naskh draws inside a
        lam-alef) joins the cluster before it, so no zero-width glyph carries text of its own."""
        owner: dict[int, int] = {}
        for n, g in enumerate(glyphs):
            if g[1] not in owner or g[2] > glyphs[owner[g[1]]][2]:
                owner[g[1]] = n
        starts = sorted(owner)
        text = {c: self.text[c:ends[c]] for c in starts}
        for i, c in enumerate(starts):
            if i and not glyphs[owner[c]][2]:
                previous = next((p for p in reversed(starts[:i]) if p in text), None)
                if previous is not None:
                    text[previous] += text.pop(c)
        return {owner[c]: t for c, t in text.items()}

    def _cluster_ends(self, run: _Run, a: int, b: int) -> dict[int, int]:
        starts = sorted({g[1] for g in run.glyphs if a <= g[1] < b})
        return {s: (starts[i + 1] if i + 1 < len(starts) else b) for i, s in enumerate(starts)}


# ---------------------------------------------------------------- the flowable


def is_rtl(style) -> bool:
    return getattr(style, "wordWrap", None) == "RTL"


_ALIGN_RTL = {TA_LEFT: "right", TA_JUSTIFY: "right", TA_RIGHT: "left", TA_CENTER: "center"}


class Paragraph(_ReportlabParagraph):
    """reportlab's Paragraph, set right to left when its style's wordWrap is "RTL"."""

    _rtl_lines: list | None = None

    def _setter(self) -> Setter:
        setter = getattr(self, "_rtl_setter", None)
        if setter is None:
            style = self.style
            setter = self._rtl_setter = Setter(self.frags, getattr(style, "rtl_language", "") or "ar")
        return setter

    def _widths(self, width: float) -> list[float]:
        style = self.style
        return [width - style.leftIndent - style.rightIndent - style.firstLineIndent,
                width - style.leftIndent - style.rightIndent]

    def _lay_out(self, width: float) -> list[Line]:
        if self._rtl_lines is not None and getattr(self, "_rtl_fixed", False):
            return self._rtl_lines
        if getattr(self, "_rtl_width", None) != width:
            setter = self._setter()
            self._rtl_lines = [setter.line(s, e) for s, e in setter.break_lines(self._widths(width))]
            self._rtl_width = width
        return self._rtl_lines

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if not is_rtl(self.style):
            return super().wrap(availWidth, availHeight)
        lines = self._lay_out(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def minWidth(self):  # noqa: N802
        if not is_rtl(self.style):
            return super().minWidth()
        setter = self._setter()
        best, current = 0.0, 0.0
        for ch, advance in zip(setter.text, setter.advance):
            current = 0.0 if ch in " \n" else current + advance
            best = max(best, current)
        return best + self.style.leftIndent + self.style.rightIndent

    def split(self, availWidth, availHeight):  # noqa: N803
        if not is_rtl(self.style):
            return super().split(availWidth, availHeight)
        # like reportlab's Paragraph, split the lines of the last wrap (a table asks at a slightly other width)
        lines = self._rtl_lines if self._rtl_lines is not None else self._lay_out(availWidth)
        availWidth = self._rtl_width
        leading = self.style.leading
        fit = int((availHeight + 1e-6) // leading)
        keep = 1 if self.style.allowOrphans else 2
        if fit >= len(lines):
            return [self]
        if fit < keep or len(lines) - fit < (1 if self.style.allowWidows else 2):
            fit = min(fit, len(lines) - (1 if self.style.allowWidows else 2))
            if fit < keep:
                return []
        return [self._part(lines[:fit], availWidth, first=True), self._part(lines[fit:], availWidth, first=False)]

    def _part(self, lines: list[Line], width: float, first: bool) -> "Paragraph":
        from pipeline.typeset.tagging import TAG_ATTRS

        part = self.__class__.__new__(self.__class__)
        part.__dict__.update(self.__dict__)
        part._rtl_lines, part._rtl_fixed, part._rtl_width = lines, True, width
        part.frags = [_Text(" ".join(line.text for line in lines))]
        if not first:
            part.style = _no_space_before(self.style)
        for name in TAG_ATTRS:
            if hasattr(self, name):
                setattr(part, name, getattr(self, name))
        return part

    def draw(self):
        if not is_rtl(self.style):
            return super().draw()
        lines = self._lay_out(self.width)
        style = self.style
        canv = self.canv
        y = self.height - style.fontSize
        align = _ALIGN_RTL.get(style.alignment, "right")
        if not self._setter().rtl:
            align = {"right": "left", "left": "right"}.get(align, align)
        left = style.leftIndent
        measure = self.width - style.leftIndent - style.rightIndent
        for number, line in enumerate(lines):
            indent = style.firstLineIndent if number == 0 else 0
            room = measure - indent
            if align == "right":
                x = left + room - line.width
            elif align == "center":
                x = left + (room - line.width) / 2
            else:
                x = left
            draw_line(canv, line, x, y)
            y -= style.leading


@dataclass
class _Text:
    text: str


def _no_space_before(style):
    from reportlab.lib.styles import ParagraphStyle

    out = ParagraphStyle(style.name + "-cont", parent=style)
    out.spaceBefore = 0
    return out


def draw_line(canv, line: Line, x: float, y: float) -> None:
    """Draw a laid-out line with its left end at ``x`` and its baseline at ``y``."""
    for piece in line.pieces:
        frag = piece.frag
        back = getattr(frag, "backColor", None)
        if back is not None:
            canv.saveState()
            canv.setFillColor(back)
            canv.rect(x, y - 0.25 * piece.size, piece.width, 1.2 * piece.size, stroke=0, fill=1)
            canv.restoreState()
        _glyphs(canv, piece, x, y + getattr(frag, "rise", 0))
        if getattr(frag, "us_lines", None):
            canv.saveState()
            canv.setStrokeColor(frag.textColor)
            canv.setLineWidth(max(0.4, piece.size / 20))
            canv.line(x, y - 0.15 * piece.size, x + piece.width, y - 0.15 * piece.size)
            canv.restoreState()
        for _, target in getattr(frag, "link", None) or ():
            rect = (x, y - 0.3 * piece.size, x + piece.width, y + piece.size)
            if target.startswith("#"):
                canv.linkRect("", target[1:], rect, relative=1, thickness=0)
            else:
                canv.linkURL(target, rect, relative=1, thickness=0)
        x += piece.width


def _glyphs(canv, piece: Piece, x: float, y: float) -> None:
    """Draw a piece's glyphs at harfbuzz's positions.

    The glyphs on the baseline go in one TJ array; a glyph whose advance is its
    own width needs no number after it, so runs of them share one hex string.
    A raised or lowered glyph (a vowel mark) is drawn afterwards at its own
    place: a baseline shift in the middle of a word makes readers such as
    poppler split the word there."""
    if not piece.glyphs:
        return
    font = pdfmetrics.getFont(piece.font)
    doc = canv._doc
    widths = font.face.charWidths
    size = piece.size
    codes = "".join(g[0] for g in piece.glyphs)
    out = [f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm"]
    glyphs = iter(piece.glyphs)
    current_subset = None
    array: list[str] = []
    run: list[str] = []
    marks: list[tuple[str, float, float, str]] = []  # (font resource, x, y, hex code)
    pen = 0.0  # in 1000ths of an em from x

    def flush(final: bool = False):
        if run:
            array.append("<" + "".join(run) + ">")
            run.clear()
        if final and array:
            out.append("[" + " ".join(array) + "] TJ")
            array.clear()

    for subset, chunk in font.splitString(codes, doc):
        name = font.getSubsetInternalName(subset, doc)
        for byte in chunk:
            code, advance, dx, dy = next(glyphs)
            if dy:
                marks.append((name, x + (pen + dx) * size / 1000, y + dy * size / 1000, _HEX[byte]))
                if advance:
                    flush()
                    array.append(fp_str(-advance))
                pen += advance
                continue
            if subset != current_subset:
                flush(True)
                out.append(f"{name} {fp_str(size)} Tf")
                current_subset = subset
            if dx:
                flush()
                array.append(fp_str(-dx))
            run.append(_HEX[byte])
            adjust = widths.get(ord(code), advance) - advance + dx
            if abs(adjust) > 1e-3:
                flush()
                array.append(fp_str(adjust))
            pen += advance
    flush(True)
    if marks and current_subset is None:  # only marks: the text object still needs a font
        out.append(f"{marks[0][0]} {fp_str(size)} Tf")
    font_now = None if current_subset is None else font.getSubsetInternalName(current_subset, doc)
    for name, mark_x, mark_y, hex_code in marks:
        if name != font_now:
            out.append(f"{name} {fp_str(size)} Tf")
            font_now = name
        out.append(f"1 0 0 1 {fp_str(mark_x)} {fp_str(mark_y)} Tm <{hex_code}> Tj")
    out.append("ET")
    canv.setFillColor(piece.frag.textColor)
    canv._code.append(" ".join(out))


_HEX = ["%02X" % n for n in range(256)]


@dataclass
class _Frag:
    """The parts of a reportlab fragment that the setter reads."""

    fontName: str  # noqa: N815 (reportlab's names)
    fontSize: float  # noqa: N815
    textColor: object  # noqa: N815
    text: str


def text_line(text: str, fonts, font: str, size: float, color, language: str) -> Line:
    """One line of plain text (a running head, a folio, a page number in the
    contents), laid out right to left in the script's font and its fallback."""
    if fonts.native_digits:
        text = persian_digits(text)
    bold = font in (fonts.bold, fonts.bold_italic)
    frags = []
    for fallback, run in fonts.runs(text) if fonts.fallback else [(None, text)]:
        name = font if fallback is None else (fonts.fallback.bold if bold else fallback)
        frags.append(_Frag(name, size, color, run))
    setter = Setter(frags, language)
    return setter.line(0, len(setter.text))


def clear_caches() -> None:
    """Forget shaped paragraphs (make bench times a book as a fresh build would lay it out)."""
    for cached in (_analysis, _shaped, _glyph_text):
        cached.cache_clear()
