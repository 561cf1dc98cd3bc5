"""Error types and the problem records that every stage reports.

Stages never print. They return or raise :class:`Problem` records, each tied
to a ``file:line`` and phrased so that the reader knows what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a source file, shown to users as ``file:line``."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the sources, where it is, and what to do about it."""

    loc: Loc
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.loc}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PipelineError(Exception):
    """Base of every error the press raises on purpose."""


class ProblemsFound(PipelineError):
    """Raised when checks found errors; carries all of them at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(PipelineError):
    """A single problem found while a stage was running (for example layout)."""

    def __init__(self, loc: Loc, message: str) -> None:
        self.problem = Problem(loc, message)
        super().__init__(str(self.problem))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]
