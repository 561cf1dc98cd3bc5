"""Time one screen handbook with and without tags, in one process, best of five, alternating.

    python bench/tagging.py BOOK_DIR/handbook.toml
"""

import os
import sys
import time
from pathlib import Path

from pipeline.build import run_checks
from pipeline.config import load_config
from pipeline.jobs import prepare_locale
from pipeline.typeset import typeset_book

config = load_config(Path(sys.argv[1]))
prepared = prepare_locale(config, run_checks(config).book, "en", False)


def once(untagged: bool) -> tuple[float, int]:
    if untagged:
        os.environ["HANDBOOK_UNTAGGED"] = "1"
    else:
        os.environ.pop("HANDBOOK_UNTAGGED", None)
    started = time.perf_counter()
    size = len(typeset_book(prepared.book, prepared.info, prepared.ui, "screen").pdf)
    return time.perf_counter() - started, size


once(False)  # warm up: fonts, hyphenation dictionaries
runs = [(once(False), once(True)) for _ in range(5)]  # alternate, so noise hits both alike
tagged = min(r[0] for r in runs)
plain = min(r[1] for r in runs)
print(f"{tagged[0]:.3f} {plain[0]:.3f} {tagged[1]} {plain[1]}")
