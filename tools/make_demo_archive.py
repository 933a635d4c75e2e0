#!/usr/bin/env python3
"""Write kbank's demo archive: fictional Swedish reports filed the way a registry files them.

The demo archive imitates the folders in which a municipal registry ("registratur") keeps
the reports of social-services development projects::

    archive/<year>/<Dnr as folder name> <project name>/<file as the officer named it>

A folder name cannot hold "/", so the Dnr ``SN 2014/0123`` becomes ``SN 2014-0123`` in the
folder name. One project folder has no Dnr at all. Everything is invented: the municipality
"Älvdala stad", its administrations, projects, people and numbers.

Run it from the repository root with the project's virtualenv::

    .venv/bin/python tools/make_demo_archive.py            # (re)writes ./archive
    .venv/bin/python tools/make_demo_archive.py /tmp/demo  # writes another folder

The output in ``archive/`` is committed to the repository, so most people never need to
run this script. After changing the texts below, run it again and commit ``archive/``.

The generator is deterministic: two runs give byte-identical files (with the same fpdf2 and
python-docx versions). PDF creation dates, DOCX core properties and zip entry times are
fixed, and every file's mtime is set from its report date. Before writing, the content of
the target folder is deleted; the script refuses to clear a folder that holds anything but
year folders unless ``--force`` is given, and it never touches anything outside the target.

The archive contains some cases on purpose, for the indexer and its tests:

* an evaluation whose text layer has OCR errors, as a scanned report would (project 2018);
* a DOCX whose metadata sits in a cover table, with the Dnr in a Word content control
  (``w:sdt`` with the alias "Diarienummer"), in the page header, plus a text box (2015);
* a project folder without a Dnr whose evaluation names its Dnr only in the text (2016);
* a PDF whose title property is the junk "Microsoft Word - Dokument1.docx" and a DOCX
  whose title property is empty;
* covers with full metadata, with only "Datum:", or with only a month ("Maj 2016");
* one exact duplicate: a final report copied byte for byte into another project folder.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import re
import shutil
import sys
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pypdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = REPO / "archive"
MUNICIPALITY = "Älvdala stad"
#: Every zip entry in a DOCX gets this timestamp, so that saving twice gives the same bytes.
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
#: The seed of the OCR damage: change it and the scanned report gets other errors.
OCR_SEED = 20200120
#: Sentinel for "derive the title property from the report's label and title".
AUTO = "<auto>"


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Project:
    """A development project: one registry folder."""

    key: str
    year: int
    name: str
    unit: str
    dnr: str | None = None
    folder_name: str | None = None  # only when the folder is not named "<Dnr> <name>"

    @property
    def folder(self) -> str:
        if self.folder_name:
            return f"{self.year}/{self.folder_name}"
        assert self.dnr, self.key
        return f"{self.year}/{self.dnr.replace('/', '-')} {self.name}"


@dataclass
class Report:
    """One report file: its cover, its body (in a small markup, see ``parse_markup``) and
    the properties a word processor would have written."""

    project: str
    filename: str
    label: str  # "Slutrapport", "Delrapport 1", ...: the first line of the cover
    date: datetime  # creation date: PDF and DOCX properties and the file's mtime
    body: str
    meta: list[tuple[str, str]] = field(default_factory=list)  # "Dnr: ..." lines on the cover
    title: str | None = None  # the cover title; the project name when None
    subtitle: str | None = None
    cover_date: str | None = None  # "Juni 2017" under the title
    byline: list[str] = field(default_factory=list)  # authors, institution, series
    author: str | None = None
    doc_title: str | None = AUTO  # title property: AUTO, a fixed text, "" (empty) or None
    keywords: str | None = None
    layout: str = "classic"  # PDF cover: classic, band, academic or scan
    footer: str = "Sida {n}"  # PDF footer; {n} is the page, {nb} the page count
    running_head: str | None = None  # PDF running head / DOCX page header
    break_sections: bool = False  # PDF: every numbered main section starts a new page
    ocr: bool = False  # PDF: the text layer of a scan, with OCR errors
    cover_table: bool = False  # DOCX: metadata in a cover table with a content control
    text_box: str | None = None  # DOCX: a sentence in a text box next to the summary

    @property
    def kind(self) -> str:
        return Path(self.filename).suffix.lstrip(".").lower()

    def display_title(self, project: Project) -> str:
        return self.title or project.name

    def title_property(self, project: Project) -> str | None:
        if self.doc_title == AUTO:
            return f"{self.label} {self.display_title(project)}"
        return self.doc_title


@dataclass(frozen=True)
class Duplicate:
    """A byte-for-byte copy of a report filed in another project folder."""

    source: tuple[str, str]  # (project key, file name)
    project: str
    filename: str
    date: datetime


@dataclass
class Written:
    """What was written, for the summary table and the checks."""

    path: Path
    kind: str
    dnr: str
    date: str
    words: int
    pages: int | None = None
    report: Report | None = None
    damaged: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- markup

_BLOCK_START = ("# ", "## ", "- ", "|", "===")


def parse_markup(text: str) -> list[tuple]:
    """Parse a report body written in a small Markdown-like markup.

    ``# `` is a main section, ``## `` a subsection, ``- `` a bullet, ``| a | b |`` a table
    row (the first row is the heading row), ``===`` a page break; other lines are joined into
    paragraphs, which blank lines separate.

    >>> parse_markup("# 1. Inledning\\nEtt två\\ntre.\\n\\n- a\\n- b\\n| X | Y |\\n| 1 | 2 |")
    [('h1', '1. Inledning'), ('p', 'Ett två tre.'), ('bullets', ['a', 'b']), ('table', [['X', 'Y'], ['1', '2']])]
    """
    blocks: list[tuple] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in textwrap.dedent(text).strip().splitlines():
        line = raw.strip()
        if not line or line.startswith(_BLOCK_START):
            flush()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(("h2", line[3:].strip()))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:].strip()))
        elif line.startswith("- "):
            if blocks and blocks[-1][0] == "bullets":
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append(("bullets", [line[2:].strip()]))
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        elif line == "===":
            blocks.append(("pagebreak",))
        else:
            paragraph.append(line)
    flush()
    return blocks


def map_text(blocks: list[tuple], fn) -> list[tuple]:
    """Apply ``fn`` to every piece of text in ``blocks``, in reading order."""
    out: list[tuple] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "p"):
            out.append((kind, fn(block[1])))
        elif kind == "bullets":
            out.append((kind, [fn(item) for item in block[1]]))
        elif kind == "table":
            out.append((kind, [[fn(cell) for cell in row] for row in block[1]]))
        else:
            out.append(block)
    return out


def block_text(blocks: list[tuple]) -> str:
    parts: list[str] = []
    map_text(blocks, parts.append)
    return "\n".join(parts)


def cover_text(report: Report, project: Project) -> str:
    lines = [
        report.label,
        report.display_title(project),
        report.subtitle or "",
        report.cover_date or "",
        *report.byline,
    ]
    lines += [f"{label}: {value}" for label, value in report.meta]
    return "\n".join(lines)


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


# --------------------------------------------------------------------------- OCR damage

_OCR_LETTERS = {"ä": "aadi", "ö": "oo6", "å": "aaé", "Ä": "AAA", "Ö": "OO0", "Å": "AAÄ"}
_WORD = re.compile(r"[^\W\d_]+")


class OcrDamage:
    """Damage text the way poor OCR of a scanned report does, deterministically.

    About a fifth of the words with å, ä or ö lose their diacritics or get a wrong letter
    ("socialtjanst", "6vriga", "utvirderade", "ldsa"); a few other words get "rn" for "m",
    "1" for "i" or "l", a stray "1" at the end ("kvinnojourer1"), or are broken in two.

    >>> OcrDamage(seed=31)("Utvärderingen visar att kvinnorna i missbruksvården fått stöd")
    'Utvirderingen visar att kvinnorna i missbruksvérden fått stöd'
    """

    def __init__(self, seed: int, diacritic_rate: float = 0.22, other_rate: float = 0.05) -> None:
        self.rng = random.Random(seed)
        self.diacritic_rate = diacritic_rate
        self.other_rate = other_rate
        self.damaged: list[str] = []

    def __call__(self, text: str) -> str:
        return _WORD.sub(self._word, text)

    def _word(self, match: re.Match) -> str:
        word = match.group()
        rng = self.rng
        roll, split_roll = rng.random(), rng.random()  # always two draws: stable sequence
        new = word
        if any(c in _OCR_LETTERS for c in word):
            if roll < self.diacritic_rate:
                new = "".join(rng.choice(_OCR_LETTERS[c]) if c in _OCR_LETTERS else c for c in word)
        elif len(word) >= 5 and roll < self.other_rate:
            new = self._misread(word)
        if len(new) >= 11 and split_roll < 0.04:
            cut = rng.randrange(4, len(new) - 3)
            new = f"{new[:cut]} {new[cut:]}"
        if new != word:
            self.damaged.append(new)
        return new

    def _misread(self, word: str) -> str:
        rng = self.rng
        options = ["stray"]
        if "m" in word:
            options.append("rn")
        if "i" in word[1:]:
            options.append("i1")
        if "l" in word[1:]:
            options.append("l1")
        choice = rng.choice(options)
        if choice == "rn":
            return word.replace("m", "rn", 1)
        if choice in ("i1", "l1"):
            letter = choice[0]
            spots = [i for i, c in enumerate(word) if c == letter and i > 0]
            spot = rng.choice(spots)
            return word[:spot] + "1" + word[spot + 1 :]
        return word + rng.choice(["1", "1", "1", "'"])


# --------------------------------------------------------------------------- PDF

#: Helvetica and Times in fpdf2 are Latin-1 fonts: these characters must be replaced.
_LATIN1_REPLACEMENTS = {
    "–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "„": '"',
    "…": "...", "•": "-", "\u00a0": " ", "\u2009": " ", "≈": "ca ", "→": "->",
}  # fmt: skip


def latin1(text: str) -> str:
    """Make text printable with a core PDF font; fail loudly on anything left over."""
    for char, replacement in _LATIN1_REPLACEMENTS.items():
        text = text.replace(char, replacement)
    try:
        text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"not Latin-1, add a replacement: {text[exc.start : exc.end]!r} in {text!r}"
        ) from None
    return text


class ReportPDF(FPDF):
    """An A4 report: cover page without header or footer, then numbered pages."""

    def __init__(self, report: Report, project: Project) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.project = project
        self.font_name = "Times" if report.ocr else "Helvetica"
        self.set_margins(25, 22, 25)
        self.set_auto_page_break(True, margin=22)

    def header(self) -> None:
        if self.page_no() == 1 or not self.report.running_head:
            return
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110, 110, 110)
        self.set_y(10)
        self.cell(0, 5, latin1(self.report.running_head), align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(22)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font(self.font_name, "", 9)
        self.set_text_color(60, 60, 60)
        self.cell(0, 8, self.report.footer.format(n=self.page_no(), nb="{nb}"), align="C")
        self.set_text_color(0, 0, 0)

    # -- text helpers

    def text_font(self, size: float = 10.5, style: str = "") -> None:
        self.set_font(self.font_name, style, size)

    def para(
        self,
        text: str,
        size: float = 10.5,
        style: str = "",
        height: float = 5.4,
        after: float = 2.6,
        align: str = "J",
    ) -> None:
        self.text_font(size, style)
        self.multi_cell(0, height, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(after)

    def keep_space(self, needed: float) -> None:
        """Start a new page when less than ``needed`` mm is left (keep a heading with its text)."""
        if self.get_y() + needed > self.h - self.b_margin:
            self.add_page()


def pdf_cover(pdf: ReportPDF, label: str, title: str, subtitle: str | None) -> None:
    """Draw the cover page in the report's layout."""
    report, project = pdf.report, pdf.project
    meta = [(latin1(k), latin1(v)) for k, v in report.meta]
    layout = report.layout
    pdf.add_page()

    if layout == "band":
        pdf.set_fill_color(31, 78, 121)
        pdf.rect(0, 0, pdf.w, 38, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(25, 13)
        pdf.text_font(15, "B")
        pdf.cell(0, 7, latin1(MUNICIPALITY), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.text_font(10)
        pdf.cell(0, 6, latin1(project.unit), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_y(62)
    elif layout == "academic":
        pdf.set_y(30)
        for line in report.byline[1:]:
            pdf.para(line, size=10, after=0.5, align="L")
        pdf.set_y(78)
    else:
        pdf.set_y(24)
        pdf.para(MUNICIPALITY, size=11, style="B", after=0, align="L")
        pdf.para(project.unit, size=10, after=0, align="L")
        pdf.set_y(82 if layout == "classic" else 70)

    pdf.para(label, size=16, height=8, after=2, align="L")
    pdf.para(title, size=25 if layout != "scan" else 22, style="B", height=11, after=3, align="L")
    if subtitle:
        pdf.para(subtitle, size=13, height=6.5, after=3, align="L")
    if layout == "academic" and report.byline:
        pdf.ln(4)
        pdf.para(report.byline[0], size=12, style="I", after=2, align="L")
    if report.cover_date:
        pdf.para(report.cover_date, size=14, height=7, after=2, align="L")

    if not meta:
        return
    if layout == "band":
        pdf.ln(10)
        pdf.set_draw_color(31, 78, 121)
        pdf.line(25, pdf.get_y(), pdf.w - 25, pdf.get_y())
        pdf.ln(4)
        for label_text, value in meta:
            pdf.text_font(10, "B")
            pdf.cell(42, 6, f"{label_text}:")
            pdf.text_font(10)
            pdf.multi_cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(0, 0, 0)
    else:
        pdf.set_y(max(pdf.get_y() + 10, pdf.h - 30 - 6 * len(meta)))
        for label_text, value in meta:
            pdf.para(f"{label_text}: {value}", size=10, height=5.6, after=0, align="L")


def pdf_body(pdf: ReportPDF, blocks: list[tuple]) -> None:
    """Write the numbered sections, bullets and tables after the cover."""
    pdf.add_page()
    first_section = True
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            if pdf.report.break_sections and not first_section:
                pdf.add_page()
            else:
                if not first_section:
                    pdf.ln(3)
                pdf.keep_space(32)
            first_section = False
            pdf.para(block[1], size=14, style="B", height=7, after=2, align="L")
        elif kind == "h2":
            pdf.keep_space(24)
            pdf.ln(1)
            pdf.para(block[1], size=11.5, style="B", height=6, after=1.2, align="L")
        elif kind == "p":
            pdf.para(block[1])
        elif kind == "bullets":
            for item in block[1]:
                pdf.text_font()
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(5, 5.4, "-")
                pdf.multi_cell(0, 5.4, latin1(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                pdf.ln(1)
            pdf.ln(1.6)
        elif kind == "table":
            pdf_table(pdf, block[1])
        elif kind == "pagebreak":
            pdf.add_page()


def pdf_table(pdf: ReportPDF, rows: list[list[str]]) -> None:
    columns = len(rows[0])
    longest = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(columns)]
    widths = tuple(max(8, n) for n in longest)
    pdf.keep_space(8 + 7 * min(len(rows), 4))
    pdf.text_font(9.5)
    heading = FontFace(emphasis="BOLD", fill_color=(225, 232, 240))
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=5.6,
        padding=1.2,
        headings_style=heading,
        first_row_as_headings=True,
    ) as table:
        for row in rows:
            cells = table.row()
            for i in range(columns):
                cells.cell(latin1(row[i] if i < len(row) else ""))
    pdf.ln(4)


def build_pdf(report: Report, project: Project, path: Path, damage: OcrDamage | None) -> int:
    """Write one PDF report and return its page count."""
    blocks = parse_markup(report.body)
    label, title, subtitle = report.label, report.display_title(project), report.subtitle
    if damage is not None:  # a scan: all text but the metadata lines was read by OCR
        label, title = damage(label), damage(title)
        subtitle = damage(subtitle) if subtitle else None
        blocks = map_text(blocks, damage)
    pdf = ReportPDF(report, project)
    pdf.set_creation_date(report.date)
    pdf.set_lang("sv-SE")
    title_property = report.title_property(project)
    if title_property:
        pdf.set_title(title_property)
    if report.author:
        pdf.set_author(report.author)
    if report.keywords:
        pdf.set_keywords(report.keywords)
    if report.ocr:
        pdf.set_creator("KONICA MINOLTA bizhub C458")
        pdf.set_producer("ABBYY FineReader 14")
    else:
        word = "Microsoft® Word 2016" if report.date.year >= 2016 else "Microsoft® Word 2010"
        pdf.set_creator(word)
        pdf.set_producer(word)
    pdf_cover(pdf, label, title, subtitle)
    pdf_body(pdf, blocks)
    pdf.output(str(path))
    return pdf.page_no()


# --------------------------------------------------------------------------- DOCX


def docx_setup(document) -> None:
    """A4 pages with Swedish margins, Swedish proofing language."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "sv-SE")
        lang.set(qn("w:eastAsia"), "en-US")
        lang.set(qn("w:bidi"), "ar-SA")
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)


def content_control_run(alias: str, tag: str, text: str, control_id: int):
    """A run-level Word content control (``w:sdt``) holding plain text."""
    return parse_xml(
        f"<w:sdt {nsdecls('w')}>"
        f'<w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{tag}"/>'
        f'<w:id w:val="{control_id}"/><w:text/></w:sdtPr>'
        f"<w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent>"
        f"</w:sdt>"
    )


def text_box_run(text: str, shape_id: int):
    """A run holding a text box, written as Word 2010+ does: a DrawingML shape with a VML
    fallback for older readers (``mc:AlternateContent``)."""
    txbx = f'<w:txbxContent><w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word"'
    )
    cx, cy = 2160000, 1080000  # 6 x 3 cm
    return parse_xml(
        f"<w:r {ns}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
        f'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="19050" b="19050"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{shape_id}" name="Textruta {shape_id}"/>'
        f"<wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>'
        f'<wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="EAF1F8"/></a:solidFill>'
        f'<a:ln w="9525"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill><a:miter lim="800000"/></a:ln>'
        f"</wps:spPr><wps:txbx>{txbx}</wps:txbx>"
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" '
        f'bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        f"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>"
        f'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        f'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="Textruta {shape_id}" o:spid="_x0000_s1026" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:0;margin-top:0;width:170.1pt;height:85.05pt;'
        f"z-index:251659264;visibility:visible;mso-wrap-style:square;mso-position-horizontal:right;"
        f'mso-position-horizontal-relative:margin;mso-position-vertical-relative:text" '
        f'fillcolor="#eaf1f8" strokecolor="#1f4e79">'
        f"<v:textbox>{txbx}</v:textbox>"
        f'<w10:wrap type="square" anchorx="margin"/></v:shape>'
        f"</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def docx_cover(document, report: Report, project: Project) -> None:
    small = document.add_paragraph()
    run = small.add_run(MUNICIPALITY)
    run.bold = True
    small.add_run(f"\n{project.unit}")
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(96)
    document.add_paragraph(report.label, style="Subtitle")
    document.add_paragraph(report.display_title(project), style="Title")
    if report.subtitle:
        document.add_paragraph(report.subtitle).runs[0].font.size = Pt(13)
    if report.cover_date:
        date_par = document.add_paragraph()
        date_run = date_par.add_run(report.cover_date)
        date_run.font.size = Pt(14)
    if not report.meta:
        return
    document.add_paragraph().paragraph_format.space_after = Pt(48)
    if report.cover_table:
        table = document.add_table(rows=0, cols=2)
        table.style = document.styles["Table Grid"]
        table.autofit = False
        for label, value in report.meta:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[0].width, cells[1].width = Cm(4), Cm(11)
            if label == "Dnr":  # the registry template puts the case number in a content control
                cells[1].paragraphs[0]._p.append(
                    content_control_run("Diarienummer", "Dnr", value, 1187513925)
                )
            else:
                cells[1].paragraphs[0].add_run(value)
    else:
        for label, value in report.meta:
            par = document.add_paragraph()
            par.paragraph_format.space_after = Pt(0)
            par.add_run(f"{label}: ").bold = True
            par.add_run(value)


def docx_table(document, rows: list[list[str]]) -> None:
    columns = len(rows[0])
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    for r, row in enumerate(rows):
        cells = table.add_row().cells
        for i in range(columns):
            run = cells[i].paragraphs[0].add_run(row[i] if i < len(row) else "")
            run.bold = r == 0
    document.add_paragraph()


def build_docx(report: Report, project: Project, path: Path) -> None:
    """Write one DOCX report with real heading styles and fixed core properties."""
    document = docx.Document()
    docx_setup(document)
    if report.running_head:
        header = document.sections[0].header.paragraphs[0]
        header.text = report.running_head
        header.runs[0].font.size = Pt(9)
        header.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    docx_cover(document, report, project)
    document.add_page_break()
    text_box_pending = report.text_box
    for block in parse_markup(report.body):
        kind = block[0]
        if kind == "h1":
            document.add_heading(block[1], level=1)
        elif kind == "h2":
            document.add_heading(block[1], level=2)
        elif kind == "p":
            par = document.add_paragraph(block[1])
            if text_box_pending:  # anchor the text box to the first paragraph of the text
                par._p.insert(1 if par._p.pPr is not None else 0, text_box_run(text_box_pending, 2))
                text_box_pending = None
        elif kind == "bullets":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            docx_table(document, block[1])
        elif kind == "pagebreak":
            document.add_page_break()
    for par in document.paragraphs:
        if par.style.name in ("Normal", "List Bullet"):
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT

    core = document.core_properties
    title_property = report.title_property(project)
    core.title = title_property or ""
    core.author = report.author or ""
    core.last_modified_by = report.author or ""
    core.keywords = report.keywords or ""
    core.comments = ""
    core.subject = project.name
    core.category = report.label.split()[0]
    core.language = "sv-SE"
    core.revision = 3 + len(report.body) % 5
    naive = report.date.astimezone(UTC).replace(tzinfo=None)
    core.created = naive - timedelta(days=12, hours=3)
    core.modified = naive

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(fixed_zip(buffer.getvalue()))


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, keeping entry order and content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- the archive


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


SOC = "Socialförvaltningen"
BJORKHAGEN = "Björkhagens stadsdelsförvaltning"
EKBACKEN = "Ekbackens stadsdelsförvaltning"
SJOVIKEN = "Sjövikens stadsdelsförvaltning"
ALDRE = "Äldreförvaltningen"
ARBETSMARKNAD = "Arbetsmarknadsförvaltningen"

PROJECTS = [
    Project("kunskapsbank", 2013, "Socialförvaltningens kunskapsbank", SOC, dnr="3.2-614/2013"),
    Project("bostad", 2014, "Bostad först i Björkhagen", BJORKHAGEN, dnr="SN 2014/0123"),
    Project(
        "ips", 2015, "Vägen till arbete – IPS för personer med missbruk", ARBETSMARKNAD, dnr="AMN-2015-0185"
    ),
    Project("hemgang", 2016, "Trygg hemgång i Sjöviken", ALDRE, folder_name="Trygg hemgång Sjöviken"),
    Project(
        "skolfam", 2017, "Skolfam – skolstöd för familjehemsplacerade barn", EKBACKEN, dnr="3.1-288/2017"
    ),
    Project("vald", 2018, "Samverkan för våldsutsatta kvinnor med missbruk", SOC, dnr="SN.2018.42"),
    Project("stodboende", 2019, "Stödboende för ensamkommande ungdomar", SOC, dnr="SN 2019/88"),
    Project("brukarrevision", 2020, "Brukarrevision i socialpsykiatrin", SJOVIKEN, dnr="3.2-455/2020"),
    Project("eansokan", 2021, "Digital ansökan om ekonomiskt bistånd", SOC, dnr="SN.2021.17"),
]

REPORTS: list[Report] = []

# ----------------------------------------------------------------- 2013 Socialförvaltningens kunskapsbank

REPORTS += [
    Report(
        project="kunskapsbank",
        filename="Projektplan kunskapsbank.docx",
        label="Projektplan",
        date=at(2014, 3, 17, 14, 20),
        cover_date="Mars 2014",
        meta=[
            ("Dnr", "3.2-614/2013"),
            ("Datum", "2014-03-17"),
            ("Förvaltning", "Socialförvaltningen, FoU-enheten"),
            ("Projektledare", "Karin Söderholm, FoU-samordnare"),
            ("Version", "1.1, fastställd av ledningsgruppen"),
        ],
        author="Karin Söderholm",
        body="""
        # Sammanfattning
        Socialförvaltningen och stadsdelsförvaltningarna i Älvdala stad har under många år
        bedrivit utvecklingsprojekt med egna medel, statliga stimulansmedel och pengar från olika
        fonder. Varje projekt ska enligt stadens riktlinjer avslutas med en slutrapport, och många
        projekt har dessutom utvärderats. Rapporterna diarieförs, men de är svåra att hitta i
        efterhand. De ligger i diariet, på gemensamma serverytor, i enskilda medarbetares
        mejlkorgar och i pärmar på enheterna. Kunskapen som projekten har tagit fram används därför
        sällan när nya insatser planeras.

        Projektet Socialförvaltningens kunskapsbank ska samla förvaltningarnas projekt- och
        utvärderingsrapporter på ett ställe och göra dem sökbara för alla medarbetare. Projektet
        pågår från april 2014 till juni 2015 och leds av FoU-enheten.

        # 1. Bakgrund
        Under hösten 2013 gick FoU-enheten igenom diarierna för socialnämnden och de fyra
        stadsdelsnämnderna. Genomgången visade att det mellan 2005 och 2013 registrerades minst
        212 rapporter från utvecklingsprojekt inom socialtjänsten: projektplaner, delrapporter,
        slutrapporter och utvärderingar. Ungefär en fjärdedel finns bara på papper. Många av de
        digitala rapporterna saknar datum eller diarienummer i själva dokumentet, och filnamnen
        säger ofta lite om innehållet.

        I en enkät till socialsekreterare och enhetschefer samma höst svarade 143 personer.
        61 procent kände inte till någon rapport från tidigare projekt inom sitt eget
        verksamhetsområde, och bara 12 procent hade någon gång sökt efter en sådan rapport i
        diariet. Samtidigt uppgav en klar majoritet att de skulle ha nytta av att kunna läsa hur
        liknande insatser hade fungerat tidigare. Resultatet stämmer väl med erfarenheter från
        andra kommuner: kunskapen finns, men den är inte tillgänglig när den behövs.

        Socialnämnden beslutade i december 2013 (dnr 3.2-614/2013) att ge förvaltningen i uppdrag
        att ta fram en kunskapsbank för FoU-rapporter. Uppdraget ligger i linje med nämndens mål om
        en evidensbaserad praktik, där forskning, professionell erfarenhet och brukarnas kunskap
        vägs samman.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet med projektet är att göra den kunskap som förvaltningarnas egna utvecklingsprojekt
        har tagit fram tillgänglig för medarbetare, chefer och förtroendevalda, så att nya
        satsningar kan bygga vidare på tidigare erfarenheter i stället för att börja om från början.

        ## 2.2 Mål
        - Minst 150 rapporter från perioden 2005–2014 finns i kunskapsbanken i juni 2015.
        - Varje rapport är märkt med diarienummer, år, dokumenttyp, förvaltning och sakområde.
        - Rapporter som bara finns på papper är inskannade och textsökbara.
        - Minst 70 procent av testgruppen anser att kunskapsbanken är lätt att använda.
        - Det finns en fastställd rutin för hur nya rapporter läggs in efter projektets slut.

        ## 2.3 Målgrupp
        Kunskapsbanken riktar sig i första hand till socialsekreterare, enhetschefer och
        utvecklingsledare inom individ- och familjeomsorgen, äldreomsorgen och
        arbetsmarknadsverksamheten. Den ska också kunna användas av förtroendevalda och av
        studenter som gör sin praktik i förvaltningen.

        # 3. Metod och arbetssätt
        Projektet genomförs i fyra faser. I den första fasen inventeras rapporterna i diarierna och
        på serverytorna. I den andra fasen skannas pappersrapporterna in, och alla rapporter får en
        enhetlig märkning. Den tredje fasen är ett test där en grupp på cirka 25 medarbetare från
        olika enheter använder kunskapsbanken i sitt dagliga arbete och lämnar synpunkter. I den
        sista fasen skrivs rutiner för förvaltning och överlämning.

        Märkningen utgår från en gemensam lista över sakområden som tas fram tillsammans med
        verksamheterna, till exempel missbruk och beroende, barn och unga, hemlöshet, äldreomsorg och
        arbetsmarknad. Diarienumret används som nyckel, eftersom det är det enda som knyter ihop
        projektplan, delrapporter och slutrapport från samma projekt.

        # 4. Tidsplan
        | Aktivitet | Tidpunkt |
        | Projektstart, styrgruppens första möte | 2014-04-01 |
        | Inventering av diarier och serverytor klar | 2014-06-30 |
        | Inskanning av pappersrapporter klar | 2014-10-31 |
        | Test med användargrupp | 2015-01-12 – 2015-03-31 |
        | Rutin för nya rapporter fastställd | 2015-05-15 |
        | Slutrapport till socialnämnden | 2015-08-31 |

        # 5. Budget
        Projektet finansieras med FoU-medel inom Socialförvaltningens budget. Den totala kostnaden
        beräknas till 780 000 kronor, varav 540 000 kronor avser projektledning (halvtid under
        projekttiden), 120 000 kronor inskanning och 120 000 kronor anpassning av sökverktyget och
        utbildning.

        # 6. Organisation
        Styrgrupp är förvaltningens ledningsgrupp, med socialdirektören som ordförande.
        Projektledare är Karin Söderholm, FoU-samordnare. I referensgruppen ingår en representant
        från varje stadsdelsförvaltning, en registrator, en person från IT-enheten och två
        socialsekreterare. Referensgruppen träffas en gång i månaden under inventerings- och
        testfasen.

        # 7. Risker
        Den största risken är att rapporterna är svårare att hitta än inventeringen visade,
        särskilt rapporter som aldrig har diarieförts. En annan risk är att kunskapsbanken inte
        används när projektet är slut. Projektet möter den risken genom att involvera användarna
        tidigt och genom att ansvaret för förvaltningen läggs fast innan projektet avslutas.
        Slutligen kan inskannade rapporter av dålig kvalitet ge en text med många tolkningsfel,
        vilket försämrar sökningen.
        """,
    ),
    Report(
        project="kunskapsbank",
        filename="Slutrapport Socialförvaltningens kunskapsbank.pdf",
        label="Slutrapport",
        date=at(2015, 8, 25, 9, 12),
        cover_date="Augusti 2015",
        meta=[
            ("Dnr", "3.2-614/2013"),
            ("Utgivningsdatum", "2015-08-25"),
            ("Utgivare", "Socialförvaltningen, FoU-enheten"),
            ("Kontaktperson", "Karin Söderholm, FoU-samordnare"),
            ("Nyckelord", "kunskapsbank; FoU; kunskapsutveckling; evidensbaserad praktik"),
        ],
        author="Karin Söderholm",
        keywords="kunskapsbank, FoU, kunskapsutveckling",
        running_head="Socialförvaltningens kunskapsbank - Slutrapport",
        footer="Sida {n} av {nb}",
        break_sections=True,
        body="""
        # Sammanfattning
        Projektet Socialförvaltningens kunskapsbank pågick från april 2014 till juni 2015. Målet var
        att samla förvaltningarnas rapporter från utvecklingsprojekt på ett ställe och göra dem
        sökbara. När projektet avslutades fanns 187 rapporter i kunskapsbanken, varav 41 hade
        skannats in från papper. Alla rapporter är märkta med diarienummer, år, dokumenttyp,
        förvaltning och sakområde.

        En testgrupp på 24 medarbetare använde kunskapsbanken under tolv veckor. 19 av dem
        (79 procent) tyckte att den var lätt att använda, och 22 uppgav att de hade hittat minst en
        rapport som de inte kände till tidigare. Projektet visar samtidigt att ordningen i arkivet
        är avgörande: rapporter utan diarienummer, datum eller begriplig titel är svåra att hitta,
        oavsett sökverktyg. Från hösten 2015 ansvarar FoU-enheten för att kunskapsbanken hålls
        aktuell.

        # 1. Inledning
        ## 1.1 Bakgrund
        Socialnämnden gav i december 2013 förvaltningen i uppdrag att ta fram en kunskapsbank för
        rapporter från förvaltningarnas utvecklingsprojekt. Bakgrunden var en inventering som
        visade att minst 212 rapporter hade diarieförts mellan 2005 och 2013, men att de var
        spridda över diarier, serverytor och pärmar. I en enkät samma höst svarade 61 procent av
        143 medarbetare att de inte kände till någon rapport från tidigare projekt inom sitt område.

        ## 1.2 Syfte
        Syftet var att göra den kunskap som projekten har tagit fram tillgänglig, så att nya
        satsningar kan bygga vidare på tidigare erfarenheter.

        ## 1.3 Mål
        Projektplanen angav fem mål. Fyra av dem har nåtts helt och ett delvis.

        | Mål | Utfall |
        | Minst 150 rapporter i kunskapsbanken | 187 rapporter (uppnått) |
        | Enhetlig märkning av alla rapporter | Uppnått |
        | Pappersrapporter inskannade och sökbara | 41 av 48 (delvis) |
        | Minst 70 % av testgruppen nöjda | 79 % (uppnått) |
        | Rutin för nya rapporter | Fastställd 2015-05-19 (uppnått) |

        # 2. Genomförande
        ## 2.1 Inventering
        Inventeringen omfattade socialnämndens och stadsdelsnämndernas diarier, fyra gemensamma
        serverytor och de pärmar som enheterna själva kände till. Sammanlagt hittades 226 dokument
        som kunde vara rapporter. Efter genomgång återstod 187 unika rapporter; resten var
        dubbletter, utkast eller dokument som inte hörde till något projekt. Samma slutrapport
        kunde finnas i tre eller fyra versioner med olika filnamn, och i flera fall fanns en
        rapport både som Word-fil och som pdf.

        ## 2.2 Märkning
        Varje rapport fick en post med diarienummer, år, dokumenttyp, ansvarig förvaltning,
        kontaktperson och sakområden. Listan över sakområden togs fram tillsammans med
        referensgruppen och omfattar elva områden, bland annat missbruk och beroende, barn och
        unga, familjehem, hemlöshet, våld i nära relationer, äldreomsorg och arbetsmarknad.
        Diarienumret visade sig vara skrivet på många olika sätt, med snedstreck, punkt eller
        bindestreck, och projektet har därför tagit fram en gemensam skrivregel.

        ## 2.3 Inskanning
        48 rapporter fanns bara på papper. 41 av dem skannades in och tolkades med OCR. Sju
        rapporter var så dåligt kopierade att texten inte gick att tolka; de finns med i
        kunskapsbanken med titel och märkning, men deras text är inte sökbar. I de inskannade
        rapporterna förekommer tolkningsfel, särskilt i ord med å, ä och ö.

        ## 2.4 Test med användare
        Testet pågick från januari till mars 2015 med 24 medarbetare från individ- och
        familjeomsorgen, äldreomsorgen och Arbetsmarknadsförvaltningen. Deltagarna fick en halv
        dags introduktion och använde sedan kunskapsbanken när de behövde. Projektledaren följde
        upp med två gruppintervjuer och en enkät.

        # 3. Resultat
        Testgruppen gjorde sammanlagt drygt 600 sökningar under tolv veckor. De vanligaste
        sökorden gällde hemlöshet, missbruk, familjehem och ekonomiskt bistånd. 19 av 24 deltagare
        tyckte att kunskapsbanken var lätt att använda, och 22 hade hittat minst en rapport som de
        inte kände till tidigare. Flera beskrev att de för första gången läste en utvärdering av
        ett projekt som liknade det de själva planerade.

        Deltagarna var mer kritiska till rapporternas kvalitet än till sökverktyget. Många
        rapporter saknade sammanfattning, och i flera slutrapporter gick det inte att utläsa om
        projektet hade nått sina mål. Några medarbetare efterfrågade möjligheten att filtrera på år
        och dokumenttyp, vilket lades till under testperioden.

        # 4. Erfarenheter och lärdomar
        Den viktigaste lärdomen är att en kunskapsbank inte blir bättre än de rapporter som läggs
        in i den. Rapporter som saknar diarienummer, datum eller begriplig titel går att hitta, men
        bara med stor möda. Projektet rekommenderar därför att alla projektrapporter får ett
        försättsblad med titel, diarienummer, datum, förvaltning och kontaktperson.

        En annan lärdom är att registratorerna är viktiga samarbetspartner. Deras kunskap om
        diarierna gjorde inventeringen betydligt snabbare än planerat. Slutligen har projektet
        visat att det tar tid att ändra vanor: medarbetare frågar i första hand kollegor, och
        kunskapsbanken behöver därför lyftas fram i introduktionen av nyanställda och i
        ledningsgruppernas arbete.

        # 5. Nästa steg
        Från den 1 september 2015 ansvarar FoU-enheten för kunskapsbanken inom ordinarie budget.
        Nya slutrapporter och utvärderingar läggs in i samband med att de diarieförs, enligt den
        rutin som fastställdes i maj 2015. Kunskapsbanken följs upp årligen i förvaltningens
        verksamhetsberättelse. De sju rapporter som inte gick att tolka ska skrivas av när tid finns.
        """,
    ),
]

# ----------------------------------------------------------------- 2014 Bostad först i Björkhagen

REPORTS += [
    Report(
        project="bostad",
        filename="projektplan.docx",
        label="Projektplan",
        date=at(2014, 2, 10, 15, 45),
        meta=[
            ("Dnr", "SN 2014/0123"),
            ("Datum", "2014-02-10"),
            ("Förvaltning", BJORKHAGEN),
            ("Kontaktperson", "Maria Lindqvist, utvecklingsledare"),
        ],
        author="Maria Lindqvist",
        body="""
        # Sammanfattning
        Björkhagens stadsdelsförvaltning vill pröva Bostad först (Housing First) för personer i
        långvarig hemlöshet. Arbetssättet innebär att den enskilde får en egen lägenhet med eget
        kontrakt utan krav på att först bli drogfri eller ”boendeträna”, och att stödet erbjuds
        utifrån personens egna önskemål. Projektet pågår 2014–2016 och ska ge en egen bostad åt
        minst 20 personer. Arbetet sker i samarbete med det kommunala bostadsbolaget AB Älvdalahem
        och beroendevården.

        # 1. Bakgrund
        Vid den senaste kartläggningen av hemlösheten i Björkhagen, i oktober 2013, fanns 96
        personer som var hemlösa enligt Socialstyrelsens definition. 31 av dem befann sig i akut
        hemlöshet och sov på härbärge, i trapphus eller hos tillfälliga bekanta. De flesta hade ett
        långvarigt missbruk, och ungefär hälften hade också en psykisk ohälsa som inte var
        behandlad.

        I dag arbetar stadsdelsförvaltningen efter den så kallade boendetrappan. Den bostadslöse
        får först plats på härbärge eller i akutboende, sedan i ett stödboende och därefter i en
        träningslägenhet med andrahandskontrakt. Först efter en lång period utan anmärkningar kan
        kontraktet tas över. Många av dem som har varit hemlösa längst har åkt upp och ned i
        trappan i flera år utan att någonsin nå en egen bostad. Kostnaderna för härbärgen och
        akutboenden är samtidigt höga.

        Bostad först har utvecklats i USA och prövats i flera europeiska länder med goda
        resultat. Studier visar att mellan 75 och 90 procent av hyresgästerna bor kvar efter ett
        år, även bland personer som tidigare har bedömts som ”inte boendemogna”.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet är att pröva om Bostad först kan bryta den långvariga hemlösheten för personer med
        missbruk och psykisk ohälsa i Björkhagen, och om arbetssättet kan ersätta delar av
        boendetrappan.

        ## 2.2 Mål
        - Minst 20 personer har fått en egen lägenhet senast 2016-06-30.
        - Minst 80 procent av hyresgästerna bor kvar i sin bostad tolv månader efter inflyttning.
        - Hyresgästernas egen bedömning av sin livskvalitet har förbättrats efter tolv månader.
        - Antalet dygn på härbärge och i akutboende i stadsdelen har minskat med 30 procent till 2016.

        ## 2.3 Målgrupp
        Personer över 20 år som är folkbokförda i Björkhagen, har varit hemlösa i minst ett år
        eller upprepade gånger och har ett missbruk eller en psykisk ohälsa. Personer som utövar
        våld mot närstående ingår inte.

        # 3. Metod och arbetssätt
        Hyresgästerna får ett andrahandskontrakt med förvaltningen, som efter 18 månader kan
        övergå i ett förstahandskontrakt. Lägenheterna är vanliga lägenheter i AB Älvdalahems
        bestånd och sprids i olika hus för att undvika koncentration. Hyran betalas av
        hyresgästen själv, i förekommande fall med ekonomiskt bistånd.

        Stödet ges av ett team med en teamledare, tre boendestödjare och en sjuksköterska på
        halvtid från beroendevården. Teamet träffar varje hyresgäst minst en gång i veckan i
        början, och stödet finns tillgängligt även kvällar och helger. Insatserna utgår från
        hyresgästens egna mål. Att ta emot behandling för missbruket är frivilligt och inget
        villkor för att få behålla bostaden. Hyresgästen har samma rättigheter och skyldigheter som
        andra hyresgäster.

        Arbetet följer de principer för modelltrohet som beskrivs i den internationella
        litteraturen. Projektet följs upp med en extern utvärdering.

        # 4. Tidsplan
        | Milstolpe | Datum |
        | Beslut i stadsdelsnämnden | 2014-03-20 |
        | Teamet rekryterat | 2014-04-30 |
        | Första hyresgästen flyttar in | 2014-06-01 |
        | Delrapport till nämnden | 2015-09-30 |
        | Sista inflyttning inom projektet | 2016-06-30 |
        | Projektet avslutas | 2016-12-31 |
        | Slutrapport | 2017-06-30 |

        # 5. Budget
        Den totala kostnaden beräknas till 7,2 miljoner kronor för tre år, huvudsakligen
        personalkostnader för teamet. Stadsdelsförvaltningen har ansökt om statliga
        utvecklingsmedel för arbetet mot hemlöshet med 1,1 miljoner kronor per år. Resten
        finansieras genom omfördelning från budgeten för härbärgen och akutboenden.

        # 6. Organisation
        Projektet leds av en styrgrupp med avdelningschefen för individ- och familjeomsorgen,
        enhetschefen för vuxenenheten och en representant för AB Älvdalahem. Projektledare är
        Maria Lindqvist, utvecklingsledare.

        # 7. Risker
        - AB Älvdalahem kan inte erbjuda tillräckligt många lägenheter. Ett avtal om 15 lägenheter per år ska tecknas innan projektet startar.
        - Grannar klagar på störningar. Teamet ska ha en tydlig rutin för att agera snabbt.
        - Hyresgästerna avbryter kontakten med teamet. Arbetssättet bygger på uthållighet och uppsökande arbete.
        - Finansieringen efter 2016 är osäker. Resultaten ska redovisas för nämnden i god tid före budgetarbetet för 2017.
        """,
    ),
    Report(
        project="bostad",
        filename="Delrapport 1 Bostad först.pdf",
        label="Delrapport 1",
        date=at(2015, 9, 14, 11, 5),
        cover_date="September 2015",
        meta=[
            ("Dnr", "SN 2014/0123"),
            ("Datum", "2015-09-14"),
            ("Utgivare", BJORKHAGEN),
            ("Kontaktperson", "Maria Lindqvist"),
        ],
        author="Maria Lindqvist",
        layout="band",
        footer="{n} ({nb})",
        body="""
        # Sammanfattning
        Projektet Bostad först i Björkhagen startade i april 2014. Den här delrapporten beskriver
        läget efter drygt ett års arbete, till och med augusti 2015. Hittills har 14 personer
        flyttat in i egna lägenheter, och 13 av dem bor fortfarande kvar. Ingen har blivit vräkt.
        Det största problemet har varit att få fram lägenheter i den takt som planerades.

        # 1. Inledning
        Bostad först är ett arbetssätt för personer i långvarig hemlöshet där en egen bostad ses
        som en förutsättning för återhämtning, inte som en belöning för att man har blivit drogfri.
        Projektet drivs av Björkhagens stadsdelsförvaltning i samarbete med AB Älvdalahem och
        beroendevården. Enligt projektplanen ska minst 20 personer ha fått en egen lägenhet senast
        i juni 2016.

        # 2. Läget hittills
        ## 2.1 Hyresgäster
        Sedan starten har 31 personer anmälts till projektet av vuxenenhetens socialsekreterare.
        22 har bedömts tillhöra målgruppen, och av dem har 14 flyttat in i en egen lägenhet.
        Övriga åtta väntar på lägenhet. Hyresgästerna är mellan 27 och 63 år, elva är män och tre
        är kvinnor. Alla har ett långvarigt missbruk av alkohol eller narkotika, och nio har en
        diagnostiserad psykisk sjukdom. I genomsnitt hade de varit hemlösa i 7,5 år innan de
        flyttade in.

        ## 2.2 Boendestabilitet
        13 av 14 hyresgäster bor kvar. En person har lämnat sin lägenhet och flyttat till ett
        särskilt boende för personer med missbruk, efter eget önskemål. Teamet har hanterat tre
        störningsärenden där grannar har klagat på oväsen eller besökare. I samtliga fall har
        störningarna upphört efter samtal mellan hyresgästen, teamet och hyresvärden. Ingen
        hyresgäst har fått sitt kontrakt uppsagt.

        ## 2.3 Stödet
        Teamet har haft i genomsnitt 1,6 kontakter per hyresgäst och vecka. Stödet handlar till
        stor del om praktiska frågor: att betala hyran, handla, städa och hålla kontakt med
        vården. Sju hyresgäster har på eget initiativ tagit kontakt med beroendevården, och fyra
        har påbörjat behandling.

        ## 2.4 Lägenheter
        Enligt avtalet skulle AB Älvdalahem ställa 15 lägenheter till förfogande under det första
        året. Utfallet blev nio. Bolaget har hänvisat till få omflyttningar i beståndet och till
        oro bland enskilda fastighetsförvaltare. Efter ett möte mellan stadsdelsdirektören och
        bolagets vd i maj 2015 har ytterligare fem lägenheter erbjudits.

        | Period | Anmälda | Inflyttade | Bor kvar |
        | April–december 2014 | 17 | 6 | 6 |
        | Januari–augusti 2015 | 14 | 8 | 7 |
        | Totalt | 31 | 14 | 13 |

        ## 2.5 Ekonomi
        Kostnaderna för projektet uppgick till och med augusti 2015 till 3,1 miljoner kronor,
        vilket är något under budget eftersom en av tjänsterna som boendestödjare var vakant under
        hösten 2014. Antalet dygn på härbärge och i akutboende i stadsdelen minskade med 12 procent
        mellan första halvåret 2014 och första halvåret 2015.

        # 3. Erfarenheter hittills
        Det tydligaste resultatet hittills är att personer som under lång tid bedömts som ”inte
        boendemogna” har kunnat bo kvar i sin egen lägenhet. Flera hyresgäster beskriver att det är
        första gången på många år som de kan sova ostört och har en egen nyckel. Teamet har också
        märkt att kontakten med vården blir lättare när personen har en fast adress.

        Samtidigt har arbetet varit mer krävande än förväntat. Flera hyresgäster har haft svåra
        perioder med återfall och ensamhet, och teamet har behövt lägga mycket tid på kontakter med
        grannar och fastighetsskötare i början av varje boende.

        # 4. Fortsatt arbete
        Fram till juni 2016 ska minst sex personer till flytta in. Projektet följer upp samtliga
        hyresgäster tolv månader efter inflyttningen. Den externa utvärderingen, som genomförs av
        Älvdala högskola, påbörjades i augusti 2015.
        """,
    ),
    Report(
        project="bostad",
        filename="slutrapport_bostad_forst.pdf",
        label="Slutrapport",
        date=at(2017, 6, 12, 13, 30),
        cover_date="Juni 2017",
        meta=[
            ("Dnr", "SN 2014/0123"),
            ("Utgivningsdatum", "2017-06-12"),
            ("Utgivare", BJORKHAGEN),
            ("Kontaktperson", "Maria Lindqvist, utvecklingsledare"),
            ("Nyckelord", "hemlöshet; Bostad först; Housing First; boendestöd"),
        ],
        author="Maria Lindqvist",
        keywords="hemlöshet; Bostad först; Housing First; boendestöd",
        running_head="Bostad först i Björkhagen | Slutrapport",
        break_sections=True,
        body="""
        # Sammanfattning
        Bostad först i Björkhagen pågick från april 2014 till december 2016. Under projekttiden
        fick 23 personer i långvarig hemlöshet en egen lägenhet med stöd från ett särskilt team.
        Vid uppföljningen i mars 2017 bodde 19 av dem kvar i sin lägenhet, vilket motsvarar
        83 procent. Två hyresgäster har avlidit, en har flyttat till en annan kommun och en har
        förlorat sin bostad efter upprepade störningar.

        Projektet nådde därmed målen om antal bostäder och boendestabilitet. Hyresgästerna
        skattade sin livskvalitet högre efter tolv månader än vid inflyttningen, och de använde
        akutsjukvården betydligt mindre. Antalet dygn på härbärge och i akutboende i stadsdelen
        minskade med 34 procent mellan 2013 och 2016. Stadsdelsnämnden har beslutat att Bostad
        först ska ingå i den ordinarie verksamheten från 2017.

        # 1. Inledning
        ## 1.1 Bakgrund
        När projektet planerades fanns 96 hemlösa personer i Björkhagen, varav 31 i akut
        hemlöshet. Många av dem hade bott på härbärge eller i akutboenden under flera år och åkt upp
        och ned i den så kallade boendetrappan. Stadsdelsnämnden beslutade i mars 2014 att pröva
        Bostad först, ett arbetssätt där den bostadslöse får en egen lägenhet utan krav på att
        först bli drogfri.

        ## 1.2 Syfte
        Syftet var att pröva om Bostad först kan bryta den långvariga hemlösheten för personer med
        missbruk och psykisk ohälsa, och om arbetssättet kan ersätta delar av boendetrappan.

        ## 1.3 Mål
        | Mål | Utfall |
        | Minst 20 personer i egen lägenhet senast 2016-06-30 | 23 personer |
        | Minst 80 % bor kvar efter tolv månader | 87 % (20 av 23) |
        | Förbättrad självskattad livskvalitet | Uppnått |
        | 30 % färre dygn på härbärge och i akutboende | 34 % färre |

        ## 1.4 Målgrupp
        Personer över 20 år i Björkhagen som varit hemlösa i minst ett år eller upprepade gånger
        och som har ett missbruk eller en psykisk ohälsa.

        # 2. Metod och genomförande
        Teamet bestod av en teamledare, tre boendestödjare och en sjuksköterska på halvtid från
        beroendevården. Hyresgästerna fick andrahandskontrakt med förvaltningen, med möjlighet att
        ta över kontraktet efter 18 månader. Lägenheterna kom från AB Älvdalahem och låg utspridda
        i elva olika hus.

        Under det första året var tillgången på lägenheter det största hindret. Först efter en
        överenskommelse mellan stadsdelsdirektören och bolagets ledning i maj 2015 ökade takten,
        och under 2016 flyttade nio hyresgäster in. Teamet arbetade med ett flexibelt stöd: i
        början träffades hyresgästen och teamet flera gånger i veckan, senare oftast en gång i
        veckan. Stödet fanns tillgängligt även kvällar och helger via en jourtelefon.

        Projektet följdes av en extern utvärdering som genomfördes av Älvdala högskola och
        redovisades i mars 2017. Utvärderingen visade att arbetet hade hög modelltrohet.

        # 3. Resultat
        ## 3.1 Boende
        Av de 23 hyresgästerna bodde 20 kvar tolv månader efter inflyttningen och 19 vid
        uppföljningen i mars 2017. Tolv hyresgäster har tagit över sitt kontrakt i första hand.
        Teamet hanterade under projekttiden sammanlagt elva störningsärenden; i ett fall ledde
        upprepade störningar till att kontraktet sades upp.

        ## 3.2 Hälsa och missbruk
        17 hyresgäster uppgav vid tolvmånadersuppföljningen att de hade minskat sitt missbruk, och
        tio hade en pågående kontakt med beroendevården. Antalet vårddagar i akut somatisk vård
        minskade från i genomsnitt 9,4 till 3,1 dagar per person och år. Hyresgästernas
        självskattade livskvalitet ökade från 3,2 till 4,6 på en skala från 1 till 7.

        ## 3.3 Kostnader
        En plats på härbärge eller i akutboende kostar stadsdelen i genomsnitt 1 650 kronor per
        dygn. Kostnaden för en hyresgäst i Bostad först, inklusive teamets stöd men exklusive
        hyran, beräknades till cirka 480 kronor per dygn. Den totala projektkostnaden blev 6,9
        miljoner kronor, varav 3,3 miljoner täcktes av statliga utvecklingsmedel.

        # 4. Erfarenheter och lärdomar
        - Det går att bo i egen lägenhet för personer som länge har bedömts som ”inte boendemogna”, om stödet är flexibelt och uthålligt.
        - Samarbetet med hyresvärden är avgörande. En skriftlig överenskommelse om antal lägenheter behövs innan projektet startar.
        - Teamet behöver tid för grannkontakter och för hyresgästernas ensamhet, som blev ett större problem än väntat.
        - Samverkan med psykiatrin har varit svårare än med beroendevården och behöver utvecklas.

        # 5. Slutsatser och nästa steg
        Bostad först har i Björkhagen gett bättre resultat än boendetrappan för den grupp som har
        varit hemlös längst. Stadsdelsnämnden beslutade den 23 mars 2017 att Bostad först ska ingå
        i vuxenenhetens ordinarie verksamhet med tio nya lägenheter per år. Erfarenheterna ska
        också spridas till de andra stadsdelarna genom Socialförvaltningens kunskapsbank.
        """,
    ),
    Report(
        project="bostad",
        filename="Utvärdering Bostad först Björkhagen.pdf",
        label="Utvärdering av Bostad först i Björkhagen",
        title="Ett eget hem som grund",
        subtitle="Modelltrohet, boendestabilitet och hyresgästernas erfarenheter",
        date=at(2017, 3, 20, 16, 0),
        cover_date="Mars 2017",
        byline=[
            "Henrik Sandberg och Leila Haddad",
            "Älvdala högskola",
            "Centrum för socialt arbete",
            "Rapportserie 2017:3",
        ],
        meta=[
            ("Datum", "2017-03-20"),
            ("Beställare", f"{BJORKHAGEN}, dnr SN 2014/0123"),
        ],
        author="Henrik Sandberg",
        doc_title="Utvärdering av Bostad först i Björkhagen",
        layout="academic",
        running_head="Sandberg & Haddad: Ett eget hem som grund",
        body="""
        # Sammanfattning
        Den här rapporten redovisar den externa utvärderingen av projektet Bostad först i
        Björkhagen, som Björkhagens stadsdelsförvaltning genomförde 2014–2016. Utvärderingen har
        undersökt i vilken utsträckning teamet har arbetat i enlighet med modellen, hur många
        hyresgäster som har behållit sin bostad och hur hyresgäster, personal och hyresvärd
        beskriver sina erfarenheter.

        Modelltroheten var hög och ökade under projekttiden. 20 av 23 hyresgäster (87 procent)
        bodde kvar tolv månader efter inflyttningen, vilket ligger i nivå med internationella
        studier. Hyresgästerna beskrev den egna bostaden som en vändpunkt, men också att
        ensamheten kan vara svår. De svagaste delarna var tillgången till lägenheter och
        samverkan med psykiatrin. Vi bedömer att Bostad först bör permanentas och spridas till
        stadens övriga stadsdelar.

        # 1. Inledning
        ## 1.1 Uppdraget
        Björkhagens stadsdelsförvaltning gav hösten 2015 Centrum för socialt arbete vid Älvdala
        högskola i uppdrag att utvärdera projektet Bostad först. Utvärderingen har genomförts
        oberoende av projektet, men projektledningen har bidragit med underlag och synpunkter på
        ett utkast till rapporten.

        ## 1.2 Frågeställningar
        - I vilken utsträckning arbetar teamet i enlighet med Bostad först-modellen?
        - Hur många av hyresgästerna bor kvar i sin bostad efter tolv månader?
        - Hur har hyresgästernas hälsa, missbruk och kontakter med vården förändrats?
        - Hur beskriver hyresgäster, personal och hyresvärd sina erfarenheter av arbetet?

        # 2. Metod
        Modelltroheten mättes vid två tillfällen, i november 2015 och i oktober 2016, med en
        svensk version av en internationell skala med 38 indikatorer som var och en bedöms från 1
        till 4. Bedömningen byggde på dokumentation, observationer vid teamets möten och samtal med
        personal och hyresgäster.

        Vi intervjuade 12 hyresgäster, samtliga nio medarbetare som arbetat i teamet och fyra
        företrädare för AB Älvdalahem. Intervjuerna spelades in, skrevs ut och analyserades
        tematiskt. Uppgifter om boende, vårdkontakter och insatser hämtades från socialtjänstens
        verksamhetssystem och regionens vårddatabas för de 21 av 23 hyresgäster som lämnade
        samtycke. Eftersom det saknas en jämförelsegrupp kan utvärderingen inte säga något säkert
        om effekter, men den kan beskriva förändringar över tid.

        # 3. Resultat
        ## 3.1 Modelltrohet
        Vid den första mätningen fick teamet i genomsnitt 3,1 av 4 på skalan, vid den andra 3,5.
        De högsta värdena gällde hyresgästernas valfrihet, att boendet inte var villkorat av
        behandling och att stödet var tidsobegränsat. De lägsta gällde tillgången till bostäder,
        där hyresgästerna fick vänta i genomsnitt fem månader, och integreringen med psykiatrin.

        | Område | Mätning 1 | Mätning 2 |
        | Bostad och boendeval | 2,6 | 3,2 |
        | Separation av boende och stöd | 3,4 | 3,7 |
        | Självbestämmande och återhämtning | 3,3 | 3,6 |
        | Stödets utformning | 3,1 | 3,5 |
        | Samverkan med vården | 2,8 | 3,0 |

        ## 3.2 Boendestabilitet och hälsa
        20 av 23 hyresgäster bodde kvar efter tolv månader. För de 21 som lämnat samtycke
        minskade antalet vårddagar i akut somatisk vård med två tredjedelar, medan kontakterna
        med beroendevårdens öppenvård ökade. Flera hyresgäster hade återfall under det första året
        utan att förlora sin bostad.

        ## 3.3 Hyresgästernas erfarenheter
        Hyresgästerna beskrev den egna lägenheten som en vändpunkt. ”Det är första gången på
        femton år som jag låser min egen dörr”, sa en av dem. Många lyfte fram att personalen
        kom tillbaka även när det gick dåligt. Samtidigt berättade flera om ensamhet och om att
        dagarna kunde vara långa utan sysselsättning.

        ## 3.4 Personal och hyresvärd
        Personalen beskrev arbetet som meningsfullt men krävande, särskilt under perioder med
        många nya hyresgäster. Företrädarna för AB Älvdalahem var till en början tveksamma men
        menade vid intervjuerna att antalet störningar hade varit lägre än de befarat.

        # 4. Bedömning
        Vi bedömer att Bostad först i Björkhagen har genomförts med hög modelltrohet och att
        resultaten när det gäller boendestabilitet är goda. Resultaten talar för att arbetssättet
        passar den grupp som har varit hemlös längst och som inte har klarat boendetrappan.
        Utvärderingen kan inte visa att förbättringarna beror på projektet, men förändringarna
        går i samma riktning som i kontrollerade studier i andra länder.

        # 5. Rekommendationer
        - Bostad först bör permanentas i Björkhagen och spridas till stadens övriga stadsdelar.
        - En långsiktig överenskommelse med AB Älvdalahem om antal lägenheter per år bör tecknas.
        - Samverkan med psykiatrin bör formaliseras, till exempel genom en psykiatriker knuten till teamet.
        - Hyresgästerna bör erbjudas stöd till sysselsättning och sociala sammanhang.
        """,
    ),
]

# ----------------------------------------------------------------- 2015 Vägen till arbete – IPS

REPORTS += [
    Report(
        project="ips",
        filename="Projektplan Vägen till arbete.docx",
        label="Projektplan",
        date=at(2015, 3, 2, 8, 50),
        meta=[
            ("Dnr", "AMN-2015-0185"),
            ("Datum", "2015-03-02"),
            ("Förvaltning", ARBETSMARKNAD),
            ("Projektledare", "Sofia Åkerlund"),
        ],
        author="Sofia Åkerlund",
        keywords="IPS, supported employment, missbruk, arbetsmarknad",
        running_head=f"{ARBETSMARKNAD}\t\tDnr AMN-2015-0185",
        cover_table=True,
        text_box=(
            "I korthet: minst 60 deltagare, tre IPS-coacher och målet att 30 procent har "
            "ett arbete eller studerar efter 18 månader."
        ),
        body="""
        # Sammanfattning
        Arbetsmarknadsförvaltningen vill tillsammans med socialtjänstens vuxenenheter och
        beroendevården införa IPS (Individual Placement and Support) för personer med missbruk
        eller beroende som vill arbeta. IPS är en evidensbaserad metod för arbetsinriktad
        rehabilitering där deltagaren får stöd att söka och behålla ett arbete på den öppna
        arbetsmarknaden, utan lång förberedande arbetsträning. Projektet pågår från maj 2015 till
        april 2017 och ska omfatta minst 60 deltagare. Det finansieras till hälften av
        Samordningsförbundet Älvdala.

        # 1. Bakgrund
        Personer med missbruk står ofta långt från arbetsmarknaden. I Älvdala stad hade 2014
        närmare 400 personer med känt missbruk ekonomiskt bistånd som huvudsaklig försörjning, och
        många av dem hade varit utan arbete i mer än fem år. De insatser som erbjuds i dag bygger i
        regel på att deltagaren först ska vara drogfri och sedan gå igenom arbetsträning i
        kommunens egna verksamheter. Få går vidare till en anställning.

        Forskningen om IPS visar att metoden ger betydligt fler deltagare arbete än traditionell
        arbetslivsinriktad rehabilitering, framför allt för personer med psykisk
        funktionsnedsättning. Erfarenheterna för personer med missbruk är färre men lovande.
        Intervjuer med klienter i missbruksvården visar samtidigt att ett arbete är ett av de
        viktigaste målen för många.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet är att pröva om IPS kan hjälpa personer med missbruk eller beroende till arbete
        eller studier, och att skapa förutsättningar för att införa metoden i ordinarie
        verksamhet.

        ## 2.2 Mål
        - Minst 60 personer deltar i projektet.
        - Minst 30 procent av deltagarna har ett arbete på den öppna arbetsmarknaden eller studerar 18 månader efter inskrivningen.
        - Deltagarnas beroende av ekonomiskt bistånd minskar.
        - IPS är infört i Arbetsmarknadsförvaltningens ordinarie verksamhet när projektet avslutas.

        ## 2.3 Målgrupp
        Personer 18–64 år med missbruk eller beroende som har kontakt med socialtjänstens
        vuxenenheter eller beroendevården, som vill arbeta och som har ekonomiskt bistånd eller
        saknar inkomst. Ett pågående missbruk är inget hinder för att delta.

        # 3. Metod och arbetssätt
        IPS bygger på åtta principer:
        - Alla som vill arbeta får delta (nollexkludering).
        - Arbetsrehabiliteringen är integrerad med behandlingen.
        - Målet är ett arbete på den öppna arbetsmarknaden.
        - Deltagaren får förmånsrådgivning, så att ekonomin inte blir ett hinder.
        - Jobbsökandet börjar snabbt, i regel inom en månad.
        - Coachen har systematisk kontakt med arbetsgivare.
        - Stödet är tidsobegränsat och fortsätter efter anställningen.
        - Deltagarens egna önskemål styr valet av arbete.

        Tre IPS-coacher anställs. Var och en har högst 20 deltagare åt gången och deltar i
        behandlingsteamens möten varannan vecka. Modelltroheten mäts en gång per år med IPS-skalan
        av externa bedömare.

        # 4. Tidsplan
        | Aktivitet | Datum |
        | Beslut i arbetsmarknadsnämnden | 2015-03-24 |
        | IPS-coacher rekryterade | 2015-04-30 |
        | Första deltagarna skrivs in | 2015-05-11 |
        | Första mätningen av modelltrohet | 2015-11-30 |
        | Sista inskrivning | 2016-10-31 |
        | Andra mätningen av modelltrohet | 2016-11-30 |
        | Projektet avslutas | 2017-04-30 |
        | Slutrapport | 2017-09-30 |

        # 5. Budget
        Projektets kostnad beräknas till 4,2 miljoner kronor för två år, främst för tre IPS-coacher
        och handledning. Samordningsförbundet Älvdala finansierar 50 procent. Resten delas lika
        mellan Arbetsmarknadsförvaltningen och Socialförvaltningen.

        # 6. Organisation
        Projektägare är Arbetsmarknadsförvaltningen. Styrgruppen består av avdelningscheferna för
        arbetsinriktad rehabilitering och vuxenenheterna, verksamhetschefen för beroendevården och
        en representant för Samordningsförbundet. Projektledare är Sofia Åkerlund.

        # 7. Risker
        Det finns en risk att socialsekreterare och behandlare inte anmäler deltagare, eftersom de
        är vana vid att arbete kommer sist i rehabiliteringen. Projektet informerar därför
        vuxenenheterna och beroendevården innan starten. Andra risker är att arbetsgivare är
        ovilliga att anställa personer med känt missbruk och att deltagarna oroar sig för att
        förlora sitt ekonomiska bistånd.
        """,
    ),
    Report(
        project="ips",
        filename="Slutrapport Vägen till arbete.pdf",
        label="Slutrapport",
        date=at(2017, 9, 18, 10, 40),
        cover_date="September 2017",
        meta=[
            ("Dnr", "AMN-2015-0185"),
            ("Utgivningsdatum", "2017-09-18"),
            ("Utgivare", ARBETSMARKNAD),
            ("Kontaktperson", "Sofia Åkerlund, projektledare"),
            ("Nyckelord", "IPS; supported employment; missbruk; arbetsmarknad"),
        ],
        author="Sofia Åkerlund",
        keywords="IPS; supported employment; missbruk; arbetsmarknad",
        layout="band",
        running_head="Vägen till arbete - slutrapport",
        body="""
        # Sammanfattning
        Vägen till arbete var ett projekt där Arbetsmarknadsförvaltningen, socialtjänstens
        vuxenenheter och beroendevården tillsammans prövade IPS, Individual Placement and Support,
        för personer med missbruk eller beroende. Projektet pågick från maj 2015 till april 2017
        och finansierades till hälften av Samordningsförbundet Älvdala.

        74 personer skrevs in i projektet. 27 av dem (36 procent) fick ett arbete på den öppna
        arbetsmarknaden och åtta (11 procent) började studera. Sammanlagt hade 47 procent av
        deltagarna arbete eller studier inom 18 månader, vilket är betydligt mer än målet på 30
        procent. För 19 deltagare minskade eller upphörde behovet av ekonomiskt bistånd. Från maj
        2017 ingår IPS i Arbetsmarknadsförvaltningens ordinarie verksamhet.

        # 1. Inledning
        ## 1.1 Bakgrund
        Personer med missbruk står ofta långt från arbetsmarknaden, och de insatser som kommunen
        erbjudit har i regel krävt att deltagaren först är drogfri och genomgår arbetsträning. Få
        har gått vidare till en anställning. IPS är en evidensbaserad metod som bygger på att
        deltagaren snabbt får stöd att söka ett vanligt arbete och att stödet fortsätter så länge
        det behövs. Metoden har främst prövats för personer med psykisk funktionsnedsättning.

        ## 1.2 Syfte
        Syftet var att pröva om IPS kan hjälpa personer med missbruk eller beroende till arbete
        eller studier, och att skapa förutsättningar för att införa metoden i ordinarie
        verksamhet.

        ## 1.3 Mål
        | Mål | Utfall |
        | Minst 60 deltagare | 74 deltagare |
        | Minst 30 % i arbete eller studier efter 18 månader | 47 % |
        | Minskat beroende av ekonomiskt bistånd | 19 deltagare |
        | IPS infört i ordinarie verksamhet | Från 2017-05-01 |

        ## 1.4 Målgrupp
        Personer 18–64 år med missbruk eller beroende som hade kontakt med vuxenenheterna eller
        beroendevården och som ville arbeta.

        # 2. Metod och genomförande
        Tre IPS-coacher anställdes i april 2015, och de första deltagarna skrevs in i maj samma år.
        Socialsekreterare och behandlare i missbruksvården anmälde 91 personer, varav 74 skrevs in.
        Övriga 17 valde att inte delta eller gick inte att nå. Deltagarna var mellan 21 och 61 år;
        52 var män och 22 kvinnor. Två tredjedelar hade ett pågående missbruk vid inskrivningen,
        och 23 hade läkemedelsassisterad behandling vid opioidberoende.

        Coacherna arbetade enligt IPS-modellens principer. Ingen som ville arbeta utestängdes, och
        jobbsökandet började i regel inom en månad. Coacherna deltog i behandlingsteamens möten
        varannan vecka, vilket gjorde att arbetet och behandlingen kunde planeras tillsammans.
        Under projekttiden tog coacherna kontakt med 236 arbetsgivare, främst inom handel, lager,
        restaurang, bygg och fastighetsskötsel.

        Modelltroheten mättes två gånger med IPS-skalan av två externa bedömare. Vid den första
        mätningen i november 2015 fick projektet 84 poäng av 125 möjliga, vilket motsvarar
        ”godtagbar” modelltrohet. Ett år senare var resultatet 102 poäng, det vill säga ”god”
        modelltrohet.

        # 3. Resultat
        27 deltagare fick ett arbete på den öppna arbetsmarknaden, de flesta inom ett år från
        inskrivningen. Medianen för tiden från inskrivning till första arbetsgivarkontakt var 41
        dagar. Anställningarna var ofta korta: medianlängden var fem månader, och många av dem som
        förlorade ett arbete fick ett nytt med coachens hjälp. Åtta deltagare började studera,
        främst inom komvux.

        Av de 74 deltagarna hade 58 ekonomiskt bistånd vid inskrivningen. Vid projektets slut hade
        19 av dem minskat sitt bistånd eller helt lämnat det. Elva deltagare fick återfall under
        tiden i arbete. I flera fall kunde arbetet behållas eftersom coachen, arbetsgivaren och
        behandlaren hade kontakt med varandra.

        I en enkät vid projektets slut svarade 41 deltagare. 35 av dem uppgav att de hade fått det
        stöd de behövde, och flera beskrev att det var första gången någon trodde på att de kunde
        arbeta.

        # 4. Erfarenheter och lärdomar
        - Ett pågående missbruk behöver inte vara ett hinder för arbete. Flera av dem som fick arbete hade ett pågående missbruk vid inskrivningen.
        - Integreringen med behandlingen är avgörande. När coachen deltog i behandlingsteamets möten ökade antalet anmälningar.
        - Många arbetsgivare var mer öppna än väntat, men det krävdes uthålliga och personliga arbetsgivarkontakter.
        - Förmånsrådgivning behövs tidigt, eftersom oron för att förlora ekonomiskt bistånd hindrade en del deltagare.

        # 5. Nästa steg
        Arbetsmarknadsnämnden beslutade den 25 april 2017 att IPS ska ingå i den ordinarie
        verksamheten. Från maj 2017 arbetar två IPS-coacher inom förvaltningens enhet för
        arbetsinriktad rehabilitering, och målgruppen har breddats till personer med psykisk
        ohälsa. Modelltroheten ska mätas årligen.
        """,
    ),
]

# ----------------------------------------------------------------- 2016 Trygg hemgång (folder without Dnr)

REPORTS += [
    Report(
        project="hemgang",
        filename="Delrapport Trygg hemgång maj 2016.docx",
        label="Delrapport",
        date=at(2016, 5, 23, 13, 15),
        cover_date="Maj 2016",
        author="Birgitta Holm",
        doc_title="Delrapport Trygg hemgång",
        body="""
        # Sammanfattning
        Sedan den 11 januari 2016 prövar Äldreförvaltningen och Sjövikens stadsdelsförvaltning
        arbetssättet Trygg hemgång. Äldre personer som skrivs ut från sjukhus får under de första
        två veckorna hemma stöd av ett särskilt team med undersköterskor, sjuksköterska,
        arbetsterapeut och fysioterapeut. Därefter tar den ordinarie hemtjänsten över, om det
        behövs. Den här delrapporten beskriver de första fyra månaderna.

        # 1. Bakgrund
        Tiden efter en sjukhusvistelse är en sårbar period för äldre. Många känner sig otrygga,
        och en del skrivs in på sjukhus igen inom några veckor. I Sjöviken återinskrevs 19 procent
        av de personer över 65 år som skrevs ut från Älvdala sjukhus 2015 inom 30 dagar. Samtidigt
        beviljas ofta mer hemtjänst vid utskrivningen än vad som behövs på sikt, eftersom behoven är
        svåra att bedöma medan personen fortfarande ligger på sjukhuset.

        Trygg hemgång innebär att biståndsbedömningen görs först när personen har varit hemma i
        några dagar och teamet har hunnit se vad hon eller han klarar själv. Teamet arbetar
        rehabiliterande, vilket innebär att personalen stödjer den äldre att själv klara
        vardagens sysslor i stället för att göra dem åt henne eller honom.

        # 2. Läget hittills
        ## 2.1 Deltagare
        Från den 11 januari till den 30 april 2016 har 58 personer fått insatsen. Medelåldern är
        83 år, och två tredjedelar är kvinnor. De vanligaste orsakerna till sjukhusvistelsen var
        fall, hjärtsvikt och infektioner. Insatsen har i genomsnitt pågått i 9,5 dagar.

        ## 2.2 Återinskrivningar
        Sju av de 58 personerna (12 procent) har skrivits in på sjukhus igen inom 30 dagar.
        Andelen är lägre än under 2015, men underlaget är ännu för litet för att dra några
        slutsatser.

        ## 2.3 Behovet av hemtjänst efter insatsen
        Efter avslutad insats behövde 21 personer ingen hemtjänst alls. 26 personer fick hemtjänst
        i mindre omfattning än vad som bedömdes på sjukhuset, och elva fick lika mycket eller mer.

        ## 2.4 Personal och organisation
        Teamet består av fyra undersköterskor, en sjuksköterska, en arbetsterapeut och en
        fysioterapeut på halvtid. Teamet utgår från hemtjänstens lokaler vid Sjövikstorget.
        Samarbetet med sjukhusets avdelningar har fungerat allt bättre, men under januari kom
        flera anmälningar för sent, ibland samma dag som utskrivningen.

        ## 2.5 Kostnader
        Teamets kostnader uppgår till cirka 290 000 kronor per månad, främst personalkostnader.
        Under de första fyra månaderna har kostnaden per insats varit omkring 18 500 kronor. Till
        det ska ställas den hemtjänst som inte har behövt beviljas och de vårddagar på sjukhus som
        har kunnat undvikas. En samlad bedömning görs i utvärderingen.

        # 3. Erfarenheter hittills
        Teamet beskriver att arbetssättet ger tid att lära känna personen och att många äldre
        klarar mer än vad både de själva och deras anhöriga har trott. Några anhöriga har samtidigt
        varit oroliga för att stödet minskar efter två veckor. Teamet har därför infört ett
        avslutande samtal där även anhöriga deltar.

        En svårighet har varit att biståndshandläggarna inte alltid hinner göra sina bedömningar i
        slutet av perioden. Från april deltar en biståndshandläggare i teamets veckomöten, vilket
        har förkortat väntetiderna.

        # 4. Fortsatt arbete
        Försöket pågår till den 31 oktober 2016. Äldreförvaltningens utvecklingsenhet genomför en
        utvärdering som ska vara klar i december 2016. Utvärderingen jämför Trygg hemgång med
        utskrivningar i Ekbacken och Björkhagen, där arbetssättet inte används.
        """,
    ),
    Report(
        project="hemgang",
        filename="Utvärdering Trygg hemgång.pdf",
        label="Utvärdering",
        subtitle="Ett försök med rehabiliterande stöd efter sjukhusvistelse i Sjöviken 2016",
        date=at(2016, 12, 5, 9, 0),
        cover_date="December 2016",
        meta=[
            ("Datum", "2016-12-05"),
            ("Förvaltning", "Äldreförvaltningen, utvecklingsenheten"),
            ("Författare", "Ulrika Bäckström och Ahmed Karimi"),
            ("Nyckelord", "äldreomsorg; trygg hemgång; hemtjänst; rehabilitering"),
        ],
        author="Ulrika Bäckström",
        keywords="äldreomsorg, trygg hemgång, hemtjänst",
        footer="Sida {n}",
        body="""
        # Sammanfattning
        På uppdrag av äldrenämnden har Äldreförvaltningens utvecklingsenhet utvärderat försöket med
        Trygg hemgång i Sjöviken under 2016. 142 personer över 65 år fick stöd av teamet efter
        utskrivning från sjukhus mellan januari och oktober. Andelen som skrevs in på sjukhus igen
        inom 30 dagar var 11 procent, jämfört med 18 procent i en jämförelsegrupp från två andra
        stadsdelar. 38 procent av deltagarna behövde ingen hemtjänst efter insatsen. Deltagarna
        kände sig trygga och var nöjda med stödet.

        Vi bedömer att Trygg hemgång är ett lovande arbetssätt, men resultaten bör tolkas med viss
        försiktighet eftersom grupperna inte var helt jämförbara.

        # 1. Inledning
        ## 1.1 Uppdraget
        Äldrenämnden beslutade i februari 2016 att försöket med Trygg hemgång i Sjövikens
        stadsdelsområde skulle utvärderas, Dnr ÄN 2016/77. Uppdraget gick till Äldreförvaltningens
        utvecklingsenhet, som inte har deltagit i genomförandet av försöket.

        ## 1.2 Frågeställningar
        - Minskar Trygg hemgång andelen äldre som skrivs in på sjukhus igen inom 30 dagar?
        - Hur påverkas behovet av hemtjänst efter insatsen?
        - Hur upplever de äldre, deras anhöriga och personalen insatsen?
        - Vilka förutsättningar behövs för att arbetssättet ska kunna införas i hela staden?

        # 2. Metod
        Utvärderingen kombinerar registeruppgifter, en enkät och intervjuer. Uppgifter om
        återinskrivningar hämtades från regionens patientadministrativa system och uppgifter om
        hemtjänst från stadens verksamhetssystem. Jämförelsegruppen bestod av 167 personer över 65
        år som skrevs ut från Älvdala sjukhus till ordinärt boende i Ekbacken och Björkhagen under
        samma period. Alla deltagare i Trygg hemgång fick en enkät efter avslutad insats, och 104 av
        142 svarade (73 procent). Vi intervjuade 16 deltagare, åtta anhöriga och elva medarbetare i
        teamet, hemtjänsten, biståndsenheten och på sjukhuset.

        Utvärderingen är inte en randomiserad studie. Deltagarna i Trygg hemgång var i genomsnitt
        något yngre än jämförelsegruppen och hade något färre läkemedel. Vi har tagit hänsyn till
        ålder och kön i analysen, men andra skillnader kan finnas.

        # 3. Resultat
        ## 3.1 Återinskrivningar
        | | Trygg hemgång | Jämförelsegrupp |
        | Antal personer | 142 | 167 |
        | Medelålder | 82,4 år | 83,6 år |
        | Återinskrivna inom 30 dagar | 16 (11 %) | 30 (18 %) |
        | Ingen hemtjänst efter fyra veckor | 54 (38 %) | 29 (17 %) |

        Skillnaden i återinskrivningar kvarstår efter justering för ålder och kön, men den är inte
        statistiskt säkerställd på femprocentsnivån (p = 0,07).

        ## 3.2 Hemtjänst
        Efter insatsen behövde 54 deltagare ingen hemtjänst. Av dem som fick hemtjänst beviljades
        63 personer (44 procent av alla deltagare) färre timmar än vad som hade bedömts vid
        utskrivningen i den ordinarie processen. I genomsnitt beviljades deltagarna 22 timmar
        hemtjänst per månad, jämfört med 31 timmar i jämförelsegruppen.

        ## 3.3 De äldres och anhörigas upplevelser
        91 procent av dem som besvarade enkäten kände sig trygga under tiden med teamet, och 87
        procent tyckte att de fick vara med och bestämma. I intervjuerna beskrev flera att det var
        viktigt att personalen hade tid och att samma personer kom varje dag. ”Jag trodde inte att
        jag skulle klara duschen själv igen, men de lät mig försöka”, berättade en kvinna på 88 år.
        Anhöriga uppskattade att få ett telefonnummer dit de kunde ringa. En del anhöriga upplevde
        att övergången till den ordinarie hemtjänsten var för abrupt.

        ## 3.4 Personalens erfarenheter
        Personalen i teamet beskrev arbetet som meningsfullt men krävande. Biståndshandläggarna
        ansåg att en bedömning i hemmet ger bättre beslut än en bedömning på sjukhuset.
        Sjukhusets personal efterfrågade tydligare rutiner för när en patient ska anmälas.

        # 4. Bedömning
        Sammantaget bedömer vi att Trygg hemgång har bidragit till färre återinskrivningar och ett
        minskat behov av hemtjänst. Resultaten ligger i linje med erfarenheter från andra kommuner.
        Samtidigt är skillnaden i återinskrivningar inte statistiskt säkerställd, och deltagarna var
        något friskare än jämförelsegruppen. Kostnaden per insats beräknas till 19 800 kronor,
        vilket ska ställas mot minskade kostnader för hemtjänst och slutenvård.

        # 5. Rekommendationer
        - Trygg hemgång bör införas i hela staden, med ett team per stadsdel eller ett gemensamt team.
        - Biståndshandläggaren bör vara en del av teamet.
        - Övergången till den ordinarie hemtjänsten bör planeras tillsammans med den äldre och de anhöriga.
        - Återinskrivningarna bör följas upp under minst ett år efter införandet.
        """,
    ),
]

# ----------------------------------------------------------------- 2017 Skolfam

REPORTS += [
    Report(
        project="skolfam",
        filename="Projektplan Skolfam.pdf",
        label="Projektplan",
        date=at(2017, 4, 3, 15, 10),
        meta=[
            ("Dnr", "3.1-288/2017"),
            ("Datum", "2017-04-03"),
            ("Förvaltning", EKBACKEN),
            ("Projektledare", "Elin Håkansson, familjehemssekreterare"),
        ],
        author="Elin Håkansson",
        layout="band",
        footer="Sida {n} av {nb}",
        body="""
        # Sammanfattning
        Barn som är placerade i familjehem klarar sig i genomsnitt sämre i skolan än andra barn,
        och skolmisslyckanden är en av de starkaste riskfaktorerna för ohälsa och utanförskap
        senare i livet. Ekbackens stadsdelsförvaltning vill därför pröva Skolfam, ett arbetssätt
        där ett team med psykolog och specialpedagog kartlägger familjehemsplacerade barns
        skolsituation och tillsammans med skolan och familjehemmet tar fram en plan för stödet.
        Projektet pågår från augusti 2017 till december 2019 och omfattar 24 barn i grundskolan.

        # 1. Bakgrund
        Svenska och internationella studier visar att familjehemsplacerade barn oftare lämnar
        grundskolan utan fullständiga betyg än jämnåriga. En del av förklaringen är de svårigheter
        som barnen bär med sig, men det handlar också om att skolan och socialtjänsten sällan följer
        upp barnens skolgång systematiskt.

        I Ekbacken har socialtjänsten ansvar för 61 barn i familjehem, varav 38 går i grundskolan.
        I genomförandeplanerna saknas ofta mål för skolgången, och familjehemssekreterarna uppger
        att de har svårt att bedöma om barnen får det stöd de behöver. Under de tre senaste åren
        har i genomsnitt tre placeringar per år av barn i grundskoleåldern brutit samman.

        Skolfam utvecklades i Helsingborg och används i dag i ett tjugotal kommuner. Uppföljningar
        visar att många barn förbättrar sina resultat i läsning och matematik under de två år som
        insatsen pågår.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet är att förbättra skolresultaten för familjehemsplacerade barn och därigenom ge dem
        bättre förutsättningar senare i livet.

        ## 2.2 Mål
        - Minst 24 barn har kartlagts och har en individuell plan för skolgången senast i januari 2018.
        - Minst två tredjedelar av barnen har förbättrat sina resultat i läsning och matematik efter två år.
        - Samtliga barn i projektet har en genomförandeplan med mål för skolgången.
        - Färre placeringar bryter samman än under tidigare år.

        ## 2.3 Målgrupp
        Barn i åldern 6–12 år som är placerade i familjehem av Ekbackens stadsdelsförvaltning, där
        placeringen väntas bli långvarig. Barnen kan gå i skolor både i och utanför Älvdala.

        # 3. Metod och arbetssätt
        Varje barn kartläggs av teamets psykolog och specialpedagog vid starten, efter ett år och
        efter två år. Kartläggningen omfattar kognitiv förmåga, läsning, skrivning och matematik
        samt barnets egen bild av skolan. Utifrån kartläggningen tar teamet tillsammans med skolan,
        familjehemmet och barnets socialsekreterare fram en skriftlig plan med konkreta insatser.

        Familjehemsföräldrarna får stöd i att läsa med barnet hemma och i att samverka med skolan.
        Teamet följer upp planen var tredje månad och deltar vid behov i skolans elevhälsomöten.

        # 4. Tidsplan
        | Aktivitet | Datum |
        | Beslut i stadsdelsnämnden | 2017-05-18 |
        | Psykolog och specialpedagog anställda | 2017-08-01 |
        | Första kartläggningen klar för alla barn | 2018-01-31 |
        | Delrapport | 2018-10-15 |
        | Andra kartläggningen | Hösten 2018 |
        | Tredje kartläggningen | Hösten 2019 |
        | Projektet avslutas | 2019-12-31 |
        | Slutrapport | 2020-02-28 |

        # 5. Budget
        Projektet kostar 1,9 miljoner kronor för hela perioden, främst för en psykolog och en
        specialpedagog på halvtid vardera, testmaterial och utbildning för familjehemmen. Kostnaden
        ryms inom stadsdelsförvaltningens budget för familjehemsvård, med stöd av stimulansmedel
        för utveckling av den sociala barn- och ungdomsvården.

        # 6. Organisation
        Projektägare är avdelningschefen för individ- och familjeomsorgen. Projektledare är Elin
        Håkansson. En styrgrupp med representanter för socialtjänsten och grundskoleförvaltningen
        träffas två gånger per termin.

        # 7. Risker
        - Skolor utanför Älvdala kan vara svåra att involvera. Teamet kontaktar rektor innan kartläggningen.
        - Barn kan flytta eller placeringen kan upphöra under projekttiden.
        - Familjehemmen kan uppleva kartläggningen som ytterligare en belastning. Deltagandet bygger på samtycke från vårdnadshavare och familjehem.
        """,
    ),
    Report(
        project="skolfam",
        filename="Delrapport Skolfam 2018.docx",
        label="Delrapport",
        date=at(2018, 10, 15, 11, 25),
        cover_date="Oktober 2018",
        meta=[
            ("Dnr", "3.1-288/2017"),
            ("Datum", "2018-10-15"),
            ("Kontaktperson", "Elin Håkansson"),
        ],
        author="Elin Håkansson",
        keywords="familjehem; skolgång; Skolfam",
        running_head=f"{EKBACKEN} – Skolfam",
        body="""
        # Sammanfattning
        Skolfam i Ekbacken startade i augusti 2017. Under det första året har 22
        familjehemsplacerade barn kartlagts, och alla har en individuell plan för skolgången.
        Kartläggningen visar att 14 av barnen (64 procent) låg under den förväntade nivån i läsning
        och 13 i matematik. Fem barn hade svårigheter som inte var kända sedan tidigare och har
        remitterats för vidare utredning. Den andra kartläggningen pågår under hösten 2018.

        # 1. Inledning
        Skolfam är ett arbetssätt där ett team med psykolog och specialpedagog kartlägger
        familjehemsplacerade barns skolsituation och tillsammans med skolan och familjehemmet tar
        fram en plan för stödet. Ekbackens stadsdelsnämnd beslutade i maj 2017 att pröva
        arbetssättet till och med 2019. Målet är att minst två tredjedelar av barnen ska ha
        förbättrat sina resultat i läsning och matematik efter två år.

        # 2. Läget hittills
        ## 2.1 Barnen
        22 barn ingår i projektet, tolv flickor och tio pojkar i åldern 6–12 år. Målet var 24 barn,
        men två familjehem tackade nej. Barnen går i 14 olika skolor, varav fyra ligger utanför
        Älvdala. I genomsnitt har barnen varit placerade i 3,4 år.

        ## 2.2 Resultat av den första kartläggningen
        | Område | Under förväntad nivå | Andel |
        | Läsförståelse | 14 av 22 | 64 % |
        | Avkodning | 11 av 22 | 50 % |
        | Matematik | 13 av 22 | 59 % |
        | Skrivning | 12 av 22 | 55 % |

        Flera barn hade en kognitiv förmåga inom normalvariationen men ändå stora kunskapsluckor,
        vilket tyder på att de har missat mycket undervisning under tiden före placeringen. Fem barn
        hade tecken på dyslexi eller koncentrationssvårigheter som inte hade uppmärksammats
        tidigare.

        ## 2.3 Planer och insatser
        Alla 22 barn har en skriftlig plan. De vanligaste insatserna är extra lästräning i skolan,
        anpassat läromedel, daglig högläsning hemma och regelbundna möten mellan skolan och
        familjehemmet. Familjehemsföräldrarna har erbjudits två utbildningskvällar om läsning och
        matematik, och 19 av 22 familjehem deltog.

        ## 2.4 Samverkan med skolorna
        Samarbetet med skolorna har i de flesta fall fungerat väl. Rektorerna har tagit emot
        teamets rekommendationer, och flera skolor har infört anpassningar redan innan planen var
        klar. Skolorna utanför Älvdala har krävt mer tid, eftersom teamet inte känner deras
        elevhälsa sedan tidigare.

        ## 2.5 Bemanning och kostnader
        Psykologen och specialpedagogen har arbetat i projektet på halvtid vardera sedan augusti
        2017. Kostnaderna under det första året uppgick till 812 000 kronor, vilket ligger i linje
        med budgeten. Testmaterialet köptes in under hösten 2017 och kan användas under hela
        projekttiden.

        # 3. Erfarenheter hittills
        Familjehemssekreterarna beskriver att de nu har ett underlag för att ställa krav på skolan
        och för att skriva mål i genomförandeplanen. Familjehemmen uppskattar att någon tar barnens
        skolgång på allvar, men några har upplevt testerna som påfrestande för barnen. Teamet har
        därför kortat ned testtillfällena och delat upp dem på två dagar.

        Barnen själva har beskrivit kartläggningen på olika sätt. Några tyckte att det var roligt
        att få visa vad de kunde, medan andra var oroliga för att få ”dåliga betyg”. Teamet lägger
        därför mer tid på att förklara syftet innan testerna genomförs. Flera av de äldre barnen har
        sagt att det är första gången någon har frågat dem vad de själva tycker om skolan.

        # 4. Fortsatt arbete
        Den andra kartläggningen genomförs under hösten 2018 och den tredje under hösten 2019.
        Resultaten redovisas i slutrapporten i början av 2020.
        """,
    ),
    Report(
        project="skolfam",
        filename="Skolfam slutrapport 2020.pdf",
        label="Slutrapport",
        date=at(2020, 2, 17, 14, 0),
        cover_date="Februari 2020",
        meta=[
            ("Dnr", "3.1-288/2017"),
            ("Utgivningsdatum", "2020-02-17"),
            ("Utgivare", EKBACKEN),
            ("Kontaktperson", "Elin Håkansson, projektledare"),
            ("Nyckelord", "familjehem; skolgång; Skolfam; barn och unga"),
        ],
        author="Elin Håkansson",
        keywords="familjehem; skolgång; Skolfam; barn och unga",
        running_head="Skolfam i Ekbacken - slutrapport",
        footer="Sida {n} av {nb}",
        break_sections=True,
        body="""
        # Sammanfattning
        Ekbackens stadsdelsförvaltning prövade Skolfam från augusti 2017 till december 2019. 22
        familjehemsplacerade barn i åldern 6–12 år kartlades av ett team med psykolog och
        specialpedagog, och varje barn fick en individuell plan för skolgången. 20 barn fullföljde
        de två åren.

        Efter två år hade 15 av 20 barn (75 procent) förbättrat sina resultat i läsförståelse och
        13 av 20 (65 procent) i matematik. Målet om två tredjedelar nåddes därmed i läsning men inte
        helt i matematik. Under projekttiden bröt en av placeringarna samman, jämfört med i
        genomsnitt tre per år tidigare. Stadsdelsnämnden har beslutat att Skolfam ska ingå i den
        ordinarie familjehemsvården.

        # 1. Inledning
        ## 1.1 Bakgrund
        Familjehemsplacerade barn lämnar oftare grundskolan utan fullständiga betyg än andra barn.
        När projektet planerades hade Ekbacken ansvar för 61 barn i familjehem, varav 38 i
        grundskolan, och skolgången följdes sällan upp systematiskt.

        ## 1.2 Syfte och mål
        Syftet var att förbättra skolresultaten för familjehemsplacerade barn. Målen var att minst
        24 barn skulle kartläggas, att två tredjedelar skulle förbättra sina resultat i läsning och
        matematik, att alla skulle ha mål för skolgången i genomförandeplanen och att färre
        placeringar skulle bryta samman.

        ## 1.3 Målgrupp
        Barn i åldern 6–12 år i långvariga familjehemsplaceringar som Ekbackens
        stadsdelsförvaltning ansvarar för.

        # 2. Metod och genomförande
        Teamet bestod av en psykolog och en specialpedagog på halvtid vardera. Barnen kartlades vid
        tre tillfällen: vid starten, efter ett år och efter två år. Kartläggningen omfattade
        kognitiv förmåga, läsning, skrivning, matematik och barnets egen bild av skolan. Planerna
        följdes upp var tredje månad tillsammans med skolan och familjehemmet.

        22 barn ingick, tolv flickor och tio pojkar. Två barn lämnade projektet under det andra
        året: ett barn flyttade hem till sina föräldrar och för ett barn flyttades ansvaret över
        till en annan kommun. Barnen gick i 14 skolor, varav fyra utanför Älvdala.

        # 3. Resultat
        ## 3.1 Skolresultat
        | Område | Under förväntad nivå vid start | Förbättrade efter två år |
        | Läsförståelse | 14 av 22 | 15 av 20 |
        | Avkodning | 11 av 22 | 14 av 20 |
        | Matematik | 13 av 22 | 13 av 20 |
        | Skrivning | 12 av 22 | 11 av 20 |

        Förbättringen var störst bland de yngsta barnen och bland dem som hade daglig högläsning i
        familjehemmet. Fem barn remitterades för vidare utredning efter den första kartläggningen.
        Tre av dem fick diagnosen dyslexi och två diagnosen adhd, och samtliga har fått
        anpassningar i skolan.

        ## 3.2 Placeringarnas stabilitet
        En placering bröt samman under projekttiden. Under de tre åren före projektet bröt i
        genomsnitt tre placeringar per år samman bland barn i samma ålder. Det går inte att säga
        säkert att skillnaden beror på Skolfam, men familjehemmen beskriver att stödet kring
        skolan har minskat konflikterna i vardagen.

        ## 3.3 Genomförandeplaner
        Samtliga 20 barn som fullföljde projektet har mål för skolgången i sin genomförandeplan.
        När projektet startade gällde det fyra av 22 barn.

        # 4. Erfarenheter och lärdomar
        - Kartläggningen ger socialtjänsten ett underlag för att ställa krav på skolan.
        - Familjehemsföräldrarna är en stor resurs, särskilt när det gäller läsning.
        - Skolor utanför den egna kommunen kräver mer tid och tidiga kontakter med rektor.
        - Testerna måste anpassas efter barnen; flera barn behövde korta pass.

        # 5. Slutsatser och nästa steg
        Skolfam har gett förbättrade skolresultat för en majoritet av barnen och bättre mål för
        skolgången i genomförandeplanerna. Stadsdelsnämnden beslutade den 23 januari 2020 att
        Skolfam ska ingå i den ordinarie familjehemsvården och successivt omfatta alla
        familjehemsplacerade barn i grundskolan. Erfarenheterna delas med de andra stadsdelarna via
        Socialförvaltningens kunskapsbank.
        """,
    ),
]

# ----------------------------------------------------------------- 2018 Samverkan för våldsutsatta kvinnor med missbruk

REPORTS += [
    Report(
        project="vald",
        filename="Projektplan samverkan våld och missbruk.pdf",
        label="Projektplan",
        date=at(2018, 2, 26, 10, 30),
        cover_date="Februari 2018",
        meta=[
            ("Dnr", "SN.2018.42"),
            ("Datum", "2018-02-26"),
            ("Förvaltning", SOC),
            ("Kontaktperson", "Nadia Rahimi, samordnare våld i nära relationer"),
            ("Nyckelord", "våld i nära relationer; missbruk; skyddat boende; samverkan"),
        ],
        author="Nadia Rahimi",
        keywords="våld i nära relationer, missbruk, skyddat boende",
        running_head="Projektplan - Samverkan för våldsutsatta kvinnor med missbruk",
        body="""
        # Sammanfattning
        Kvinnor som både utsätts för våld i nära relationer och har ett missbruk hamnar ofta mellan
        stolarna. Skyddade boenden tar sällan emot kvinnor med ett pågående missbruk, och i
        missbruksvården ställs inte alltid frågor om våld. Projektet ska bygga upp en samverkan
        mellan Socialförvaltningens relationsvåldsenhet, stadsdelarnas vuxenenheter,
        beroendevården och Kvinnojouren Älvdala, så att kvinnorna kan få skydd och behandling
        samtidigt. Projektet pågår från april 2018 till december 2019.

        # 1. Bakgrund
        Socialtjänsten ska uppmärksamma våldsutsatta och erbjuda stöd och skydd. Forskningen visar
        att en stor andel av kvinnorna i missbruksvården har utsatts för våld av en närstående,
        ofta under lång tid. I en genomgång av 60 akter i vuxenenheterna hösten 2017 gällde 42
        akter kvinnor. I 27 av dem fanns uppgifter om våld, men bara i fyra fall hade frågan om
        skydd utretts.

        Relationsvåldsenheten beskriver att det varje år finns kvinnor som inte kan få plats i
        skyddat boende på grund av missbruket. Kvinnojouren Älvdala har inte möjlighet att ta emot
        kvinnor som är påverkade, och de privata skyddade boenden som staden köper platser av
        ställer ofta samma krav. Kvinnorna blir då kvar hos våldsutövaren, bor på härbärge eller
        hos tillfälliga bekanta.

        Erfarenheterna från Bostad först i Björkhagen visar att det går att ge boende och stöd till
        personer med ett pågående missbruk. Slutrapporten från det projektet finns som bilaga.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet är att våldsutsatta kvinnor med missbruk ska få skydd, stöd och behandling samtidigt,
        utan krav på att först bli drogfria.

        ## 2.2 Mål
        - Frågor om våld ställs rutinmässigt till alla klienter i missbruksvården från hösten 2018.
        - Minst 120 medarbetare inom missbruksvården, relationsvåldsenheten och kvinnojouren har utbildats.
        - Sex platser i skyddat boende med förhöjd bemanning finns för kvinnor med missbruk.
        - Minst 30 kvinnor har fått samordnat stöd under projekttiden.

        ## 2.3 Målgrupp
        Kvinnor över 18 år i Älvdala stad som är utsatta för våld i nära relationer och har ett
        missbruk eller beroende, med eller utan barn.

        # 3. Metod och arbetssätt
        Ett samverkansteam bildas med en socialsekreterare från relationsvåldsenheten, en
        socialsekreterare från vuxenenheterna och en behandlare från beroendevården. Teamet tar
        emot ärenden från alla enheter och gör en gemensam plan för skydd och behandling för varje
        kvinna. Frågor om våld införs rutinmässigt vid nybesök i missbruksvården, med stöd av ett
        gemensamt frågeformulär.

        Staden upphandlar sex platser i skyddat boende med förhöjd bemanning, där kvinnor med
        pågående missbruk kan tas emot. Kvinnojouren erbjuder stödsamtal och kan följa med
        kvinnorna till myndigheter och rättegångar. Om kvinnan har barn görs alltid en bedömning av
        barnens behov av skydd och stöd.

        # 4. Tidsplan
        | Aktivitet | Datum |
        | Projektstart | 2018-04-01 |
        | Samverkansteamet på plats | 2018-05-15 |
        | Rutin för frågor om våld i missbruksvården | 2018-09-01 |
        | Utbildningsdagar för medarbetare | 2018-09-20 – 2018-11-29 |
        | Platser i skyddat boende upphandlade | 2018-10-01 |
        | Extern utvärdering påbörjas | 2019-01-15 |
        | Projektet avslutas | 2019-12-31 |

        # 5. Budget
        Projektet beräknas kosta 3,6 miljoner kronor, varav 2,2 miljoner för platserna i skyddat
        boende. Det finansieras med statliga utvecklingsmedel för arbetet mot våld i nära
        relationer och med Socialförvaltningens egna medel.

        # 6. Organisation och risker
        Styrgruppen består av avdelningscheferna för relationsvåldsenheten och vuxenenheterna,
        verksamhetschefen för beroendevården och ordföranden i Kvinnojouren Älvdala. Nadia
        Rahimi är projektledare.

        Den största risken är att kvinnorna avbryter kontakten, vilket ofta sker när våldsutövaren
        tar kontakt. En annan risk gäller säkerheten i boendet när kvinnor med pågående missbruk
        och våldsutövare i umgängeskretsen bor tillsammans. Sekretessen mellan regionen och
        kommunen kan försvåra samarbetet; samtycke ska därför inhämtas tidigt.
        """,
    ),
    Report(
        project="vald",
        filename="Slutrapport - Samverkan för våldsutsatta kvinnor.pdf",
        label="Slutrapport",
        date=at(2020, 3, 30, 15, 20),
        cover_date="Mars 2020",
        meta=[
            ("Dnr", "SN.2018.42"),
            ("Utgivningsdatum", "2020-03-30"),
            ("Utgivare", SOC),
            ("Kontaktperson", "Nadia Rahimi, samordnare"),
        ],
        author="Nadia Rahimi",
        layout="band",
        footer="Sida {n}",
        body="""
        # Sammanfattning
        Projektet Samverkan för våldsutsatta kvinnor med missbruk pågick från april 2018 till
        december 2019. Socialförvaltningens relationsvåldsenhet, stadsdelarnas vuxenenheter,
        beroendevården och Kvinnojouren Älvdala byggde tillsammans upp ett samverkansteam,
        införde frågor om våld i missbruksvården och skapade platser i skyddat boende för kvinnor
        med pågående missbruk.

        164 medarbetare utbildades. Frågor om våld ställdes till 412 klienter i missbruksvården,
        varav 139 kvinnor. 58 av kvinnorna (42 procent) berättade att de hade utsatts för våld av
        en närstående under det senaste året. 37 kvinnor fick samordnat stöd av teamet, och 21 av
        dem bodde under en period i skyddat boende med förhöjd bemanning. Samtliga mål har nåtts.
        Från 2020 ingår samverkansteamet i Socialförvaltningens ordinarie verksamhet.

        # 1. Inledning
        ## 1.1 Bakgrund
        Kvinnor med missbruk som utsätts för våld har haft svårt att få skydd, eftersom skyddade
        boenden sällan tar emot kvinnor med ett pågående missbruk. I missbruksvården ställdes inte
        heller frågor om våld rutinmässigt. En aktgranskning 2017 visade att frågan om skydd bara
        hade utretts i fyra av 27 ärenden där det fanns uppgifter om våld.

        ## 1.2 Syfte och mål
        Syftet var att våldsutsatta kvinnor med missbruk ska få skydd, stöd och behandling
        samtidigt.

        | Mål | Utfall |
        | Rutinmässiga frågor om våld i missbruksvården | Infört 2018-09-01 |
        | Minst 120 utbildade medarbetare | 164 medarbetare |
        | Sex platser i skyddat boende med förhöjd bemanning | Sex platser från oktober 2018 |
        | Minst 30 kvinnor med samordnat stöd | 37 kvinnor |

        # 2. Genomförande
        Samverkansteamet var på plats i maj 2018. Teamet bestod av två socialsekreterare och en
        behandlare från beroendevården och hade gemensamma ärendedragningar varje vecka. Under
        hösten 2018 genomfördes sex utbildningsdagar om våld, missbruk och skydd för personal inom
        missbruksvården, relationsvåldsenheten och kvinnojouren.

        Platserna i skyddat boende upphandlades från en ideell organisation och var i bruk från
        oktober 2018. Boendet hade personal dygnet runt och ett nära samarbete med beroendevårdens
        öppenvård. Projektet följdes av en utvärdering som genomfördes av FoU-enheten och
        redovisades i januari 2020.

        # 3. Resultat
        | Uppföljning 2018-09-01 – 2019-12-31 | Antal |
        | Klienter i missbruksvården som fick frågor om våld | 412 |
        | varav kvinnor | 139 |
        | Kvinnor som berättade om våld under det senaste året | 58 |
        | Kvinnor med samordnat stöd av teamet | 37 |
        | Kvinnor i skyddat boende med förhöjd bemanning | 21 |

        Av de 37 kvinnor som fick samordnat stöd var de flesta mellan 25 och 45 år. 23 hade
        alkohol som huvudsaklig drog, och tolv hade ett blandmissbruk. Sammanlagt hade kvinnorna 19
        barn under 18 år, varav elva bodde hos sin mamma.

        21 kvinnor bodde under en period i skyddat boende med förhöjd bemanning. 15 av dem
        fullföljde den planerade vistelsen, och nio flyttade därefter till en egen bostad eller
        ett stödboende. Fyra kvinnor ansökte om kontaktförbud och sex gjorde en polisanmälan. Sex
        kvinnor avbröt vistelsen, i flera fall efter kontakt med våldsutövaren.

        Projektet kostade 3,4 miljoner kronor, varav 2,1 miljoner kronor för platserna i skyddat
        boende. Kostnaden blev lägre än beräknat eftersom platserna inte var i bruk förrän i
        oktober 2018.

        # 4. Erfarenheter och lärdomar
        Den viktigaste erfarenheten är att det går att ge skydd till kvinnor med ett pågående
        missbruk, men att det kräver bemanning dygnet runt och ett nära samarbete med
        beroendevården. Frågor om våld uppfattades inte som känsliga av klienterna, men
        personalen behövde stöd för att veta vad de skulle göra med svaren.

        Samverkan över organisationsgränserna har tagit tid. Sekretessen mellan regionen och
        kommunen har kunnat hanteras genom samtycke, men det har krävt tydliga rutiner.

        # 5. Nästa steg
        Socialnämnden beslutade i februari 2020 att samverkansteamet ska ingå i
        relationsvåldsenhetens ordinarie verksamhet och att staden fortsätter att köpa fyra platser
        i skyddat boende med förhöjd bemanning. Rutinen för frågor om våld ska följas upp varje år.
        """,
    ),
    Report(
        project="vald",
        filename="Utvärdering samverkan våldsutsatta kvinnor.pdf",
        label="Utvärdering",
        title="Samverkan för våldsutsatta kvinnor med missbruk",
        subtitle="En utvärdering av samverkansteamet och det skyddade boendet",
        date=at(2020, 1, 20, 8, 45),
        cover_date="Januari 2020",
        meta=[
            ("Dnr", "SN.2018.42"),
            ("Datum", "2020-01-20"),
            ("Utgivare", "Socialförvaltningen, FoU-enheten"),
            ("Författare", "Hanna Östlund"),
        ],
        doc_title=None,
        layout="scan",
        footer="- {n} -",
        ocr=True,
        body="""
        # Sammanfattning
        FoU-enheten har på uppdrag av Socialförvaltningen utvärderat projektet Samverkan för
        våldsutsatta kvinnor med missbruk. Utvärderingen bygger på intervjuer med 14 kvinnor som
        har fått stöd, intervjuer med 22 medarbetare, en enkät till personalen i missbruksvården
        och uppgifter ur socialtjänstens dokumentation.

        Utvärderingen visar att projektet har nått de grupper som tidigare föll mellan stolarna.
        De kvinnor som intervjuades beskrev att de för första gången hade fått hjälp med både
        våldet och missbruket på samma gång. Det skyddade boendet med förhöjd bemanning är den del
        som kvinnorna själva värderar högst. Svagheterna gäller framför allt uppföljningen efter
        tiden i boendet och stödet till barnen.

        # 1. Inledning
        ## 1.1 Uppdraget
        Socialförvaltningen gav i december 2018 FoU-enheten i uppdrag att utvärdera projektet.
        Utvärderingen har pågått från januari 2019 till december 2019.

        ## 1.2 Frågeställningar
        - Har frågor om våld blivit en rutin i missbruksvården, och vad händer med svaren?
        - Hur har samverkan mellan socialtjänsten, beroendevården och kvinnojouren fungerat?
        - Hur upplever kvinnorna stödet och tiden i det skyddade boendet?
        - Vilka lärdomar är viktiga för det fortsatta arbetet?

        # 2. Metod
        Vi har intervjuat 14 kvinnor som har fått stöd av samverkansteamet, varav nio hade bott i
        det skyddade boendet. Intervjuerna gjordes på en plats som kvinnan själv valde och tog
        mellan 40 och 90 minuter. Vi har också intervjuat 22 medarbetare i samverkansteamet,
        vuxenenheterna, beroendevården, boendet och kvinnojouren.

        En enkät skickades i oktober 2019 till 96 medarbetare i missbruksvården, och 71 svarade.
        Dessutom har vi gått igenom dokumentationen i de 37 ärenden som samverkansteamet har haft.

        # 3. Resultat
        ## 3.1 Frågor om våld i missbruksvården
        Enligt enkäten ställer 82 procent av medarbetarna alltid eller oftast frågor om våld vid
        nybesök. Före projektet gällde det ungefär en fjärdedel enligt aktgranskningen. Flera
        medarbetare beskriver att det var obekvämt i början men att klienterna sällan reagerade
        negativt. Det som upplevs som svårast är att veta hur man ska gå vidare när en kvinna
        berättar om våld men inte vill ha hjälp.

        ## 3.2 Samverkan
        Samverkansteamet beskrivs som den viktigaste förändringen. Medarbetarna i de övriga
        verksamheterna uppskattar att det finns en väg in, och att teamet snabbt kan ordna ett
        möte. Samarbetet med kvinnojourerna har fungerat väl, medan samarbetet med psykiatrin har
        varit begränsat.

        ## 3.3 Kvinnornas erfarenheter
        Kvinnorna beskrev att de tidigare hade blivit nekade skyddat boende på grund av missbruket
        eller hade fått välja mellan behandling och skydd. I boendet kände de sig trygga och
        respekterade. ”Här behövde jag inte ljuga om att jag druckit för att få stanna”, sa en av
        kvinnorna. Flera berättade samtidigt att det var svårt att lämna boendet, eftersom de
        saknade en egen bostad att flytta till.

        ## 3.4 Barnen
        Elva kvinnor hade barn som bodde hos dem. I dokumentationen framgår att barnens behov har
        bedömts i samtliga fall, men bara fyra barn har fått eget stöd, till exempel samtal hos
        barnsamordnaren på relationsvåldsenheten.

        # 4. Bedömning
        Vi bedömer att projektet i stort har genomförts som det var tänkt och att det har gett
        våldsutsatta kvinnor med missbruk en tillgång till skydd som de tidigare saknade. Det
        samordnade stödet har stärkt kvinnornas möjlighet att både bryta med våldsutövaren och ta
        emot behandling. Uppföljningen efter tiden i boendet är den svagaste länken, och bristen på
        bostäder gör att vistelserna ibland blir längre än nödvändigt.

        # 5. Rekommendationer
        - Samverkansteamet bör permanentas och få ansvar för uppföljning under minst sex månader efter boendet.
        - Barnens behov av eget stöd bör bedömas och tillgodoses i varje ärende.
        - Staden bör pröva att kombinera skyddat boende med Bostad först för kvinnor som saknar bostad.
        - Utbildningen om våld bör återkomma varje år för nyanställda i missbruksvården.
        """,
    ),
]

DUPLICATES = [
    # Officers attach a whole report from another project: the same bytes in two folders.
    Duplicate(
        source=("bostad", "slutrapport_bostad_forst.pdf"),
        project="vald",
        filename="Bilaga – slutrapport Bostad först.pdf",
        date=at(2018, 2, 26, 10, 35),
    ),
]

# ----------------------------------------------------------------- 2019 Stödboende för ensamkommande ungdomar

REPORTS += [
    Report(
        project="stodboende",
        filename="Slutrapport stödboende ensamkommande.docx",
        label="Slutrapport",
        date=at(2020, 11, 2, 16, 5),
        meta=[
            ("Dnr", "SN 2019/88"),
            ("Datum", "2020-11-02"),
            ("Handläggare", "Mikael Ahlström, utvecklingsledare"),
        ],
        author="Mikael Ahlström",
        doc_title="",  # left empty, as many real files have it
        body="""
        # Sammanfattning
        Under 2015 och 2016 kom många ensamkommande barn till Älvdala stad. När de flesta av dem
        hade fyllt 18 år och antalet nyanlända minskade, hade staden flera hem för vård eller
        boende (HVB) som inte längre motsvarade ungdomarnas behov. Projektet Stödboende för
        ensamkommande ungdomar ställde om två HVB till stödboendet Tallkotten med 18 platser och
        sex utslussningslägenheter, och tog fram ett arbetssätt för att förbereda ungdomarna för
        ett eget boende.

        Från mars 2019 till augusti 2020 bodde 37 ungdomar på Tallkotten. 29 av dem har flyttat,
        och 21 av dessa har en egen bostad med kontrakt. 33 av de 37 ungdomarna studerade under
        tiden på stödboendet. Kostnaden per dygn var mindre än hälften av kostnaden för en plats på
        HVB. Stödboendet permanentas och öppnas från 2021 även för andra unga.

        # 1. Inledning
        ## 1.1 Bakgrund
        Hösten 2015 tog Älvdala stad emot 214 ensamkommande barn, fler än någonsin tidigare. De
        flesta placerades i HVB som staden drev själv eller köpte platser i. I början av 2019 hade
        Socialförvaltningen 96 ensamkommande ungdomar placerade, varav 71 var mellan 16 och 20 år.
        Många av dem behövde inte längre den omfattande vård som ett HVB ger, men kunde inte ordna
        en egen bostad.

        Sedan 2016 finns placeringsformen stödboende för unga mellan 16 och 20 år. Den ger
        ungdomen ett eget boende med stöd som anpassas efter behoven. Ungdomarnas situation
        präglades samtidigt av osäkerhet om uppehållstillstånd; flera hade tillfälliga tillstånd
        enligt den så kallade gymnasielagen, som kräver att de studerar och därefter får arbete.

        ## 1.2 Syfte
        Syftet var att ge ensamkommande ungdomar ett boende som motsvarar deras behov och som
        förbereder dem för ett självständigt vuxenliv.

        ## 1.3 Mål
        - Minst 30 ungdomar har bott i stödboende under projekttiden.
        - Minst två tredjedelar av dem som flyttar har ett eget boende med kontrakt.
        - Samtliga ungdomar studerar eller arbetar.
        - Kostnaden per placering är lägre än för HVB.

        ## 1.4 Målgrupp
        Ensamkommande ungdomar mellan 16 och 20 år som är placerade av Socialförvaltningen och som
        bedöms klara ett eget boende med stöd.

        # 2. Genomförande
        HVB-hemmen Tallkotten och Granbacken avvecklades under våren 2019. Tallkotten byggdes om
        till 18 små lägenheter med egna kök, och AB Älvdalahem ställde sex lägenheter i närheten
        till förfogande som utslussningslägenheter. Åtta boendestödjare från de tidigare HVB-hemmen
        fortsatte i stödboendet, vilket gjorde att många ungdomar behöll kontakten med personal
        som de kände.

        Varje ungdom hade en egen boendestödjare och en individuell plan för ekonomi, matlagning,
        skola, fritid och kontakter med myndigheter. Alla ungdomar erbjöds en ”boskola” med tio
        träffar om bland annat hyreskontrakt, budget, hemförsäkring och grannrelationer. För
        ungdomar under 18 år samarbetade personalen med den gode mannen.

        Under våren 2020 påverkades arbetet av pandemin. Gymnasieskolorna gick över till
        distansundervisning, och flera ungdomar blev isolerade i sina lägenheter. Personalen
        ökade då antalet hembesök och ordnade studietid i gemensamhetslokalen.

        # 3. Resultat
        | Resultat | Antal | Andel |
        | Ungdomar som bott på Tallkotten | 37 | |
        | Har flyttat från stödboendet | 29 | |
        | Egen bostad med kontrakt | 21 | 72 % av dem som flyttat |
        | Kompisboende eller inneboende | 5 | 17 % |
        | Annan placering eller annan kommun | 3 | 10 % |

        33 av 37 ungdomar studerade under tiden på stödboendet: 14 på språkintroduktion, nio på
        yrkesintroduktion och tio på ett nationellt program. Övriga fyra arbetade eller sökte
        arbete. Vid projektets slut hade sex ungdomar en anställning.

        En plats på Tallkotten kostade i genomsnitt 1 150 kronor per dygn, jämfört med 2 900 kronor
        för en plats på HVB. Under projekttiden minskade Socialförvaltningens kostnader för
        placeringar av ensamkommande med drygt nio miljoner kronor.

        24 ungdomar besvarade en enkät i juni 2020. 20 av dem var nöjda med stödet, och flera
        lyfte fram boskolan och att de fick laga sin egen mat. Det som ungdomarna saknade mest var
        hjälp att hitta en bostad och någon att prata med på kvällarna.

        # 4. Erfarenheter och lärdomar
        Att personal från HVB-hemmen fortsatte i stödboendet gav kontinuitet, men krävde också
        att arbetssättet ändrades från vård till stöd. Personalen behövde utbildning och
        handledning för att låta ungdomarna ta mer eget ansvar. Bostadsbristen är den största
        utmaningen: utan utslussningslägenheterna hade många ungdomar fått bo kvar längre än
        nödvändigt. Osäkerheten kring uppehållstillstånd har påverkat ungdomarnas psykiska hälsa,
        och samarbetet med elevhälsan och ungdomsmottagningen har varit viktigt.

        # 5. Nästa steg
        Socialnämnden beslutade i oktober 2020 att Tallkotten ska fortsätta som stödboende i egen
        regi. Från 2021 kan även andra unga mellan 18 och 20 år som är placerade av socialtjänsten
        bo där. Utslussningslägenheterna behålls, och överenskommelsen med AB Älvdalahem förlängs.
        """,
    ),
]

# ----------------------------------------------------------------- 2020 Brukarrevision i socialpsykiatrin

REPORTS += [
    Report(
        project="brukarrevision",
        filename="projektplan.docx",
        label="Projektplan",
        date=at(2020, 9, 14, 9, 30),
        meta=[
            ("Dnr", "3.2-455/2020"),
            ("Datum", "2020-09-14"),
            ("Förvaltning", SJOVIKEN),
            ("Kontaktperson", "Jonas Wikström, verksamhetsutvecklare"),
            ("Nyckelord", "brukarrevision; brukarinflytande; socialpsykiatri; psykisk hälsa"),
        ],
        author="Jonas Wikström",
        keywords="brukarrevision, brukarinflytande, socialpsykiatri",
        body="""
        # Sammanfattning
        Sjövikens stadsdelsförvaltning vill stärka brukarinflytandet i socialpsykiatrin genom
        brukarrevision. I en brukarrevision granskas en verksamhet av personer som själva har
        erfarenhet av psykisk ohälsa. Brukarrevisorerna intervjuar brukarna, sammanställer vad de
        berättar och lämnar rekommendationer till verksamheten. Projektet genomförs tillsammans med
        Brukarföreningen Vågbrytaren och omfattar tre verksamheter: boendestödet, träfflokalen
        Fyren och bostaden med särskild service Lärkan.

        # 1. Bakgrund
        Brukarnas erfarenheter är en av grunderna i en evidensbaserad praktik. I socialpsykiatrin i
        Sjöviken finns i dag ett brukarråd som träffas fyra gånger per år och en årlig
        brukarundersökning. Svarsfrekvensen i brukarundersökningen har sjunkit till 31 procent, och
        brukarrådet består till stor del av samma personer sedan flera år.

        Brukarrevision har prövats i flera kommuner och beskrivs som ett sätt att nå brukare som
        sällan kommer till tals. Eftersom intervjuerna görs av personer med egen erfarenhet av
        psykisk ohälsa blir det lättare att berätta om det som inte fungerar. Metoden ger också
        brukarrevisorerna en meningsfull uppgift och en väg tillbaka till arbetslivet.

        # 2. Syfte och mål
        ## 2.1 Syfte
        Syftet är att öka brukarnas inflytande över socialpsykiatrins verksamheter och att pröva
        brukarrevision som en återkommande metod för kvalitetsutveckling.

        ## 2.2 Mål
        - Sex brukarrevisorer har utbildats.
        - Tre verksamheter har granskats och minst 40 brukare har intervjuats.
        - Varje granskad verksamhet har en handlingsplan utifrån rekommendationerna.
        - Minst hälften av rekommendationerna har genomförts vid uppföljningen efter sex månader.

        ## 2.3 Målgrupp
        Personer med psykisk funktionsnedsättning som har boendestöd, besöker träfflokalen Fyren
        eller bor på Lärkan. Boendestödet har cirka 140 brukare, Fyren har omkring 40 regelbundna
        besökare och Lärkan har tolv lägenheter, det vill säga sammanlagt cirka 190 personer.

        # 3. Metod och arbetssätt
        Brukarföreningen Vågbrytaren rekryterar brukarrevisorerna och ansvarar för en utbildning på
        fem dagar om intervjuteknik, sekretess och rapportskrivning. Brukarrevisorerna arbetar två
        och två och får arvode för sitt arbete. Intervjuerna görs enskilt eller i grupp, på en
        plats som brukaren väljer. Brukarrevisorerna skriver en rapport för varje verksamhet, och
        verksamheten svarar med en handlingsplan inom två månader. Uppföljningen görs sex månader
        senare av samma brukarrevisorer.

        ## 3.1 Etik och tystnadsplikt
        Brukarrevisorerna undertecknar en förbindelse om tystnadsplikt. Intervjuerna är frivilliga,
        och ingen uppgift som kan identifiera en enskild brukare förs vidare till verksamheten. Om
        en brukare berättar om förhållanden som kräver åtgärder, till exempel våld eller allvarliga
        brister i stödet, lämnar brukarrevisorerna uppgiften till projektledaren, som ansvarar för
        att den hanteras enligt förvaltningens rutiner.

        # 4. Tidsplan
        | Aktivitet | Tidpunkt |
        | Överenskommelse med Vågbrytaren | 2020-10-01 |
        | Utbildning av brukarrevisorer | 2020-11-02 – 2020-11-27 |
        | Revision av boendestödet | 2021-01-11 – 2021-03-31 |
        | Revision av Fyren och Lärkan | 2021-04-06 – 2021-06-18 |
        | Handlingsplaner klara | 2021-09-30 |
        | Uppföljning | 2022-02-28 |
        | Slutrapport | 2022-04-30 |

        # 5. Budget
        Projektet beräknas kosta 620 000 kronor, varav 180 000 kronor i arvoden till
        brukarrevisorerna, 90 000 kronor för utbildning och 350 000 kronor för samordning.
        Kostnaderna finansieras med stimulansmedel för psykisk hälsa.

        # 6. Organisation
        Projektägare är enhetschefen för socialpsykiatrin. Projektledare är Jonas Wikström,
        verksamhetsutvecklare. En styrgrupp med enhetschefen, två representanter för Vågbrytaren
        och en representant för brukarrådet följer arbetet.

        # 7. Risker
        Pandemin kan göra det svårt att genomföra intervjuer på plats. I så fall görs intervjuerna
        per telefon eller utomhus, och tidsplanen förskjuts. Andra risker är att brukarrevisorerna
        inte orkar fullfölja uppdraget och att verksamheterna uppfattar granskningen som kritik.
        Därför utbildas fler revisorer än vad som behövs, och verksamheterna informeras tidigt.
        """,
    ),
    Report(
        project="brukarrevision",
        filename="Slutrapport brukarrevision.pdf",
        label="Slutrapport",
        date=at(2022, 5, 9, 12, 10),
        cover_date="Maj 2022",
        meta=[
            ("Dnr", "3.2-455/2020"),
            ("Utgivningsdatum", "2022-05-09"),
            ("Utgivare", SJOVIKEN),
            ("Kontaktperson", "Jonas Wikström"),
        ],
        author="jwikstrom",
        doc_title="Microsoft Word - Dokument1.docx",  # the junk title real exports carry
        footer="Sida {n} av {nb}",
        running_head="Brukarrevision i socialpsykiatrin",
        body="""
        # Sammanfattning
        Sjövikens stadsdelsförvaltning har tillsammans med Brukarföreningen Vågbrytaren prövat
        brukarrevision i socialpsykiatrin. Sex brukarrevisorer med egen erfarenhet av psykisk
        ohälsa utbildades, och fem av dem genomförde revisioner av boendestödet, träfflokalen Fyren
        och bostaden med särskild service Lärkan. De intervjuade sammanlagt 46 brukare och lämnade
        23 rekommendationer. Vid uppföljningen i februari 2022 hade 17 rekommendationer genomförts,
        fyra delvis och två inte alls.

        Pandemin försenade projektet med fem månader, och en del intervjuer fick göras per telefon.
        Trots det har brukarrevisionen nått brukare som sällan deltar i brukarråd och enkäter.
        Förvaltningen föreslår att brukarrevision genomförs vartannat år i socialpsykiatrin och att
        metoden prövas i missbruksvården.

        # 1. Inledning
        ## 1.1 Bakgrund
        Brukarinflytandet i socialpsykiatrin byggde tidigare på ett brukarråd och en årlig
        brukarundersökning med sjunkande svarsfrekvens. Stadsdelsnämnden gav i september 2020
        förvaltningen i uppdrag att pröva brukarrevision, där brukare med egen erfarenhet av
        psykisk ohälsa granskar verksamheten.

        ## 1.2 Syfte
        Syftet var att öka brukarnas inflytande och att pröva brukarrevision som en återkommande
        metod för kvalitetsutveckling.

        ## 1.3 Mål
        | Mål | Utfall |
        | Sex utbildade brukarrevisorer | Sex utbildade, fem genomförde revisioner |
        | Minst 40 intervjuade brukare | 46 brukare |
        | Handlingsplan i varje verksamhet | Tre handlingsplaner |
        | Minst hälften av rekommendationerna genomförda | 17 av 23 |

        # 2. Metod och genomförande
        Utbildningen av brukarrevisorerna genomfördes i november 2020. Revisionen av boendestödet
        sköts upp från januari till maj 2021 på grund av smittspridningen, och revisionerna av Fyren
        och Lärkan genomfördes under hösten 2021. Brukarrevisorerna intervjuade 24 brukare med
        boendestöd, 13 besökare på Fyren och nio boende på Lärkan. Ungefär en tredjedel av
        intervjuerna gjordes per telefon eller under promenader utomhus.

        Efter varje revision skrev brukarrevisorerna en rapport som presenterades för personalen och
        enhetschefen vid ett gemensamt möte. Verksamheterna tog därefter fram handlingsplaner, och
        uppföljningen gjordes i februari 2022.

        # 3. Resultat
        Brukarna var överlag nöjda med personalens bemötande. Kritiken gällde främst att
        boendestödjare byttes ut utan förvarning, att Fyren hade för korta öppettider och att de
        boende på Lärkan hade litet inflytande över gemensamma regler.

        Exempel på rekommendationer som har genomförts:
        - Byte av boendestödjare meddelas minst två veckor i förväg, och brukaren träffar den nya personalen tillsammans med den gamla.
        - Fyren har öppet två kvällar i veckan och en lördag i månaden.
        - De boende på Lärkan har husmöten varje månad där husets regler diskuteras.
        - Information om socialpsykiatrins insatser finns på lättläst svenska och på tre andra språk.

        Två rekommendationer har inte genomförts: att boendestöd ska kunna ges på helger och att
        Fyren ska få större lokaler. Båda kräver beslut om mer resurser.

        # 4. Erfarenheter och lärdomar
        Brukarrevisorerna fick ofta mer öppna svar än personalen brukar få, och flera brukare sa att
        de berättade saker som de aldrig hade tagit upp med sin boendestödjare. För
        brukarrevisorerna själva har uppdraget varit viktigt; två av dem har efter projektet fått
        anställning som brukarspecialister i regionens psykiatri.

        Samtidigt har projektet visat att brukarrevision kräver stöd och tid. Brukarrevisorerna
        behövde handledning under arbetet, och personalen behövde förberedas för att ta emot
        kritik utan att gå i försvar.

        Projektet kostade 585 000 kronor, något under budget, eftersom en del av utbildningen
        genomfördes digitalt och färre resor behövdes under pandemin.

        # 5. Nästa steg
        Förvaltningen föreslår att brukarrevision genomförs vartannat år i socialpsykiatrin, med
        Vågbrytaren som samarbetspart, och att metoden prövas i missbruksvården under 2023.
        Kostnaden för en revision av en verksamhet beräknas till cirka 120 000 kronor.
        """,
    ),
]

# ----------------------------------------------------------------- 2021 Digital ansökan om ekonomiskt bistånd

REPORTS += [
    Report(
        project="eansokan",
        filename="Delrapport digital ansökan.pdf",
        label="Delrapport",
        date=at(2021, 11, 22, 14, 45),
        meta=[
            ("Dnr", "SN.2021.17"),
            ("Datum", "2021-11-22"),
            ("Utgivare", SOC),
            ("Kontaktperson", "Lina Forsberg, projektledare"),
        ],
        author="Lina Forsberg",
        layout="band",
        footer="Sida {n}",
        body="""
        # Sammanfattning
        Sedan den 3 maj 2021 kan den som redan har ekonomiskt bistånd göra sin fortsatta ansökan
        digitalt, med e-legitimation. Den här delrapporten beskriver de första sex månaderna. I
        oktober 2021 kom 38 procent av ansökningarna in digitalt. Handläggningstiden för de
        digitala ansökningarna är i genomsnitt 5,8 dagar, jämfört med 9,2 dagar för ansökningar på
        papper. De flesta sökande är nöjda, men den som saknar e-legitimation eller behöver tolk
        har svårt att använda e-tjänsten.

        # 1. Inledning
        ## 1.1 Bakgrund
        Socialförvaltningen hanterar varje månad ansökningar om ekonomiskt bistånd från cirka 2 700
        hushåll. Fram till 2021 lämnades alla ansökningar på papper, antingen vid besök eller per
        post. Socialsekreterarna lade en stor del av sin tid på att registrera uppgifter och begära
        in kompletteringar, och sökande fick ofta vänta länge på beslut.

        ## 1.2 Syfte och mål
        Syftet med projektet är att göra det enklare för de sökande att ansöka om ekonomiskt
        bistånd och att frigöra tid för socialsekreterarna att arbeta med stöd till
        egenförsörjning. Målet är att minst hälften av de fortsatta ansökningarna ska komma in
        digitalt i december 2022 och att handläggningstiden ska halveras.

        # 2. Läget hittills
        ## 2.1 Användningen av e-tjänsten
        | Månad | Ansökningar totalt | Digitala | Andel digitala |
        | Maj 2021 | 2 690 | 430 | 16 % |
        | Juli 2021 | 2 640 | 740 | 28 % |
        | September 2021 | 2 720 | 950 | 35 % |
        | Oktober 2021 | 2 710 | 1 030 | 38 % |

        ## 2.2 Handläggning
        Uppgifter från Försäkringskassan, Arbetsförmedlingen och CSN hämtas automatiskt när en
        digital ansökan kommer in. En programrobot gör förberedande kontroller och räknar fram ett
        förslag till beräkning för 62 procent av de digitala ansökningarna. Socialsekreteraren
        fattar alltid beslutet. Handläggningstiden för de digitala ansökningarna har sjunkit från
        9,2 till 5,8 dagar i genomsnitt.

        ## 2.3 Sökandes och socialsekreterares erfarenheter
        I en kort enkät i e-tjänsten svarade 418 sökande. 81 procent tyckte att det var lätt att
        ansöka. Det vanligaste problemet var att ladda upp kvitton och underlag, som ofta blev
        oläsliga när de fotograferades med mobilen. Socialsekreterarna uppskattar att färre
        ansökningar behöver kompletteras, men några oroar sig för att kontakten med de sökande
        minskar.

        ## 2.4 Kostnader
        Utvecklingen av e-tjänsten och kopplingen till verksamhetssystemet har hittills kostat 1,4
        miljoner kronor, varav 600 000 kronor avser programroboten. Licenskostnaden är 180 000
        kronor per år. Förvaltningen beräknar att den tid som frigörs motsvarar drygt fyra
        heltidstjänster när hälften av ansökningarna kommer in digitalt.

        # 3. Svårigheter
        Den som saknar e-legitimation kan inte använda e-tjänsten, och det gäller särskilt sökande
        utan svenskt pass eller id-kort. E-tjänsten finns i dag bara på svenska, vilket gör den
        svår att använda för sökande som behöver tolk. Det finns också sökande med
        funktionsnedsättning eller psykisk ohälsa som behöver stöd för att fylla i ansökan.

        Under sommaren förekom också tekniska problem. Vid två tillfällen i juli låg e-tjänsten nere
        i mer än ett dygn, och de ansökningar som skickades in under den tiden fick registreras för
        hand. Leverantören har därefter förbättrat övervakningen.

        # 4. Fortsatt arbete
        Under 2022 ska e-tjänsten översättas till engelska, arabiska och somaliska, och det ska bli
        möjligt att göra även en första ansökan digitalt. Medborgarkontoren erbjuder hjälp med
        e-tjänsten från januari 2022. FoU-enheten utvärderar projektet under 2022.
        """,
    ),
    Report(
        project="eansokan",
        filename="Utvärdering e-ansökan ekonomiskt bistånd.pdf",
        label="Utvärdering",
        title="Digital ansökan om ekonomiskt bistånd",
        subtitle="Användning, handläggningstid och erfarenheter efter 16 månader",
        date=at(2022, 10, 10, 10, 0),
        cover_date="Oktober 2022",
        meta=[
            ("Dnr", "SN.2021.17"),
            ("Utgivningsdatum", "2022-10-10"),
            ("Utgivare", "Socialförvaltningen, FoU-enheten"),
            ("Författare", "Jenny Malm"),
            ("Nyckelord", "ekonomiskt bistånd; försörjningsstöd; e-tjänst; digitalisering"),
        ],
        author="Jenny Malm",
        keywords="ekonomiskt bistånd, försörjningsstöd, e-tjänst, digitalisering",
        running_head="FoU-enheten | Utvärdering av digital ansökan om ekonomiskt bistånd",
        footer="{n} ({nb})",
        break_sections=True,
        body="""
        # Sammanfattning
        FoU-enheten har utvärderat Socialförvaltningens e-tjänst för ansökan om ekonomiskt
        bistånd, som infördes i maj 2021. Utvärderingen omfattar perioden fram till augusti 2022.
        Under perioden använde 1 230 sökande e-tjänsten minst en gång, och i augusti 2022 kom
        61 procent av alla ansökningar in digitalt. Medianen för handläggningstiden var 4,9 dagar
        för digitala ansökningar och 8,7 dagar för ansökningar på papper. Andelen felaktiga
        utbetalningar har inte ökat.

        De sökande är i hög grad nöjda, och socialsekreterarna beskriver att de har fått mer tid
        för samtal och stöd till egenförsörjning. Samtidigt används e-tjänsten mindre av äldre
        sökande, av sökande som behöver tolk och av dem som saknar e-legitimation. Vi bedömer att
        e-tjänsten har gjort handläggningen snabbare utan att göra den sämre, men att risken för
        digitalt utanförskap behöver hanteras aktivt.

        # 1. Inledning
        ## 1.1 Uppdraget
        Socialnämnden beslutade i februari 2021 att införa digital ansökan om ekonomiskt bistånd
        och att arbetet skulle utvärderas (dnr SN.2021.17). Uppdraget gick till FoU-enheten, som
        inte har deltagit i utvecklingen av e-tjänsten.

        ## 1.2 Frågeställningar
        - Hur många sökande använder e-tjänsten, och vilka använder den inte?
        - Hur har handläggningstiden och kvaliteten i besluten påverkats?
        - Hur upplever sökande och socialsekreterare den digitala ansökan?
        - Har socialsekreterarnas arbete förändrats, och i så fall hur?

        # 2. Metod
        Utvärderingen bygger på uppgifter ur verksamhetssystemet för perioden januari 2021 till
        augusti 2022, en enkät till sökande, intervjuer och observationer. Enkäten besvarades av
        312 sökande, varav 254 hade ansökt digitalt och 58 på papper. Vi intervjuade 18 sökande,
        varav sex med tolk, och 15 socialsekreterare och arbetsledare. Dessutom observerade vi
        arbetet vid två mottagningsenheter under sammanlagt fyra dagar.

        Uppgifterna om felaktiga utbetalningar kommer från förvaltningens egen granskning av ett
        slumpmässigt urval av ärenden varje kvartal.

        # 3. Resultat
        ## 3.1 Användning
        Andelen digitala ansökningar ökade från 16 procent i maj 2021 till 61 procent i augusti
        2022. Användningen var lägst bland sökande över 55 år (34 procent) och bland sökande som
        har tolk vid sina besök (22 procent). E-tjänsten översattes till engelska, arabiska och
        somaliska i april 2022, och därefter har användningen ökat i dessa grupper.

        ## 3.2 Handläggningstid och kvalitet
        | Mått | Digital ansökan | Ansökan på papper |
        | Handläggningstid, median | 4,9 dagar | 8,7 dagar |
        | Ansökningar som kompletterats | 14 % | 37 % |
        | Felaktiga utbetalningar | 0,8 % | 0,9 % |
        | Nöjda sökande (enkät) | 84 % | 61 % |

        ## 3.3 De sökandes erfarenheter
        De sökande som använde e-tjänsten uppskattade att slippa besök och att få snabbare beslut.
        ”Förut fick jag ta ledigt från praktiken för att lämna papper”, berättade en sökande.
        Sökande som inte använde e-tjänsten angav oftast att de saknade e-legitimation, att de
        inte förstod frågorna eller att de ville träffa sin socialsekreterare.

        ## 3.4 Socialsekreterarnas arbete
        Socialsekreterarna uppskattar att de har frigjort ungefär en dag i veckan, som främst har
        använts till samtal med sökande och samarbete med arbetsmarknadsenheten. Flera beskrev att
        de nu kan ägna mer tid åt de hushåll som har störst behov. Några var oroliga för att
        sökande med digital ansökan sällan träffar sin socialsekreterare och att problem därför
        upptäcks senare.

        # 4. Bedömning
        Vi bedömer att e-tjänsten har gjort handläggningen av ekonomiskt bistånd snabbare och
        enklare, utan att kvaliteten i besluten har försämrats. Målet om minst hälften digitala
        ansökningar nåddes redan under 2022. Den tid som har frigjorts har i stor utsträckning
        använts till stöd mot egenförsörjning, vilket var ett av projektets syften. Den största
        risken är att de sökande som har svårast att använda digitala tjänster får sämre service.

        # 5. Rekommendationer
        - Sökande som inte kan använda e-tjänsten ska erbjudas personligt stöd, och papper ska finnas kvar som alternativ.
        - Varje hushåll med ekonomiskt bistånd bör träffa sin socialsekreterare minst en gång per halvår.
        - Uppladdning av underlag bör förbättras, till exempel genom automatisk bildkontroll.
        - Förvaltningen bör följa upp användningen per åldersgrupp och språk varje år.
        """,
    ),
]


# --------------------------------------------------------------------------- generation

_YEAR_FOLDER = re.compile(r"(?:19|20)\d\d")
_PROTECTED_IN_REPO = {".git", ".venv", ".ci", "kbank", "tools", "tests", "bench", "index"}


def clear_target(target: Path, *, force: bool) -> None:
    """Delete the content of ``target`` (or create it); refuse anything that looks wrong."""
    protected = {Path("/"), Path.home().resolve(), REPO, *REPO.parents}
    inside_repo = target.relative_to(REPO).parts if target.is_relative_to(REPO) else ()
    if target in protected or (inside_repo and inside_repo[0] in _PROTECTED_IN_REPO):
        raise SystemExit(f"make_demo_archive: refusing to clear {target}")
    if not target.exists():
        target.mkdir(parents=True)
        return
    if not target.is_dir():
        raise SystemExit(f"make_demo_archive: {target} is not a folder")
    strangers = sorted(
        child.name
        for child in target.iterdir()
        if not (child.is_dir() and not child.is_symlink() and _YEAR_FOLDER.fullmatch(child.name))
    )
    if strangers and not force:
        raise SystemExit(
            f"make_demo_archive: {target} holds more than year folders ({', '.join(strangers[:5])}); "
            "pass --force to clear it anyway"
        )
    for child in sorted(target.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def set_mtime(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def report_dnr(report: Report, project: Project) -> str:
    for label, value in report.meta:
        if label == "Dnr":
            return value
    if project.dnr:
        return f"{project.dnr} (folder)"
    found = re.search(r"\bDnr\s+([A-ZÅÄÖ]+ \d{4}/\d+)", report.body)
    return f"{found.group(1)} (text)" if found else "-"


def report_date(report: Report) -> str:
    for label, value in report.meta:
        if label in ("Utgivningsdatum", "Datum"):
            return value
    return report.cover_date or report.date.date().isoformat()


def generate(target: Path) -> list[Written]:
    """Write every report and duplicate under ``target``; return what was written."""
    projects = {project.key: project for project in PROJECTS}
    written: list[Written] = []
    by_file: dict[tuple[str, str], Written] = {}
    for report in REPORTS:
        project = projects[report.project]
        folder = target / project.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / report.filename
        damage = OcrDamage(OCR_SEED) if report.ocr else None
        words = word_count(cover_text(report, project) + "\n" + block_text(parse_markup(report.body)))
        pages = None
        if report.kind == "pdf":
            pages = build_pdf(report, project, path, damage)
        else:
            build_docx(report, project, path)
        set_mtime(path, report.date)
        item = Written(
            path,
            report.kind,
            report_dnr(report, project),
            report_date(report),
            words,
            pages,
            report,
            damage.damaged if damage else [],
        )
        written.append(item)
        by_file[(report.project, report.filename)] = item
    for duplicate in DUPLICATES:
        source = by_file[duplicate.source]
        project = projects[duplicate.project]
        path = target / project.folder / duplicate.filename
        shutil.copyfile(source.path, path)
        set_mtime(path, duplicate.date)
        written.append(
            Written(path, source.kind, f"copy of {source.dnr}", source.date, source.words, source.pages)
        )
    return written


# --------------------------------------------------------------------------- checks


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(written: list[Written]) -> list[str]:
    """Read every file back the way kbank would and return the problems found."""
    projects = {project.key: project for project in PROJECTS}
    problems: list[str] = []
    for item in written:
        name = item.path.name
        report = item.report
        if item.kind == "pdf":
            reader = pypdf.PdfReader(item.path)
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
            if item.pages != len(reader.pages) or not 2 <= len(reader.pages) <= 8:
                problems.append(f"{name}: {len(reader.pages)} pages")
            if not re.search("[åäöÅÄÖ]", text):
                problems.append(f"{name}: no å/ä/ö in the extracted text")
            if report is not None:
                expected = report.title_property(projects[report.project])
                actual = reader.metadata.title if reader.metadata else None
                if (expected or None) != (actual or None):
                    problems.append(f"{name}: title property {actual!r}, expected {expected!r}")
            if item.damaged:
                flat = " ".join(text.split())
                found = sum(1 for word in set(item.damaged) if word in flat)
                if found < 0.8 * len(set(item.damaged)) or found < 20:
                    problems.append(
                        f"{name}: only {found} of {len(set(item.damaged))} OCR errors in the text"
                    )
        else:
            document = docx.Document(str(item.path))
            styles = {par.style.name for par in document.paragraphs}
            if not {"Title", "Heading 1"} <= styles:
                problems.append(f"{name}: heading styles missing ({sorted(styles)})")
            xml = document.element.xml
            if not re.search("[åäö]", xml):
                problems.append(f"{name}: no å/ä/ö in the text")
            if report is not None and report.cover_table:
                header = document.sections[0].header.paragraphs[0].text
                checks = {
                    "content control": 'w:alias w:val="Diarienummer"' in xml,
                    "text box": "txbxContent" in xml,
                    "Dnr in header": projects[report.project].dnr in header,
                }
                problems += [f"{name}: {what} missing" for what, ok in checks.items() if not ok]
        if report is not None and not 400 <= item.words <= 1500:
            problems.append(f"{name}: {item.words} words")
    for duplicate in DUPLICATES:
        copies = [w for w in written if w.path.name in (duplicate.filename, duplicate.source[1])]
        if len({sha256(w.path) for w in copies}) != 1:
            problems.append(f"{duplicate.filename}: not identical to {duplicate.source[1]}")
    return problems


def print_table(written: list[Written], target: Path) -> None:
    rows = [("Path", "Type", "Pages", "Words", "Dnr", "Date")]
    for item in sorted(written, key=lambda w: w.path.relative_to(target).as_posix()):
        rows.append(
            (
                item.path.relative_to(target).as_posix(),
                item.kind.upper(),
                str(item.pages) if item.pages else "-",
                str(item.words),
                item.dnr,
                item.date,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))
    print(f"\n{len(written)} files in {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write kbank's fictional demo archive.")
    parser.add_argument(
        "target",
        nargs="?",
        type=Path,
        default=DEFAULT_TARGET,
        help=f"folder to (re)write, default {DEFAULT_TARGET}",
    )
    parser.add_argument(
        "--force", action="store_true", help="clear the target even if it holds more than year folders"
    )
    args = parser.parse_args(argv)
    target = args.target.resolve()
    clear_target(target, force=args.force)
    written = generate(target)
    print_table(written, target)
    problems = verify(written)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
