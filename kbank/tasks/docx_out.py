"""Write Word documents with python-docx (reading Word lives in extract/word.py)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.shared import RGBColor

GREY = RGBColor(0x80, 0x80, 0x80)
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
    document.add_heading(title, level=0)
    note = document.add_paragraph().add_run(intro)
    note.italic, note.font.color.rgb = True, GREY
    for heading, instruction, text in sections:
        document.add_heading(heading, level=1)
        hint = document.add_paragraph().add_run(instruction)
        hint.italic, hint.font.color.rgb = True, GREY
        if text:
            document.add_paragraph(text)
    document.save(str(path))
