"""Gettext catalogs: extract templates, create and update locale catalogs.

Templates: ``translations/templates/<chapter>.pot`` (one message per block)
and ``ui.pot`` (interface strings extracted from the pipeline's code with
babel). Locale catalogs: ``translations/<locale>/<name>.po``. Files are
written only when their messages change, so extracting twice leaves every
file byte for byte the same.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import PoFileParser, normalize, write_po

import pipeline
from pipeline import model as m
from pipeline.config import Config
from pipeline.errors import Loc, Problem, ProblemsFound
from pipeline.messages import chapter_messages
from pipeline.publish import write_atomic

UI = "ui"
BOOK = "book"  # the strings of handbook.toml: title, subtitle, jurisdiction...
BOOK_FIELDS = ("title", "subtitle", "jurisdiction", "subject", "author")
PROJECT = "handbook"
REVIEW_HEADER = "X-Translation-Review"  # pending | reviewed
METHOD_HEADER = "X-Translation-Method"  # how it was drafted and checked
UI_KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2)}


class HandbookCatalog(Catalog):
    """A babel catalog that keeps the X- headers babel would drop (review status, method)."""

    def __init__(self, *args, **kwargs) -> None:
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        extra = sorted((k, v) for k, v in self.extra_headers.items() if k.lower().startswith("x-"))
        # babel ends the header block with Generated-By; keep ours before it
        return headers[:-1] + extra + headers[-1:]

    def _set_mime_headers(self, headers) -> None:
        for name, value in headers:
            if name.lower().startswith("x-"):
                self.extra_headers[name] = value.strip()
        super()._set_mime_headers(headers)

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    @property
    def review_status(self) -> str:
        return self.extra_headers.get(REVIEW_HEADER, "pending")

    @property
    def method(self) -> str:
        return self.extra_headers.get(METHOD_HEADER, "")


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool


def templates_dir(config: Config) -> Path:
    return config.paths["translations"] / "templates"


def locale_dir(config: Config, locale: str) -> Path:
    return config.paths["translations"] / locale


CHECKLIST = "checklist-"  # catalogs of checklists are named checklist-<name>


def catalog_names(config: Config) -> list[str]:
    return [*config.chapters, *(CHECKLIST + slug for slug in config.checklists), UI, BOOK]


# ---------------------------------------------------------------- extract


def chapter_template(chapter: m.Chapter, glossary: str | None) -> HandbookCatalog:
    catalog = _new_catalog(None)
    for msg in chapter_messages(chapter, glossary):
        comments = [f"type: {msg.kind}"] + ([f"Translators: {msg.note}"] if msg.note else [])
        existing = catalog.get(msg.msgid)
        if existing is not None:
            existing.locations.append((msg.loc.file, msg.loc.line))
            existing.auto_comments.extend(c for c in comments if c not in existing.auto_comments)
        else:
            catalog.add(msg.msgid, locations=[(msg.loc.file, msg.loc.line)], auto_comments=comments)
    return catalog


def ui_template() -> HandbookCatalog:
    """Interface strings marked with N_() or gettext() in the pipeline's code."""
    package = Path(pipeline.__file__).parent
    catalog = _new_catalog(None)
    found = extract_from_dir(str(package), method_map=[("**.py", "python")], keywords=UI_KEYWORDS,
                             comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, lineno, message, comments, _context in sorted(found, key=lambda f: (f[0], f[1])):
        if not isinstance(message, str) or not message:
            continue
        flags = ["python-brace-format"] if "{" in message else []
        location = (f"pipeline/{filename}", lineno)
        existing = catalog.get(message)
        if existing is not None:
            existing.locations.append(location)
        else:
            catalog.add(message, locations=[location], auto_comments=comments, flags=flags)
    return catalog


def book_template(config: Config) -> HandbookCatalog:
    """The book's own strings from the config: its title, subtitle and so on."""
    catalog = _new_catalog(None)
    text = config.path.read_text(encoding="utf-8").splitlines()
    for name in BOOK_FIELDS:
        line = next((n for n, row in enumerate(text, 1) if row.lstrip().startswith(f"{name} ")), 1)
        catalog.add(getattr(config, name), locations=[(config.display(config.path), line)],
                    auto_comments=[f"type: book {name}"])
    return catalog


def extract(config: Config, book: m.Book) -> list[Written]:
    """Write every template; a file is touched only when its messages changed."""
    folder = templates_dir(config)
    written = [_write_if_changed(folder / f"{c.slug}.pot", chapter_template(c, book.glossary)) for c in book.chapters]
    written += [_write_if_changed(folder / f"{CHECKLIST}{c.slug}.pot", chapter_template(c, book.glossary))
                for c in book.checklists]
    written.append(_write_if_changed(folder / f"{UI}.pot", ui_template()))
    written.append(_write_if_changed(folder / f"{BOOK}.pot", book_template(config)))
    return written


# ---------------------------------------------------------------- init and update


def init_locale(config: Config, locale: str, native_name: str | None = None) -> list[Written]:
    """Create a locale's catalogs from the templates; existing catalogs are kept."""
    out = []
    for name in catalog_names(config):
        target = locale_dir(config, locale) / f"{name}.po"
        if target.exists():
            out.append(Written(target, False))
            continue
        template = load_catalog(templates_dir(config) / f"{name}.pot")
        catalog = _new_catalog(locale)
        catalog.extra_headers = {REVIEW_HEADER: "pending", METHOD_HEADER: "not yet translated"}
        for message in template:
            if message.id:
                catalog.add(message.id, locations=message.locations, auto_comments=message.auto_comments,
                            flags=message.flags)
        out.append(_write(target, catalog))
    return out


def update_locale(config: Config, locale: str) -> list[Written]:
    """Merge the templates into a locale's catalogs: fuzzy matching, previous msgids, obsolete kept."""
    out = []
    for name in catalog_names(config):
        target = locale_dir(config, locale) / f"{name}.po"
        if not target.exists():
            out += init_locale(config, locale)
            continue
        catalog = load_catalog(target)
        template = load_catalog(templates_dir(config) / f"{name}.pot")
        previous_obsolete = dict(catalog.obsolete)
        previous_ids = {message.id: message.previous_id for message in catalog if message.id and message.previous_id}
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True)
        for key, message in previous_obsolete.items():  # babel forgets entries that were already obsolete
            catalog.obsolete.setdefault(key, message)
        for message in catalog:  # and the previous msgid of a message that is still fuzzy
            if message.fuzzy and not message.previous_id and message.id in previous_ids:
                message.previous_id = previous_ids[message.id]
        out.append(_write_if_changed(target, catalog, include_previous=True))
    return out


