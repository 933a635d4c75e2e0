"""PDF text and properties with pypdfium2, the optional fast reader (the only module that imports it).

PDFium (Chrome's PDF engine) reads a report's text about eight times faster than pypdf
(BENCHMARKS.md). It is used when the ``fast`` extra is installed; ``pdf.py`` (pypdf) stays
the reference and the fallback for what PDFium calls corrupt. This module gives the same
things and verdicts as ``pdf.py``: text per page, the info dictionary, the cover's largest
lines, and encrypted / empty / needs-OCR.
"""

from __future__ import annotations

import ctypes
import re
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .model import Extracted, ExtractionError, Reason
from .ocr import OcrOptions, PageImage, has_text, read_pages
from .pdf import SCAN_LETTERS_PER_PAGE
from .text import body_size, clean, larger_than, letter_count

_PROPERTY_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "CreationDate": "created",
    "ModDate": "modified",
    "Creator": "creator",
    "Producer": "producer",
}
# PDFium replaces a hyphen at a line end by U+FFFE (\x02 in older versions) and drops the
# line break; ``clean`` decides whether it broke a word or ends a suspended compound.
_LINE_END_HYPHEN = re.compile("[\x02\ufffe](?:\r?\n)?")


def extract_pdf(path: Path, ocr: OcrOptions | None = None, on_ocr=None) -> Extracted:
    """Read the text of every page, the info dictionary and the cover's largest lines.

    With ``ocr``, pages without a text layer are rendered and read by Tesseract (``ocr.py``);
    ``on_ocr(seconds)`` is told how long that may take before it starts.
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError(
                Reason.ENCRYPTED, "krypterad PDF med lösenord: lås upp den eller lägg en olåst kopia i mappen"
            ) from None
        if path.stat().st_size == 0:
            raise ExtractionError(Reason.EMPTY, "filen är tom (0 byte)") from None
        raise ExtractionError(Reason.CORRUPT, f"trasig eller ingen riktig PDF ({exc})") from None
    try:
        return _read(document, ocr, on_ocr)
    finally:
        document.close()


def _read(document, ocr: OcrOptions | None = None, on_ocr=None) -> Extracted:
    count = len(document)
    if count == 0:
        raise ExtractionError(Reason.EMPTY, "PDF-filen har inga sidor")
    texts: list[str] = []
    images = 0
    with_image: list[bool] = []
    cover_runs: list[tuple[float, str]] = []
    headings: list[str] = []
    failed_pages = 0
    for number in range(count):
        try:
            page = document[number]
        except pdfium.PdfiumError:
            failed_pages += 1
            texts.append("")
            with_image.append(False)
            continue
        try:
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
                if number == 0:
                    cover_runs = _sized_runs(textpage, raw)
                    headings = larger_than(cover_runs, body_size(cover_runs))
                elif number == 1 and not headings and cover_runs:
                    # a cover with nothing but its title has no running text of its own
                    headings = larger_than(cover_runs, body_size(_sized_runs(textpage, raw)))
            finally:
                textpage.close()
            texts.append(clean(_LINE_END_HYPHEN.sub("-\n", raw)))
            with_image.append(_has_image(page))
            images += with_image[-1]
        except pdfium.PdfiumError:
            failed_pages += 1
            texts.append("")
            with_image.append(False)
        finally:
            page.close()
    if failed_pages == count:
        raise ExtractionError(Reason.CORRUPT, "trasig PDF: ingen sida gick att läsa")
    letters = sum(letter_count(t) for t in texts)
    if letters == 0 and images == 0:
        raise ExtractionError(Reason.EMPTY, "PDF-filen innehåller ingen text, bara grafik")
    # a page with an image and hardly a letter is a scan, its only text a stamp or a header
    scanned = [
        n for n in range(len(texts)) if with_image[n] and letter_count(texts[n]) < SCAN_LETTERS_PER_PAGE
    ]
    whole_scan = letters == 0 or (letters < SCAN_LETTERS_PER_PAGE * count and images * 2 >= count)
    ocr_pages: list[int] = []
    if ocr is not None and scanned:
        try:
            found = read_pages(scanned, partial(_page_size, document), _renderer(document), ocr, on_ocr)
        except ExtractionError as exc:
            if whole_scan:
                exc.final = exc.reason != Reason.NEEDS_OCR  # OCR's verdict, not the PDF reader's
                raise
            found = {}  # a mixed PDF keeps its text layer when its image pages cannot be read
        for number, text in sorted(found.items()):
            if has_text(text):
                texts[number] = text
                ocr_pages.append(number + 1)
        if whole_scan and not ocr_pages:
            error = ExtractionError(Reason.EMPTY, "inskannad PDF: OCR fann ingen text på sidorna")
            error.final = True
            raise error
    elif whole_scan:
        raise ExtractionError(Reason.NEEDS_OCR, "behöver OCR: PDF-filen saknar textlager (inskannad bild?)")
    return Extracted(
        pages=texts,
        paged=True,
        properties=_properties(document),
        headings=headings,
        scanned_pages=[n + 1 for n in scanned],
        ocr_pages=ocr_pages,
    )


def _page_size(document, number: int) -> tuple[float, float]:
    page = document[number]
    try:
        return page.get_size()
    finally:
        page.close()


def _renderer(document):
    """Return ``render(page_index, dpi) -> PageImage``: the page in 8-bit grey, for OCR."""

    def render(number: int, dpi: int) -> PageImage:
        page = document[number]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
        except (pdfium.PdfiumError, MemoryError):
            raise ExtractionError(
                Reason.MEMORY, f"för stor: sidan {number + 1} gick inte att rita upp för OCR"
            ) from None
        finally:
            page.close()
        try:
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            if bitmap.n_channels != 1:
                raise ExtractionError(Reason.CORRUPT, f"sidan {number + 1} ritades inte i gråskala")
            raw = bytes(bitmap.buffer)
            if stride != width:
                raw = b"".join(raw[row * stride : row * stride + width] for row in range(height))
            return PageImage(width, height, raw, dpi)
        finally:
            bitmap.close()

    return render


def _has_image(page) -> bool:
    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    except pdfium.PdfiumError:
        return False


def _properties(document) -> dict[str, str]:
    props: dict[str, str] = {}
    try:
        for key, name in _PROPERTY_KEYS.items():
            text = clean(document.get_metadata_value(key) or "")
            if text:
                props[name] = text
    except (pdfium.PdfiumError, UnicodeDecodeError):
        return props
    return props


def _sized_runs(textpage, raw: str) -> list[tuple[float, str]]:
    """Split a page's text into runs of one type size (the loose box height of each character)."""
    runs: list[tuple[float, str]] = []
    box = pdfium_c.FS_RECTF()
    size = 0.0  # set with a run's first character
    chars: list[str] = []
    for index, char in enumerate(raw[: textpage.count_chars()]):
        if char in "\r\n\x02\ufffe":
            if chars:
                runs.append((size, "".join(chars)))
            chars = []
            continue
        # the loose box's height is the font size as shown, text matrix included
        ok = pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(box))
        height = round(box.top - box.bottom, 0) if ok else 0.0
        if chars and height != size and not char.isspace():
            runs.append((size, "".join(chars)))
            chars = []
        if not chars:
            size = height
        chars.append(char)
    if chars:
        runs.append((size, "".join(chars)))
    return [(height, text) for height, text in runs if text.strip()]
