"""handbook check-pdf: the press's own accessibility checks, for any PDF.

They follow what WCAG 2.1 and PDF/UA ask of a tagged PDF: a structure tree;
every piece of marked content either in the tree or an Artifact, and
nothing tagged twice; headings that do not skip levels; alternative text on
figures; link annotations and form fields tied into the tree, with /Contents
and /TU; /Lang and a title shown in the window; a consistent ParentTree.
It is not a full PDF/UA validator.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"BI"}


@dataclass
class Report:
    path: Path
    failures: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failures += [f"{name}: {p}" for p in problems[:20]]
            if len(problems) > 20:
                self.failures.append(f"{name}: … and {len(problems) - 20} more")
        else:
            self.passed.append(name)

    @property
    def ok(self) -> bool:
        return not self.failures


def _id(obj) -> int | None:
    return obj.idnum if isinstance(obj, IndirectObject) else None


def check_pdf(path: Path) -> Report:
    report = Report(path)
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    report.check("tagged", [] if mark is not None and mark.get_object().get("/Marked") else
                 ["not a tagged PDF: /MarkInfo /Marked is not true"])
    tree = root.get("/StructTreeRoot")
    report.check("structure tree", [] if tree is not None else ["no /StructTreeRoot: the PDF has no structure tree"])
    report.check("language", [] if str(root.get("/Lang", "")).strip() else ["no /Lang on the document"])
    title = (reader.metadata.title if reader.metadata else None)
    prefs = root.get("/ViewerPreferences")
    shown = prefs is not None and prefs.get_object().get("/DisplayDocTitle")
    report.check("title", [] if title and shown else ["no document title, or /DisplayDocTitle is not true"])
    if tree is None:
        return report
    owners, headings, figures, objrs = _walk(tree.get_object())
    page_ids = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    report.check("headings", _heading_problems(headings))
    report.check("figures", [f"Figure element without /Alt ({n})" for n in figures])
    twice = [f"MCID {mcid} on page {page_ids.get(page, '?')} is in the tree {count} times"
             for (page, mcid), count in Counter(owners_keys(owners)).items() if count > 1]
    report.check("tagged once", twice)
    report.check("marked content", _content_problems(reader, owners, page_ids))
    report.check("annotations", _annotation_problems(reader, objrs))
    report.check("parent tree", _parent_tree_problems(reader, tree.get_object(), owners))
    return report


def owners_keys(owners: list[tuple[int, int, int]]):
    return [(page, mcid) for page, mcid, _elem in owners]


def _walk(tree: DictionaryObject):
    """(page, MCID, element) for every marked-content reference, the heading sequence, figures without Alt, OBJR targets."""
    owners: list[tuple[int, int, int]] = []
    headings: list[tuple[int, str]] = []
    figures: list[str] = []
    objrs: set[int] = set()

    def visit(ref, inherited_page) -> None:
        elem = ref.get_object()
        if not isinstance(elem, DictionaryObject):
            return
        kind = str(elem.get("/S", ""))
        page = _id(elem.get("/Pg")) or inherited_page
        if re.fullmatch(r"/H[1-6]", kind):
            headings.append((int(kind[2]), kind))
        if kind == "/Figure" and not elem.get("/Alt"):
            figures.append(f"element {_id(ref) or '?'}")
        kids = elem.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else ([] if kids is None else [kids])
        for kid in kids:
            value = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(value, int):
                owners.append((page, int(value), _id(ref)))
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/MCR":
                owners.append((_id(value.get("/Pg")) or page, int(value["/MCID"]), _id(ref)))
            elif isinstance(value, DictionaryObject) and value.get("/Type") == "/OBJR":
                objrs.add(_id(value.get("/Obj")))
            elif isinstance(value, DictionaryObject):
                visit(kid, page)

    kids = tree.get("/K")
    for kid in (kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []):
        visit(kid, None)
    return owners, headings, figures, objrs


def _heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    problems, previous = [], 0
    for level, kind in headings:
        if previous and level > previous + 1:
            problems.append(f"heading level skips from H{previous} to H{level}")
        previous = level
    if headings and headings[0][0] != 1:
        problems.append(f"the first heading is H{headings[0][0]}, not H1")
    return problems


def _content_problems(reader: PdfReader, owners, page_ids) -> list[str]:
    owned = {(page, mcid) for page, mcid, _ in owners}
    problems = []
    for number, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        if contents is None:
            continue
        stack: list[str] = []
        untagged = 0
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in (b"BMC", b"BDC"):
                tag = str(operands[0])
                props = operands[1] if len(operands) > 1 else None
                props = props.get_object() if isinstance(props, IndirectObject) else props
                if tag == "/Artifact":
                    stack.append("artifact")
                elif isinstance(props, DictionaryObject) and "/MCID" in props:
                    mcid = int(props["/MCID"])
                    if (page.indirect_reference.idnum, mcid) not in owned:
                        problems.append(f"page {number}: marked content MCID {mcid} is not in the structure tree")
                    stack.append("tagged")
                else:
                    stack.append("other")
            elif operator == b"EMC":
                if stack:
                    stack.pop()
            elif operator in PAINTING and not ({"artifact", "tagged"} & set(stack)):
                untagged += 1
        if untagged:
            problems.append(f"page {number}: {untagged} drawing operations are neither tagged nor an Artifact")
    return problems


def _annotation_problems(reader: PdfReader, objrs: set[int]) -> list[str]:
    problems = []
    for number, page in enumerate(reader.pages, 1):
        annotations = page.get("/Annots") or []
        if annotations and page.get("/Tabs") != "/S":
            problems.append(f"page {number}: has annotations but no /Tabs /S")
        for ref in annotations:
            annotation = ref.get_object()
            kind = annotation.get("/Subtype")
            if kind == "/Link":
                if "/StructParent" not in annotation or _id(ref) not in objrs:
                    problems.append(f"page {number}: a link annotation is outside the structure tree")
                if not annotation.get("/Contents"):
                    problems.append(f"page {number}: a link annotation has no /Contents")
            elif kind == "/Widget":
                field_ = annotation if "/TU" in annotation else annotation.get("/Parent", annotation).get_object()
                if not field_.get("/TU"):
                    problems.append(f"page {number}: a form field has no tooltip (/TU)")
                if "/StructParent" not in annotation or _id(ref) not in objrs:
                    problems.append(f"page {number}: a form field is outside the structure tree")
    return problems


def _parent_tree_problems(reader: PdfReader, tree: DictionaryObject, owners) -> list[str]:
    parent_tree = tree.get("/ParentTree")
    if parent_tree is None:
        return ["no /ParentTree"]
    entries: dict[int, object] = {}

    def collect(node) -> None:
        node = node.get_object()
        nums = node.get("/Nums", [])
        for i in range(0, len(nums) - 1, 2):
            entries[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            collect(kid)

    collect(parent_tree)
    owner_of = {(page, mcid): elem for page, mcid, elem in owners}
    problems = []
    for number, page in enumerate(reader.pages, 1):
        if "/StructParents" not in page:
            continue
        array = entries.get(int(page["/StructParents"]))
        array = array.get_object() if isinstance(array, IndirectObject) else array
        if not isinstance(array, ArrayObject):
            problems.append(f"page {number}: its /StructParents entry is missing from the ParentTree")
            continue
        for mcid, ref in enumerate(array):
            expected = owner_of.get((page.indirect_reference.idnum, mcid))
            if expected is not None and _id(ref) != expected:
                problems.append(f"page {number}: ParentTree entry for MCID {mcid} is not the element that holds it")
    return problems
