"""OpenDocument text (.odt) with the standard library's zipfile and lxml's safe parser.

An .odt is a zip of XML parts: ``content.xml`` (the text), ``styles.xml`` (page headers and
footers) and ``meta.xml`` (title, author, dates, keywords). The package's declared sizes are
checked before anything is unpacked, and the XML is parsed without entities, network or
huge-tree support, as DOCX is (``word.py``). Deleted tracked changes and comments are left out.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .model import Extracted, ExtractionError, Reason
from .text import clean, letter_count
from .word import MAX_PACKAGE, MAX_XML_PART

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_TEXT = f"{{{_NS['text']}}}"
_TABLE = f"{{{_NS['table']}}}"
_OFFICE = f"{{{_NS['office']}}}"
_STYLE = f"{{{_NS['style']}}}"
#: Elements whose text is not the report's: deleted changes, comments, note marks, field codes.
_SKIP = {
    _TEXT + "tracked-changes",
    _OFFICE + "annotation",
    _OFFICE + "annotation-end",
    _TEXT + "note-citation",
    _TEXT + "sequence-decls",
    _TEXT + "variable-decls",
    _TEXT + "user-field-decls",
    _TEXT + "table-of-content-source",
    _TEXT + "alphabetical-index-source",
}
_META = {
    "title": "dc:title",
    "subject": "dc:subject",
    "author": "meta:initial-creator",
    "last_modified_by": "dc:creator",
    "created": "meta:creation-date",
    "modified": "dc:date",
}
_TITLE_STYLES = {"title", "titel", "rubrik"}


def extract_odt(path: Path) -> Extracted:
    """Read the body, tables, text frames, notes, headers and footers, and the properties."""
    try:
        with zipfile.ZipFile(path) as zf:
            _check_package(zf)
            names = set(zf.namelist())
            if "content.xml" not in names:
                raise ExtractionError(Reason.CORRUPT, "trasig ODT: paketet saknar content.xml")
            content = _parse(zf.read("content.xml"), strict=True)
            styles = _parse(zf.read("styles.xml")) if "styles.xml" in names else None
            meta = _parse(zf.read("meta.xml")) if "meta.xml" in names else None
    except zipfile.BadZipFile:
        raise ExtractionError(Reason.CORRUPT, "trasig ODT: filen är ingen zip-fil") from None
    # NotImplementedError: zipfile meets a compression method it cannot unpack (a real file's fault)
    except (OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise ExtractionError(Reason.CORRUPT, f"trasig ODT: paketet går inte att packa upp ({exc})") from None
    body = content.find("office:body/office:text", _NS)
    if body is None:
        raise ExtractionError(Reason.CORRUPT, "trasig ODT: dokumentet saknar brödtext (inget textdokument?)")
    blocks = []
    if styles is not None:
        blocks += _page_parts(styles, ("header", "header-first", "header-left"))
    blocks.append(_render(body))
    if styles is not None:
        blocks += _page_parts(styles, ("footer", "footer-first", "footer-left"))
    text = clean("\n\n".join(b for b in _unique(blocks) if b.strip()))
    if letter_count(text) == 0:
        raise ExtractionError(Reason.EMPTY, "dokumentet innehåller ingen text")
    return Extracted(
        pages=[text], paged=False, properties=_properties(meta), headings=_headings(content, body)
    )


def _check_package(zf: zipfile.ZipFile) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART:
            raise ExtractionError(
                Reason.TOO_LARGE, f"för stor: {info.filename} packas upp till {info.file_size // 2**20} MB"
            )
    if total > MAX_PACKAGE:
        raise ExtractionError(Reason.TOO_LARGE, f"för stor: paketet packas upp till {total // 2**20} MB")


def _parse(blob: bytes, strict: bool = False):
    try:
        return etree.fromstring(blob, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        if strict:
            raise ExtractionError(Reason.CORRUPT, f"trasig ODT: ogiltig XML ({str(exc)[:120]})") from None
        return None  # a broken styles or meta part must not cost the text


def _unique(blocks: list[str]) -> list[str]:
    seen, out = set(), []
    for block in blocks:
        key = block.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(block)
    return out


def _page_parts(styles, kinds: tuple[str, ...]) -> list[str]:
    """The master pages' headers or footers (``styles.xml``), as text blocks."""
    out = []
    for page in styles.iterfind(".//style:master-page", _NS):
        for kind in kinds:
            for part in page.iterfind(f"style:{kind}", _NS):
                out.append(_render(part))
    return out