def locales_on_disk(config: Config) -> list[str]:
    root = config.paths["translations"]
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "templates") if root.is_dir() else []


# ---------------------------------------------------------------- reading and writing


def load_catalog(path: Path) -> HandbookCatalog:
    """Read a PO/POT file strictly: any syntax error raises ProblemsFound with file:line."""
    from pipeline.pocheck import syntax_problems  # local import: pocheck imports this module

    problems = syntax_problems(path)
    if problems:
        raise ProblemsFound(problems)
    catalog = HandbookCatalog()
    with path.open("rb") as handle:
        try:
            PoFileParser(catalog, ignore_obsolete=False, abort_invalid=True).parse(handle)
        except Exception as exc:  # babel's PoFileError and friends
            line = getattr(exc, "lineno", 0) or 0
            raise ProblemsFound([Problem(Loc(str(path), line), f"cannot read catalog: {exc}")]) from exc
    for message in [*catalog, *catalog.obsolete.values()]:
        _take_previous(message)
    return catalog


def _take_previous(message) -> None:
    """babel reads '#| msgid ...' as a user comment; turn it back into previous_id."""
    from pipeline.pocheck import _string  # the strict PO string decoder

    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    values: dict[str, str] = {}
    key = None
    for line in lines:
        word, _, rest = line.partition(" ")
        if word in ("msgid", "msgid_plural", "msgctxt"):
            key, line = word, rest
        if key:
            values[key] = values.get(key, "") + (_string(line, Loc("previous msgid"), []) or "")
    if "msgid" in values:
        message.previous_id = [values["msgid"], values["msgid_plural"]] if "msgid_plural" in values else [values["msgid"]]


def _new_catalog(locale: str | None) -> HandbookCatalog:
    catalog = HandbookCatalog(locale=locale, project=PROJECT, version=pipeline.__version__, charset="utf-8",
                      creation_date=datetime.now(timezone.utc).replace(second=0, microsecond=0),
                      header_comment="# Translations of the parent handbook on special-education rights.\n"
                                     "# Edit with Poedit or Weblate; check with: handbook check-po FILE.po",
                      fuzzy=False)
    if locale:
        catalog.revision_date = catalog.creation_date
        try:
            name = Locale.parse(locale).get_display_name("en")
        except UnknownLocaleError:  # no CLDR data, e.g. Hmong: no plural inflection
            name = locale
            catalog._num_plurals, catalog._plural_expr = 1, "0"
        catalog.language_team = f"{name} volunteers"
    return catalog


def render(catalog: Catalog, include_previous: bool = False) -> bytes:
    """The PO text of a catalog; previous msgids (#|) are written by :func:`_previous`,
    because babel wraps a multi-line previous msgid into a broken comment."""
    markers: dict[str, object] = {}
    for message in catalog:
        # babel flags any msgid with a % sign ("15% or more") as python-format; the
        # press formats with {braces} only, and msgfmt would check the wrong thing
        message.flags.discard("python-format")
    if include_previous:
        for index, message in enumerate(catalog):
            if message.id and message.previous_id:
                key = f"previous-msgid-{index}"
                message.flags.add(key)
                markers[key] = message
    buffer = io.BytesIO()
    try:
        write_po(buffer, catalog, width=76, sort_output=False, sort_by_file=False, include_previous=False,
                 ignore_obsolete=False, omit_header=False)
    finally:
        for key, message in markers.items():
            message.flags.discard(key)
    text = buffer.getvalue().decode("utf-8")
    for key, message in markers.items():
        text = re.sub(rf"^#, (.*)\b{key}\b(.*)$", lambda found: _previous(found, message), text, count=1, flags=re.M)
    return text.encode("utf-8")


def _previous(found: re.Match, message) -> str:
    flags = ", ".join(f.strip() for f in (found.group(1) + found.group(2)).split(",") if f.strip())
    ids = [message.previous_id] if isinstance(message.previous_id, str) else list(message.previous_id)
    lines = [f"#, {flags}"] if flags else []
    for keyword, value in zip(("msgid", "msgid_plural"), ids):
        block = f"{keyword} {normalize(value, width=76)}".splitlines()
        lines += [f"#| {line}" for line in block]
    return "\n".join(lines)


def _write(path: Path, catalog: Catalog, include_previous: bool = False) -> Written:
    write_atomic(path, render(catalog, include_previous))
    return Written(path, True)


_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', re.M)


def _write_if_changed(path: Path, catalog: Catalog, include_previous: bool = False) -> Written:
    """Write only if something other than the header dates changed."""
    data = render(catalog, include_previous)
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return Written(path, False)
    write_atomic(path, data)
    return Written(path, True)
