"""Strict reading and quality checks of PO files, for translators.

babel's reader is lenient: it warns on stdout and can drop entries. This
module lexes a PO file itself, so that every syntax error, duplicate msgid
and bad plural index is reported as ``file:line: message``. The quality
checks then compare each translation with its source message.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import model as m
from pipeline.errors import Loc, Problem, Severity

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass
class Entry:
    line: int  # line of msgid
    msgid: str = ""
    msgctxt: str | None = None
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)  # msgstr, msgstr[n]
    string_lines: dict[int, int] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False
    has_msgid: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def msgstr(self) -> str:
        return self.strings.get(0, "")

    @property
    def msgstr_line(self) -> int:
        return self.string_lines.get(0, self.line)

    @property
    def translated(self) -> bool:
        return bool(self.strings) and all(self.strings.values())


@dataclass
class PoFile:
    path: Path
    entries: list[Entry]
    headers: dict[str, str]
    problems: list[Problem]

    @property
    def messages(self) -> list[Entry]:
        return [e for e in self.entries if e.msgid and not e.obsolete]


def _string(text: str, loc: Loc, problems: list[Problem]) -> str | None:
    """Decode one quoted PO string; report an unterminated or badly escaped one."""
    text = text.strip()
    if not text.startswith('"'):
        problems.append(Problem(loc, "expected a string in double quotes"))
        return None
    out, i = [], 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                problems.append(Problem(loc, f"bad escape sequence {text[i:i + 2]!r}; use \\n, \\t, \\\" or \\\\"))
                return None
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        elif ch == '"':
            if text[i + 1:].strip():
                problems.append(Problem(loc, "text after the closing quote; put one string per line"))
                return None
            return "".join(out)
        else:
            out.append(ch)
            i += 1
    problems.append(Problem(loc, "unterminated string: the closing \" is missing"))
    return None


def read_po_strict(path: Path, display: str | None = None) -> PoFile:
    name = display or str(path)
    problems: list[Problem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        return PoFile(path, [], {}, [Problem(Loc(name, 1), f"file is not UTF-8 ({exc.reason}); save it as UTF-8")])
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which string continuation lines extend
    flags_pending: set[str] = set()
    refs_pending: list[str] = []

    def finish() -> None:
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(lines, 1):
        loc = Loc(name, number)
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        if not line:
            finish()
            continue
        if line.startswith("#") and not obsolete:
            if entry is not None and entry.strings:
                finish()
            if line.startswith("#,"):
                flags_pending |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#:"):
                refs_pending += line[2:].split()
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            word, index, rest = keyword.groups()
            if word in ("msgid", "msgctxt") and entry is not None and (entry.strings or (word == "msgctxt") or entry.has_msgid):
                finish()
            if entry is None:
                entry = Entry(number, fuzzy="fuzzy" in flags_pending, obsolete=obsolete, references=refs_pending)
                flags_pending, refs_pending = set(), []
            value = _string(rest, loc, problems)
            value = "" if value is None else value
            if word == "msgctxt":
                entry.msgctxt = value
                target = ("msgctxt", 0)
            elif word == "msgid":
                entry.msgid, entry.line, entry.has_msgid = value, number, True
                target = ("msgid", 0)
            elif word == "msgid_plural":
                if not entry.has_msgid:
                    problems.append(Problem(loc, "msgid_plural before msgid"))
                entry.plural = value
                target = ("msgid_plural", 0)
            else:
                if not entry.has_msgid:
                    problems.append(Problem(loc, "msgstr without a msgid before it"))
                n = int(index) if index is not None else 0
                if index is not None and entry.plural is None:
                    problems.append(Problem(loc, f"msgstr[{n}] in a message that has no msgid_plural; use msgstr"))
                if index is None and entry.plural is not None:
                    problems.append(Problem(loc, "a plural message needs msgstr[0], msgstr[1], …"))
                entry.strings[n], entry.string_lines[n] = value, number
                target = ("msgstr", n)
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                problems.append(Problem(loc, "a string line outside any message"))
                continue
            value = _string(line, loc, problems) or ""
            kind, n = target
            if kind == "msgstr":
                entry.strings[n] += value
            elif kind == "msgid":
                entry.msgid += value
            elif kind == "msgid_plural":
                entry.plural = (entry.plural or "") + value
            else:
                entry.msgctxt = (entry.msgctxt or "") + value
            continue
        problems.append(Problem(loc, f"unexpected text {raw.strip()[:30]!r}; every line is a comment (#), a keyword or a \"string\""))
    finish()
    headers = _headers(entries)
    problems += _entry_problems(entries, headers, name)
    return PoFile(path, entries, headers, problems)


def _headers(entries: list[Entry]) -> dict[str, str]:
    head = next((e for e in entries if e.has_msgid and e.msgid == "" and not e.obsolete), None)
    out = {}
    for line in (head.msgstr if head else "").splitlines():
        key, _, value = line.partition(":")
        if key.strip():
            out[key.strip()] = value.strip()
    return out


def _entry_problems(entries: list[Entry], headers: dict[str, str], name: str) -> list[Problem]:
    problems = []
    plural = re.search(r"nplurals\s*=\s*(\d+)", headers.get("Plural-Forms", ""))
    nplurals = int(plural.group(1)) if plural else 2
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if not entry.has_msgid:
            problems.append(Problem(Loc(name, entry.line), "message without msgid"))
            continue
        if not entry.strings:
            problems.append(Problem(Loc(name, entry.line), "msgid without msgstr; add msgstr \"\""))
        for n, line in entry.string_lines.items():
            if entry.plural is not None and n >= nplurals:
                problems.append(Problem(Loc(name, line), f"bad plural index msgstr[{n}]: this language has {nplurals} plural forms (0 to {nplurals - 1})"))
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            problems.append(Problem(Loc(name, entry.line), f"duplicate msgid (first at line {seen[key]}); keep one of them"))
        else:
            seen[key] = entry.line
    return problems


def syntax_problems(path: Path) -> list[Problem]:
    return read_po_strict(path).problems


# ---------------------------------------------------------------- quality checks


@dataclass(frozen=True)
class QAContext:
    """What the checks need to know about the book: how to parse messages, and the glyphs the fonts have."""

    parse: object  # callable(text, line) -> (spans, problems, kind)
    coverage: frozenset[int] | None  # None: the locale has no fonts yet, glyphs are not checked
    is_ui: bool = False


def targets(spans: tuple[m.Inline, ...]) -> Counter:
    out: Counter = Counter()
    for span in m.iter_spans(spans):
        if isinstance(span, m.ChapterRef):
            out[f"{span.chapter}.md" + (f"#{span.anchor}" if span.anchor else "")] += 1
        elif isinstance(span, m.TermRef):
            out[f"term #{span.term}"] += 1
        elif isinstance(span, m.Link):
            out[span.href] += 1
        elif isinstance(span, m.Image):
            out[span.path] += 1
        elif isinstance(span, m.Field):
            out[f"`{span.kind}:` field"] += 1
    return out


def qa_problems(po: PoFile, qa: QAContext, display: str) -> list[Problem]:
    problems: list[Problem] = []
    untranslated = [e for e in po.messages if not e.translated]
    for entry in po.messages:
        if not entry.translated or entry.fuzzy:
            continue
        loc = Loc(display, entry.msgstr_line)
        for text in entry.strings.values():
            problems += _check_message(entry, text, loc, qa)
    if qa.coverage is None:
        problems.append(Problem(Loc(display, 1), "glyphs not checked: no fonts are chosen for this language yet",
                                Severity.WARNING))
    if untranslated:
        problems.append(Problem(Loc(display, untranslated[0].line),
                                f"{len(untranslated)} of {len(po.messages)} messages are not translated yet", Severity.WARNING))
    return problems


def _check_message(entry: Entry, text: str, loc: Loc, qa: QAContext) -> list[Problem]:
    out: list[Problem] = []
    missing = {c for c in text if qa.coverage is not None and ord(c) not in qa.coverage and not c.isspace()}
    if missing:
        names = ", ".join(f"U+{ord(c):04X} ({c})" for c in sorted(missing))
        out.append(Problem(loc, f"no glyph for {names} in this language's fonts; replace the character"))
    if qa.is_ui:
        if set(_PLACEHOLDER.findall(entry.msgid)) != set(_PLACEHOLDER.findall(text)):
            out.append(Problem(loc, f"placeholders differ: the source has {sorted(set(_PLACEHOLDER.findall(entry.msgid)))}, "
                                    f"the translation {sorted(set(_PLACEHOLDER.findall(text)))}; keep each {{name}} exactly"))
        if re.search(r"<[A-Za-z/!?]", text):
            out.append(Problem(loc, "mark-up (<…>) is not allowed in interface strings"))
    else:
        out += _check_markdown(entry, text, loc, qa)
    if text == entry.msgid and re.search(r"[^\W\d_]{3,}", text):
        out.append(Problem(loc, "translation is the same as the source; translate it, or leave it empty", Severity.WARNING))
    elif len(entry.msgid) >= 20 and not 0.5 <= len(text) / len(entry.msgid) <= 2.0:
        out.append(Problem(loc, f"translation is {len(text) / len(entry.msgid):.1f}× as long as the source; check that nothing is missing or added",
                           Severity.WARNING))
    return out


def _check_markdown(entry: Entry, text: str, loc: Loc, qa: QAContext) -> list[Problem]:
    source, _, _ = qa.parse(entry.msgid, loc.line)
    spans, problems, kind = qa.parse(text, loc.line)
    if kind != "paragraph":
        return [Problem(loc, f"the translation parses as {kind}, but the source is one block of text; "
                                "remove the line break, # or list marker at the start")]
    out = [Problem(loc, p.message) for p in problems]
    if targets(source) != targets(spans):
        lost = targets(source) - targets(spans)
        added = targets(spans) - targets(source)
        detail = "; ".join(filter(None, [f"missing {', '.join(lost)}" if lost else "", f"unexpected {', '.join(added)}" if added else ""]))
        out.append(Problem(loc, f"links differ from the source ({detail}); keep every (target) as it is"))
    plain_source, plain = m.plain_text(source), m.plain_text(spans)
    for mark in ("*", "_", "`"):
        if plain.count(mark) > plain_source.count(mark):
            out.append(Problem(loc, f"unbalanced emphasis: a {mark} has no partner; use *word* or **word**"))
            break
    return out
