"""Layout time per page of the real screen handbook in several languages, in one process.

    python bench/scripts.py HANDBOOK_TOML en ar fa

Prints one line per locale: seconds (best of 3, after a warm-up) and pages.
This is how `make bench` compares the right-to-left setter with Latin text.
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
for locale in sys.argv[2:]:
    prepared = prepare_locale(config, book, locale, False)
    result = typeset_book(prepared.book, prepared.info, prepared.ui, "screen")  # warm up: fonts, shaping caches
    times = []
    for _ in range(3):
        clear_caches()  # as in a fresh build: shaping is cached between the passes of one book, not between books
        started = time.perf_counter()
        result = typeset_book(prepared.book, prepared.info, prepared.ui, "screen")
        times.append(time.perf_counter() - started)
    print(locale, f"{min(times):.3f}", result.pages, result.passes)
