"""What each output was built from. An output whose inputs hash the same as
last time, and whose file is still the one that was written, is up to date.

The key of an output covers the chapter sources and their images, the
locale's PO files, the fonts, the config, the pipeline's own code and
version, the edition, the draft flag and the edition date.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pipeline
from pipeline.config import Config
from pipeline.publish import write_atomic


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _tree(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


@dataclass(frozen=True)
class Inputs:
    """Hashes of the inputs every output shares, and of each locale's catalogs."""

    common: str
    locales: dict[str, str]


def hash_inputs(config: Config, images: list[Path]) -> Inputs:
    digest = hashlib.sha256(f"pipeline {pipeline.__version__}\n".encode())
    code = Path(pipeline.__file__).parent
    files = [config.path, *(config.chapter_path(s) for s in config.chapters), *sorted(set(images)),
             *_tree(config.paths["fonts"], "*.tt[fc]"), *_tree(code, "*.py")]
    for path in files:
        digest.update(f"{path.name}:{file_hash(path) if path.is_file() else 'missing'}\n".encode())
    locales = {}
    for locale in config.locales:
        one = hashlib.sha256()
        for path in _tree(config.paths["translations"] / locale, "*.po"):
            one.update(f"{path.name}:{file_hash(path)}\n".encode())
        locales[locale] = one.hexdigest()
    return Inputs(digest.hexdigest(), locales)


def output_key(inputs: Inputs, locale: str, edition: str, draft: bool, edition_date: str) -> str:
    parts = [inputs.common, inputs.locales.get(locale, ""), locale, edition, f"draft={draft}", edition_date]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Stamp:
    """The record kept beside an output in dist/.build/."""

    key: str
    status: str  # "built" or "skipped"
    reason: str = ""
    sha256: str = ""
    bytes: int = 0
    pages: int = 0
    page_map: dict[str, int] = field(default_factory=dict)
    coverage: float = 100.0
    review: str = "pending"  # expert review of the chapters
    translation_review: str = ""  # "", "pending" or "reviewed"
    edition_date: str = ""


def stamp_path(config: Config, locale: str, edition: str) -> Path:
    return config.paths["dist"] / ".build" / locale / f"{edition}.json"


def read_stamp(path: Path) -> Stamp | None:
    try:
        return Stamp(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(path: Path, stamp: Stamp) -> None:
    write_atomic(path, json.dumps(asdict(stamp), indent=1, sort_keys=True).encode("utf-8"))


def up_to_date(stamp: Stamp | None, key: str, output: Path) -> bool:
    if stamp is None or stamp.key != key:
        return False
    if stamp.status == "skipped":
        return True
    return output.is_file() and output.stat().st_size == stamp.bytes and file_hash(output) == stamp.sha256
