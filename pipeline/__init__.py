"""The handbook press: Markdown chapters and PO files in, localized PDFs out."""

__version__ = "0.1.0"
