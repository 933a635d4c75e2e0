"""Write Word documents with python-docx (reading Word lives in extract/word.py).

Documents are A4 with Swedish (sv-SE) as the language of every style and run, so that
Word spell-checks them as Swedish (python-docx's default template is US Letter, en-US).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

GREY = RGBColor(0x80, 0x80, 0x80)
LANGUAGE = "sv-SE"


#: rPr children that must follow w:lang (OOXML's sequence).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _defaults_language(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_language(rpr)


def swedish_a4(document) -> None:
    """Make a document A4 with 25 mm margins and Swedish on its defaults, every style and every run."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    _defaults_language(document)
    for style in document.styles:
        element = style.element
        if hasattr(element, "get_or_add_rPr"):
            _set_language(element.get_or_add_rPr())
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            _set_language(run._element.get_or_add_rPr())
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


#: Characters XML 1.0 cannot hold (python-docx refuses them): a title with a control character
#: must still give a summary file, with a replacement character in its place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def write_summary_docx(path: Path, title: str, intro: str, sections: list[tuple[str, str, str]]) -> None:
    """Write a summary: a title, then per section a heading, the instruction in grey italics and the text."""
    title, intro = _xml(title), _xml(intro)
    sections = [(_xml(h), _xml(i), _xml(t)) for h, i, t in sections]
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "kbank"
    document.core_properties.language = LANGUAGE
    document.add_heading(title, level=0)
    note = document.add_paragraph().add_run(intro)
    note.italic, note.font.color.rgb = True, GREY
    for heading, instruction, text in sections:
        document.add_heading(heading, level=1)
        hint = document.add_paragraph().add_run(instruction)
        hint.italic, hint.font.color.rgb = True, GREY
        if text:
            document.add_paragraph(text)
    swedish_a4(document)
    document.save(str(path))


# --------------------------------------------------------------------------- memos (kbank overview)


def write_memo_docx(path: Path, title: str, blocks: list[tuple[str, str, str]]) -> None:
    """Write a memo on A4 in Swedish: title, facts in bold labels, headings, quotes with their citation.

    ``blocks`` are (kind, text, extra) as ``kbank.tasks.memo.memo_blocks`` makes them.
    """
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "kbank"
    document.core_properties.language = LANGUAGE
    for kind, text, extra in blocks:
        runs = []
        if kind == "title":
            runs = document.add_heading(text, level=0).runs
        elif kind == "h1":
            runs = document.add_heading(text, level=1).runs
        elif kind == "h2":
            runs = document.add_heading(text, level=2).runs
        elif kind == "fact":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            label = paragraph.add_run(f"{text}: ")
            label.bold = True
            runs = [label, paragraph.add_run(extra)]
        elif kind == "headline":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(10)
            run = paragraph.add_run(text)
            run.bold, run.font.size = True, Pt(13)
            runs = [run]
        elif kind == "quote":
            paragraph = document.add_paragraph(style="Quote")
            runs = [paragraph.add_run(text), paragraph.add_run(f" ({extra})")]
            runs[1].italic = False
        elif kind == "bullet":
            runs = document.add_paragraph(text, style="List Bullet").runs
        elif kind == "note":
            run = document.add_paragraph().add_run(text)
            run.italic, run.font.color.rgb = True, GREY
            runs = [run]
        for run in runs:
            _set_language(run._r.get_or_add_rPr())
    swedish_a4(document)
    document.save(str(path))
