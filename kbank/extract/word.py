"""DOCX text and properties with python-docx (the only module that imports it).

python-docx's paragraph API skips text boxes, content controls, footnotes and tracked
insertions, so the text comes from a walk of each part's XML. The walk matches element
local names, so it also reads "Strict Open XML" files, which python-docx cannot open;
those are read straight from the zip.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path, PurePosixPath

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .model import Extracted, ExtractionError, Reason
from .text import clean, letter_count

#: Largest declared uncompressed size of one XML part; a zip bomb's document.xml inflates
#: to about 1 GB and took python-docx to 2 GB of memory.
MAX_XML_PART = 64 * 1024 * 1024
#: Largest declared uncompressed size of the whole package.
MAX_PACKAGE = 1024 * 1024 * 1024

_EXTRA_PARTS = ("header", "footnotes", "endnotes", "footer")
_TITLE_STYLES = {"title", "titel", "rubrik"}
_HEADING1_STYLES = {"heading1", "rubrik1", "overskrift1"}
_SKIP = {
    "Fallback",
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "sdtPr",
    "rPr",
    "pPr",
    "tblPr",
    "trPr",
    "tcPr",
    "sectPr",
}
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def extract_docx(path: Path) -> Extracted:
    """Read body, tables, text boxes, content controls, headers, footers and notes."""
    _check_package(path)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise ExtractionError(Reason.CORRUPT, "trasig DOCX: filen är inget Word-paket") from None
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(Reason.CORRUPT, f"trasig DOCX: ogiltig XML ({_brief(exc)})") from None
    except (KeyError, ValueError):
        return _extract_from_zip(path)  # e.g. "Strict Open XML", which python-docx rejects
    except Exception as exc:  # noqa: BLE001 - hostile packages raise anything
        raise ExtractionError(Reason.CORRUPT, f"trasig DOCX ({_brief(exc)})") from None

    body = document.element.body
    parts: dict[str, list[bytes]] = {kind: [] for kind in _EXTRA_PARTS}
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in parts and not rel.is_external:
            parts[kind].append(rel.target_part.blob)
    properties = _core_properties(document, path)
    return _assemble(body, parts, properties)


def _extract_from_zip(path: Path) -> Extracted:
    try:
        with zipfile.ZipFile(path) as zf:
            main = _main_part_name(zf)
            root = etree.fromstring(zf.read(main), _SAFE_PARSER)
            parts: dict[str, list[bytes]] = {kind: [] for kind in _EXTRA_PARTS}
            for kind, target in _related_parts(zf, main):
                if kind in parts:
                    parts[kind].append(zf.read(target))
    except ExtractionError:
        raise
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        raise ExtractionError(
            Reason.CORRUPT, "trasig DOCX: paketet saknar ett läsbart Word-dokument"
        ) from None
    body = next((el for el in root if _local(el) == "body"), None)
    if body is None:
        raise ExtractionError(Reason.CORRUPT, "trasig DOCX: dokumentet saknar brödtext")
    return _assemble(body, parts, {})


def _assemble(body, parts: dict[str, list[bytes]], properties: dict[str, str]) -> Extracted:
    blocks: list[str] = []
    for blob in _unique(parts["header"]):
        blocks.append(_render(_parse(blob)))
    blocks.append(_render(body))
    for kind in ("footnotes", "endnotes", "footer"):
        for blob in _unique(parts[kind]):
            blocks.append(_render(_parse(blob)))
    text = clean("\n\n".join(b for b in blocks if b.strip()))
    if letter_count(text) == 0:
        raise ExtractionError(Reason.EMPTY, "dokumentet innehåller ingen text")
    return Extracted(pages=[text], paged=False, properties=properties, headings=_headings(body))


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise ExtractionError(Reason.CORRUPT, "trasig DOCX: filen är ingen zip-fil") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART:
            raise ExtractionError(
                Reason.TOO_LARGE,
                f"för stor: {info.filename} packas upp till {info.file_size // 2**20} MB",
            )
    if total > MAX_PACKAGE:
        raise ExtractionError(Reason.TOO_LARGE, f"för stor: paketet packas upp till {total // 2**20} MB")
    _check_declared_sizes(path, infos)


def _check_declared_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose XML parts unpack to more than they declare (a zip bomb's lie).

    zipfile trusts the declared size: a part that understates it was reported "corrupt" (a
    CRC error) or, under a lower memory limit, "memory". Each part is inflated here with the
    declared size set aside, up to one byte past it, so the lie itself is reported: "för stor".
    """
    try:
        with zipfile.ZipFile(path) as zf:
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")) or info.compress_type == zipfile.ZIP_STORED:
                    continue
                probe = copy.copy(info)
                probe.file_size = info.file_size + 1 + MAX_XML_PART  # read past the declared size
                left = info.file_size + 1
                with zf.open(probe) as part:
                    while left > 0:
                        chunk = part.read(min(left, 1 << 20))
                        if not chunk:
                            break
                        left -= len(chunk)
                if left <= 0:
                    raise ExtractionError(
                        Reason.TOO_LARGE,
                        f"för stor: {info.filename} packas upp till mer än de "
                        f"{info.file_size} byte paketet uppger (zip-bomb)",
                    )
    except ExtractionError:
        raise
    except Exception:  # noqa: BLE001 - a broken part is judged by the reader, as before
        return


