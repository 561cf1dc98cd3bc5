"""Editorial checks for plain language: reading grade, glossary terms linked
at first use, and legal deadlines that carry a citation. They are warnings:
the book still builds, and ``--strict`` turns them into failures."""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from pipeline import model as m
from pipeline.errors import Problem, Severity

MAX_GRADE = 8.0

# A parenthesised citation: (34 CFR 300.503; EC 56500.4), (20 USC 1415(j)), (5 CCR 3200–3205).
CITATION = re.compile(r"\((?:[^()]|\([^()]*\))*?\b(?:CFR|USC|EC|CCR)\b(?:[^()]|\([^()]*\))*\)")
DEADLINE = re.compile(r"\b(\d+|one|two|thirty|sixty|fifteen)[- ](?:calendar |school )?(?:day|year)s?\b", re.I)


@dataclass(frozen=True)
class Grade:
    chapter: str
    grade: float
    words: int


def _prose_blocks(blocks: tuple[m.Block, ...]):
    """Blocks whose own text is prose: paragraphs and table rows, not headings."""
    for block in m.iter_blocks(blocks):
        if isinstance(block, m.Paragraph):
            yield block, m.plain_text(block.children)
        elif isinstance(block, m.Table):
            for row in block.rows:
                yield block, " ".join(m.plain_text(c.children) for c in row)


def reading_grade(chapter: m.Chapter) -> Grade:
    """Flesch-Kincaid grade of the chapter's prose, with titles and citations left out."""
    sentences = []
    for _block, text in _prose_blocks(chapter.blocks):
        text = CITATION.sub("", text).strip()
        if text:
            sentences.append(text if text[-1] in ".!?:" else text + ".")
    body = " ".join(sentences)
    return Grade(chapter.slug, float(textstat.flesch_kincaid_grade(body)) if body else 0.0, textstat.lexicon_count(body))


def grade_problems(book: m.Book) -> tuple[list[Grade], list[Problem]]:
    grades = [reading_grade(c) for c in book.chapters]
    problems = [Problem(c.loc, f"reading grade {g.grade:.1f} is above {MAX_GRADE:.0f}; use shorter sentences and plainer words",
                        Severity.WARNING)
                for c, g in zip(book.chapters, grades) if g.grade > MAX_GRADE]
    return grades, problems


def uncited_deadlines(book: m.Book) -> list[Problem]:
    """A number of days or years in a sentence with no citation is probably an uncited legal fact."""
    out = []
    for chapter in book.chapters:
        for block, text in _prose_blocks(chapter.blocks):
            if DEADLINE.search(text) and not CITATION.search(text):
                out.append(Problem(block.loc, f"{DEADLINE.search(text).group(0)!r} without a citation; cite the law "
                                              "in parentheses, e.g. (EC 56343.5)", Severity.WARNING))
    return out


def _term_pattern(title: str) -> re.Pattern[str]:
    flags = 0 if title.isupper() else re.I  # IEP and IDEA only in capitals
    return re.compile(rf"\b{re.escape(title)}(?:s|es)?\b", flags)


def unlinked_terms(book: m.Book) -> list[Problem]:
    """A glossary term's first appearance in each chapter should be a term link."""
    glossary = book.chapter(book.glossary) if book.glossary else None
    if glossary is None:
        return []
    terms = {b.anchor: _term_pattern(m.plain_text(b.children)) for b in glossary.blocks
             if isinstance(b, m.Heading) and b.level == 2}
    out = []
    for chapter in book.chapters:
        if chapter.slug == book.glossary:
            continue
        seen: set[str] = set()
        for block in m.iter_blocks(chapter.blocks):
            if isinstance(block, m.Heading):
                continue
            for linked, text, loc in _runs(m.block_spans(block), block.loc):
                for anchor, pattern in terms.items():
                    if anchor in seen or not pattern.search(text):
                        continue
                    seen.add(anchor)
                    if linked != anchor:
                        word = pattern.search(text).group(0)
                        out.append(Problem(loc, f"first use of glossary term {word!r} is not linked; "
                                                f"write [{word}]({book.glossary}.md#{anchor})", Severity.WARNING))
    return out


def _runs(spans: tuple[m.Inline, ...], loc, linked: str | None = None):
    """(term anchor or None, text, loc) for each run of text, in reading order."""
    for span in spans:
        if isinstance(span, (m.Text, m.Code)):
            yield linked, span.text, loc
        elif isinstance(span, m.TermRef):
            yield from _runs(span.children, span.loc, span.term)
        elif isinstance(span, (m.Emph, m.Strong, m.Link, m.ChapterRef)):
            yield from _runs(span.children, getattr(span, "loc", loc), linked)


def editorial_problems(book: m.Book) -> tuple[list[Grade], list[Problem]]:
    grades, problems = grade_problems(book)
    return grades, problems + uncited_deadlines(book) + unlinked_terms(book)
