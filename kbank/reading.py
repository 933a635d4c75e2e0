"""Read one report for the index: extract it, pack the text for the cache, describe it.

``read_report`` is what an extraction worker runs (see ``workers``); ``pack``/``unpack``
are the cache's format for an ``Extracted``: zlib-compressed JSON, so the cache stores
plain data that survives any change to kbank's classes.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .extract import Extracted, extract
from .metadata import Report, describe

#: Bump when a change to kbank's own extraction code changes what it returns, so the
#: cached text of every file is read again.
READ_VERSION = 1
#: The worker function, as ``module:function`` for the worker processes to import.
TARGET = "kbank.reading:read_report"


@dataclass(frozen=True)
class ReadJob:
    """One content to read: the file to open and the facts describe() needs; ``packed`` is
    its text from the cache, when only describing is left to do."""

    path: Path
    doc_id: str
    sha256: str
    rel: str
    packed: bytes | None = None


@dataclass
class ReadResult:
    """The packed text (for the cache) and the report's facts."""

    packed: bytes
    report: Report
    from_cache: bool = False


def read_report(job: ReadJob) -> ReadResult:
    """Extract (unless the text came with the job) and describe one file; runs in a worker."""
    if job.packed is not None:
        extracted = unpack(job.packed)
        return ReadResult(job.packed, describe_extracted(job.doc_id, job.sha256, job.rel, extracted), True)
    extracted = extract(job.path)
    packed = pack(extracted)
    return ReadResult(packed, describe_extracted(job.doc_id, job.sha256, job.rel, extracted))


def describe_extracted(doc_id: str, sha256: str, rel: str, extracted: Extracted) -> Report:
    """Describe a report from its extracted text."""
    return describe(
        doc_id, sha256, rel, extracted.pages, extracted.paged, extracted.properties, extracted.headings
    )


def pack(extracted: Extracted) -> bytes:
    """Serialise an ``Extracted`` compactly.

    >>> unpack(pack(Extracted(["sida ett", "sida två"], True, {"title": "T"}, ["Rubrik"]))).pages
    ['sida ett', 'sida två']
    """
    data = {
        "pages": extracted.pages,
        "paged": extracted.paged,
        "properties": extracted.properties,
        "headings": extracted.headings,
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 3)


def unpack(blob: bytes) -> Extracted:
    """Turn ``pack``'s bytes back into an ``Extracted``."""
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return Extracted(
        pages=list(data["pages"]),
        paged=bool(data["paged"]),
        properties=dict(data.get("properties") or {}),
        headings=list(data.get("headings") or []),
    )


@lru_cache(maxsize=1)
def extractor_id() -> str:
    """Name the extraction code and library versions: cached text is valid for this id only."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"kbank-read={READ_VERSION}"]
    for package in ("pypdf", "python-docx", "cryptography"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=none")
    return ";".join(parts)
