"""OCR of scanned reports: found by their words, page numbers kept, mixed PDFs keep their text,
limits hold, the cache is keyed by the OCR, and without Tesseract nothing changes but one hint.

The scans are made here (``tests/scans.py``): text drawn with Pillow on A4 images, in a PDF
without a text layer. The tests need the ``tesseract`` program with Swedish data (Debian
``tesseract-ocr``, ``tesseract-ocr-swe``) and DejaVu Sans (``fonts-dejavu-core``); ``.ci/run``
installs them, and elsewhere the tests skip saying what is missing.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from fpdf import FPDF
from PIL import Image

from corpora.builders import make_pdf
from corpora.scans import font_file, scanned_pdf
from kbank.cli import app
from kbank.extract import OcrOptions, extract, ocr_ready
from kbank.extract.ocr import status

_MISSING = status("swe+eng").missing
pytestmark = [
    pytest.mark.skipif(_MISSING is not None, reason=f"Tesseract saknas: {_MISSING}"),
    pytest.mark.skipif(not ocr_ready(), reason="pypdfium2 saknas: pip install 'kbank[ocr]'"),
    pytest.mark.skipif(font_file() is None, reason="DejaVu Sans saknas: apt-get install fonts-dejavu-core"),
    pytest.mark.slow,  # Tesseract reads rendered pages
]

REPORT = [
    ["Slutrapport", "Bostad först i Björkhagen", "Dnr: SN 2009/0417", "Socialförvaltningen"],
    ["Innehåll", "1. Bakgrund", "2. Genomförande", "3. Resultat"],
    [
        "3. Resultat",
        "Försöksverksamheten med egna lägenheter gav",
        "färre vräkningar och kortare väntetider.",
        "Hyresvärdarna var nöjda med samarbetet.",
    ],
]
FOLDER = "2009/SN 2009-0417 Bostad först"


def _scan(archive, name="slutrapport.pdf", pages=REPORT, **kwargs):
    path = archive / FOLDER / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return scanned_pdf(path, pages, **kwargs)


def _json(result) -> dict:
    return json.loads(result.stdout)


def test_a_scanned_report_is_found_by_a_word_on_its_third_page_and_shows_page_3(archive, runner):
    _scan(archive)
    ingest = runner.invoke(app, ["ingest", "--json"])
    assert ingest.exit_code == 0, ingest.output
    assert _json(ingest)["failed"] == [] and _json(ingest)["ocr_pages"] == 3

    found = runner.invoke(app, ["search", "vräkningar", "--json"])
    (hit,) = _json(found)["hits"]
    assert hit["page"] == 3 and hit["ocr"] is True
    assert hit["dnr"] == "SN 2009/0417"
    assert hit["date"] is None and hit["year"] == 2009  # not the day the PDF was made
    listed = runner.invoke(app, ["search", "vräkningar"]).stdout
    assert "s. 3" in listed and "OCR-läst" in listed

    shown = runner.invoke(app, ["show", hit["id"], "--json"])
    assert _json(shown)["ocr_pages"] == [1, 2, 3]
    assert "lästes med OCR" in runner.invoke(app, ["show", hit["id"]]).stdout


def test_a_mixed_pdf_keeps_its_text_layer_and_only_its_image_pages_are_read(tmp_path):
    typed = [
        "Sammanfattning",
        "Kvartersvärdarnas arbete i Björkhagen beskrivs här.",
        "Hyresgästerna fick stöd av boendestödjare varje vecka.",
        "Socialtjänsten och bostadsbolaget möttes en gång i månaden.",
    ]
    path = scanned_pdf(tmp_path / "blandad.pdf", REPORT, text_pages={1: typed})
    extracted = extract(path, OcrOptions())
    assert extracted.scanned_pages == [1, 3] and extracted.ocr_pages == [1, 3]
    assert extracted.pages[1] == extract(path).pages[1]  # the text layer as it is, not OCR'd
    assert "Kvartersvärdarnas" in extracted.pages[1]
    assert "vräkningar" in extracted.pages[2]


@pytest.mark.skipif(
    status("swe+eng").psm != "1", reason="Tesseract saknas orienteringsdata (tesseract-ocr-osd)"
)
def test_a_page_scanned_upside_down_or_sideways_is_read(tmp_path):
    from corpora.scans import page_image

    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()  # fed into the scanner the wrong way round
    pdf.image(page_image(REPORT[2]).rotate(180), x=0, y=0, w=210, h=297)
    pdf.add_page(orientation="L")  # a portrait page scanned as landscape
    pdf.image(page_image(REPORT[2]).rotate(90, expand=True), x=0, y=0, w=297, h=210)
    pdf.output(str(tmp_path / "vriden.pdf"))
    extracted = extract(tmp_path / "vriden.pdf", OcrOptions())
    assert extracted.ocr_pages == [1, 2]
    assert all("vräkningar" in page for page in extracted.pages)


def test_the_time_limit_of_a_scan_grows_with_its_pages(archive, runner):
    _scan(archive)
    # three pages of OCR take longer than a second; the scan gets 60 s more per page
    result = runner.invoke(app, ["ingest", "--json", "--time-limit", "1"])
    assert result.exit_code == 0, result.output
    assert _json(result)["ocr_pages"] == 3


def test_a_page_over_the_per_page_cap_stops_the_file_not_the_run(archive, runner):
    _scan(archive, "inskannad.pdf")
    make_pdf(archive / FOLDER / "projektplan.pdf", ["Projektplan för Bostad först med boendestöd."])
    (archive.parent / "kbank.toml").write_text("ocr_page_seconds = 0.1\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 3
    (failed,) = _json(result)["failed"]
    assert failed["path"].endswith("inskannad.pdf") and failed["reason"] == "timeout"
    assert "OCR" in failed["error"]
    assert _json(runner.invoke(app, ["search", "boendestöd", "--json"]))["total"] == 1


def test_a_huge_image_page_is_stopped_by_the_limits(archive, runner):
    huge = archive / FOLDER / "affisch.pdf"
    huge.parent.mkdir(parents=True)
    pdf = FPDF(unit="pt", format=(14400, 14400))  # 5 x 5 m, the largest page PDF allows
    pdf.add_page()
    pdf.image(Image.new("L", (400, 400), 255), x=0, y=0, w=14400, h=14400)
    pdf.output(str(huge))
    make_pdf(archive / FOLDER / "projektplan.pdf", ["Projektplan för Bostad först med boendestöd."])
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 3
    (failed,) = _json(result)["failed"]
    assert failed["path"].endswith("affisch.pdf") and failed["reason"] == "too_large"
    assert "för stor" in failed["error"]
    assert _json(runner.invoke(app, ["search", "boendestöd", "--json"]))["total"] == 1


def test_no_ocr_reports_the_scan_as_before(archive, runner):
    _scan(archive)
    result = runner.invoke(app, ["ingest", "--no-ocr"])
    assert result.exit_code == 3
    assert "behöver OCR: PDF-filen saknar textlager (inskannad bild?)" in result.stderr
    assert "tips" not in result.stderr  # OCR is installed, only turned off


def test_without_tesseract_nothing_changes_but_one_hint_and_installing_it_reads_the_scans(
    archive, runner, tmp_path, monkeypatch
):
    _scan(archive, "slutrapport.pdf")
    _scan(archive, "bilaga.pdf", pages=REPORT[2:])
    make_pdf(archive / FOLDER / "projektplan.pdf", ["Projektplan för Bostad först med boendestöd."])
    empty = tmp_path / "bin"
    empty.mkdir()
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(empty))  # no tesseract here, for kbank and its workers
    status.cache_clear()
    try:
        result = runner.invoke(app, ["ingest"])
    finally:
        monkeypatch.setenv("PATH", path)
        status.cache_clear()
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert sum("behöver OCR: PDF-filen saknar textlager (inskannad bild?)" in line for line in lines) == 2
    (hint,) = [line for line in lines if "tips" in line]
    assert "apt-get install tesseract-ocr tesseract-ocr-swe" in hint
    assert "Traceback" not in result.output

    # Tesseract is back: the next ingest reads the scans it could not read before
    again = runner.invoke(app, ["ingest", "--json"])
    assert again.exit_code == 0, again.output
    assert _json(again)["ocr_pages"] == 4
    hits = _json(runner.invoke(app, ["search", "vräkningar", "--json"]))["hits"]
    assert {h["path"].rsplit("/", 1)[-1] for h in hits} == {"slutrapport.pdf", "bilaga.pdf"}


def test_the_cache_keeps_ocr_text_per_engine_and_language(archive, runner):
    _scan(archive, pages=REPORT[:1])
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    db = sqlite3.connect(archive.parent / "index" / "cache.sqlite")
    (extractor,) = [row[0] for row in db.execute("SELECT extractor FROM extracted")]
    db.close()
    assert "ocr=tesseract-" in extractor and ":swe+eng:300dpi" in extractor

    again = _json(runner.invoke(app, ["reindex", "--json"]))
    assert again["cached"] == 1 and again["extracted"] == 0  # not OCR'd again

    (archive.parent / "kbank.toml").write_text('ocr_languages = "swe"\n', encoding="utf-8")
    changed = _json(runner.invoke(app, ["reindex", "--json"]))
    assert changed["extracted"] == 1 and changed["ocr_pages"] == 1  # another language: read again
