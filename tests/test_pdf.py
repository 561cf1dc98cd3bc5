"""The English screen handbook, read back from the PDF itself."""

from __future__ import annotations

import re

import pytest

from pdfread import external_links, fonts, internal_links, open_pdf, outline, page_texts, poppler_words
from pipeline import model as m


@pytest.fixture(scope="module")
def reader(handbook_pdf):
    return open_pdf(handbook_pdf)


@pytest.fixture(scope="module")
def texts(reader):
    return page_texts(reader)


def toc_pages(texts: list[str], book: m.Book) -> dict[str, int]:
    """Chapter title -> page number, as printed in the table of contents."""
    contents = next(t for t in texts if t.lstrip().startswith("Contents"))
    flat = " ".join(contents.split())
    out = {}
    for chapter in book.chapters:
        found = re.search(re.escape(chapter.title) + r"[ .]*?(\d+)\b", flat)
        assert found, f"{chapter.title!r} missing from the contents"
        out[chapter.title] = int(found.group(1))
    return out


def test_every_chapter_opens_on_the_page_the_contents_gives(texts, handbook_book) -> None:
    pages = toc_pages(texts, handbook_book)
    assert len(pages) == 12
    for title, page in pages.items():
        assert texts[page - 1].lstrip().startswith(title), f"{title!r} is not at the top of page {page}"


def test_chapters_are_in_config_order(texts, handbook_book) -> None:
    pages = list(toc_pages(texts, handbook_book).values())
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


def test_every_bookmark_points_at_its_heading(reader, texts, handbook_book) -> None:
    entries = outline(reader)
    titles = [title for level, title, _ in entries if level == 0]
    assert [c.title for c in handbook_book.chapters] == [t for t in titles if t not in ("Contents", handbook_book.title)]
    assert any(level == 1 for level, _, _ in entries) and any(level == 2 for level, _, _ in entries)
    for level, title, page in entries:
        assert " ".join(title.split()) in " ".join(texts[page - 1].split()), f"bookmark {title!r} -> page {page}"


def _stem(word: str) -> str:
    word = re.sub(r"[^\w]", "", word.lower())
    return word[:-1] if word.endswith("s") else word


def test_every_internal_link_lands_on_its_target(reader, handbook_pdf, texts) -> None:
    """The words under each link match the heading just below where the link lands."""
    words, heights = poppler_words(handbook_pdf)
    links = internal_links(reader)
    assert len(links) > 50
    for link in links:
        x0, y0, x1, y1 = link.rect
        height = heights[link.page - 1]
        under = [w.text for w in words[link.page - 1]
                 if x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and height - y1 - 1 <= (w.top + w.bottom) / 2 <= height - y0 + 1]
        top = heights[link.target_page - 1] - link.target_top
        landed = [w.text for w in words[link.target_page - 1] if top - 2 <= w.top <= top + 60]
        # a link may be hyphenated across lines: the part on this line is part of a word there
        shared = [u for u in map(_stem, under) for t in map(_stem, landed) if len(u) > 2 and u in t]
        assert under and shared, f"link {' '.join(under)!r} on page {link.page} lands on page {link.target_page} at {' '.join(landed)!r}"
    # "see page N" printed next to each chapter link is the page of its target
    for page_text in texts:
        for title, number in re.findall(r"([A-Z][\w' ]+?) \(see page (\d+)\)", " ".join(page_text.split())):
            assert title.split()[-1] in texts[int(number) - 1], f"{title!r} is not on page {number}"


def test_term_links_reach_the_glossary(reader, texts, handbook_book) -> None:
    glossary_page = toc_pages(texts, handbook_book)["Glossary"]
    into_glossary = [link for link in internal_links(reader) if link.target_page > glossary_page]
    assert len(into_glossary) >= 20


def test_seed_chapter_links_every_term_the_seed_page_linked(handbook_book) -> None:
    chapter = handbook_book.chapter("i-disagree-with-the-iep")
    terms = {s.term for b in m.iter_blocks(chapter.blocks) for s in m.iter_spans(m.block_spans(b)) if isinstance(s, m.TermRef)}
    assert {"iep", "stay-put", "advocate", "mediation", "due-process-hearing", "prior-written-notice"} <= terms


def test_every_font_is_embedded(reader) -> None:
    used = fonts(reader)
    assert used and all(used.values()), used
    base14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
    assert not any(name.lstrip("/").split("-")[0] in base14 for name in used)


def test_language_and_metadata(reader) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert reader.metadata.title == "Special Education Rights for California Parents"
    assert reader.metadata.author and reader.metadata.subject
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pending_chapters_carry_the_notice(texts, handbook_book) -> None:
    pages = toc_pages(texts, handbook_book)
    notice = "This chapter has not yet been reviewed by a special-education expert"
    for chapter in handbook_book.chapters:
        flat = " ".join(texts[pages[chapter.title] - 1].split())
        assert (notice in flat) == chapter.review.pending, chapter.title
    assert "some chapters in this edition have not yet been reviewed" in " ".join(texts[0].split())


def test_cover_names_edition_date_language_and_jurisdiction(texts) -> None:
    cover = " ".join(texts[0].split())
    assert "Language: English" in cover
    assert re.search(r"Edition of \w+ \d{1,2}, \d{4}", cover)
    assert "Jurisdiction: Federal IDEA and California special education law" in cover


def test_footer_numbers_every_page(texts) -> None:
    total = len(texts)
    for number, text in enumerate(texts[1:], 2):
        assert f"Page {number} of {total}" in text


def test_no_heading_is_left_alone_at_the_foot_of_a_page(texts, handbook_book) -> None:
    headings = {" ".join(m.plain_text(b.children).split()) for c in handbook_book.chapters for b in c.blocks if isinstance(b, m.Heading)}
    for number, text in enumerate(texts, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(("Edition of", "Page "))]
        assert body and body[-1] not in headings, f"heading {body[-1]!r} alone at the foot of page {number}"


def test_external_links_are_clickable(reader) -> None:
    assert all(uri.startswith(("https://", "http://", "mailto:", "tel:")) for uri in external_links(reader))
