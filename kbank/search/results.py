"""What search, list and show return: plain dataclasses with their ``--json`` shapes."""

from __future__ import annotations

from dataclasses import dataclass, field

from kbank.metadata.cases import Case, case_key
from kbank.metadata.confidence import confidences
from kbank.search.expansion import Reading
from kbank.search.snippets import Matcher


@dataclass
class Filters:
    """The metadata filters of ``search`` and ``list``; several values of one kind mean OR."""

    types: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    dnrs: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    #: restrict to these document ids (digests search among the news only)
    ids: list[str] | None = None
    #: a date range (``--from``/``--to``): a year, a month or a day; either end may be open
    date_from: str | None = None
    date_to: str | None = None

    def to_json(self) -> dict[str, list[str]]:
        """The filters a person set, by their option names (for logs and saved searches)."""
        named = {
            "type": self.types,
            "area": self.areas,
            "unit": self.units,
            "dnr": self.dnrs,
            "year": self.years,
        }
        result = {k: list(v) for k, v in named.items() if v}
        result.update({k: [v] for k, v in (("from", self.date_from), ("to", self.date_to)) if v})
        return result

    @classmethod
    def from_json(cls, data: dict[str, list[str]]) -> Filters:
        return cls(
            types=list(data.get("type", [])),
            areas=list(data.get("area", [])),
            units=list(data.get("unit", [])),
            dnrs=list(data.get("dnr", [])),
            years=list(data.get("year", [])),
            date_from=next(iter(data.get("from") or []), None),
            date_to=next(iter(data.get("to") or []), None),
        )


@dataclass
class Document:
    """A document as ``list`` shows it; ``Hit`` adds score, snippet and page."""

    id: str
    path: str
    paths: list[str]
    dnr: str | None
    title: str
    doc_type: str
    date: str | None
    year: int | None
    unit: str | None
    areas: list[str]
    keywords: list[str]
    project: str | None = None
    contact: str | None = None
    #: editorial status and classification, the installation's defaults filled in
    status: str | None = None
    classification: str | None = None
    #: whether an editor has written a summary for it (sammanfattning.md/.docx or the sidecar)
    has_summary: bool = False
    #: whether (some of) its text was read by OCR from scanned pages: spelling may be odd
    ocr: bool = False
    #: where the date was read ("properties" is a guess): a case's period prefers the others
    date_source: str | None = field(default=None, repr=False)

    @property
    def case(self) -> dict:
        """Which case (ärende) the document belongs to: its key, Dnr and project name."""
        return {"key": case_key(self.dnr, self.path), "dnr": self.dnr, "project": self.project}

    def to_json(self) -> dict:
        return {
            "id": self.id, "path": self.path, "paths": self.paths, "dnr": self.dnr,
            "title": self.title, "doc_type": self.doc_type, "date": self.date, "year": self.year,
            "unit": self.unit, "areas": self.areas, "keywords": self.keywords,
            "project": self.project, "contact": self.contact, "case": self.case,
            "status": self.status, "classification": self.classification,
            "has_summary": self.has_summary,
            "ocr": self.ocr,
        }  # fmt: skip


@dataclass
class Hit(Document):
    """A ranked search result with the passage that matched."""

    score: float = 0.0
    snippet: str = ""
    #: [start, end) character spans of matched words inside ``snippet``
    highlights: list[tuple[int, int]] = field(default_factory=list)
    page: int | None = None

    def to_json(self) -> dict:
        return super().to_json() | {
            "score": round(self.score, 3),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "page": self.page,
        }


