"""Translatable messages: one per block, written as inline Markdown.

A message is the inline content of one leaf block (a heading, a paragraph, a
table cell) or a front matter field. It keeps its inline Markdown, so a
translator can move emphasis and links. :func:`map_units` walks a chapter's
units in reading order; extraction reads them and localization replaces them,
so both always agree on what a message is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from pipeline import model as m
from pipeline.errors import Loc

Spans = tuple[m.Inline, ...]
# (kind, spans, loc) -> new spans
UnitFn = Callable[[str, Spans, Loc], Spans]


@dataclass(frozen=True)
class Message:
    msgid: str
    kind: str
    loc: Loc
    note: str | None = None


# ---------------------------------------------------------------- walking


def map_units(chapter: m.Chapter, fn: UnitFn) -> m.Chapter:
    """A new chapter with every translatable unit replaced by ``fn``'s result."""

    def field(name: str, value: str) -> str:
        return m.plain_text(fn(name, (m.Text(value),), chapter.field_loc(name)))

    return replace(
        chapter,
        title=field("title", chapter.title),
        summary=field("summary", chapter.summary),
        jurisdiction=field("jurisdiction", chapter.jurisdiction),
        blocks=_map_blocks(chapter.blocks, fn, "paragraph"),
    )


def _map_blocks(blocks: tuple[m.Block, ...], fn: UnitFn, kind: str) -> tuple[m.Block, ...]:
    return tuple(_map_block(b, fn, kind) for b in blocks)


def _map_block(block: m.Block, fn: UnitFn, kind: str) -> m.Block:
    if isinstance(block, m.Heading):
        return replace(block, children=fn("heading", block.children, block.loc))
    if isinstance(block, m.Paragraph):
        return replace(block, children=fn(kind, block.children, block.loc))
    if isinstance(block, m.ListBlock):
        items = tuple(replace(i, blocks=_map_blocks(i.blocks, fn, "checklist item" if i.checked is not None else "list item"))
                      for i in block.items)
        return replace(block, items=items)
    if isinstance(block, m.Callout):
        return replace(block, blocks=_map_blocks(block.blocks, fn, f"{block.kind} callout"))
    if isinstance(block, m.BlockQuote):
        return replace(block, blocks=_map_blocks(block.blocks, fn, "quote"))
    if isinstance(block, m.Table):
        header = tuple(replace(c, children=fn("table header", c.children, c.loc)) for c in block.header)
        rows = tuple(tuple(replace(c, children=fn("table cell", c.children, c.loc)) for c in row) for row in block.rows)
        return replace(block, header=header, rows=rows)
    if isinstance(block, m.Figure):
        alt = m.plain_text(fn("image description", (m.Text(block.image.alt),), block.loc))
        return replace(block, image=replace(block.image, alt=alt))
    return block  # code blocks and rules are not translated


def chapter_messages(chapter: m.Chapter, glossary: str | None) -> list[Message]:
    """Every message of a chapter in reading order, with translator notes attached."""
    found: list[Message] = []

    def collect(kind: str, spans: Spans, loc: Loc) -> Spans:
        text = to_markdown(spans, glossary, chapter.slug)
        if text.strip():
            found.append(Message(text, kind, loc))
        return spans

    map_units(chapter, collect)
    return _attach_notes(found, chapter.notes)


def _attach_notes(messages: list[Message], notes: tuple[tuple[int, str], ...]) -> list[Message]:
    out = list(messages)
    for line, text in notes:
        index = next((i for i, msg in enumerate(out) if msg.loc.line > line), None)
        if index is not None:
            note = f"{out[index].note}\n{text}" if out[index].note else text
            out[index] = replace(out[index], note=note)
    return out


# ---------------------------------------------------------------- inline Markdown out

_SPECIAL = re.compile(r"([\\`*_<])")
_BRACKETS = re.compile(r"([\[\]])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|]|\d+[.)])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def to_markdown(spans: Spans, glossary: str | None, slug: str) -> str:
    """Inline Markdown for ``spans`` that parses back to the same spans."""
    text = "".join(_md(s, glossary, slug) for s in spans)
    return _BLOCK_START.sub(lambda m_: m_.group(1) + "\\" + m_.group(2) if not m_.group(2)[0].isdigit()
                            else m_.group(1) + m_.group(2)[:-1] + "\\" + m_.group(2)[-1], text, count=1)


def _escape(text: str) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text) if _ENTITY.search(text) else text
    if "](" in text or "][" in text or text.rstrip().endswith("]:"):
        text = _BRACKETS.sub(r"\\\1", text)
    return text


def _href(target: str) -> str:
    return f"<{target}>" if re.search(r"[\s()<>]", target) else target


def _md(span: m.Inline, glossary: str | None, slug: str) -> str:
    inner = lambda: "".join(_md(s, glossary, slug) for s in span.children)  # noqa: E731
    if isinstance(span, m.Text):
        return _escape(span.text)
    if isinstance(span, m.Code):
        fence = "`" * (max((len(r) for r in re.findall(r"`+", span.text)), default=0) + 1)
        pad = " " if span.text.startswith("`") or span.text.endswith("`") else ""
        return f"{fence}{pad}{span.text}{pad}{fence}"
    if isinstance(span, m.LineBreak):
        return "\\\n"
    if isinstance(span, m.Emph):
        return f"*{inner()}*"
    if isinstance(span, m.Strong):
        return f"**{inner()}**"
    if isinstance(span, m.Link):
        return f"[{inner()}]({_href(span.href)})"
    if isinstance(span, m.ChapterRef):
        target = f"{span.chapter}.md" + (f"#{span.anchor}" if span.anchor else "")
        return f"[{inner()}]({_href(target)})"
    if isinstance(span, m.TermRef):
        return f"[{inner()}]({glossary}.md#{span.term})"
    if isinstance(span, m.Image):
        return f"![{_escape(span.alt)}]({_href(span.path)})"
    if isinstance(span, m.Foreign):
        return inner()
    if isinstance(span, m.Field):
        return f"`{span.kind}: {span.label}`"
    raise TypeError(f"cannot write {type(span).__name__} as Markdown")
