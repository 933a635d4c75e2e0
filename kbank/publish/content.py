"""What a web edition holds: the reports an audience may see, their cases and the browse groups.

The audience rules are kbank's own visibility rules (``editorial.status``), applied through
``Bank``: ``intern`` is what every command shows (published reports up to the installation's
ceiling); ``public`` is the same with the ceiling lowered to the lowest (open) classification.
Drafts and reviewed reports are in neither edition.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kbank.config import Settings
from kbank.errors import UsageError
from kbank.metadata.cases import Case
from kbank.metadata.dnr import dnr_key
from kbank.metadata.doctypes import DOC_TYPES, type_label
from kbank.search.bank import Bank
from kbank.search.results import Document
from kbank.textutil import fold

AUDIENCES = ("public", "intern")
AUDIENCE_NAMES = {"public": "Allmänheten", "intern": "Intranätet"}
_AUDIENCE_ALIASES = {"public": "public", "publik": "public", "allmän": "public", "oppen": "public",
                     "öppen": "public", "intern": "intern", "internal": "intern", "intranät": "intern"}  # fmt: skip


def normalise_audience(value: str) -> str:
    """Map a typed audience to ``public`` or ``intern``.

    >>> normalise_audience("Public"), normalise_audience("intranät")
    ('public', 'intern')
    """
    found = _AUDIENCE_ALIASES.get(value.strip().lower())
    if found is None:
        raise UsageError(f"okänd målgrupp {value!r}: välj public eller intern")
    return found


def audience_settings(settings: Settings, audience: str) -> Settings:
    """The settings whose visibility is the audience's: public lowers the ceiling to the open level."""
    if audience == "public":
        return settings.with_overrides(classification_ceiling=settings.classification_scale[0])
    return settings


def slug(text: str) -> str:
    """A URL path segment: folded, lower case, words joined by hyphens.

    >>> slug("Björkhagens stadsdelsförvaltning"), slug("SN 2014/0123")
    ('bjorkhagens-stadsdelsforvaltning', 'sn-2014-0123')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def case_slug(key: str) -> str:
    """The stable URL segment of a case: its Dnr key, or a short hash of its folder.

    >>> case_slug("dnr:sn-2014-123")
    'sn-2014-123'
    """
    kind, _, value = key.partition(":")
    if kind == "dnr":
        return slug(value)
    return "m-" + hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class SiteFile:
    """A report's file as the site offers it: where it is copied from and to."""

    source: Path
    target: str  # site-relative path
    name: str
    size: int
    mtime_ns: int


@dataclass
class ReportEntry:
    """One report with everything its page shows."""

    doc: Document
    url: str  # site-relative folder, e.g. "rapport/05f4eb93a1b2c3d4/"
    summary: str | None
    files: list[SiteFile]
    case: Case
    case_url: str


@dataclass
class Group:
    """A browse page: the reports with one value of one facet."""

    facet: str
    value: str
    label: str
    url: str
    reports: list[ReportEntry] = field(default_factory=list)


FACETS = {
    "omrade": ("Sakområden", "Sakområde"),
    "forvaltning": ("Förvaltningar", "Förvaltning"),
    "ar": ("År", "År"),
    "typ": ("Dokumenttyper", "Dokumenttyp"),
}


@dataclass
class Edition:
    """Everything one edition of the site shows; the reports' texts are read when their page is rendered."""

    audience: str
    reports: list[ReportEntry]
    cases: list[tuple[Case, str, list[ReportEntry]]]
    groups: dict[str, list[Group]]
    bank: Bank | None = None

    def body(self, entry: ReportEntry) -> str:
        """A report's text (read from the index now, so a large archive is never in memory at once)."""
        return "\n\n".join(self.bank.pages_of(entry.doc.id)) if self.bank is not None else ""


def report_url(doc_id: str) -> str:
    return f"rapport/{doc_id[:16]}/"


@contextmanager
def collect(
    settings: Settings, audience: str, progress: Callable[[int, int], None] | None = None
) -> Iterator[Edition]:
    """Read the edition's reports from the index, with the audience's visibility; the index stays open inside."""
    with Bank(audience_settings(settings, audience)) as bank:
        listed = bank.list().documents
        cases = bank.cases().cases
        entries: list[ReportEntry] = []
        by_id: dict[str, ReportEntry] = {}
        case_of: dict[str, tuple[Case, str]] = {}
        for case in cases:
            url = f"arende/{case_slug(case.key)}/"
            for d in case.documents:
                case_of[d.id] = (case, url)
        for n, doc in enumerate(listed, 1):
            detail = bank.show(doc.id)
            case, case_url = case_of[doc.id]
            url = report_url(doc.id)
            files = [
                SiteFile(
                    settings.archive / f.path,
                    f"filer/{doc.id[:16]}/{PurePosixPath(f.path).name}",
                    PurePosixPath(f.path).name,
                    f.size,
                    f.mtime_ns,
                )
                for f in detail.files[:1]
            ]
            entry = ReportEntry(doc, url, detail.summary, files, case, case_url)
            entries.append(entry)
            by_id[doc.id] = entry
            if progress:
                progress(n, len(listed))
        case_pages = [
            (case, url, [by_id[d.id] for d in case.documents if d.id in by_id])
            for case, url in {c.key: (c, u) for c, u in case_of.values()}.values()
        ]
        yield Edition(audience, entries, case_pages, _groups(entries), bank)


def _groups(entries: list[ReportEntry]) -> dict[str, list[Group]]:
    found: dict[str, dict[str, Group]] = defaultdict(dict)

    def add(facet: str, value: str, label: str, entry: ReportEntry) -> None:
        key = slug(value)
        group = found[facet].get(key)
        if group is None:
            group = found[facet][key] = Group(facet, value, label, f"{facet}/{key}/")
        group.reports.append(entry)

    for e in entries:
        for area in e.doc.areas:
            add("omrade", area, area, e)
        if e.doc.unit:
            add("forvaltning", e.doc.unit, e.doc.unit, e)
        if e.doc.year:
            add("ar", str(e.doc.year), str(e.doc.year), e)
        add("typ", e.doc.doc_type, type_label(e.doc.doc_type), e)
    order = {t: i for i, t in enumerate(DOC_TYPES)}
    result: dict[str, list[Group]] = {}
    for facet in FACETS:
        groups = list(found.get(facet, {}).values())
        if facet == "ar":
            groups.sort(key=lambda g: g.value, reverse=True)
        elif facet == "typ":
            groups.sort(key=lambda g: order.get(g.value, 99))
        else:
            groups.sort(key=lambda g: fold(g.label))
        result[facet] = groups
    return result


def dnr_slug(dnr: str) -> str:
    """The case URL segment of a Dnr, for links by Dnr."""
    return slug(dnr_key(dnr))
