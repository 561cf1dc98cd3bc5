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
    """Hashes of the inputs outputs share, of each locale's catalogs, and of each source file."""

    common: str  # everything a handbook holds
    locales: dict[str, str]
    base: str = ""  # config, fonts and code: what every output needs
    files: dict[str, str] = None  # a source file's path -> its hash


def hash_inputs(config: Config, images: list[Path]) -> Inputs:
    code = Path(pipeline.__file__).parent
    base_files = [config.path, *_tree(config.paths["fonts"], "*.tt[fc]"), *_tree(code, "*.py")]
    sources = [*(config.chapter_path(s) for s in config.chapters), *sorted(set(images)),
               *(config.checklist_path(s) for s in config.checklists)]
    hashes = {str(p): file_hash(p) if p.is_file() else "missing" for p in [*base_files, *sources]}
    base = hashlib.sha256(f"pipeline {pipeline.__version__}\n".encode())
    for path in base_files:
        base.update(f"{path.name}:{hashes[str(path)]}\n".encode())
    digest = hashlib.sha256(base.hexdigest().encode())
    for path in sources:
        digest.update(f"{path.name}:{hashes[str(path)]}\n".encode())
    locales = {}
    for locale in config.locales:
        one = hashlib.sha256()
        for path in _tree(config.paths["translations"] / locale, "*.po"):
            one.update(f"{path.name}:{file_hash(path)}\n".encode())
        locales[locale] = one.hexdigest()
    return Inputs(digest.hexdigest(), locales, base.hexdigest(), hashes)


def output_key(inputs: Inputs, locale: str, edition: str, draft: bool, edition_date: str,
               sources: list[Path] | None = None) -> str:
    """A handbook depends on everything; a checklist (``sources`` given) on its own file and its chapter."""
    shared = inputs.common if sources is None else inputs.base + "".join(inputs.files.get(str(p), "") for p in sources)
    parts = [shared, inputs.locales.get(locale, ""), locale, edition, f"draft={draft}", edition_date]
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
    title: str = ""  # a checklist's title, in its language, for the download page
    extra: dict[str, str] = field(default_factory=dict)  # more files written by the same job -> sha256


def stamp_path(config: Config, locale: str, edition: str) -> Path:
    return config.paths["dist"] / ".build" / locale / f"{edition.replace(':', '-')}.json"


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
    if not (output.is_file() and output.stat().st_size == stamp.bytes and file_hash(output) == stamp.sha256):
        return False
    return all((output.parent / name).is_file() and file_hash(output.parent / name) == digest
               for name, digest in stamp.extra.items())