def _parse(blob: bytes):
    try:
        return etree.fromstring(blob, _SAFE_PARSER)
    except etree.XMLSyntaxError:
        return etree.Element("empty")  # one broken header must not cost the body


def _unique(blobs: list[bytes]) -> list[bytes]:
    """Drop repeated headers and footers (first page, even and default often agree)."""
    seen, out = set(), []
    for blob in blobs:
        key = _render(_parse(blob)).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(blob)
    return out


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def _render(root) -> str:
    """Render a part's XML as lines: one per paragraph, table rows as tab-separated cells."""
    lines: list[str] = []
    _block(root, lines)
    return "\n".join(lines)


def _block(children, lines: list[str]) -> None:
    for child in children:
        name = _local(child)
        if name in _SKIP:
            continue
        if name == "p":
            deferred: list[str] = []
            lines.append(_inline(child, deferred))
            lines.extend(deferred)
        elif name == "tbl":
            _table(child, lines)
        else:
            _block(child, lines)


def _table(tbl, lines: list[str]) -> None:
    for row in _own(tbl, "tr", "tbl"):
        cells = []
        for cell in _own(row, "tc", "tr"):
            cell_lines: list[str] = []
            _block(cell, cell_lines)
            cells.append([line for line in cell_lines if line.strip()])
        if len([c for c in cells if c]) > 1 and all(len(c) <= 2 for c in cells):
            # A label/value row ("Dnr: | 3.2-614/2013") reads best as one line.
            lines.append("\t".join(" ".join(c) for c in cells))
        else:
            for c in cells:
                lines.extend(c)


def _own(container, name: str, container_name: str):
    """Yield descendants called ``name`` whose nearest ``container_name`` is ``container``.

    Rows and cells may sit inside content controls, and tables inside cells.
    """
    for el in container.iter():
        if _local(el) != name:
            continue
        parent = el.getparent()
        while parent is not None and _local(parent) != container_name:
            parent = parent.getparent()
        if parent is container:
            yield el


def _inline(p, deferred: list[str]) -> str:
    """Return a paragraph's text; text boxes inside it go to ``deferred`` as lines of their own."""
    out: list[str] = []

    def walk(el) -> None:
        for child in el:
            name = _local(child)
            if name in _SKIP:
                continue
            if name == "t":
                out.append(child.text or "")
            elif name == "tab":
                out.append("\t")
            elif name in ("br", "cr"):
                out.append("\n")
            elif name == "noBreakHyphen":
                out.append("-")
            elif name == "txbxContent":
                _block(child, deferred)
            elif name in ("p", "tbl"):
                _block([child], deferred)
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _headings(body) -> list[str]:
    titles: list[str] = []
    headings: list[str] = []
    for i, p in enumerate(el for el in body.iter() if _local(el) == "p"):
        if i > 200:
            break
        style = _style_id(p)
        if style in _TITLE_STYLES or style in _HEADING1_STYLES:
            text = clean(" ".join(_inline(p, []).split()))
            if letter_count(text) >= 3:
                (titles if style in _TITLE_STYLES else headings).append(text)
    return titles + headings[:3]


def _style_id(p) -> str:
    for child in p:
        if _local(child) == "pPr":
            for prop in child:
                if _local(prop) == "pStyle":
                    for key, value in prop.attrib.items():
                        if key.endswith("val"):
                            return value.lower().replace(" ", "").replace("ö", "o")
    return ""


def _core_properties(document, path: Path) -> dict[str, str]:
    # Without docProps/core.xml python-docx invents "Word Document", "python-docx" and now.
    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/core.xml" not in zf.namelist():
                return {}
        core = document.core_properties
        raw = {
            "title": core.title,
            "author": core.author,
            "subject": core.subject,
            "keywords": core.keywords,
            "last_modified_by": core.last_modified_by,
            "created": core.created.isoformat() if core.created else None,
            "modified": core.modified.isoformat() if core.modified else None,
        }
    except Exception:  # noqa: BLE001 - broken properties are not a broken report
        return {}
    return {k: clean(str(v)) for k, v in raw.items() if v and clean(str(v))}


def _main_part_name(zf: zipfile.ZipFile) -> str:
    rels = etree.fromstring(zf.read("_rels/.rels"), _SAFE_PARSER)
    for rel in rels:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise KeyError("officeDocument")


def _related_parts(zf: zipfile.ZipFile, main: str):
    folder = PurePosixPath(main).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(main).name + ".rels"))
    if rels_name not in zf.namelist():
        return
    for rel in etree.fromstring(zf.read(rels_name), _SAFE_PARSER):
        if rel.get("TargetMode") == "External":
            continue
        target = str(folder / rel.get("Target", "")).lstrip("/")
        if target in zf.namelist():
            yield rel.get("Type", "").rsplit("/", 1)[-1], target


def _brief(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
