"""The chapters themselves: structure, links, plain language, citations, review status."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from pipeline import model as m
from pipeline.check import check_book
from pipeline.config import load_config
from pipeline.editorial import CITATION, reading_grade, unlinked_terms

SECTIONS = ("The short answer", "Your rights", "What to do", "When to get help", "Learn more")
GLOSSARY_TERMS = {"iep", "fape", "lre", "assessment", "consent", "prior-written-notice", "procedural-safeguards",
                  "stay-put", "compliance-complaint", "mediation", "due-process-hearing", "resolution-session", "advocate"}


@pytest.fixture(scope="module")
def checked():
    return check_book(load_config(REPO / "handbook.toml"))


def chapters(book: m.Book) -> list[m.Chapter]:
    return [c for c in book.chapters if c.slug != book.glossary]


def test_twelve_chapters_in_the_outline_order(handbook_book) -> None:
    assert [c.slug for c in handbook_book.chapters] == [
        "welcome", "iep-basics", "asking-for-an-assessment", "the-iep-meeting", "i-disagree-with-the-iep",
        "dispute-resolution-options", "the-school-isnt-following-the-iep", "procedural-safeguards",
        "discipline-and-behavior", "getting-help", "sample-letters", "glossary"]


def test_check_passes_with_no_editorial_warnings(checked) -> None:
    assert checked.book is not None
    others = [str(p) for p in checked.problems if "base_url" not in p.message]
    assert others == []


def test_every_chapter_reads_at_grade_8_or_below(handbook_book) -> None:
    for chapter in handbook_book.chapters:
        grade = reading_grade(chapter)
        assert grade.words > 300, chapter.slug
        assert grade.grade <= 8.0, f"{chapter.slug}: grade {grade.grade:.1f}"


def test_every_chapter_has_the_seed_page_structure(handbook_book) -> None:
    for chapter in chapters(handbook_book):
        headings = [m.plain_text(b.children) for b in chapter.blocks if isinstance(b, m.Heading)]
        for section in SECTIONS:
            assert section in headings, f"{chapter.slug} has no '{section}' section"
        steps = [b for b in chapter.blocks if isinstance(b, m.ListBlock) and b.ordered]
        assert steps, f"{chapter.slug} has no numbered steps"
        assert any(isinstance(b, m.Callout) and b.kind == "tip" for b in chapter.blocks), f"{chapter.slug} has no tip"


def test_every_chapter_links_another_chapter(handbook_book) -> None:
    for chapter in handbook_book.chapters:
        targets = {s.chapter for b in m.iter_blocks(chapter.blocks) for s in m.iter_spans(m.block_spans(b))
                   if isinstance(s, m.ChapterRef)}
        assert targets - {chapter.slug}, f"{chapter.slug} links no other chapter"


def test_glossary_has_every_required_term(handbook_book) -> None:
    glossary = handbook_book.chapter("glossary")
    assert GLOSSARY_TERMS <= glossary.anchors


def test_all_chapters_are_pending_review(handbook_book) -> None:
    assert all(c.review.status == "pending" for c in handbook_book.chapters)


def test_no_phone_numbers_or_web_addresses() -> None:
    for path in sorted((REPO / "chapters").glob("*.md")):
        text = path.read_text()
        assert not re.search(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b", text), f"{path.name}: phone number"
        assert not re.search(r"https?://|www\.|\b[\w.]+@[\w.]+\.\w+", text), f"{path.name}: web or mail address"


def test_citations_use_the_documented_forms(handbook_book) -> None:
    allowed = re.compile(r"^(34 CFR \d+\.\d+|20 USC 1415|EC \d{5}|5 CCR \d{4}|EC 4\d{4})")
    found = 0
    for chapter in handbook_book.chapters:
        for block in m.iter_blocks(chapter.blocks):
            for cite in CITATION.findall(m.plain_text(m.block_spans(block))):
                for part in re.split(r";\s*", cite.strip("()")):
                    found += 1
                    assert allowed.match(part.strip()), f"{chapter.slug}: odd citation {part!r}"
    assert found > 100


def test_first_use_of_a_term_is_linked(handbook_book) -> None:
    assert unlinked_terms(handbook_book) == []


def test_the_term_check_notices_an_unlinked_first_use(handbook_book) -> None:
    chapter = handbook_book.chapter("iep-basics")
    first = m.Paragraph((m.Text("Ask for mediation before anything else."),), chapter.loc)
    changed = m.Book(handbook_book.title, (m.Chapter(chapter.slug, chapter.title, chapter.summary, chapter.jurisdiction,
                                                      chapter.review, (first, *chapter.blocks), chapter.loc),
                                           handbook_book.chapter("glossary")), "glossary")
    problems = unlinked_terms(changed)
    assert any("'mediation'" in p.message for p in problems)
