"""Read the structure of a PDF for tests: text per page, outline, links, fonts."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import IndirectObject


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]



def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, depth first."""
    out: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


@dataclass(frozen=True)
class InternalLink:
    page: int  # 1-based page holding the link
    rect: tuple[float, float, float, float]  # PDF user space, origin bottom left
    target_page: int  # 1-based
    target_top: float  # PDF user space


def internal_links(reader: PdfReader) -> list[InternalLink]:
    """Every link annotation that goes to a place inside the document."""
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    out = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") == "/GoTo":
                dest = action.get_object().get("/D")
            if dest is None:
                continue
            target = page_numbers[dest[0].idnum]
            top = float(dest[3]) if len(dest) > 3 and dest[1] == "/XYZ" else 1e9
            out.append(InternalLink(number, tuple(float(v) for v in annot["/Rect"]), target, top))
    return out


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float  # from the top of the page, as poppler reports it
    x1: float
    bottom: float


def poppler_words(path: Path) -> tuple[list[list[Word]], list[float]]:
    """Every word with its box, per page, from poppler's pdftotext -bbox; and page heights."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[Word]] = []
    heights: list[float] = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        heights.append(float(page.group(2)))
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page.group(3))
        pages.append([Word(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in words])
    return pages, heights


def external_links(reader: PdfReader) -> list[str]:
    out = []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                out.append(str(action.get_object()["/URI"]))
    return out


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font used on any page -> whether its program is embedded."""
    out: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object() if isinstance(font, IndirectObject) else font
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[str(font.get("/BaseFont"))] = embedded
    return out


def open_pdf(path: Path) -> PdfReader:
    return PdfReader(str(path))
