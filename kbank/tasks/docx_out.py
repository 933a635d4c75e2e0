"""Write Word documents with python-docx (reading Word lives in extract/word.py).

Documents are A4 with Swedish (sv-SE) as the language of every style and run, so that
Word spell-checks them as Swedish (python-docx's default template is US Letter, en-US).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

GREY = RGBColor(0x80, 0x80, 0x80)
LANGUAGE = "sv-SE"


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def swedish_a4(document) -> None:
    """Make a document A4 with 25 mm margins and Swedish on its defaults, every style and every run."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            _set_language(rpr_default.find(qn("w:rPr")))
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


def write_summary_docx(path: Path, title: str, intro: str, sections: list[tuple[str, str, str]]) -> None:
    """Write a summary: a title, then per section a heading, the instruction in grey italics and the text."""
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
