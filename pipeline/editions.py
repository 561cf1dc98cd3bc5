"""The editions and their page geometry. Plain data in points; no reportlab.

| edition     | page                          | for                                   |
|-------------|-------------------------------|---------------------------------------|
| screen      | full sheet (US Letter or A4)  | download: links, bookmarks            |
| large-print | full sheet, 18 pt and larger  | readers with low vision               |
| booklet     | half sheet, imposed 2-up      | duplex office printing, fold, staple  |
| print       | half sheet plus 0.125 in bleed| print shops: crop marks, page boxes   |
"""

from __future__ import annotations

from dataclasses import dataclass

INCH = 72.0
PAPERS = {
    "letter": {"full": (8.5 * INCH, 11 * INCH), "half": (5.5 * INCH, 8.5 * INCH)},
    "a4": {"full": (595.28, 841.89), "half": (419.53, 595.28)},  # A4 and A5
}
EDITION_NAMES = ("screen", "large-print", "booklet", "print")


@dataclass(frozen=True)
class Edition:
    name: str
    trim: tuple[float, float]  # the finished page
    inner: float  # margin at the spine (left on odd pages)
    outer: float
    top: float
    bottom: float
    scale: float = 1.0  # type size relative to the screen edition
    min_text: float = 0.0  # smallest type size allowed, in points
    min_heading: float = 0.0
    facing: bool = False  # mirrored margins, chapters on odd pages, back cover, pages padded to 4
    bleed: float = 0.0  # added on every side of the trim
    links: bool = True  # link annotations and link colour
    cmyk: bool = False  # only CMYK or grey colour
    italics: bool = True  # large print sets emphasis in bold instead
    hyphenate: bool = True
    imposed_on: tuple[float, float] | None = None  # booklet: the landscape sheet two pages go on

    @property
    def tagged(self) -> bool:
        """Editions read on a screen are tagged PDF (PDF/UA); the paper ones need not be."""
        return self.links

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim[0] + 2 * self.bleed, self.trim[1] + 2 * self.bleed)


def edition(name: str, paper: str = "letter") -> Edition:
    full, half = PAPERS[paper]["full"], PAPERS[paper]["half"]
    if name == "screen":
        return Edition(name, full, INCH, INCH, 0.95 * INCH, 0.9 * INCH)
    if name == "large-print":
        return Edition(name, full, 0.8 * INCH, 0.8 * INCH, 0.9 * INCH, 0.9 * INCH, scale=1.6, min_text=18,
                       min_heading=22, italics=False, hyphenate=False)
    booklet = dict(inner=0.7 * INCH, outer=0.5 * INCH, top=0.6 * INCH, bottom=0.65 * INCH, scale=0.88, facing=True,
                   links=False)
    if name == "booklet":
        return Edition(name, half, imposed_on=(full[1], full[0]), **booklet)
    if name == "print":
        return Edition(name, half, bleed=0.125 * INCH, cmyk=True, **booklet)
    raise ValueError(f"unknown edition {name!r}")
