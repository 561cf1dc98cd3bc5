"""The press stage: page-level work on finished PDFs. Booklet imposition.

For saddle stitching, ``n`` pages (a multiple of four) go two to a side on
``n / 4`` sheets. Sheet ``s`` (from 0) carries pages ``n - 2s`` and ``1 + 2s``
on its front, and ``2 + 2s`` and ``n - 1 - 2s`` on its back, left to right.
Printed duplex, flipped on the short edge, folded and stapled, the pages
read in order. A right-to-left book (Arabic, Farsi) is bound on the right:
each side carries the same two pages, swapped.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

Side = tuple[int, int]  # (left page, right page), numbered from 1


def saddle_stitch(pages: int, rtl: bool = False) -> list[tuple[Side, Side]]:
    """(front, back) of every sheet, for a booklet of ``pages`` pages; ``rtl``: spine on the right."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sheets = [((pages - 2 * s, 1 + 2 * s), (2 + 2 * s, pages - 1 - 2 * s)) for s in range(pages // 4)]
    if rtl:
        return [((front[1], front[0]), (back[1], back[0])) for front, back in sheets]
    return sheets


def impose_booklet(pdf: bytes, sheet: tuple[float, float], rtl: bool = False) -> bytes:
    """Two half-size pages on each side of a landscape sheet, in saddle-stitch order."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    width, height = sheet
    for front, back in saddle_stitch(len(reader.pages), rtl):
        for left, right in (front, back):
            side = PageObject.create_blank_page(width=width, height=height)
            for number, x in ((left, 0.0), (right, width / 2)):
                page = reader.pages[number - 1]
                side.merge_transformed_page(page, Transformation().translate(tx=x, ty=(height - float(page.mediabox.height)) / 2))
            writer.add_page(side)
    for key in ("/Title", "/Author", "/Subject", "/Creator"):
        if reader.metadata and reader.metadata.get(key):
            writer.add_metadata({key: reader.metadata[key]})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang:
        from pypdf.generic import NameObject, TextStringObject

        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
