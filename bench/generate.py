"""Write a deterministic benchmark book: 12 chapters of about 1,500 words each.

    python bench/generate.py OUT_DIR

The text is pseudo-English drawn from a fixed word list with a fixed seed, so
every run writes the same bytes. It uses what the real chapters use:
headings, lists, numbered steps, callouts, a table, chapter links and
glossary terms, and citations.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("the school district must give you a written notice about your child and the plan before any "
         "change to services placement or the assessment you can ask for a meeting at any time and bring "
         "someone who knows your child well keep a copy of every letter and write down the date it was sent "
         "parents have the right to take part in every decision about special education").split()
TERMS = ["assessment", "consent", "mediation", "stay-put", "advocate"]
CHAPTERS = [f"chapter-{n:02d}" for n in range(1, 12)] + ["glossary"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, count: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(count))


def chapter(rng: random.Random, number: int) -> str:
    other = CHAPTERS[(number + 1) % 11]
    term = TERMS[number % len(TERMS)]
    parts = [f"---\ntitle: Benchmark Chapter {number + 1}\nsummary: {sentence(rng, 12)}\n"
             "jurisdiction: Test law\nreview:\n  status: pending\n  reviewer:\n  date:\n---\n"]
    for section in range(5):
        parts.append(f"## Section {section + 1} of chapter {number + 1}\n")
        parts.append(f"You can ask for an [{term.replace('-', ' ')}](glossary.md#{term}) in writing (EC 56321). "
                     + paragraph(rng, 5) + "\n")
        parts.append(paragraph(rng, 6) + f" See [the next chapter]({other}.md).\n")
        parts.append("\n".join(f"- {sentence(rng, 12)}" for _ in range(4)) + "\n")
        parts.append("\n".join(f"{i}. **Step {i}.** {sentence(rng, 14)}" for i in range(1, 4)) + "\n")
        if section == 2:
            parts.append(f"> [!TIP]\n> {paragraph(rng, 2)}\n")
            parts.append("| Deadline | Days | Law |\n|---|--:|---|\n| Plan | 15 | EC 56321 |\n| Meeting | 60 | EC 56344 |\n")
    return "\n".join(parts)


def glossary(rng: random.Random) -> str:
    out = ["---\ntitle: Glossary\nsummary: Words used in this book.\njurisdiction: Test law\n"
           "review:\n  status: pending\n  reviewer:\n  date:\n---\n", "See [chapter 1](chapter-01.md).\n"]
    for term in TERMS:
        out.append(f"## {term.replace('-', ' ').title()}\n\n{paragraph(rng, 3)}\n")
    return "\n".join(out)


def main(target: Path) -> None:
    rng = random.Random(20261127)
    chapters = target / "chapters"
    chapters.mkdir(parents=True, exist_ok=True)
    for number, slug in enumerate(CHAPTERS[:-1]):
        (chapters / f"{slug}.md").write_text(chapter(rng, number), encoding="utf-8")
    (chapters / "glossary.md").write_text(glossary(rng), encoding="utf-8")
    fonts = Path(__file__).resolve().parents[1] / "fonts"
    (target / "handbook.toml").write_text(f"""title = "Benchmark Handbook"
subtitle = "Twelve chapters of generated text"
author = "bench"
subject = "benchmark"
jurisdiction = "Test law"
edition_date = "2026-01-01"
base_url = "https://handbook.test/bench"
chapters = {CHAPTERS!r}
glossary = "glossary"
locales = ["en"]
editions = ["screen", "large-print", "booklet", "print"]

[paths]
fonts = "{fonts}"
""".replace("'", '"'), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
