"""The optional fast PDF reader (pypdfium2) gives what pypdf gives; pypdf judges what it cannot read."""

from __future__ import annotations

import pytest

import kbank.extract as extract_package
from corpora.builders import encrypt_pdf, make_pdf
from kbank.extract import ExtractionError, Reason, extract, pdf_reader
from kbank.extract.pdf import extract_pdf as pypdf_extract

from .test_extract import _write_png

pdfium = pytest.importorskip("kbank.extract.pdfium")

REPORT = [
    "Dnr: SN 2014/0123\nDatum: 2014-03-10\nLöptext om hemlöshet och utvär-\ndering av barn- och\nungdomsvård.",
    "Andra sidan om äldreomsorg, våld i nära relationer och försörjningsstöd.",
]


@pytest.fixture
def report(tmp_path):
    return make_pdf(
        tmp_path / "r.pdf", REPORT, title="Slutrapport Bostad först", cover_title="Slutrapport Bostad först"
    )


def test_the_fast_reader_is_used_when_installed():
    assert pdf_reader() == "pypdfium2"


def test_fast_reader_gives_the_same_pages_properties_and_heading_as_pypdf(report):
    fast, reference = pdfium.extract_pdf(report), pypdf_extract(report)
    assert fast.pages == reference.pages
    assert "utvärdering av barn- och\nungdomsvård" in fast.pages[0]  # broken word joined, compound kept
    assert fast.properties == reference.properties
    assert fast.headings == reference.headings == ["Slutrapport Bostad först"]


def test_a_file_the_fast_reader_rejects_gets_pypdfs_verdict(tmp_path, report, monkeypatch):
    locked = encrypt_pdf(report, tmp_path / "låst.pdf", user_password="hemligt")
    with pytest.raises(ExtractionError) as caught:
        pdfium.extract_pdf(locked)
    assert caught.value.reason == Reason.ENCRYPTED
    calls = []
    monkeypatch.setattr(
        extract_package, "_extract_pdf_reference", lambda p: calls.append(p) or pypdf_extract(p)
    )
    with pytest.raises(ExtractionError) as caught:
        extract(locked)
    assert caught.value.reason == Reason.ENCRYPTED and calls == [locked]


def test_fast_reader_sees_a_scan(tmp_path):
    from fpdf import FPDF

    image = tmp_path / "scan.png"
    _write_png(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ExtractionError) as caught:
        pdfium.extract_pdf(tmp_path / "scan.pdf")
    assert caught.value.reason == Reason.NEEDS_OCR


def test_fast_reader_reports_garbage_as_corrupt(tmp_path):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"skrap" * 100)
    with pytest.raises(ExtractionError) as caught:
        pdfium.extract_pdf(path)
    assert caught.value.reason == Reason.CORRUPT


def test_without_the_fast_reader_pypdf_reads_everything(report, monkeypatch):
    monkeypatch.setattr(extract_package, "_fast_pdf", lambda: None)
    assert pdf_reader() == "pypdf"
    assert extract(report).pages == pypdf_extract(report).pages
