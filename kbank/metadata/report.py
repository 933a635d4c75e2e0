"""Facts about a report, read from its text, properties and registry folder: ``describe(...) -> Report``.

Each fact is taken from the most trusted place that has it, and ``Report.sources`` says
which: document properties when they are meaningful, then the cover and the first pages
(labelled values before bare lines), then the registry folder's name. Corrections from an
editor's sidecar file (``apply_corrections``) and facts shared by a case's documents
(``kbank.metadata.cases``) are applied on top, later, by ingest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath

from kbank.metadata.administrations import author_in_prose, find_administrations
from kbank.metadata.cases import WEAK as _WEAK
from kbank.metadata.content import distinctive_terms, find_summary, split_keywords
from kbank.metadata.dates import FoundDate, date_line, first_date, property_date
from kbank.metadata.dnr import (
    Dnr,
    dnr_at_start,
    dnr_from_folder,
    dnr_in_folder,
    dnr_key,
    find_dnr,
    normalise_dnr,
)
from kbank.metadata.doctypes import DOC_TYPES, TYPE_LABELS, detect_doc_type, normalise_doc_type
from kbank.metadata.labels import (
    CONTACT_RANK,
    Field,
    is_label_line,
    line_key,
    read_fields,
    regions,
    repeated_lines,
)
from kbank.metadata.people import (
    administration,
    byline_names,
    is_administration_line,
    meaningful_author,
    person_name,
    tidy_unit,
)
from kbank.metadata.signatures import Signature, contact_in_prose, find_signatures, plausible
from kbank.metadata.titles import bears_out, choose_title, spelled_as

__all__ = [
    "DOC_TYPES",
    "TYPE_LABELS",
    "Dnr",
    "Report",
    "apply_corrections",
    "describe",
    "dnr_key",
    "folder_facts",
    "normalise_dnr",
    "normalise_doc_type",
]

#: The source of a unit read from a publisher label that names no administration
#: ("Utgivare: FoU Södertörn"): an administration the case's other documents name wins.
#: (Defined in ``cases``, which a search imports without this module's text analysis.)
WEAK = _WEAK


@dataclass
class Report:
    """What kbank knows about one distinct report (one content, possibly several paths)."""

    id: str
    sha256: str
    path: str
    title: str
    dnr: str | None
    dnr_raw: str | None
    doc_type: str
    date: str | None
    year: int | None
    unit: str | None
    contact: str | None
    areas: list[str]
    keywords: list[str]
    project: str | None
    paged: bool
    page_count: int
    text_chars: int
    #: field -> where its value was read ("properties", "label", "folder", "sidecar:…", "case" …)
    sources: dict[str, str] = field(default_factory=dict)
    #: "day" or "month": a cover that says only "augusti 2015" gives 2015-08-01 at month precision
    date_precision: str | None = None
    summary: str | None = None
    #: why each area was assigned: [{"area", "score", "terms": {term: count}}]
    area_evidence: list[dict] = field(default_factory=list)
    #: the Dnr the folder name and the text state, when they do (for kbank check)
    dnr_folder: str | None = None
    dnr_text: str | None = None
    #: fingerprint of the corrections and case facts applied on top of extraction
    context: str = ""
    #: editorial status (utkast, granskad, publicerad) and information classification set by
    #: an editor; None: the installation's defaults
    status: str | None = None
    classification: str | None = None
    #: the summary an editor wrote from the template (sammanfattning.md/.docx or the sidecar's
    #: ``sammanfattning``), as searchable text, and where it came from
    written_summary: str | None = None
    summary_file: str | None = None
    #: pages (1-based) whose text came from OCR: its spelling may be odd
    ocr_pages: list[int] = field(default_factory=list)
    #: the raw document-property date stamp (the one a date is taken from), to spot one stamp on a whole batch
    date_stamp: str | None = None


# --------------------------------------------------------------------------- registry folders

_YEAR = re.compile(r"(?:19|20)\d\d")


def folder_facts(rel_path: str) -> tuple[int | None, Dnr | None, str | None]:
    """Read year, Dnr and project name from ``<year>/<Dnr> <project name>/<file>``.

    >>> y, d, name = folder_facts("2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf")
    >>> y, d.canonical, name
    (2013, '3.2-614/2013', 'Kunskapsbank')
    >>> folder_facts("2017/714-3450_2017_Stärkt_föräldraskap/r.pdf")[2]
    'Stärkt föräldraskap'
    >>> folder_facts("2016/Trygg hemgång/Bilagor/rapport.docx")
    (2016, None, 'Trygg hemgång')
    >>> folder_facts("Att sortera/rapport.pdf")
    (None, None, None)
    """
    from kbank.metadata.dnr import DNR_AT_START

    parts = PurePosixPath(rel_path).parts[:-1]
    year = next((int(p) for p in parts if _YEAR.fullmatch(p)), None)
    dnr = project = None
    for i, part in enumerate(parts):
        if _YEAR.fullmatch(part):
            continue
        found = dnr_from_folder(part)
        if found:
            dnr = found
            start = DNR_AT_START.match(part)
            rest = part[len(start.group(0)) if start else 0 :].strip(" -_–")
            if "_" in rest and " " not in rest:
                rest = rest.replace("_", " ")  # "714-3450_2017_Stärkt_föräldraskap"
            project = rest or project
        elif dnr is None and (anywhere := dnr_in_folder(part)):
            dnr, rest = anywhere  # "Se barnet (Dnr 1.6-561-2018)", "Dnr 2.1-33-2015 Tak över huvudet"
            project = rest or project
        elif project is None and dnr is None and i > 0 and _YEAR.fullmatch(parts[i - 1]):
            project = part  # "<year>/<project>": a case folder without a Dnr (not "Bilagor", not "pdf")
    return year, dnr, project


# --------------------------------------------------------------------------- choosing each fact


def _choose_dnr(
    fields: list[Field], parts: list[str], folder: Dnr | None, ocr_cover: bool = False
) -> tuple[Dnr | None, str | None, Dnr | None]:
    """Return (Dnr, source, the Dnr the text states)."""
    stated = next((d for f in fields if f.kind == "dnr" and (d := dnr_at_start(f.value))), None)
    if ocr_cover and folder and stated and folder.key != stated.key:
        return folder, "folder", stated  # a Dnr read by OCR is less sure than the registry's folder
    # "… skulle utvärderas, Dnr ÄN 2016/77": a labelled mention in running text, not in brackets
    mention = find_dnr("\n".join(parts))
    if stated:
        if (
            folder
            and folder.key == stated.key
            and _diacritics(folder.canonical) > _diacritics(stated.canonical)
        ):
            return folder, "label", stated  # a scan's text layer lost the Ä of "ÄN 2016/77"
        return stated, "label", stated  # the report's own spelling is the registry's
    if folder:
        return folder, "folder", mention
    if mention:
        return mention, "text", mention
    return None, None, None


def _diacritics(text: str) -> int:
    return sum(1 for c in text if c in "åäöÅÄÖ")


_DATE_KINDS = ("published", "decided", "date")
#: The date in python-docx's own template: a file it wrote without setting dates says this.
_PYTHON_DOCX_TEMPLATE_DATE = date(2013, 12, 23)


def _choose_date(
    fields: list[Field],
    parts: list[str],
    properties: dict[str, str],
    paged: bool,
    registered: int | None = None,
    signatures: Sequence[Signature] = (),
) -> tuple[FoundDate | None, str | None, str | None]:
    """Return (date, source, the property stamp it came from); a date before the case or in the future loses."""

    def ok(found: FoundDate | None) -> bool:
        return found is not None and plausible(found.value, registered)

    labelled = [f for f in fields if f.kind in _DATE_KINDS]
    for kind in _DATE_KINDS:
        for f in labelled:
            if f.kind == kind and f.page <= (2 if kind != "date" else 0):
                found = first_date(f.value)
                if ok(found):
                    return found, "label", None
    if parts:
        for line in parts[0].split("\n"):
            found = date_line(line)
            if ok(found):
                return found, "cover", None
    for signature in signatures:
        if ok(signature.date):
            return signature.date, "signature", None  # "Stockholm i december 2015" under a foreword
    for f in labelled:
        found = first_date(f.value)
        if ok(found):
            return found, "label", None
    keys = ("created", "modified") if paged else ("modified", "created")
    for key in keys:
        value = property_date(properties.get(key))
        if value and value != _PYTHON_DOCX_TEMPLATE_DATE and plausible(value, registered):
            return FoundDate(value, "day", 0, 0), "properties", properties.get(key)
    return None, None, None


_UNIT_KINDS = ("unit", "client")


def _choose_unit(
    fields: list[Field],
    parts: list[str],
    pages: list[str],
    repeated: set[str],
    signatures: Sequence[Signature] = (),
    properties: dict[str, str] | None = None,
) -> tuple[str | None, str | None]:
    labelled = [f for f in fields if f.kind in _UNIT_KINDS]
    for f in labelled:
        name = administration(f.value)
        if name:
            return name, "label"
    for f in labelled:
        if "forvaltning" in f.label and administration(f"{f.written} {f.value}"):
            # "Stadsdelsförvaltning Norr" is a name, not the label "Stadsdelsförvaltning" and "Norr"
            return administration(f"{f.written} {f.value}"), "cover"
    cover_lines = parts[0].split("\n") if parts else []
    for line in cover_lines[:40]:
        if is_administration_line(line):
            return administration(line), "cover"
    for page in pages[1:6]:
        lines = [line for line in page.split("\n") if line.strip()]
        for line in lines[:2] + lines[-2:]:
            if (line_key(line) in repeated and administration(line)) or is_administration_line(line):
                return administration(line), "header"  # a running header or footer
    for signature in signatures:
        if signature.unit:
            return signature.unit, "signature"  # the administration under a foreword's signature
    for page in pages[:6]:
        named = author_in_prose(page)  # "X har under perioden … drivit", "på uppdrag av X"
        if named:
            return named, "text"
    for key in ("author", "subject"):
        found = find_administrations((properties or {}).get(key) or "")
        if found:
            return found[0].name, "properties"
    for f in labelled:
        if f.kind == "unit" and f.strict and len(f.value.split()) <= 8:
            name = tidy_unit(f.value)  # "Utgivare: FoU Södertörn": a publisher, if nothing better
            if name:
                return name, WEAK
    return None, None


def _choose_contact(
    fields: list[Field],
    parts: list[str],
    properties: dict[str, str],
    title: str,
    signatures: Sequence[Signature] = (),
) -> tuple[str | None, str | None]:
    contacts = sorted(
        (f for f in fields if f.kind == "contact"),
        key=lambda f: (CONTACT_RANK.get(f.label, 5), f.page, f.line),
    )
    for f in contacts:
        name = person_name(f.value)
        if name:
            return name, "label"
    for part in parts:
        name = contact_in_prose(part)  # "Frågor om rapporten besvaras av …", "kontakta …"
        if name:
            return name, "text"
    for f in fields:
        if f.kind == "author":
            name = person_name(f.value)
            if name:
                return name, "label"
    for line in (parts[0].split("\n") if parts else [])[:40]:
        if line.strip() and line.strip() != title and not is_label_line(line):
            byline = re.sub(r"^(?:av|text|text och foto|skriven av)\s*:?\s+", "", line.strip(), flags=re.I)
            names = byline_names(byline)
            if names:
                return names[0], "cover"
            if byline != line.strip() and (name := person_name(byline)):
                return name, "cover"  # "Av Omid Sundberg": the "Av" makes it a byline
    for signature in signatures:
        if signature.name:
            return signature.name, "signature"  # the person under a foreword's signature
    author = meaningful_author(properties.get("author"))
    if author:
        return author, "properties"
    return None, None


def _keywords(
    fields: list[Field], properties: dict[str, str], text: str, title: str
) -> tuple[list[str], str]:
    for f in fields:
        if f.kind == "keywords":
            words = split_keywords(f.value)
            if words:
                return words, "label"
    words = split_keywords(properties.get("keywords", ""))
    if words:
        return words, "properties"
    return distinctive_terms(text, title), "terms"


# --------------------------------------------------------------------------- the report


def describe(
    doc_id: str,
    sha256: str,
    rel_path: str,
    pages: list[str],
    paged: bool,
    properties: dict[str, str],
    headings: list[str],
    ocr_pages: list[int] | None = None,
) -> Report:
    """Read a report's facts from its text, properties and registry folder.

    A cover read by OCR (``ocr_pages`` has page 1) is trusted less: where its Dnr disagrees
    with the registry folder's, the folder's wins (OCR misreads digits: 0417 → 04l7, 2009 → 2O09),
    and a scan's creation date is not taken as its publication date (it is the day it was scanned).
    """
    from kbank.metadata.areas import MAX_AREAS, THRESHOLD, score_areas  # the vocabulary is read on first use

    text = "\n\n".join(pages)
    parts = regions(pages, paged) or [""]
    fields = read_fields(parts)
    repeated = repeated_lines(pages) if paged else set()
    folder_year, folder_dnr, project = folder_facts(rel_path)
    sources: dict[str, str] = {}

    title, sources["title"] = choose_title(
        properties, headings, parts[0], parts[1] if len(parts) > 1 else "", rel_path, repeated
    )
    if project and sources["title"] in ("heading", "text"):
        title = spelled_as(title, project)
    scanned_cover = 1 in (ocr_pages or ())
    dnr, dnr_source, text_dnr = _choose_dnr(fields, parts, folder_dnr, scanned_cover)
    registered = folder_year or (dnr.year if dnr else None)
    signatures = find_signatures(parts + (pages[-1:] if paged and len(pages) > len(parts) else []))
    # a scan's creation date is the day it was scanned, not its publication date
    dated_by = properties if not scanned_cover else {}
    published, date_source, date_stamp = _choose_date(fields, parts, dated_by, paged, registered, signatures)
    # every file's stamp, used or not: one stamp on a whole batch of files marks a migration
    date_stamp = date_stamp or next(
        (
            dated_by[k]
            for k in (("created", "modified") if paged else ("modified", "created"))
            if dated_by.get(k)
        ),
        None,
    )
    unit, unit_source = _choose_unit(fields, parts, pages, repeated, signatures, properties)
    contact, contact_source = _choose_contact(fields, parts, properties, title, signatures)
    declared = next((f.value for f in fields if f.kind == "doctype"), None)
    cover_lines = [" ".join(line.split()) for line in parts[0].split("\n")[:40]]
    prop_title = properties.get("title") or ""
    if not (bears_out(prop_title, parts[0]) or prop_title.lower().startswith("microsoft word -")):
        prop_title = ""  # a stale title property says nothing about this report's type
    doc_type, sources["doc_type"] = detect_doc_type(
        PurePosixPath(rel_path).name, title, cover_lines, declared, prop_title, parts[0]
    )
    keywords, sources["keywords"] = _keywords(fields, properties, text, title)
    scores = score_areas(text, title)
    assigned = [s for s in scores if s.score >= THRESHOLD][:MAX_AREAS]
    for name, source in (
        ("dnr", dnr_source),
        ("date", date_source),
        ("unit", unit_source),
        ("contact", contact_source),
    ):
        if source:
            sources[name] = source
    if project:
        sources["project"] = "folder"
    year = published.value.year if published else (folder_year or (dnr.year if dnr else None))
    return Report(
        id=doc_id,
        sha256=sha256,
        path=rel_path,
        title=title,
        dnr=dnr.canonical if dnr else None,
        dnr_raw=dnr.raw if dnr else None,
        doc_type=doc_type,
        date=published.value.isoformat() if published else None,
        year=year,
        unit=unit,
        contact=contact,
        areas=[s.name for s in assigned],
        keywords=keywords,
        project=project,
        paged=paged,
        page_count=len(pages),
        text_chars=len(text),
        sources=sources,
        date_precision=published.precision if published else None,
        summary=find_summary(text),
        area_evidence=[{"area": s.name, "score": s.score, "terms": s.terms} for s in assigned],
        dnr_folder=folder_dnr.canonical if folder_dnr else None,
        dnr_text=text_dnr.canonical if text_dnr else None,
        ocr_pages=list(ocr_pages or []),
        date_stamp=date_stamp,
    )


# --------------------------------------------------------------------------- corrections


def apply_corrections(report: Report, values: dict, origins: dict[str, str]) -> Report:
    """Return ``report`` with an editor's corrections applied; ``origins`` names each value's file.

    ``values`` holds checked values (see ``kbank.editorial.sidecar``): title, dnr, doc_type, date
    (with date_precision), unit, contact, areas, keywords and project.
    """
    changes: dict = {}
    sources = dict(report.sources)
    for name, value in values.items():
        if name == "date_precision" or not hasattr(report, name):
            continue
        changes[name] = value
        sources[name] = f"sidecar:{origins.get(name, '')}"
    if "dnr" in values:
        changes["dnr_raw"] = values["dnr"]
    if "date" in values:
        changes["date_precision"] = values.get("date_precision", "day")
        changes["year"] = int(str(values["date"])[:4])
    if "areas" in values:
        changes["area_evidence"] = []
    return replace(report, **changes, sources=sources)
