"""Chapter front matter: YAML checked against a small schema.

Fields: ``title``, ``summary``, ``jurisdiction`` and ``review`` (``status``,
``reviewer``, ``date``). Unknown and missing fields are errors, each reported
at its line in the chapter file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import yaml

from pipeline.errors import Loc, Problem
from pipeline.model import REVIEW_STATUSES, Review

TOP_FIELDS = ("title", "summary", "jurisdiction", "review")
CHECKLIST_FIELDS = ("title", "chapter", "review")  # a checklist names the chapter it comes from
REVIEW_FIELDS = ("status", "reviewer", "date")


@dataclass(frozen=True)
class FrontMatter:
    title: str
    summary: str
    jurisdiction: str
    review: Review
    lines: tuple[tuple[str, int], ...] = ()
    chapter: str = ""


def read_front_matter(text: str | None, file: str, first_line: int = 2,
                      fields: tuple[str, ...] = TOP_FIELDS) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the YAML between the ``---`` fences; ``first_line`` is its first line in the file."""
    if text is None:
        return None, [Problem(Loc(file, 1), "no front matter; start the file with a --- block holding " + ", ".join(fields))]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else 1
        return None, [Problem(Loc(file, line), f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict) or node is None:
        return None, [Problem(Loc(file, first_line), "front matter must be a mapping of field: value")]
    lines = _key_lines(node, first_line)
    problems = _unknown(data, fields, lines, "", file, first_line)
    text_of = {key: _string(data, key, lines, file, first_line, problems) for key in fields if key != "review"}
    review = _review(data.get("review"), lines, file, first_line, problems)
    if problems:
        return None, problems
    return FrontMatter(text_of["title"], text_of.get("summary", ""), text_of.get("jurisdiction", ""), review,
                       tuple(sorted(lines.items())), text_of.get("chapter", "")), []


def _key_lines(node: yaml.Node, first_line: int, prefix: str = "") -> dict[str, int]:
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = prefix + str(key.value)
            out[name] = first_line + key.start_mark.line
            out.update(_key_lines(value, first_line, name + "."))
    return out


def _unknown(data: dict, allowed: tuple[str, ...], lines: dict[str, int], prefix: str, file: str, first_line: int) -> list[Problem]:
    problems = []
    for key in data:
        if key not in allowed:
            line = lines.get(prefix + str(key), first_line)
            problems.append(Problem(Loc(file, line), f"unknown front matter field {prefix + str(key)!r}; allowed: {', '.join(allowed)}"))
    for key in allowed:
        if key not in data:
            where = lines.get(prefix.rstrip("."), first_line)
            problems.append(Problem(Loc(file, where), f"front matter field {prefix + key!r} is missing; add it"))
    return problems


def _string(data: dict, key: str, lines: dict[str, int], file: str, first_line: int, problems: list[Problem]) -> str:
    value = data.get(key)
    if key in data and (not isinstance(value, str) or not value.strip()):
        problems.append(Problem(Loc(file, lines.get(key, first_line)), f"front matter field {key!r} must be a non-empty text"))
        return ""
    return (value or "").strip() if isinstance(value, str) else ""


def _review(value: object, lines: dict[str, int], file: str, first_line: int, problems: list[Problem]) -> Review:
    here = Loc(file, lines.get("review", first_line))
    if not isinstance(value, dict):
        if value is not None or "review" in lines:
            problems.append(Problem(here, "front matter field 'review' must hold status, reviewer and date"))
        return Review("pending", None, None)
    problems.extend(_unknown(value, REVIEW_FIELDS, lines, "review.", file, first_line))
    status, reviewer, when = value.get("status"), value.get("reviewer"), value.get("date")
    if "status" in value and status not in REVIEW_STATUSES:
        problems.append(Problem(Loc(file, lines.get("review.status", here.line)), f"review.status must be one of {', '.join(REVIEW_STATUSES)}, not {status!r}"))
    if reviewer is not None and not isinstance(reviewer, str):
        problems.append(Problem(Loc(file, lines.get("review.reviewer", here.line)), "review.reviewer must be a name, or left empty"))
    if when is not None and not isinstance(when, date):
        problems.append(Problem(Loc(file, lines.get("review.date", here.line)), "review.date must be a date (YYYY-MM-DD), or left empty"))
    if status == "reviewed" and not (reviewer and when):
        problems.append(Problem(here, "a reviewed chapter needs review.reviewer and review.date"))
    return Review(str(status), reviewer if isinstance(reviewer, str) else None, when if isinstance(when, date) else None)
