"""Parse chapters: Markdown (CommonMark plus GitHub's extensions) to the model.

markdown-it-py turns the text into a syntax tree; a lookup table maps each
node type to a converter. Anything the typesetter cannot handle becomes a
:class:`Problem` with the node's ``file:line`` instead of a crash or a silent
loss. Raw HTML is parsed only so that it can be refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline import model as m
from pipeline.errors import Loc, Problem
from pipeline.frontmatter import CHECKLIST_FIELDS, TOP_FIELDS, read_front_matter

LINK_SCHEMES = ("https", "http", "mailto", "tel")
MAX_HEADING = 4


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "alerts": True, "tasklists": True})
    md.enable("table")
    md.use(front_matter_plugin)
    # Let every link through the parser, so that a forbidden scheme such as
    # javascript: is reported with its line instead of silently becoming text.
    md.validateLink = lambda url: True
    return md


_MD = make_markdown()


@dataclass
class Source:
    """Where a chapter lives: its file, and the folders links may point into."""

    path: Path
    display: str  # the path as shown in messages
    slug: str
    chapters_dir: Path
    root: Path
    glossary: str | None
    checklist: bool = False  # checklists: other front matter, and `kind: label` fill-in fields


@dataclass
class _Ctx:
    src: Source
    problems: list[Problem] = field(default_factory=list)
    shift: int = 0
    line: int = 1  # line of the inline span being converted
    anchors: dict[str, int] = field(default_factory=dict)

    def loc(self, line: int | None = None) -> Loc:
        return Loc(self.src.display, line if line is not None else self.line)

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.loc(line), message))


def parse_chapter(src: Source, text: str | None = None) -> tuple[m.Chapter | None, list[Problem]]:
    """Parse one chapter file. Returns the chapter (None if unusable) and every problem found."""
    if text is None:
        try:
            text = src.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            return None, [Problem(Loc(src.display, 1), f"file is not UTF-8 ({exc.reason}); save it as UTF-8")]
    ctx = _Ctx(src)
    root = SyntaxTreeNode(_MD.parse(text.replace("\r\n", "\n")))
    nodes = list(root.children)
    fm_text = nodes.pop(0).content if nodes and nodes[0].type == "front_matter" else None
    front, fm_problems = read_front_matter(fm_text, src.display, fields=CHECKLIST_FIELDS if src.checklist else TOP_FIELDS)
    ctx.problems.extend(fm_problems)
    levels = [n.tag for n in nodes if n.type == "heading"]
    ctx.shift = (min(int(t[1]) for t in levels) - 2) if levels else 0
    blocks = _blocks(nodes, ctx, top=True)
    if front is None:
        return None, ctx.problems
    chapter = m.Chapter(src.slug, front.title, front.summary, front.jurisdiction, front.review, blocks,
                        Loc(src.display, 1), front.lines, translator_notes(text), front.chapter or None)
    return chapter, ctx.problems


# A translator note is a Markdown comment that GitHub does not render:
#   [//]: # (Translators: keep "EC" as it is; it names the California Education Code.)
# It belongs to the message of the next block.
_NOTE = re.compile(r'^\[//\]: # (?:\((.*)\)|"(.*)")\s*$')


def translator_notes(text: str) -> tuple[tuple[int, str], ...]:
    notes = []
    for number, line in enumerate(text.splitlines(), 1):
        found = _NOTE.match(line)
        if found:
            note = (found.group(1) or found.group(2) or "").strip()
            notes.append((number, re.sub(r"^translators?:\s*", "", note, flags=re.I)))
    return tuple(notes)


# ---------------------------------------------------------------- blocks


def _blocks(nodes: list[SyntaxTreeNode], ctx: _Ctx, top: bool = False) -> tuple[m.Block, ...]:
    out: list[m.Block] = []
    for node in nodes:
        convert = _BLOCKS.get(node.type)
        line = _line(node)
        if convert is None:
            ctx.problem(f"unsupported markup ({node.type}); remove it or rewrite it as plain Markdown", line)
            continue
        if node.type == "heading" and not top:
            ctx.problem("headings inside lists, quotes or callouts are not supported; use **bold** text", line)
            continue
        block = convert(node, ctx)
        if block is not None:
            out.append(block)
    return tuple(out)


def _line(node: SyntaxTreeNode) -> int:
    while node is not None:
        if node.map:
            return node.map[0] + 1
        node = node.parent
    return 1


def _heading(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    line = _line(node)
    level = int(node.tag[1]) - ctx.shift
    if level > MAX_HEADING:
        ctx.problem(f"heading level {node.tag[1]} is too deep; headings go down to {'#' * (MAX_HEADING + ctx.shift)}", line)
        level = MAX_HEADING
    spans = _inline_of(node, ctx)
    anchor = _unique_anchor(slugify(m.plain_text(spans)), ctx, line)
    return m.Heading(level, spans, anchor, Loc(ctx.src.display, line))


def _unique_anchor(base: str, ctx: _Ctx, line: int) -> str:
    count = ctx.anchors.get(base, 0)
    ctx.anchors[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def slugify(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _paragraph(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    line = _line(node)
    spans = _inline_of(node, ctx)
    images = [s for s in spans if isinstance(s, m.Image)]
    if images:
        others = [s for s in spans if not (isinstance(s, m.Image) or (isinstance(s, m.Text) and not s.text.strip()))]
        if len(images) > 1 or others:
            ctx.problem("an image must stand alone in its own paragraph; put a blank line around it", line)
            return None
        return m.Figure(images[0], Loc(ctx.src.display, line))
    if not spans:
        return None
    return m.Paragraph(spans, Loc(ctx.src.display, line))


def _list(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    items = []
    for item in node.children:
        checked = item.meta.get("checked") if item.meta else None
        items.append(m.ListItem(_blocks(list(item.children), ctx), Loc(ctx.src.display, _line(item)), checked))
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return m.ListBlock(node.type == "ordered_list", start, tuple(items), Loc(ctx.src.display, _line(node)))


def _callout(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    kind = str(node.meta.get("kind", "note")).lower()
    body = [c for c in node.children if c.type != "alert_title"]
    if kind not in m.CALLOUT_KINDS:
        ctx.problem(f"unknown callout [!{kind.upper()}]; use one of " + ", ".join(k.upper() for k in m.CALLOUT_KINDS), _line(node))
        return None
    return m.Callout(kind, _blocks(body, ctx), Loc(ctx.src.display, _line(node)))


def _quote(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    return m.BlockQuote(_blocks(list(node.children), ctx), Loc(ctx.src.display, _line(node)))


def _table(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    rows: list[tuple[m.TableCell, ...]] = []
    for section in node.children:
        for tr in section.children:
            rows.append(tuple(_cell(cell, ctx) for cell in tr.children))
    if not rows:
        return None
    return m.Table(rows[0], tuple(rows[1:]), Loc(ctx.src.display, _line(node)))


def _cell(node: SyntaxTreeNode, ctx: _Ctx) -> m.TableCell:
    style = str(node.attrs.get("style", ""))
    align = style.split(":", 1)[1].strip() if "text-align" in style else "left"
    return m.TableCell(_inline_of(node, ctx), align, Loc(ctx.src.display, _line(node)))


def _code(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    return m.CodeBlock(node.content.rstrip("\n"), Loc(ctx.src.display, _line(node)))


def _rule(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    return m.Rule(Loc(ctx.src.display, _line(node)))


def _html_block(node: SyntaxTreeNode, ctx: _Ctx) -> m.Block | None:
    ctx.problem("raw HTML is not allowed in chapters; write it as Markdown instead", _line(node))
    return None


_BLOCKS: dict[str, Callable[[SyntaxTreeNode, _Ctx], m.Block | None]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "bullet_list": _list,
    "ordered_list": _list,
    "alert": _callout,
    "blockquote": _quote,
    "table": _table,
    "fence": _code,
    "code_block": _code,
    "hr": _rule,
    "html_block": _html_block,
}

# ---------------------------------------------------------------- inline


def _inline_of(node: SyntaxTreeNode, ctx: _Ctx) -> tuple[m.Inline, ...]:
    inline = next((c for c in node.children if c.type == "inline"), None)
    if inline is None:
        return ()
    ctx.line = _line(node)
    return _merge(_spans(inline.children, ctx))


def _spans(nodes: list[SyntaxTreeNode], ctx: _Ctx) -> list[m.Inline]:
    out: list[m.Inline] = []
    for node in nodes:
        convert = _INLINE.get(node.type)
        if convert is None:
            ctx.problem(f"unsupported inline markup ({node.type}); remove it or rewrite it as plain Markdown")
            continue
        span = convert(node, ctx)
        if span is not None:
            out.append(span)
    return out


def _merge(spans: list[m.Inline]) -> tuple[m.Inline, ...]:
    """Join neighbouring text spans, so translations and layout see whole runs."""
    out: list[m.Inline] = []
    for span in spans:
        if isinstance(span, m.Text) and not span.text:
            continue
        if out and isinstance(span, m.Text) and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


def _text(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    return m.Text(node.content)


def _softbreak(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    ctx.line += 1
    return m.Text(" ")


def _hardbreak(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    ctx.line += 1
    return m.LineBreak()


FIELD_KINDS = ("date", "name", "line")
_FIELD = re.compile(r"^(\w+):\s*(\S.*)$")


def _code_inline(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    found = _FIELD.match(node.content.strip()) if ctx.src.checklist else None
    if found:
        if found.group(1) not in FIELD_KINDS:
            ctx.problem(f"unknown fill-in field `{found.group(1)}:`; use one of {', '.join(FIELD_KINDS)}")
        return m.Field(found.group(1), found.group(2).strip())
    return m.Code(node.content)


def _em(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    return m.Emph(_merge(_spans(node.children, ctx)))


def _strong(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline:
    return m.Strong(_merge(_spans(node.children, ctx)))


def _html_inline(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline | None:
    ctx.problem(f"raw HTML {node.content.strip()!r} is not allowed in chapters; use Markdown (**bold**, *italic*, [text](link))")
    return None


def _link(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline | None:
    loc = ctx.loc()
    href = str(node.attrs.get("href", ""))
    children = _merge(_spans(node.children, ctx))
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        if scheme not in LINK_SCHEMES:
            ctx.problems.append(Problem(loc, f"link scheme {scheme!r} is not allowed; use {', '.join(LINK_SCHEMES)} or a link to a chapter"))
            return None
        return m.Link(href, children, loc)
    if not href:
        ctx.problems.append(Problem(loc, "link has no target; give it a chapter file or an https address"))
        return None
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment) or None
    if not path:
        return m.ChapterRef(ctx.src.slug, fragment, children, loc)
    slug = _chapter_slug(unquote(path), ctx)
    if slug is None:
        ctx.problems.append(Problem(loc, f"link target {href!r} is not a chapter; link to a chapter file (name.md) in {ctx.src.chapters_dir.name}/, or use a full https address"))
        return None
    if slug == ctx.src.glossary and fragment:
        return m.TermRef(fragment, children, loc)
    return m.ChapterRef(slug, fragment, children, loc)


def _chapter_slug(path: str, ctx: _Ctx) -> str | None:
    if not path.endswith(".md"):
        return None
    target = (ctx.src.path.parent / path).resolve()
    if target.parent != ctx.src.chapters_dir.resolve():
        return None
    return target.stem


def _image(node: SyntaxTreeNode, ctx: _Ctx) -> m.Inline | None:
    src = str(node.attrs.get("src", ""))
    alt = m.plain_text(_merge(_spans(node.children, ctx))).strip()
    if urlsplit(src).scheme:
        ctx.problem(f"image {src!r} is not a file in the repository; download it into the repository and link the file")
        return None
    target = (ctx.src.path.parent / unquote(src)).resolve()
    root = ctx.src.root.resolve()
    if not target.is_relative_to(root):
        ctx.problem(f"image {src!r} is outside the repository; move it inside {root.name}/")
        return None
    if not target.is_file():
        ctx.problem(f"image {src!r} not found; check the path (relative to this chapter)")
        return None
    if not alt:
        ctx.problem(f"image {src!r} has no alt text; describe it: ![what it shows]({src})")
    return m.Image(str(target.relative_to(root)), alt, ctx.loc())


_INLINE: dict[str, Callable[[SyntaxTreeNode, _Ctx], m.Inline | None]] = {
    "text": _text,
    "softbreak": _softbreak,
    "hardbreak": _hardbreak,
    "code_inline": _code_inline,
    "em": _em,
    "strong": _strong,
    "link": _link,
    "image": _image,
    "html_inline": _html_inline,
}


def parse_inline(text: str, src: Source, line: int) -> tuple[tuple[m.Inline, ...], list[Problem], str]:
    """Parse one message (a translation) as inline Markdown of one block.

    Returns the spans, the problems (reported at ``line`` of ``src``) and the
    kind of block the text parses as: "paragraph" when all is well.
    """
    ctx = _Ctx(src)
    nodes = list(SyntaxTreeNode(_MD.parse(text)).children)
    if len(nodes) != 1 or nodes[0].type != "paragraph":
        kind = "nothing" if not nodes else " and ".join(n.type.replace("_", " ") for n in nodes)
        return (), [Problem(Loc(src.display, line), f"parses as {kind}, not as one paragraph of text")], kind
    ctx.line = line
    inline = next(c for c in nodes[0].children if c.type == "inline")
    spans = _merge(_spans(inline.children, ctx))
    return spans, [Problem(Loc(src.display, line), p.message) for p in ctx.problems], "paragraph"
