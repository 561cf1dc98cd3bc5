"""The document model: frozen dataclasses with no I/O.

Parsing builds it, localizing returns a new one, typesetting reads it. Every
node carries the :class:`Loc` of its source so that any later stage can name
``file:line`` when something is wrong. This module imports neither reportlab
nor babel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

from pipeline.errors import Loc

# ---------------------------------------------------------------- inline spans


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link out of the book: https, http, mailto or tel."""

    href: str
    children: tuple[Inline, ...]
    loc: Loc


@dataclass(frozen=True)
class ChapterRef:
    """A link to another chapter, or to a heading in one (``anchor``)."""

    chapter: str
    anchor: str | None
    children: tuple[Inline, ...]
    loc: Loc


@dataclass(frozen=True)
class TermRef:
    """A link to a glossary term: ``[stay put](glossary.md#stay-put)``."""

    term: str
    children: tuple[Inline, ...]
    loc: Loc


@dataclass(frozen=True)
class Field:
    """A fill-in field of a checklist, written `kind: label` in inline code.

    kind is date, name or line (a line to write on); the label names it for
    screen readers and in the printed version."""

    kind: str
    label: str


@dataclass(frozen=True)
class Foreign:
    """Text in another language than the book's, such as English fallback in a draft."""

    lang: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Image:
    """An image file inside the repository; ``path`` is relative to the config."""

    path: str
    alt: str
    loc: Loc


Inline = Union[Text, Code, LineBreak, Emph, Strong, Link, ChapterRef, TermRef, Image, Foreign, Field]

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]
    anchor: str
    loc: Loc


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    loc: Loc


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    loc: Loc
    checked: bool | None = None  # None: plain item; True/False: task-list item


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[ListItem, ...]
    loc: Loc


@dataclass(frozen=True)
class Callout:
    """A GitHub alert: kind is tip, note, important, warning or caution."""

    kind: str
    blocks: tuple[Block, ...]
    loc: Loc


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    loc: Loc


@dataclass(frozen=True)
class TableCell:
    children: tuple[Inline, ...]
    align: str  # "left", "center" or "right"
    loc: Loc


@dataclass(frozen=True)
class Table:
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    loc: Loc


@dataclass(frozen=True)
class CodeBlock:
    text: str
    loc: Loc


@dataclass(frozen=True)
class Rule:
    loc: Loc


@dataclass(frozen=True)
class Figure:
    """A paragraph that holds only an image."""

    image: Image
    loc: Loc


Block = Union[Heading, Paragraph, ListBlock, Callout, BlockQuote, Table, CodeBlock, Rule, Figure]

# ---------------------------------------------------------------- documents

CALLOUT_KINDS = ("tip", "note", "important", "warning", "caution")
REVIEW_STATUSES = ("pending", "reviewed")


@dataclass(frozen=True)
class Review:
    status: str
    reviewer: str | None
    date: date | None

    @property
    def pending(self) -> bool:
        return self.status == "pending"


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    summary: str
    jurisdiction: str
    review: Review
    blocks: tuple[Block, ...]
    loc: Loc  # the file, line 1
    field_lines: tuple[tuple[str, int], ...] = ()  # front matter field -> line
    notes: tuple[tuple[int, str], ...] = ()  # translator notes: (line, text)
    source_chapter: str | None = None  # a checklist: the chapter it comes from

    def field_loc(self, name: str) -> Loc:
        return Loc(self.loc.file, dict(self.field_lines).get(name, 1))

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(b.anchor for b in self.blocks if isinstance(b, Heading))


@dataclass(frozen=True)
class Book:
    title: str
    chapters: tuple[Chapter, ...]
    glossary: str | None = None  # slug of the glossary chapter
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    checklists: tuple[Chapter, ...] = ()  # one-page checklists, each naming its source chapter

    def chapter(self, slug: str) -> Chapter | None:
        return next((c for c in self.chapters if c.slug == slug), None)

    @property
    def any_pending(self) -> bool:
        return any(c.review.pending for c in self.chapters)


def plain_text(spans: tuple[Inline, ...]) -> str:
    """The text of some spans, without markup (for bookmarks and slugs)."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, (Text, Code)):
            out.append(span.text)
        elif isinstance(span, Field):
            out.append(span.label)
        elif isinstance(span, LineBreak):
            out.append(" ")
        elif isinstance(span, Image):
            out.append(span.alt)
        else:
            out.append(plain_text(span.children))
    return "".join(out)


def child_blocks(block: Block) -> tuple[Block, ...]:
    if isinstance(block, (Callout, BlockQuote)):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(b for item in block.items for b in item.blocks)
    return ()


def block_spans(block: Block) -> tuple[Inline, ...]:
    """The inline spans a block holds directly (not those of nested blocks)."""
    if isinstance(block, (Heading, Paragraph)):
        return block.children
    if isinstance(block, Table):
        return tuple(s for row in (block.header, *block.rows) for cell in row for s in cell.children)
    if isinstance(block, Figure):
        return (block.image,)
    return ()


def iter_blocks(blocks: tuple[Block, ...]):
    """Every block, depth first, in reading order."""
    for block in blocks:
        yield block
        yield from iter_blocks(child_blocks(block))


def iter_spans(spans: tuple[Inline, ...]):
    """Every inline span, depth first, in reading order."""
    for span in spans:
        yield span
        if isinstance(span, (Emph, Strong, Link, ChapterRef, TermRef, Foreign)):
            yield from iter_spans(span.children)
