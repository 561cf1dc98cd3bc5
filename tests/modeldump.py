"""A readable text dump of the document model, for golden-file tests."""

from __future__ import annotations

import dataclasses

from pipeline import model as m


def dump(node: object, depth: int = 0) -> list[str]:
    pad = "  " * depth
    if isinstance(node, tuple):
        return [line for child in node for line in dump(child, depth)]
    name = type(node).__name__
    fields = {f.name: getattr(node, f.name) for f in dataclasses.fields(node)}
    loc = fields.pop("loc", None)
    children = {k: v for k, v in fields.items() if isinstance(v, tuple) and k not in ("header",)}
    if isinstance(node, m.Table):
        children = {"header": node.header, "rows": node.rows}
    if isinstance(node, m.Figure):
        children = {"image": (node.image,)}
        fields.pop("image")
    attrs = " ".join(f"{k}={v!r}" for k, v in fields.items() if k not in children)
    where = f" @{loc.line}" if loc is not None else ""
    lines = [f"{pad}{name}{' ' + attrs if attrs else ''}{where}"]
    for key, value in children.items():
        if key == "rows":
            for row in value:
                lines.append(f"{pad}  row")
                lines += dump(row, depth + 2)
        else:
            lines += dump(value, depth + 1)
    return lines
