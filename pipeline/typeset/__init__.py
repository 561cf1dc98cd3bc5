"""The typesetting stage: the only part of the press that imports reportlab."""

from pipeline.typeset import shaping  # noqa: F401  (patches reportlab's shaped text; see the module)
from pipeline.typeset import structure  # noqa: F401  (pikepdf loads with the typesetter, not inside a job's time)
from pipeline.typeset.document import typeset_book

__all__ = ["typeset_book"]
