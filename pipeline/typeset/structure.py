"""Write the structure tree of a tagged PDF from the leaves the tagger recorded.

Document > Sect (a chapter, the cover, the contents) > the containers on each
leaf's path (L > LI > LBody, Table > TR > TD, Note, BlockQuote, TOC > TOCI) >
the leaf (H1–H4, P, Code, Figure). Elements appear in drawing order, which is
the source order. Link annotations become Link elements under the leaf they
sit in, with /StructParent and /Contents. The catalog gets /MarkInfo, the
ParentTree, and XMP metadata that identifies PDF/UA-1.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject, StreamObject,
                           TextStringObject)

from pipeline.typeset.tagging import Leaf


def _name(value: str) -> NameObject:
    return NameObject("/" + value)


class _Tree:
    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): _name("StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.document, self.document_ref = self.element("Document", self.root_ref)
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.by_key: dict[tuple, tuple[DictionaryObject, object]] = {(): (self.document, self.document_ref)}

    def element(self, kind: str, parent_ref, **extra) -> tuple[DictionaryObject, object]:
        elem = DictionaryObject({NameObject("/Type"): _name("StructElem"), NameObject("/S"): _name(kind),
                                 NameObject("/P"): parent_ref, NameObject("/K"): ArrayObject()})
        for key, value in extra.items():
            elem[NameObject("/" + key)] = value
        return elem, self.writer._add_object(elem)

    def container(self, path: tuple) -> tuple[DictionaryObject, object]:
        if path in self.by_key:
            return self.by_key[path]
        parent, parent_ref = self.container(path[:-1])
        elem, ref = self.element(path[-1][0], parent_ref)
        parent["/K"].append(ref)
        self.by_key[path] = (elem, ref)
        return elem, ref


def add_structure(pdf: bytes, leaves: list[Leaf], lang: str, title: str) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    tree = _Tree(writer)
    pages = writer.pages
    parent_tree: dict[int, list] = {}  # page index -> elements by MCID
    leaf_elements: dict[int, tuple[DictionaryObject, object]] = {}
    boxes: dict[int, list[tuple[tuple, DictionaryObject, object, Leaf]]] = {}
    for leaf in leaves:
        page_ref = pages[leaf.page - 1].indirect_reference
        if leaf.leaf not in leaf_elements:
            parent, parent_ref = tree.container(leaf.path)
            extra = {"Pg": page_ref}
            if leaf.alt:
                extra["Alt"] = TextStringObject(leaf.alt)
            if leaf.lang:
                extra["Lang"] = TextStringObject(leaf.lang)
            elem, ref = tree.element(leaf.tag, parent_ref, **extra)
            parent["/K"].append(ref)
            leaf_elements[leaf.leaf] = (elem, ref)
        elem, ref = leaf_elements[leaf.leaf]
        if leaf.text:  # shaped text: the element says what it reads, for screen readers and tree text
            before = str(elem.get("/ActualText", ""))
            elem[NameObject("/ActualText")] = TextStringObject(f"{before} {leaf.text}".strip())
        if elem["/Pg"] == page_ref:
            elem["/K"].append(NumberObject(leaf.mcid))
        else:
            elem["/K"].append(DictionaryObject({NameObject("/Type"): _name("MCR"), NameObject("/Pg"): page_ref,
                                                NameObject("/MCID"): NumberObject(leaf.mcid)}))
        slots = parent_tree.setdefault(leaf.page - 1, [])
        slots.extend([None] * (leaf.mcid + 1 - len(slots)))
        slots[leaf.mcid] = ref
        boxes.setdefault(leaf.page - 1, []).append((leaf.box, elem, ref, leaf))
    nums = ArrayObject()
    for index in sorted(parent_tree):
        pages[index][NameObject("/StructParents")] = NumberObject(index)
        nums += [NumberObject(index), ArrayObject(parent_tree[index])]
    next_key = len(pages)
    for index, page in enumerate(pages):
        annotations = page.get("/Annots")
        if not annotations:
            continue
        page[NameObject("/Tabs")] = _name("S")
        used: dict[int, int] = {}
        for annotation_ref in annotations:
            annotation = annotation_ref.get_object()
            objr = DictionaryObject({NameObject("/Type"): _name("OBJR"), NameObject("/Obj"): annotation_ref,
                                     NameObject("/Pg"): page.indirect_reference})
            if annotation.get("/Subtype") == "/Widget":  # a form field: its Form leaf holds it
                elem, ref, leaf = _leaf_at([b for b in boxes.get(index, []) if b[3].tag == "Form"], annotation["/Rect"])
                if elem is not None:
                    elem["/K"].append(objr)
                    annotation[NameObject("/StructParent")] = NumberObject(next_key)
                    nums += [NumberObject(next_key), ref]
                    next_key += 1
                continue
            if annotation.get("/Subtype") != "/Link":
                continue
            elem, ref, leaf = _leaf_at(boxes.get(index, []), annotation["/Rect"])
            if elem is None:
                continue
            n = used.get(leaf.leaf, 0)
            used[leaf.leaf] = n + 1
            text = leaf.links[n] if n < len(leaf.links) else "link"
            annotation[NameObject("/Contents")] = TextStringObject(text)
            link, link_ref = tree.element("Link", ref)
            link["/K"].append(objr)
            elem["/K"].append(link_ref)
            annotation[NameObject("/StructParent")] = NumberObject(next_key)
            nums += [NumberObject(next_key), link_ref]
            next_key += 1
    tree.root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    tree.root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = tree.root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    catalog[NameObject("/Lang")] = TextStringObject(lang)
    catalog[NameObject("/Metadata")] = writer._add_object(_xmp(title, lang))
    out = io.BytesIO()
    writer.write(out)
    return _compact(out.getvalue())


def _compact(pdf: bytes) -> bytes:
    """Pack the thousand small structure objects into object streams (a third of the size)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                      deterministic_id=True)
    return out.getvalue()


def _leaf_at(candidates: list, rect) -> tuple:
    x = (float(rect[0]) + float(rect[2])) / 2
    y = (float(rect[1]) + float(rect[3])) / 2
    for box, elem, ref, leaf in candidates:
        if box[0] - 2 <= x <= box[2] + 2 and box[1] - 2 <= y <= box[3] + 2:
            return elem, ref, leaf
    return None, None, None


def _xmp(title: str, lang: str) -> StreamObject:
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
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
    stream = StreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = _name("Metadata")
    stream[NameObject("/Subtype")] = _name("XML")
    return stream
