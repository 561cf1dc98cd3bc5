"""Write the structure tree of a tagged PDF from the leaves the tagger recorded.

Document > Sect (a chapter, the cover, the contents) > the containers on each
leaf's path (L > LI > LBody, Table > TR > TD, Note, BlockQuote, TOC > TOCI) >
the leaf (H1–H4, P, Code, Figure, Form, Lbl). Elements appear in drawing
order, which is the source order. Link annotations become Link elements under
the leaf they sit in, with /StructParent and /Contents; form fields join
their Form leaf. The catalog gets /MarkInfo, the ParentTree, /Lang and XMP
metadata that identifies PDF/UA-1. pikepdf writes it all, packing the many
small structure objects into object streams.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pipeline.typeset.tagging import Leaf


class _Tree:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = self.element("Document", self.root)
        self.root.K = Array([self.document])
        self.by_path: dict[tuple, pikepdf.Object] = {(): self.document}

    def element(self, kind: str, parent, **extra) -> pikepdf.Object:
        elem = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent, K=Array()))
        for key, value in extra.items():
            elem[Name("/" + key)] = value
        return elem

    def container(self, path: tuple) -> pikepdf.Object:
        if path not in self.by_path:
            parent = self.container(path[:-1])
            elem = self.element(path[-1][0], parent)
            parent.K.append(elem)
            self.by_path[path] = elem
        return self.by_path[path]


def add_structure(pdf_bytes: bytes, leaves: list[Leaf], lang: str, title: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    tree = _Tree(pdf)
    pages = [page.obj for page in pdf.pages]
    parent_tree: dict[int, list] = {}  # page index -> elements by MCID
    elements: dict[int, pikepdf.Object] = {}
    boxes: dict[int, list[tuple[Leaf, pikepdf.Object]]] = {}
    for leaf in _cells_in_source_order(leaves):
        index = leaf.page - 1
        page = pages[index]
        if leaf.leaf not in elements:
            parent = tree.container(leaf.path)
            extra = {"Pg": page}
            if leaf.alt:
                extra["Alt"] = String(leaf.alt)
            if leaf.lang:
                extra["Lang"] = String(leaf.lang)
            elem = tree.element(leaf.tag, parent, **extra)
            parent.K.append(elem)
            elements[leaf.leaf] = elem
        elem = elements[leaf.leaf]
        if leaf.text:  # shaped text: the element says what it reads, for screen readers and tree text
            before = str(elem.get("/ActualText", ""))
            elem.ActualText = String(f"{before} {leaf.text}".strip())
        if elem.Pg.objgen == page.objgen:
            elem.K.append(leaf.mcid)
        else:
            elem.K.append(Dictionary(Type=Name.MCR, Pg=page, MCID=leaf.mcid))
        slots = parent_tree.setdefault(index, [])
        slots.extend([None] * (leaf.mcid + 1 - len(slots)))
        slots[leaf.mcid] = elem
        boxes.setdefault(index, []).append((leaf, elem))
    nums = Array()
    for index in sorted(parent_tree):
        pages[index].StructParents = index
        nums.extend([index, Array(parent_tree[index])])
    next_key = len(pages)
    for index, page in enumerate(pages):
        annotations = page.get("/Annots")
        if not annotations:
            continue
        page.Tabs = Name.S
        used: dict[int, int] = {}
        for annotation in annotations:
            objr = Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)
            kind = annotation.get("/Subtype")
            if kind == Name.Widget:  # a form field: its Form leaf holds it
                leaf, elem = _leaf_at([b for b in boxes.get(index, []) if b[0].tag == "Form"], annotation.Rect)
                target = elem
            elif kind == Name.Link:
                leaf, elem = _leaf_at(boxes.get(index, []), annotation.Rect)
                if elem is not None:
                    n = used.get(leaf.leaf, 0)
                    used[leaf.leaf] = n + 1
                    annotation.Contents = String(leaf.links[n] if n < len(leaf.links) else "link")
                    target = tree.element("Link", elem)
                    elem.K.append(target)
            else:
                continue
            if elem is None:
                continue
            target.K.append(objr)
            annotation.StructParent = next_key
            nums.extend([next_key, target])
            next_key += 1
    tree.root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = tree.root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.Metadata = pdf.make_stream(_xmp(title, lang).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True, deterministic_id=True)
    return out.getvalue()


def _leaf_at(candidates: list, rect) -> tuple:
    x = (float(rect[0]) + float(rect[2])) / 2
    y = (float(rect[1]) + float(rect[3])) / 2
    for leaf, elem in candidates:
        box = leaf.box
        if box[0] - 2 <= x <= box[2] + 2 and box[1] - 2 <= y <= box[3] + 2:
            return leaf, elem
    return None, None


def _xmp(title: str, lang: str) -> str:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _row_of(leaf: Leaf) -> tuple | None:
    """The innermost table row or list item the leaf is in, on its page."""
    for i in range(len(leaf.path) - 1, -1, -1):
        if leaf.path[i][0] in ("TR", "LI"):
            return (leaf.page, leaf.path[:i + 1])
    return None


def _cells_in_source_order(leaves: list[Leaf]) -> list[Leaf]:
    """Leaves in drawing order, except that the cells of a table row (and the
    parts of a list item) keep their source order: a right-to-left table draws
    its first column last."""
    out: list[Leaf] = []
    i = 0
    while i < len(leaves):
        row = _row_of(leaves[i])
        j = i + 1
        while row is not None and j < len(leaves) and _row_of(leaves[j]) == row:
            j += 1
        out += sorted(leaves[i:j], key=lambda leaf: leaf.leaf) if row is not None else leaves[i:j]
        i = j
    return out

