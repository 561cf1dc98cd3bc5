"""Build the committed Chinese and Korean fonts from Noto Sans CJK.

    apt-get install fonts-noto-cjk      # Debian 1:20220127+repack1-1 was used
    python fonts/build_cjk.py [EXTRA_TEXT_FILES...]

reportlab embeds only TrueType outlines, and Noto Sans CJK has CFF outlines.
For each of SC (Simplified), TC (Traditional) and KR (Korean), regular and
bold, this script:
1. takes the subfont from the .ttc by its family name;
2. subsets it to a documented character set (below), plus every character
   of the given files (the current translations), dropping the OpenType
   layout tables, which reportlab does not use for these scripts;
3. converts the cubic CFF outlines to quadratic TrueType outlines with
   fontTools' cu2qu, and writes fonts/NotoSansCJK<region>-<Weight>.ttf.

Character sets, beyond ASCII, Latin-1, General Punctuation, CJK Symbols and
Punctuation, and Halfwidth and Fullwidth Forms:
- SC: the 6,763 hanzi of GB 2312;
- TC: the 5,401 hanzi of Big5 level 1;
- KR: all 11,172 precomposed Hangul syllables and the compatibility jamo.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto")
HERE = Path(__file__).resolve().parent
COMMON = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]


def _decode_range(encoding: str, first: range, second: range) -> set[int]:
    out = set()
    for a in first:
        for b in second:
            try:
                out.add(ord(bytes([a, b]).decode(encoding)))
            except UnicodeDecodeError:
                pass
    return out


def charset(region: str) -> set[int]:
    if region == "SC":
        extra = _decode_range("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    elif region == "TC":
        extra = {c for c in _decode_range("big5", range(0xA4, 0xC7), range(0x40, 0xFF)) if c >= 0x4E00}
    else:
        extra = set(range(0xAC00, 0xD7A4)) | set(range(0x3131, 0x318F))
    return set(COMMON) | extra


def to_truetype(font) -> None:
    """Replace CFF outlines with quadratic glyf outlines (max error 1 unit)."""
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"
    font.recalcBBoxes = True


def build(region: str, weight: str, extra: set[int]) -> Path:
    family = {"SC": "Noto Sans CJK SC", "TC": "Noto Sans CJK TC", "KR": "Noto Sans CJK KR"}[region]
    collection = TTCollection(str(SOURCE / f"NotoSansCJK-{weight}.ttc"))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == family)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    cmap = font.getBestCmap()
    subsetter.populate(unicodes=[c for c in charset(region) | extra if c in cmap])
    subsetter.subset(font)
    to_truetype(font)
    target = HERE / f"NotoSansCJK{region}-{weight}.ttf"
    font.save(str(target))
    return target


def main(extra_files: list[str]) -> None:
    extra = {ord(ch) for name in extra_files for ch in Path(name).read_text(encoding="utf-8")}
    for region in ("SC", "TC", "KR"):
        for weight in ("Regular", "Bold"):
            path = build(region, weight, extra)
            print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
