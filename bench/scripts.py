"""Layout time per page of the real screen handbook in several languages, in one process.

    python bench/scripts.py HANDBOOK_TOML en ar fa

Prints one line per locale: seconds (the best of 5 rounds, after a warm-up;
the locales take turns in each round, so noise on this shared machine hits
them alike), pages and layout passes. This is how `make bench` compares the
right-to-left setter with Latin text.
"""

import sys
import time
from pathlib import Path

from pipeline.build import run_checks
from pipeline.config import load_config
from pipeline.jobs import prepare_locale
from pipeline.typeset import typeset_book
from pipeline.typeset.rtl import clear_caches

config = load_config(Path(sys.argv[1]))
book = run_checks(config).book
locales = sys.argv[2:]
prepared = {locale: prepare_locale(config, book, locale, False) for locale in locales}
results = {}


def once(locale: str) -> float:
    p = prepared[locale]
    clear_caches()  # as in a fresh build: shaping is cached between the passes of one book, not between books
    started = time.perf_counter()
    results[locale] = typeset_book(p.book, p.info, p.ui, "screen")
    return time.perf_counter() - started


for locale in locales:
    once(locale)  # warm up: fonts, hyphenation dictionaries
best = {locale: float("inf") for locale in locales}
for _ in range(5):
    for locale in locales:
        best[locale] = min(best[locale], once(locale))
for locale in locales:
    print(locale, f"{best[locale]:.3f}", results[locale].pages, results[locale].passes)
