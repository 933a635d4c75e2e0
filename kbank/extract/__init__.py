"""Extract text from a report file: ``extract(path) -> Extracted``, dispatch by content."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kbank.errors import os_reason

from .model import Extracted, ExtractionError, Reason
from .ocr import OcrOptions

__all__ = ["Extracted", "ExtractionError", "OcrOptions", "Reason", "extract", "pdf_reader", "sniff"]

_UNSUPPORTED_NAMES = {
    ".docm": "Word med makron (.docm)",
    ".dot": "Word-mall (.dot)",
    ".dotx": "Word-mall (.dotx)",
    ".wpd": "WordPerfect",
    ".pages": "Pages",
    ".xps": "XPS",
    ".wps": "Works",
}


def sniff(head: bytes) -> str | None:
    """Name the format of a file from its first bytes.

    >>> [sniff(b) for b in [b"%PDF-1.7", b"PK\\x03\\x04", b"\\xd0\\xcf\\x11\\xe0", b"{\\\\rtf1", b"<html>"]]
    ['pdf', 'zip', 'ole', 'rtf', 'html']
    """
    stripped = head.lstrip()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def pdf_reader() -> str:
    """Name the PDF reader in use: "pypdfium2" when the ``fast`` extra is installed, else "pypdf"."""
    return "pypdfium2" if _fast_pdf() is not None else "pypdf"


@lru_cache(maxsize=1)
def _fast_pdf():
    try:
        from .pdfium import extract_pdf
    except ImportError:
        return None
    return extract_pdf


def ocr_ready() -> bool:
    """Tell whether scanned pages can be rendered for OCR here (PDFium, the ``fast``/``ocr`` extra)."""
    return _fast_pdf() is not None


def _extract_pdf(path: Path, ocr: OcrOptions | None = None, on_ocr=None) -> Extracted:
    fast = _fast_pdf()
    if fast is None:
        return _extract_pdf_reference(path)  # no PDFium: no rendering, so no OCR
    try:
        return fast(path, ocr, on_ocr)
    except ExtractionError as exc:
        if exc.final:
            raise  # OCR ran and failed (too large, too slow): pypdf would only say "needs OCR"
        # pypdf is the reference: a file PDFium cannot read (or calls encrypted, empty or a
        # scan) gets pypdf's verdict, so both installs agree on what is unreadable
        return _extract_pdf_reference(path)


def _extract_pdf_reference(path: Path) -> Extracted:
    from .pdf import extract_pdf  # imported on use: pypdf costs start-up time

    return extract_pdf(path)


def extract(path: Path, ocr: OcrOptions | None = None, on_ocr=None) -> Extracted:
    """Extract one file's text and properties, or raise ``ExtractionError`` saying why not.

    With ``ocr``, PDF pages without a text layer are read by Tesseract; ``on_ocr(seconds)``
    is told how long that may take before it starts (the worker extends its time limit).
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ExtractionError(Reason.CORRUPT, f"kan inte läsa filen ({os_reason(exc)})") from None
    if not head:
        raise ExtractionError(Reason.EMPTY, "filen är tom (0 byte)")
    kind = sniff(head)
    if kind == "pdf":
        return _extract_pdf(path, ocr, on_ocr)
    if kind == "zip" and suffix in (".docx", ".docm", ".dotx", ".doc"):
        from .word import extract_docx  # a .docx renamed .doc is common

        return extract_docx(path)
    if kind == "zip" and suffix == ".odt":
        from .odt import extract_odt

        return extract_odt(path)
    if kind == "rtf" and suffix in (".rtf", ".doc"):
        from .rtf import extract_rtf  # Word wrote "Rich Text" as .doc when asked

        return extract_rtf(path)
    if kind == "ole" and suffix == ".doc":
        from .doc import extract_doc

        return extract_doc(path)
    if suffix == ".odt":
        raise ExtractionError(Reason.CORRUPT, "trasig ODT: filen är ingen zip-fil")
    if suffix == ".rtf":
        raise ExtractionError(Reason.CORRUPT, "trasig RTF: filen börjar inte med {\\rtf")
    if suffix == ".doc":
        what = "en HTML-sida" if kind == "html" else "inget Word-dokument"
        raise ExtractionError(Reason.CORRUPT, f"trasig .doc: filen är {what}")
    if suffix in _UNSUPPORTED_NAMES:
        raise ExtractionError(
            Reason.UNSUPPORTED,
            f"formatet {_UNSUPPORTED_NAMES[suffix]} stöds inte än: spara som PDF eller DOCX",
        )
    if kind == "ole":
        raise ExtractionError(
            Reason.UNSUPPORTED,
            "Word 97–2003-dokument med fel filändelse: byt den till .doc eller spara som DOCX eller PDF",
        )
    if kind == "rtf":
        raise ExtractionError(Reason.UNSUPPORTED, "RTF-dokument med fel filändelse: byt den till .rtf")
    if suffix == ".pdf":
        what = "en HTML-sida" if kind == "html" else "inget PDF-huvud"
        raise ExtractionError(Reason.CORRUPT, f"ingen riktig PDF: filen har {what}")
    if suffix == ".docx":
        raise ExtractionError(Reason.CORRUPT, "trasig DOCX: filen är ingen zip-fil")
    raise ExtractionError(Reason.UNSUPPORTED, f"filtypen {suffix or 'utan ändelse'} stöds inte")