def _render(root) -> str:
    lines: list[str] = []
    _block(root, lines)
    return "\n".join(lines)


def _block(parent, lines: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in (_TEXT + "p", _TEXT + "h"):
            deferred: list[str] = []
            lines.append(_inline(child, deferred))
            lines.extend(deferred)
        elif tag == _TABLE + "table":
            _table(child, lines)
        else:
            _block(child, lines)  # lists, sections, frames, text boxes


def _table(table, lines: list[str]) -> None:
    for row in table.iter(_TABLE + "table-row"):
        if _nearest(row, _TABLE + "table") is not table:
            continue
        cells = []
        for cell in row:
            if cell.tag != _TABLE + "table-cell":
                continue
            cell_lines: list[str] = []
            _block(cell, cell_lines)
            cells.append([line for line in cell_lines if line.strip()])
        if len([c for c in cells if c]) > 1 and all(len(c) <= 2 for c in cells):
            lines.append("\t".join(" ".join(c) for c in cells))  # "Dnr: | SN 2010/233" as one line
        else:
            for c in cells:
                lines.extend(c)


def _nearest(el, tag: str):
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _inline(p, deferred: list[str]) -> str:
    """A paragraph's text; notes and text boxes inside it go to ``deferred`` as lines of their own."""
    out: list[str] = [p.text or ""]
    for child in p:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP:
            if tag == _TEXT + "s":
                out.append(" " * _count(child.get(_TEXT + "c")))
            elif tag == _TEXT + "tab":
                out.append("\t")
            elif tag == _TEXT + "line-break":
                out.append("\n")
            elif tag in (_TEXT + "note-body",) or child.find(f".//{_TEXT}p") is not None:
                _block(child, deferred)  # a footnote, a frame or a text box: its paragraphs
            else:
                out.append(_inline(child, deferred))
        out.append(child.tail or "")
    return "".join(out)


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _headings(content, body) -> list[str]:
    """The title-styled paragraphs and level-1 headings near the start, titles first."""
    parents = {}
    for style in content.iterfind("office:automatic-styles/style:style", _NS):
        parents[style.get(_STYLE + "name")] = style.get(_STYLE + "parent-style-name") or ""
    titles: list[str] = []
    headings: list[str] = []
    for i, p in enumerate(el for el in body.iter(_TEXT + "p", _TEXT + "h")):
        if i > 200:
            break
        style = p.get(_TEXT + "style-name") or ""
        style = parents.get(style, style)
        is_title = style.lower().replace(" ", "").replace("_20_", "") in _TITLE_STYLES
        is_heading = p.tag == _TEXT + "h" and p.get(_TEXT + "outline-level", "1") == "1"
        if is_title or is_heading:
            text = clean(" ".join(_inline(p, []).split()))
            if letter_count(text) >= 3:
                (titles if is_title else headings).append(text)
    return titles + headings[:3]


def _properties(meta) -> dict[str, str]:
    props: dict[str, str] = {}
    if meta is None:
        return props
    office_meta = meta.find("office:meta", _NS)
    if office_meta is None:
        return props
    for name, path in _META.items():
        el = office_meta.find(path, _NS)
        if el is not None and el.text and clean(el.text):
            props[name] = clean(el.text)
    keywords = [
        clean(el.text) for el in office_meta.iterfind("meta:keyword", _NS) if el.text and clean(el.text)
    ]
    if keywords:
        props["keywords"] = ", ".join(keywords)
    return props