@dataclass
class SearchResult:
    """Everything ``kbank search`` reports."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    #: the report ``--like`` compared with
    like: Document | None = None
    explain: Explanation | None = None
    #: the query as searched when words were replaced by their nearest spelling ("hemlöshett" → "hemlöshet")
    read_as: str | None = None
    #: the work budget was spent: some words were searched without their OCR and spelling forms
    truncated: bool = False
    #: what the search cost (``limits``): terms looked up and postings read, clauses scored
    work: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "truncated": self.truncated,
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
            "like": self.like.to_json() if self.like else None,
            "explain": self.explain.to_json() if self.explain else None,
            "read_as": self.read_as,
        }


@dataclass
class Matches:
    """Every report a query matched (``Bank.matches``): the best with their scores, no snippets."""

    query: str
    total: int
    scored: list[tuple[Document, float]]
    #: marks the query's words (every form they were read as) in a text
    matcher: Matcher
    #: how many query words the matcher's groups 0..words-1 stand for
    words: int
    notes: list[str] = field(default_factory=list)
    suggestion: str | None = None


@dataclass
class FileInfo:
    """One archive path of a document, as the index recorded it."""

    path: str
    size: int
    mtime_ns: int


@dataclass
class DocumentDetail:
    """Everything ``kbank show`` reports about one document."""

    document: Document
    meta: dict
    files: list[FileInfo]
    pages: list[str]
    paged: bool
    properties: dict[str, str]
    #: the summary written from the template, else the report's own "Sammanfattning"
    summary: str | None = None
    #: where ``summary`` comes from: the summary file, "sidecar", "report" or None
    summary_source: str | None = None
    same_dnr: list[str] = field(default_factory=list)
    #: the document's case with all its documents in lineage order
    case: Case | None = None
    #: how the reference was understood: "id", "path" or "dnr"
    matched_by: str = "id"

    @property
    def text_chars(self) -> int:
        return sum(len(p) for p in self.pages)

    def preview(self, chars: int = 800) -> str:
        text = "\n".join(line for line in "\n".join(self.pages).splitlines() if line.strip())
        return text[:chars].rstrip() + ("…" if len(text) > chars else "")

    def to_json(self) -> dict:
        meta = self.meta
        return self.document.to_json() | {
            "sha256": meta.get("sha256"),
            "dnr_raw": meta.get("dnr_raw"),
            "contact": meta.get("contact"),
            "project": meta.get("project"),
            "indexed": meta.get("indexed"),
            "page_count": len(self.pages) if self.paged else None,
            "text_chars": self.text_chars,
            "files": [{"path": f.path, "size": f.size, "mtime_ns": f.mtime_ns} for f in self.files],
            "properties": self.properties,
            "summary": self.summary,
            "summary_source": self.summary_source,
            "same_dnr": self.same_dnr,
            "date_precision": meta.get("date_precision"),
            "sources": meta.get("sources") or {},
            "confidence": confidences(
                self.document.to_json() | {"contact": meta.get("contact")}, meta.get("sources") or {}
            ),
            "area_evidence": meta.get("area_evidence") or [],
            "dnr_folder": meta.get("dnr_folder"),
            "dnr_text": meta.get("dnr_text"),
            "ocr_pages": meta.get("ocr_pages") or [],
            "case": self.case.to_json() if self.case else self.document.case,
            "text_preview": self.preview(),
        }


@dataclass
class ListResult:
    """Everything ``kbank list`` reports."""

    total: int
    documents: list[Document]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "documents": [d.to_json() for d in self.documents],
            "facets": self.facets,
        }


@dataclass
class CaseListResult:
    """What ``kbank list --group case`` reports: cases, newest first, with their matching documents."""

    total: int
    documents: int
    cases: list[Case]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "documents": self.documents,
            "cases": [c.to_json() for c in self.cases],
            "facets": self.facets,
        }


@dataclass
class Explanation:
    """How a query was read and why the top hit ranked first (``kbank search --explain``)."""

    fields: dict[str, float]
    words: list[dict]
    query: str
    top: dict | None = None

    def to_json(self) -> dict:
        return {"fields": self.fields, "words": self.words, "query": self.query, "top": self.top}


def reading_json(reading: Reading) -> dict:
    return {
        "word": reading.word,
        "stem": reading.stem,
        "forms": [{"form": f.term, "kind": f.kind, "docs": f.docs} for f in reading.forms],
        "replaced": reading.replaced,
    }
