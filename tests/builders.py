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
