"""Write Word documents with python-docx (reading Word lives in extract/word.py)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import RGBColor

GREY = RGBColor(0x80, 0x80, 0x80)


def write_summary_docx(path: Path, title: str, intro: str, sections: list[tuple[str, str, str]]) -> None:
    """Write a summary: a title, then per section a heading, the instruction in grey italics and the text."""
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
