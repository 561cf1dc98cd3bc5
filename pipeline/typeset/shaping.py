"""Complex-script text (Gurmukhi) that is shaped correctly and extracts correctly.

reportlab 5.1 shapes a word with harfbuzz, but (1) it shapes a word made of
runs in several fonts with the first run's font, which puts glyph numbers of
one font into another (a crash when the font is subset), and (2) it writes
shaped glyphs whose text a PDF reader cannot recover: conjuncts come back as
private-use code points and a pre-base vowel sign comes back before its
consonant. This module, loaded by the typesetter, patches both:

- each run of a word is shaped in its own font;
- each shaped run remembers the text it came from, and is written inside a
  ``/Span <</ActualText (...)>> BDC ... EMC`` marked-content sequence, so
  pdftotext, MuPDF and screen readers give back the original Unicode.

It depends on reportlab internals (``shapeFragWord``, ``ShapedStr``,
``PDFTextObject._formatText``); reportlab is pinned to 5.1.x and
tests/test_scripts.py guards the round trip with poppler.
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph

_original_shape = ttfonts.shapeFragWord
_original_format = textobject.PDFTextObject._formatText
_ShapedStr = ttfonts.ShapedStr
_original_add, _original_radd = _ShapedStr.__add__, _ShapedStr.__radd__


def _source_of(text) -> str:
    return getattr(text, "_source", None) or str(text)


def _add(self, other):
    out = _original_add(self, other)
    out._source = _source_of(self) + _source_of(other)
    return out


def _radd(self, other):
    out = _original_radd(self, other)
    out._source = _source_of(other) + _source_of(self)
    return out


def _runs_by_font(pairs: list) -> list[list]:
    """Consecutive (frag, text) pairs grouped by font; callback frags stay with their neighbours."""
    groups: list[list] = []
    font = None
    for frag, text in pairs:
        name = None if hasattr(frag, "cbDefn") else frag.fontName
        if groups and (name is None or name == font):
            groups[-1].append((frag, text))
        else:
            groups.append([(frag, text)])
            font = name if name is not None else font
    return groups


def shape_by_font(word, features=dict(kern=True, liga=True, dlig=True), force=False):
    """Shape each font's run of a frag word on its own, and keep each run's source text."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    groups = _runs_by_font(list(word[1:]))
    parts = [_original_shape([0, *group], features, force) for group in groups] if len(groups) > 1 else \
        [_original_shape(word, features, force)]
    if all(not isinstance(p, ttfonts.ShapedFragWord) for p in parts):
        return word
    out = ttfonts.makeShapedFragWord(word)([])
    width = 0.0
    for group, part in zip(groups if len(groups) > 1 else [list(word[1:])], parts):
        shaped = isinstance(part, ttfonts.ShapedFragWord)
        items = list(part[1:]) if shaped else list(group)
        sources = [text for frag, text in group if not hasattr(frag, "cbDefn")]
        texts = [item for item in items if not hasattr(item[0], "cbDefn")]
        for item, source in zip(texts, sources):
            if isinstance(item[1], _ShapedStr):
                item[1]._source = source
        out.extend(items)
        width += part[0] if shaped else sum(
            ttfonts.pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in group if not hasattr(f, "cbDefn"))
    out.insert(0, width)
    return out


def _actual_text(source: str) -> str:
    return "<FEFF" + source.encode("utf-16-be").hex().upper() + ">"


def _format_text(self, text):
    code = _original_format(self, text)
    source = getattr(text, "_source", None)
    if source is None or source == str(text):
        return code
    return f"/Span <</ActualText {_actual_text(source)}>> BDC {code} EMC"


def install() -> None:
    ttfonts.shapeFragWord = shape_by_font
    paragraph.shapeFragWord = shape_by_font  # paragraph.py imported it by name
    _ShapedStr.__add__, _ShapedStr.__radd__ = _add, _radd
    textobject.PDFTextObject._formatText = _format_text


install()


# ---------------------------------------------------------------- Chinese line breaks

_HANG_ONE = """                if u not in ALL_CANNOT_START and i>lineStartPos+1:
                    #otherwise we need to push the character back
                    #the i>lineStart+1 condition ensures progress
                    i -= 1
                    extraSpace += w
"""
_HANG_TWO = _HANG_ONE + """                elif i<nU and U[i] in ALL_CANNOT_START:
                    #handbook press: a second closing mark in a row hangs too ("），")
                    extraSpace -= U[i].width
                    i += 1
"""


def _patch_cjk_split() -> None:
    """reportlab hangs one closing mark in the margin rather than start a line
    with it; two in a row ("），") left the second at the start of the next
    line. Let the second hang too."""
    import inspect
    import textwrap

    source = textwrap.dedent(inspect.getsource(paragraph.cjkFragSplit))
    if _HANG_ONE.replace("                ", "        ", 1) not in source and _HANG_ONE not in source:
        return  # reportlab changed: the test for Chinese line starts will say so
    namespace: dict = {}
    exec(compile(source.replace(_HANG_ONE, _HANG_TWO), paragraph.__file__, "exec"), paragraph.__dict__, namespace)
    paragraph.cjkFragSplit = namespace["cjkFragSplit"]


_patch_cjk_split()
