"""Extraction: text per page, cleaning, DOCX parts python-docx's API skips, hostile files."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from corpora.builders import encrypt_pdf, make_docx, make_pdf, make_zip_bomb_docx
from kbank.extract import ExtractionError, Reason, extract
from kbank.extract.text import clean


def test_pdf_text_is_kept_per_page(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", ["Första sidan om hemlöshet.", "Andra sidan om äldreomsorg."])
    extracted = extract(path)
    assert extracted.paged and len(extracted.pages) == 2
    assert "hemlöshet" in extracted.pages[0] and "äldreomsorg" in extracted.pages[1]


def test_pdf_properties_and_cover_heading(tmp_path):
    path = make_pdf(
        tmp_path / "r.pdf",
        ["Dnr: SN 2014/0123\nLöptext om projektet."],
        title="Slutrapport Bostad först",
        cover_title="Slutrapport Bostad först",
    )
    extracted = extract(path)
    assert extracted.properties["title"] == "Slutrapport Bostad först"
    assert extracted.headings[0] == "Slutrapport Bostad först"


def test_indirect_info_values_and_odd_dates_are_read_without_failing(tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from kbank.metadata.report import describe

    source = make_pdf(tmp_path / "s.pdf", ["Delrapport\nTrygg hemgång", "Text om hemtjänsten."])
    writer = PdfWriter(clone_from=PdfReader(source))
    title = writer._add_object(TextStringObject("Delrapport Trygg hemgång"))
    writer._info.get_object()[NameObject("/Title")] = title  # an indirect reference, as some writers do
    writer._info.get_object()[NameObject("/CreationDate")] = TextStringObject("måndag 23 maj 2016")
    path = tmp_path / "r.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    extracted = extract(path)
    assert extracted.properties["title"] == "Delrapport Trygg hemgång"
    report = describe("x", "x", "r.pdf", extracted.pages, True, extracted.properties, extracted.headings)
    assert report.title == "Delrapport Trygg hemgång" and report.date is None


def test_a_cover_with_only_a_title_still_yields_it_as_the_heading(tmp_path):
    path = make_pdf(
        tmp_path / "r.pdf", ["", "Löptext om projektet. " * 20], cover_title="Trygg hemgång i Sjöviken"
    )
    assert extract(path).headings == ["Trygg hemgång i Sjöviken"]


def test_cleaning_makes_nfc_and_drops_control_characters():
    assert clean("utva\u0308rdering\x00\x07 av\u00ad projekt") == "utvärdering av projekt"


def test_docx_reads_body_tables_headers_footers_content_controls_and_text_boxes(tmp_path):
    path = make_docx(
        tmp_path / "plan.docx",
        ["Brödtext om projektet."],
        heading="Projektplan IPS",
        table=[("Dnr", "AMN-2015-0185"), ("Förvaltning", "Arbetsmarknadsförvaltningen")],
        header="Sidhuvud Arbetsmarknadsförvaltningen",
        footnote_like_footer="Sidfot Älvdala stad",
        content_control=("Diarienummer", "Kontrollerat värde SN 2023/0142"),
        text_box="Text i en textruta",
    )
    text = extract(path).text
    for expected in [
        "Brödtext om projektet",
        "Dnr\tAMN-2015-0185",
        "Sidhuvud Arbetsmarknadsförvaltningen",
        "Sidfot Älvdala stad",
        "Kontrollerat värde SN 2023/0142",
        "Text i en textruta",
    ]:
        assert expected in text
    assert extract(path).headings == ["Projektplan IPS"]
    assert text.index("Sidhuvud") < text.index("Brödtext") < text.index("Sidfot")


def test_docx_without_core_properties_has_no_invented_title(tmp_path):
    source = make_docx(tmp_path / "a.docx", ["Text om barn och unga."], title="Riktig titel")
    stripped = tmp_path / "b.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(stripped, "w") as zout:
        for info in zin.infolist():
            if info.filename != "docProps/core.xml":
                zout.writestr(info, zin.read(info.filename))
    assert extract(stripped).properties == {}
    assert extract(source).properties["title"] == "Riktig titel"


def test_password_protected_pdf_is_reported_as_encrypted(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", ["Hemlig rapport om barn och unga i familjehem."])
    locked = encrypt_pdf(plain, tmp_path / "locked.pdf", user_password="hemligt")
    with pytest.raises(ExtractionError) as caught:
        extract(locked)
    assert caught.value.reason == Reason.ENCRYPTED


def test_aes_pdf_with_only_an_owner_password_is_read(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", ["Rapport om barn och unga i familjehem, spärrad för utskrift."])
    restricted = encrypt_pdf(plain, tmp_path / "restricted.pdf", user_password="", algorithm="AES-128")
    assert "familjehem" in extract(restricted).text


_DOC_VERDICT = Reason.CORRUPT if shutil.which("antiword") else Reason.UNSUPPORTED


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("tom.pdf", b"", Reason.EMPTY),
        ("html.pdf", b"<!DOCTYPE html><html><body>Not found</body></html>", Reason.CORRUPT),
        ("text.pdf", "Det här är ingen PDF".encode(), Reason.CORRUPT),
        ("gammal.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, Reason.UNSUPPORTED),
        ("zip.docx", b"PK\x03\x04" + b"\0" * 100, Reason.CORRUPT),
        # an OLE file that is no Word document: antiword's verdict, or "install antiword"
        ("brev.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, _DOC_VERDICT),
        ("brev.odt", b"PK\x03\x04" + b"\0" * 100, Reason.CORRUPT),
        ("brev.rtf", b"{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}", Reason.EMPTY),
        ("brev.rtf", b"Hej, inget RTF", Reason.CORRUPT),
        ("skrift.wpd", b"\xffWPC" + b"\0" * 100, Reason.UNSUPPORTED),
    ],
)
def test_unreadable_files_get_a_reason_and_a_swedish_message(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == reason
    assert caught.value.message.strip()


def test_truncated_pdf_is_corrupt(tmp_path):
    whole = make_pdf(tmp_path / "hel.pdf", ["Text " * 400, "Mer text " * 400])
    half = tmp_path / "halv.pdf"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(ExtractionError) as caught:
        extract(half)
    assert caught.value.reason == Reason.CORRUPT


def test_pdf_without_a_text_layer_needs_ocr(tmp_path):
    from fpdf import FPDF

    image = tmp_path / "scan.png"
    _write_png(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ExtractionError) as caught:
        extract(path)
    assert caught.value.reason == Reason.NEEDS_OCR
    assert "OCR" in caught.value.message


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path, monkeypatch):
    from kbank.extract import word

    monkeypatch.setattr(word, "MAX_XML_PART", 8 * 1024 * 1024)
    source = make_docx(tmp_path / "a.docx", ["Liten text."])
    bomb = make_zip_bomb_docx(tmp_path / "bomb.docx", source, inflated_mb=16)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ExtractionError) as caught:
        extract(bomb)
    assert caught.value.reason == Reason.TOO_LARGE


def _write_png(path: Path) -> None:
    import struct
    import zlib

    width, height = 200, 100
    raw = b"".join(b"\0" + bytes([(x * y) % 256 for x in range(width)]) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
