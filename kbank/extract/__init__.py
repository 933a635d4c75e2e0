"""Extract text from a report file: ``extract(path) -> Extracted``, dispatch by content."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kbank.errors import os_reason

from .model import Extracted, ExtractionError, Reason

__all__ = ["Extracted", "ExtractionError", "Reason", "extract", "pdf_reader", "sniff"]

_UNSUPPORTED_NAMES = {
    ".doc": "Word 97–2003 (.doc)",
    ".docm": "Word med makron (.docm)",
    ".dot": "Word-mall (.dot)",
    ".dotx": "Word-mall (.dotx)",
    ".odt": "OpenDocument (.odt)",
    ".rtf": "RTF",
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


def _extract_pdf(path: Path) -> Extracted:
    fast = _fast_pdf()
    if fast is None:
        return _extract_pdf_reference(path)
    try:
        return fast(path)
    except ExtractionError:
        # pypdf is the reference: a file PDFium cannot read (or calls encrypted, empty or a
        # scan) gets pypdf's verdict, so both installs agree on what is unreadable
        return _extract_pdf_reference(path)


def _extract_pdf_reference(path: Path) -> Extracted:
    from .pdf import extract_pdf  # imported on use: pypdf costs start-up time

    return extract_pdf(path)


def extract(path: Path) -> Extracted:
    """Extract one file's text and properties, or raise ``ExtractionError`` saying why not."""
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
        return _extract_pdf(path)
    if kind == "zip" and suffix in (".docx", ".docm", ".dotx"):
        from .word import extract_docx

        return extract_docx(path)
    if suffix in _UNSUPPORTED_NAMES:
        raise ExtractionError(
            Reason.UNSUPPORTED,
            f"formatet {_UNSUPPORTED_NAMES[suffix]} stöds inte än: spara som PDF eller DOCX",
        )
    if kind == "ole":
        raise ExtractionError(
            Reason.UNSUPPORTED,
            "Word 97–2003-dokument (.doc) med fel filändelse: spara som DOCX eller PDF",
        )
    if kind == "rtf":
        raise ExtractionError(Reason.UNSUPPORTED, "RTF-dokument med fel filändelse: spara som DOCX eller PDF")
    if suffix == ".pdf":
        what = "en HTML-sida" if kind == "html" else "inget PDF-huvud"
        raise ExtractionError(Reason.CORRUPT, f"ingen riktig PDF: filen har {what}")
    if suffix == ".docx":
        raise ExtractionError(Reason.CORRUPT, "trasig DOCX: filen är ingen zip-fil")
    raise ExtractionError(Reason.UNSUPPORTED, f"filtypen {suffix or 'utan ändelse'} stöds inte")
