"""The baseline the press is measured against: a naive reportlab script that
sets the same chapters as plain paragraphs, with no contents, links, glossary
or hyphenation.  python bench/naive.py BOOK_DIR OUT.pdf"""

import re
import sys
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

fonts = Path(__file__).resolve().parents[1] / "fonts"
pdfmetrics.registerFont(TTFont("NotoSans", str(fonts / "NotoSans-Regular.ttf")))
pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(fonts / "NotoSans-Bold.ttf")))
body = ParagraphStyle("body", fontName="NotoSans", fontSize=11, leading=15.5, spaceAfter=7)
head = ParagraphStyle("head", fontName="NotoSans-Bold", fontSize=16, leading=21, spaceBefore=12, spaceAfter=5)
story = []
for path in sorted((Path(sys.argv[1]) / "chapters").glob("*.md")):
    text = path.read_text().split("\n---\n", 1)[1]
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"[*>#|\[\]]|\(\S+\.md\S*\)|^\s*[-\d.]+\s", "", block.strip(), flags=re.M)
        if block:
            story.append(Paragraph(block.replace("&", "&amp;").replace("<", "&lt;"), head if len(block) < 50 else body))
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[2], pagesize=LETTER, initialFontName="NotoSans").build(story)
