"""Parsing: Markdown fixtures in, model dumps out; refused markup names file:line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modeldump import dump
from pipeline.parse import Source, parse_chapter, slugify

PARSE = Path(__file__).parent / "fixtures" / "parse"
MINI = Path(__file__).parent / "fixtures" / "mini"

FRONT = """---
title: T
summary: S
jurisdiction: J
review:
  status: pending
  reviewer:
  date:
---
"""


def parse_text(text: str, root: Path = MINI, name: str = "chapters/x.md"):
    path = root / name
    src = Source(path, name, path.stem, root / "chapters", root, "glossary")
    return parse_chapter(src, text)


@pytest.mark.parametrize("case", sorted(p.stem for p in PARSE.glob("*.md")))
def test_model_dump_matches_golden(case: str) -> None:
    chapter, problems = parse_text((PARSE / f"{case}.md").read_text(), name=f"chapters/{case}.md")
    assert problems == []
    got = "\n".join(dump(chapter.blocks)) + "\n"
    golden = PARSE / f"{case}.dump"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got)
    assert got == golden.read_text()


def test_every_node_keeps_its_line() -> None:
    chapter, _ = parse_text((MINI / "chapters" / "alpha.md").read_text(), name="chapters/alpha.md")
    lines = (MINI / "chapters" / "alpha.md").read_text().splitlines()
    heading, paragraph = chapter.blocks[0], chapter.blocks[1]
    assert lines[heading.loc.line - 1] == "## First section"
    link = next(s for s in paragraph.children if type(s).__name__ == "ChapterRef")
    assert "[link to beta](beta.md)" in lines[link.loc.line - 1]
    term = next(s for s in paragraph.children if type(s).__name__ == "TermRef")
    assert "[stay put](glossary.md#stay-put)" in lines[term.loc.line - 1]


REFUSED = [
    ("raw html block", "<div>hello</div>\n", 10, "raw HTML"),
    ("raw html inline", "Text with <b>bold</b> words.\n", 10, "raw HTML"),
    ("html comment", "Para.\n\n<!-- a note -->\n", 12, "raw HTML"),
    ("javascript link", "A [bad](javascript:alert(1)) link.\n", 10, "link scheme 'javascript'"),
    ("link to a pdf", "See [this](file.pdf).\n", 10, "is not a chapter"),
    ("link outside chapters", "See [this](../README.md).\n", 10, "is not a chapter"),
    ("image outside repo", "![alt](../../../../etc/passwd.png)\n", 10, "outside the repository"),
    ("remote image", "![alt](https://example.org/a.png)\n", 10, "not a file in the repository"),
    ("missing image", "![alt](nowhere.png)\n", 10, "not found"),
    ("image in text", "Look ![alt](../images/square.png) here.\n", 10, "own paragraph"),
    ("heading in quote", "> ## Heading\n", 10, "headings inside"),
    ("too deep", "## A\n\n###### Deep\n", 12, "too deep"),
    ("unknown alert", "> [!DANGER]\n> Text\n", 10, None),
]


@pytest.mark.parametrize("label,body,line,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_markup_names_file_and_line(label: str, body: str, line: int, message: str | None) -> None:
    _chapter, problems = parse_text(FRONT + body)
    if message is None:  # an unknown alert kind is plain quoted text on GitHub too
        return
    assert problems, f"{label}: no problem reported"
    assert any(p.loc.file == "chapters/x.md" and p.loc.line == line and message in p.message for p in problems), problems


FRONT_MATTER_CASES = [
    ("unknown field", FRONT.replace("summary: S\n", "summary: S\ncolour: red\n"), 4, "unknown front matter field 'colour'"),
    ("missing field", FRONT.replace("summary: S\n", ""), 2, "'summary' is missing"),
    ("bad status", FRONT.replace("status: pending", "status: maybe"), 6, "review.status"),
    ("reviewed without reviewer", FRONT.replace("status: pending", "status: reviewed"), 5, "needs review.reviewer"),
    ("no front matter", "Just text.\n", 1, "no front matter"),
    ("bad yaml", FRONT.replace("title: T", "title: [unclosed"), 3, "not valid YAML"),
]


@pytest.mark.parametrize("label,text,line,message", FRONT_MATTER_CASES, ids=[c[0] for c in FRONT_MATTER_CASES])
def test_front_matter_schema(label: str, text: str, line: int, message: str) -> None:
    chapter, problems = parse_text(text)
    assert chapter is None
    assert any(p.loc.line == line and message in p.message for p in problems), problems


def test_slugs_follow_github() -> None:
    assert slugify("Prior Written Notice") == "prior-written-notice"
    assert slugify("The School Isn't Following the IEP") == "the-school-isnt-following-the-iep"
    assert slugify("Stay Put (and why)") == "stay-put-and-why"


def test_body_h1_is_shifted_below_the_chapter_title() -> None:
    chapter, problems = parse_text(FRONT + "# Top\n\n## Below\n")
    assert problems == []
    assert [b.level for b in chapter.blocks] == [2, 3]
