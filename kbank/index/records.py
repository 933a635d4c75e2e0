"""The three kinds of records an index holds (``doc``, ``text``, ``file``), written and read back."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kbank.analysis import compound_parts
from kbank.errors import IndexDamaged
from kbank.index.generations import open_index
from kbank.metadata.dnr import dnr_key


def parts_source(report, pages: list[str]) -> str:
    """The text whose compounds go into a doc record's ``parts`` field."""
    return "\n".join([report.title, *report.keywords, report.written_summary or "", "\n\n".join(pages)])


def source_digest(text: str) -> str:
    """A short fingerprint of ``parts_source``: parts split in a worker are used only for that text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def split_parts(report, pages: list[str]) -> tuple[str, str]:
    """(fingerprint, parts) of a report's compounds; runs in the workers, beside the writer."""
    source = parts_source(report, pages)
    return source_digest(source), compound_parts(source)


def text_fields(report, pages: list[str]) -> dict[str, str]:
    """The analysed text fields of a ``doc`` record (``index.pretokens`` analyses them in a worker)."""
    body = "\n\n".join(pages)
    return {
        "title": report.title,
        "title_sv": report.title,
        "body": body,
        "body_sv": body,
        "keywords": " ; ".join(report.keywords),
        "summary": report.written_summary or "",
        "summary_sv": report.written_summary or "",
        "unit_text": report.unit or "",
    }


def doc_record(report, pages: list[str], meta: dict, parts: tuple[str, str] | None = None) -> dict:
    """Return the whoosh fields of a ``doc`` record for a ``metadata.Report``.

    ``parts`` is what ``split_parts`` gave in a worker; it is used when the report's title,
    keywords and summary are still the ones it was split with (an editor's correction may have
    changed them since), else the compounds are split here.
    """
    source = parts_source(report, pages)
    if parts is None or parts[0] != source_digest(source):
        parts = ("", compound_parts(source))
    return {
        "kind": "doc",
        "id": report.id,
        "sha256": report.sha256,
        "path": report.path,
        **text_fields(report, pages),
        "parts": parts[1],
        "dnr_key": dnr_key(report.dnr) if report.dnr else "",
        "dnr": report.dnr,
        "doc_type": report.doc_type,
        "year": report.year if report.year is not None else 0,
        "date": report.date or "",
        "unit": report.unit or "",
        "areas": ",".join(report.areas),
        "areas_col": "|".join(report.areas),
        "status": report.status or "",
        "classification": report.classification or "",
        "meta": meta,
    }


def text_record(doc_id: str, pages: list[str], meta: dict) -> dict:
    """Return the ``text`` record holding a doc's pages and what extraction found besides."""
    return {"kind": "text", "id": f"t:{doc_id}", "doc_id": doc_id, "pages": pages, "meta": meta}


def file_record(
    path: str,
    size: int,
    mtime_ns: int,
    sha256: str,
    doc_id: str | None,
    reason: str | None = None,
    error: str | None = None,
    meta: dict | None = None,
) -> dict:
    """Return the ``file`` record of one archive path: indexed as ``doc_id`` or failed."""
    return {
        "kind": "file",
        "id": f"f:{path}",
        "path": path,
        "doc_id": doc_id or "",
        "sha256": sha256,
        "size": size,
        "mtime_ns": mtime_ns,
        "reason": reason,
        "error": error,
        "meta": meta or {},
    }


@dataclass
class FileRecord:
    """What the index records about one archive path: its stat, content and document, or its failure."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    doc_id: str
    reason: str | None
    error: str | None
    meta: dict

    @classmethod
    def from_stored(cls, stored: dict) -> FileRecord:
        """Read a stored ``file`` record (fields missing from older records get neutral values)."""
        return cls(
            path=stored["path"],
            size=stored.get("size", -1),
            mtime_ns=stored.get("mtime_ns", -1),
            sha256=stored.get("sha256", ""),
            doc_id=stored.get("doc_id", ""),
            reason=stored.get("reason"),
            error=stored.get("error"),
            meta=stored.get("meta") or {},
        )

    def to_record(self) -> dict:
        """The whoosh fields of this ``file`` record."""
        return file_record(
            self.path, self.size, self.mtime_ns, self.sha256, self.doc_id, self.reason, self.error, self.meta
        )


def read_records(index_dir: Path, kinds: tuple[str, ...] = ("doc", "file")) -> dict[str, list[dict]]:
    """Return the stored fields of every record of the given kinds, as plain dicts."""
    ix = open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return {kind: [dict(r) for r in searcher.documents(kind=kind)] for kind in kinds}
    except Exception as exc:  # noqa: BLE001 - a damaged segment raises many types
        raise IndexDamaged(f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex") from None
    finally:
        ix.close()
