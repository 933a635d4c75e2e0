"""Make small real PDF and DOCX files for tests."""

from __future__ import annotations

import copy
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from lxml import etree

VML = "urn:schemas-microsoft-com:vml"

_LATIN1_FIXES = {"–": "-", "—": "-", "”": '"', "“": '"', "’": "'", "…": "..."}


def _latin1(text: str) -> str:
    for bad, good in _LATIN1_FIXES.items():
        text = text.replace(bad, good)
    return text


def make_pdf(
    path: Path, pages: list[str], *, title: str | None = None, cover_title: str | None = None
) -> Path:
    """Write a PDF with one page per string (Helvetica, so Latin-1 text)."""
    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 1, 1, tzinfo=UTC))
    if title:
        pdf.set_title(title)
    for index, text in enumerate(pages):
        pdf.add_page()
        if index == 0 and cover_title:
            pdf.set_font("Helvetica", "B", 24)
            pdf.multi_cell(0, 12, _latin1(cover_title))
            pdf.ln(6)
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, _latin1(text))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_docx(
    path: Path,
    paragraphs: list[str],
    *,
    title: str | None = None,
    heading: str | None = None,
    table: list[tuple[str, str]] | None = None,
    header: str | None = None,
    footnote_like_footer: str | None = None,
    content_control: tuple[str, str] | None = None,
    text_box: str | None = None,
) -> Path:
    """Write a DOCX with optional title style, metadata table, header, footer, content control and text box."""
    document = docx.Document()
    document.core_properties.title = title or ""
    document.core_properties.author = "Testförfattare"
    if heading:
        document.add_heading(heading, level=0)
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, (label, value) in zip(grid.rows, table, strict=True):
            row.cells[0].text = label
            row.cells[1].text = value
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footnote_like_footer:
        document.sections[0].footer.paragraphs[0].text = footnote_like_footer
    if content_control:
        alias, value = content_control
        document.element.body.insert(len(document.element.body) - 1, _block_sdt(alias, value))
    if text_box:
        paragraph = document.add_paragraph("Ruta: ")
        paragraph._p.append(_text_box_run(text_box))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _block_sdt(alias: str, value: str):
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    alias_el = OxmlElement("w:alias")
    alias_el.set(qn("w:val"), alias)
    pr.append(alias_el)
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = value
    r.append(t)
    p.append(r)
    content.append(p)
    sdt.append(content)
    return sdt


def _text_box_run(text: str):
    """A VML text box run (w:pict/v:shape/v:textbox/w:txbxContent), as older Word writes."""
    r = OxmlElement("w:r")
    pict = OxmlElement("w:pict")
    shape = etree.Element(f"{{{VML}}}shape", nsmap={"v": VML})
    box = etree.SubElement(shape, f"{{{VML}}}textbox")
    content = OxmlElement("w:txbxContent")
    p = OxmlElement("w:p")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    p.append(run)
    content.append(p)
    box.append(content)
    pict.append(shape)
    r.append(pict)
    return r


def make_zip_bomb_docx(path: Path, source: Path, inflated_mb: int = 80) -> Path:
    """Copy a DOCX, replacing document.xml by one that inflates to ``inflated_mb`` MB."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data + b" " * (inflated_mb * 1024 * 1024)
            zout.writestr(copy.copy(info), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def encrypt_pdf(
    source: Path,
    target: Path,
    user_password: str,
    owner_password: str | None = None,
    algorithm: str = "AES-256",
) -> Path:
    """Write an encrypted copy of a PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password or "agare", algorithm=algorithm)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def _raw_pdf(content: bytes) -> bytes:
    """A one-page PDF whose page content stream is ``content`` (Flate-compressed)."""
    import zlib

    data = zlib.compress(content, 6)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_slow_pdf(path: Path, operators: int = 1_500_000) -> Path:
    """Write a small PDF (~40 KB) whose one page holds millions of text operators: seconds of pypdf time."""
    content = b"BT /F1 12 Tf 10 10 Td\n" + b"(a) Tj 1 0 Td\n" * operators + b"ET"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_raw_pdf(content))
    return path


def make_memory_hog_docx(path: Path, paragraphs: int = 1_000_000) -> Path:
    """Write a ~130 KB DOCX whose 36 MB document.xml (under the declared-size check) takes
    hundreds of MB to parse."""
    source = make_docx(path.with_suffix(".source.docx"), ["hej"])
    body = b"<w:p><w:r><w:t>ord</w:t></w:r></w:p>" * paragraphs
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + body + data[at:]
            zout.writestr(info.filename, data)
    source.unlink()
    return path
