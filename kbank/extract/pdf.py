"""PDF text and properties with pypdf (the only module that imports it)."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from .model import Extracted, ExtractionError, Reason
from .text import body_size, clean, larger_than, letter_count

# pypdf logs every recoverable oddity of real-world files as a warning.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_PROPERTY_KEYS = {
    "/Title": "title",
    "/Author": "author",
    "/Subject": "subject",
    "/Keywords": "keywords",
    "/CreationDate": "created",
    "/ModDate": "modified",
    "/Creator": "creator",
    "/Producer": "producer",
}
#: Fewer letters per page than this, on pages that hold images, means a scan whose only
#: text is a stamp or a page header: it needs OCR to be searchable.
SCAN_LETTERS_PER_PAGE = 30


def extract_pdf(path: Path) -> Extracted:
    """Read the text of every page, the info dictionary and the cover's largest heading."""
    reader = _open(path)
    try:
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ExtractionError(
            Reason.CORRUPT, f"trasig PDF: sidorna går inte att läsa ({_brief(exc)})"
        ) from None
    if not pages:
        raise ExtractionError(Reason.EMPTY, "PDF-filen har inga sidor")
    texts = []
    failed_pages = 0
    for page in pages:
        try:
            texts.append(clean(page.extract_text() or ""))
        except Exception:  # noqa: BLE001 - one bad page must not cost the others
            failed_pages += 1
            texts.append("")
    if failed_pages == len(pages):
        raise ExtractionError(Reason.CORRUPT, "trasig PDF: ingen sida gick att läsa")
    if not any(letter_count(t) for t in texts) and not any(_has_image(p) for p in pages):
        raise ExtractionError(Reason.EMPTY, "PDF-filen innehåller ingen text, bara grafik")
    if _is_scan(pages, texts):
        raise ExtractionError(Reason.NEEDS_OCR, "behöver OCR: PDF-filen saknar textlager (inskannad bild?)")
    return Extracted(
        pages=texts,
        paged=True,
        properties=_properties(reader),
        headings=_cover_headings(pages[0], pages[1] if len(pages) > 1 else None),
    )


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError:
                raise ExtractionError(
                    Reason.ENCRYPTED,
                    "krypterad PDF (AES): installera pypdf[crypto] för att läsa den",
                ) from None
            if not decrypted:
                raise ExtractionError(
                    Reason.ENCRYPTED,
                    "krypterad PDF med lösenord: lås upp den eller lägg en olåst kopia i mappen",
                )
        return reader
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError(
            Reason.ENCRYPTED, "krypterad PDF med lösenord: lås upp den eller lägg en olåst kopia i mappen"
        ) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on hostile input
        if path.stat().st_size == 0:
            raise ExtractionError(Reason.EMPTY, "filen är tom (0 byte)") from None
        raise ExtractionError(Reason.CORRUPT, f"trasig eller ingen riktig PDF ({_brief(exc)})") from None


def _is_scan(pages, texts: list[str]) -> bool:
    letters = sum(letter_count(t) for t in texts)
    if letters == 0:
        return True
    if letters >= SCAN_LETTERS_PER_PAGE * len(pages):
        return False
    with_images = sum(1 for page in pages if _has_image(page))
    return with_images * 2 >= len(pages)


def _has_image(page) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(
            xobjects.get_object()[name].get_object().get("/Subtype") == "/Image"
            for name in xobjects.get_object()
        )
    except Exception:  # noqa: BLE001 - unreadable resources: assume text only
        return False


def _properties(reader: PdfReader) -> dict[str, str]:
    props: dict[str, str] = {}
    try:
        entry = reader.trailer.get("/Info")
        info: Any = entry.get_object() if entry is not None else None
        if not hasattr(info, "items"):
            return props
        for key, name in _PROPERTY_KEYS.items():
            value = info.get(key)
            if value is None:
                continue
            value = value.get_object() if hasattr(value, "get_object") else value
            text = clean(str(value))
            if text:
                props[name] = text
    except Exception:  # noqa: BLE001 - a broken info dictionary is not a broken report
        return props
    return props


def _cover_headings(page, next_page=None) -> list[str]:
    """Return the cover page's lines in a font larger than the running text, biggest first.

    The running text's size is read from the page after the cover when there is one: a
    cover with little on it but its title has no running text of its own.
    """
    runs = _sized_runs(page)
    if not runs:
        return []
    headings = larger_than(runs, body_size(runs))
    if not headings and next_page is not None:
        headings = larger_than(runs, body_size(_sized_runs(next_page)) or 0.0)
    return headings


def _sized_runs(page) -> list[tuple[float, str]]:
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text and text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
            runs.append((round(abs(font_size) * scale, 1), text))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001
        return []
    return runs


def _brief(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
