"""Where outputs go, and the date printed on them."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

from pipeline.config import Config

CHECKLIST_UNIT = "checklist:"  # a unit of work "checklist:<name>" writes <name>.pdf and <name>-print.pdf
CHECKLISTS = "checklists"  # --edition checklists builds only the checklists


def output_path(config: Config, locale: str, edition: str) -> Path:
    if edition.startswith(CHECKLIST_UNIT):
        return config.paths["dist"] / locale / "checklists" / f"{edition[len(CHECKLIST_UNIT):]}.pdf"
    return config.paths["dist"] / locale / f"handbook-{edition}.pdf"


def print_path(screen: Path) -> Path:
    return screen.with_name(screen.stem + "-print.pdf")


def edition_date(config: Config) -> date:
    """The date printed on the book: config, then SOURCE_DATE_EPOCH, then the last commit, then today."""
    if config.edition_date != "auto":
        return date.fromisoformat(config.edition_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=config.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return datetime.fromtimestamp(int(out.stdout.strip()), tz=timezone.utc).date()
    except (OSError, subprocess.SubprocessError):
        pass
    return date.today()
