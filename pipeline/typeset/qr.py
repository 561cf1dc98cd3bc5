"""A QR code as a flowable, for the back cover and the checklists."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.platypus import Flowable


class QRCode(Flowable):
    """A QR code drawn as plain rectangles (reportlab's graphics renderer would
    reference the unembedded Helvetica)."""

    def __init__(self, data: str, size: float, color) -> None:
        super().__init__()
        self.width = self.height = size
        self.color = color
        self.widget = QrCodeWidget(data, barLevel="M", barWidth=size, barHeight=size)
        self.hAlign = "LEFT"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(self.color)
        for shape in self.widget.draw().contents:
            if hasattr(shape, "x") and shape.fillColor is not None:  # the first rectangle is the unfilled quiet zone
                self.canv.rect(shape.x, shape.y, shape.width, shape.height, stroke=0, fill=1)
