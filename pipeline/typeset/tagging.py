"""Marked content for tagged PDF: every leaf block's drawing is tagged with an
MCID; everything else on a page is an Artifact.

A page starts in Artifact mode. A flowable that carries a tag (``_tag``, set
by the typesetter from its role) closes the artifact, draws inside
``/Tag <</MCID n>> BDC … EMC``, and reopens it. So running heads, folios,
rules, box fills, list bullets and contents leaders are artifacts, and no
content is left outside either the tree or an artifact. The leaves are
recorded with their place in the structure (``_path``) and their box on the
page; structure.py then writes the structure tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus.flowables import BulletDrawer, Flowable
from reportlab.platypus.paragraph import Paragraph

TAG_ATTRS = ("_tag", "_path", "_leaf", "_alt", "_lang", "_links")


@dataclass
class Leaf:
    leaf: int  # one structure element; a paragraph split over two pages has two MCIDs, one leaf
    tag: str
    path: tuple[tuple[str, str], ...]
    page: int
    mcid: int
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in page space
    alt: str | None = None
    lang: str | None = None
    links: tuple[str, ...] = ()  # the text of each link in the leaf, in reading order
    text: str | None = None  # shaped scripts: the source text of this part of the leaf


@dataclass
class Tagger:
    leaves: list[Leaf] = field(default_factory=list)
    counters: dict[int, int] = field(default_factory=dict)
    next_leaf: int = 0
    actual_text: bool = False  # shaped scripts: each leaf's structure element carries its source text

    def new_leaf(self) -> int:
        self.next_leaf += 1
        return self.next_leaf

    def page_begin(self, canv) -> None:
        """Open the page as an Artifact; the drawOn patch finds this tagger on the canvas."""
        canv._handbook_tagger = self
        canv.addLiteral("/Artifact BMC")

    def page_end(self, canv) -> None:
        canv.addLiteral("EMC")

    def begin(self, canv, flowable, x: float, y: float) -> None:
        page = canv.getPageNumber()
        mcid = self.counters.get(page, 0)
        self.counters[page] = mcid + 1
        a, b, c, d, e, f = canv._currentMatrix
        width, height = getattr(flowable, "width", 0) or 0, getattr(flowable, "height", 0) or 0
        x0, y0 = a * x + c * y + e, b * x + d * y + f
        source = _source_text(flowable) if self.actual_text else None
        self.leaves.append(Leaf(flowable._leaf, flowable._tag, flowable._path, page, mcid,
                                (x0, y0, x0 + width, y0 + height), getattr(flowable, "_alt", None),
                                getattr(flowable, "_lang", None), tuple(getattr(flowable, "_links", ())), source))
        canv.addLiteral("EMC")
        canv.addLiteral(f"/{flowable._tag} <</MCID {mcid}>> BDC")

    def end(self, canv) -> None:
        canv.addLiteral("EMC")
        canv.addLiteral("/Artifact BMC")


def _source_text(flowable) -> str | None:
    """The text a paragraph (or one part of a split paragraph) was set from, before shaping."""
    frags = getattr(flowable, "frags", None)
    if not frags:
        return None
    parts = []
    for frag in frags:
        if isinstance(frag, list):  # once broken into lines, reportlab keeps words: [width, (frag, text), …]
            parts.append("".join(getattr(t, "_source", None) or str(t) for _, t in frag[1:]) + " ")
            continue
        text = getattr(frag, "text", "")
        parts.append(getattr(text, "_source", None) or str(text))
    return " ".join("".join(parts).split()) or None


_draw_on = Flowable.drawOn
_split = Paragraph.split
_draw_bullet = BulletDrawer.drawOn


class _Label:
    """Stands for a list item's bullet or number while it is tagged Lbl."""

    width = height = 0

    def __init__(self, path: tuple, leaf: int) -> None:
        self._tag, self._path, self._leaf = "Lbl", path, leaf


def _tagged_bullet(self, indenter, canv, x, y, _sW=0):
    tagger = getattr(canv, "_handbook_tagger", None)
    path = getattr(getattr(indenter, "_flowable", None), "_path", None)
    if tagger is None or not path or path[-1][0] != "LBody":
        return _draw_bullet(self, indenter, canv, x, y, _sW)
    tagger.begin(canv, _Label(path[:-1], -tagger.new_leaf()), x, y)
    try:
        return _draw_bullet(self, indenter, canv, x, y, _sW)
    finally:
        tagger.end(canv)


def _tagged_draw_on(self, canvas, x, y, _sW=0):
    tagger = getattr(canvas, "_handbook_tagger", None)
    if tagger is None or getattr(self, "_tag", None) is None:
        return _draw_on(self, canvas, x, y, _sW)
    tagger.begin(canvas, self, x, y)
    try:
        return _draw_on(self, canvas, x, y, _sW)
    finally:
        tagger.end(canvas)


def _tagged_split(self, availWidth, availHeight):  # noqa: N803
    parts = _split(self, availWidth, availHeight)
    for part in parts:  # both halves belong to the same structure element
        for name in TAG_ATTRS:
            if hasattr(self, name) and not hasattr(part, name):
                setattr(part, name, getattr(self, name))
    return parts


def tag(flowable, name: str, path: tuple, tagger_ids, **attrs):
    """Mark a leaf flowable with its structure tag, its place in the tree and its attributes."""
    flowable._tag, flowable._path, flowable._leaf = name, path, next(tagger_ids)
    for key, value in attrs.items():
        if value:
            setattr(flowable, f"_{key}", value)
    return flowable


def install() -> None:
    Flowable.drawOn = _tagged_draw_on
    Paragraph.split = _tagged_split
    BulletDrawer.drawOn = _tagged_bullet


install()
