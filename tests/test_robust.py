"""Any CommonMark input either builds or is refused with file:line; never a traceback.

A seeded generator mixes CommonMark and GitHub constructs, including broken
and hostile ones, into chapters; each is checked and, if clean, typeset.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import copy_mini_book
from pipeline.build import build
from pipeline.config import load_config
from pipeline.errors import ProblemsFound

SNIPPETS = [
    "# Top heading\n", "Setext heading\n===\n", "Another\n---\n", "###### Six deep\n", "#### Four\n",
    "> quote\n> > nested quote\n", "- a\n- b\n\n  second paragraph in b\n", "1) paren list\n2) two\n",
    "* [ ] task\n* [x] done\n", "```\nfenced code\n```\n", "~~~python\ntilde fence\n~~~\n", "    indented code\n",
    "***\n", "___\n", "<div>html block</div>\n", "Text <span>inline html</span>.\n", "<!-- comment -->\n",
    "[ref] and [ref][]\n\n[ref]: https://example.org/ref \"Title\"\n", "![img](missing.png)\n",
    "![square](../images/square.png)\n", "**bold *nested* bold** and ***triple***\n", "`code` and \\`escaped\\`\n",
    "&amp; &#35; &nbsp; &lt;font color=red&gt; &copy;\n", "line  \nhard break\n", "back\\\nslash break\n",
    "| a | b |\n|---|---|\n| 1 |\n", "| only |\n|:-:|\n", "| a | b |\n|---|---|\n| x \\| y | *z* |\n",
    "> [!TIP]\n> a tip\n", "> [!WARNING]\n", "> [!CAUTION]\n> - list in alert\n", "> [!NOTE]\n> ## heading in alert\n",
    "[link](https://example.org \"title\")\n", "<https://auto.example.org>\n", "<mailto:someone@example.org>\n",
    "[call](tel:+15555550100)\n", "[](alpha.md)\n", "[empty]()\n", "[self](#nonexistent)\n", "[js](javascript:void(0))\n",
    "[data](data:text/html,hi)\n", "[ftp](ftp://example.org/)\n", "- \n- empty item\n",
    "1. one\n\n   ```\n   code in list\n   ```\n", "> - list in quote\n> 1. ordered\n", "\\<not html\\>\n",
    "a*b*c _d_ __e__ *unclosed\n", "[stay put](glossary.md#stay-put)\n", "[bad term](glossary.md#nope)\n",
    "[beta](beta.md#only-section)\n", "[beta](beta.md#missing)\n", "[up](../handbook.toml)\n",
    "Long " + "word" * 120 + "\n", "Emoji \U0001F642 and CJK \u65e5\u672c\n", "Null \x00 byte\n",
    "<?php echo 1; ?>\n", "<![CDATA[x]]>\n", "- a\n" + "".join("  " * i + "- level\n" for i in range(1, 9)),
    "|" + "|".join(f" c{i} " for i in range(14)) + "|\n|" + "---|" * 14 + "\n|" + "|".join(" x " for _ in range(14)) + "|\n",
    "Term<br>break\n", "<font color=red>red</font>\n", "[<b>x</b>](beta.md)\n", "**[strong link](beta.md)**\n",
    "1. \n2. \n", "> \n", "\n\n\n", "\t\ttabbed\n", "Trailing spaces   \n", "Smart “quotes” — and ‘apostrophes’ … ok\n",
    "Para with [footnote][^1]\n\n[^1]: note\n", "$math$ and $$display$$\n", "~~strike~~\n",
]

FRONT = "---\ntitle: Fuzz\nsummary: S\njurisdiction: J\nreview:\n  status: pending\n  reviewer:\n  date:\n---\n\n## First section\n\n"
LOCATED = re.compile(r"^chapters/alpha\.md:\d+: ")


def documents(count: int = 60, seed: int = 20261127) -> list[str]:
    rng = random.Random(seed)
    docs = [FRONT + snippet for snippet in SNIPPETS]  # each construct alone
    for _ in range(count):
        docs.append(FRONT + "\n".join(rng.sample(SNIPPETS, rng.randint(2, 8))))
    return docs


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_mini_book(tmp_path_factory.mktemp("fuzz") / "book")


@pytest.mark.parametrize("index", range(len(documents())))
def test_builds_or_is_refused_with_file_and_line(book: Path, index: int) -> None:
    (book.parent / "chapters" / "alpha.md").write_text(documents()[index], encoding="utf-8")
    config = load_config(book)
    try:
        report = build(config)
    except ProblemsFound as exc:
        assert exc.problems
        for problem in exc.problems:
            assert LOCATED.match(str(problem)), f"problem without file:line: {problem}"
        return
    assert report.ok, report.failures
    assert report.outputs[0].path.read_bytes().startswith(b"%PDF-")
