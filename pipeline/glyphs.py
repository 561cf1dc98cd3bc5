"""Glyph preflight: every character of the book must have a glyph in the
locale's fonts. A missing glyph is an error at check time, never a blank box
on paper."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from pipeline import model as m
from pipeline.errors import Loc, Problem
from pipeline.fontsets import fonts_for


@lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True)
    return frozenset(font.getBestCmap())


def coverage(fonts_dir: Path, locale: str) -> frozenset[int] | None:
    """Code points that every text font of the locale can draw; None if it has no fonts yet."""
    fonts = fonts_for(locale)
    if fonts is None:
        return None
    have = frozenset()
    while fonts is not None:  # the family, then its fallback
        sets = [_cmap(fonts_dir / name) for name in fonts.text_files if (fonts_dir / name).is_file()]
        have |= frozenset.intersection(*sets) if sets else frozenset()
        fonts = fonts.fallback
    return have


def _texts(chapter: m.Chapter):
    yield chapter.loc, chapter.title + chapter.summary + chapter.jurisdiction
    for block in m.iter_blocks(chapter.blocks):
        if isinstance(block, m.CodeBlock):
            yield block.loc, block.text
        for span in m.iter_spans(m.block_spans(block)):
            if isinstance(span, (m.Text, m.Code)):
                yield block.loc, span.text


def missing_glyphs(book: m.Book, fonts_dir: Path, locale: str) -> list[Problem]:
    """One problem per source line that holds characters the fonts cannot draw."""
    have = coverage(fonts_dir, locale)
    if have is None:
        return [Problem(Loc("handbook.toml"), f"no fonts are chosen for locale {locale!r}; add them to pipeline/fontsets.py")]
    found: dict[Loc, set[str]] = {}
    for chapter in book.chapters:
        for loc, text in _texts(chapter):
            bad = {ch for ch in text if _unprintable(ch) or (ord(ch) not in have and not ch.isspace())}
            if bad:
                found.setdefault(loc, set()).update(bad)
    return [Problem(loc, f"no glyph for {_describe(chars)} in the fonts for locale {locale!r}; "
                         "remove the character or add a font that has it")
            for loc, chars in sorted(found.items())]


def _unprintable(ch: str) -> bool:
    """Control characters, and U+FFFD, which stands in for a NUL or broken byte."""
    return ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n")


def _describe(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')} ({c})" for c in sorted(chars))
