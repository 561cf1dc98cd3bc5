"""Write outputs into ``dist/`` atomically: a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.i18n import UI


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- manifest and download page

EDITION_LABELS = {
    "screen": "For reading on a screen (US Letter, with links and bookmarks)",
    "large-print": "Large print (18 point type and larger)",
    "booklet": "Booklet to print on an office printer (two pages per sheet, both sides, flip on the short edge)",
    "print": "For print shops (half-letter pages with bleed and crop marks)",
}


def write_manifest(dist: Path, entries: list[dict]) -> None:
    import json

    data = {"files": sorted(entries, key=lambda e: (e["locale"], e["file"]))}
    write_atomic(dist / "manifest.json", (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def write_index(dist: Path, title: str, entries: list[dict], languages: dict[str, tuple[str, str, str]]) -> None:
    """A download page without JavaScript. ``languages``: locale -> (native name, English name, BCP 47 tag)."""
    from html import escape

    sections = []
    for locale in sorted({e["locale"] for e in entries}, key=lambda l: (l != "en", languages.get(l, (l,))[1])):
        native, english, tag = languages.get(locale, (locale, locale, locale))
        rtl = UI(locale).rtl  # Arabic, Farsi: the section reads right to left, its English notes left to right
        en = 'lang="en" dir="ltr"' if rtl else 'lang="en"'
        rows = []
        for entry in sorted((e for e in entries if e["locale"] == locale), key=lambda e: (e["kind"] != "handbook", e["file"])):
            if entry["kind"] == "checklist":
                how = "fillable on a screen" if entry["edition"] == "screen" else "to print and fill in by hand"
                label = f'{escape(entry["title"])} <span {en}>(one-page checklist, {how})</span>'
            else:
                label = f'<span {en}>{escape(EDITION_LABELS.get(entry["edition"], entry["edition"]))}</span>'
            size = f"{entry['bytes'] / 1_000_000:.1f} MB" if entry["bytes"] >= 100_000 else f"{entry['bytes'] // 1000} KB"
            rows.append(f'      <li><a href="{escape(entry["file"])}" hreflang="{escape(tag)}" type="application/pdf">'
                        f'{label}</a> <span class="meta" {en}>(PDF, {entry["pages"]} page{"s" * (entry["pages"] != 1)}, {size})</span></li>')
        heading = escape(native) if native == english else f'{escape(native)} <span {en}>({escape(english)})</span>'
        direction = 'dir="rtl" ' if rtl else ""
        sections.append(f'  <section {direction}lang="{escape(tag)}" aria-labelledby="h-{escape(locale)}">\n'
                        f'    <h2 id="h-{escape(locale)}">{heading}</h2>\n    <ul>\n' + "\n".join(rows) + "\n    </ul>\n  </section>")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: downloads</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; line-height: 1.5; color: #1a1a1a; }}
h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.25rem; margin-top: 2rem; }}
a {{ color: #1a5c99; }} a:focus {{ outline: 3px solid #c99a00; }} .meta {{ color: #555; }}
</style>
</head>
<body>
<main>
  <h1>{escape(title)}</h1>
  <p>Download the handbook in your language. Every file is a PDF.</p>
{chr(10).join(sections)}
</main>
</body>
</html>
"""
    write_atomic(dist / "index.html", page.encode("utf-8"))


def publish_index(config) -> None:
    """dist/manifest.json and dist/index.html, from the stamps of the files in dist/."""
    from pipeline.i18n import UI
    from pipeline.outputs import CHECKLIST_UNIT, output_path, print_path

    from babel import Locale, UnknownLocaleError

    from pipeline.publish import write_index, write_manifest
    from pipeline.stamps import read_stamp, stamp_path

    dist = config.paths["dist"]
    entries = []
    units = [*config.editions, *(CHECKLIST_UNIT + slug for slug in config.checklists)]
    for locale in config.locales:
        for unit in units:
            path = output_path(config, locale, unit)
            stamp = read_stamp(stamp_path(config, locale, unit))
            if stamp is None or stamp.status != "built" or not path.is_file():
                continue
            common = {"locale": locale, "translated_words_percent": stamp.coverage, "review_status": stamp.review,
                      "translation_review": stamp.translation_review or None, "edition_date": stamp.edition_date}
            if not unit.startswith(CHECKLIST_UNIT):
                entries.append({"file": str(path.relative_to(dist)), "edition": unit, "kind": "handbook",
                                "pages": stamp.pages, "bytes": stamp.bytes, "sha256": stamp.sha256, **common})
                continue
            for version, file, digest in (("screen", path, stamp.sha256), ("print", print_path(path), stamp.extra.get(print_path(path).name))):
                if file.is_file():
                    entries.append({"file": str(file.relative_to(dist)), "edition": version, "kind": "checklist",
                                    "checklist": unit[len(CHECKLIST_UNIT):], "title": stamp.title, "pages": 1,
                                    "bytes": file.stat().st_size, "sha256": digest, **common})
    languages = {}
    for locale in {e["locale"] for e in entries}:
        settings = config.settings_for(locale)
        ui = UI(locale, settings=settings)
        try:
            english = Locale.parse(locale).get_display_name("en")
        except (UnknownLocaleError, ValueError):
            english = locale
        languages[locale] = (ui.language_name, english, ui.lang_tag)
    dist.mkdir(parents=True, exist_ok=True)
    write_manifest(dist, entries)
    write_index(dist, config.title, entries, languages)
