"""What an ingest or reindex did (``IngestResult``) and what the admin allowed it (``IngestScope``).

Plain data, kept apart from ``run`` so that a run with nothing to do (``unchanged``) and the
CLI can build and show a result without importing the readers and whoosh.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kbank.editorial.problems import SidecarWarning


@dataclass(frozen=True)
class IngestScope:
    """What the admin allows a run to do beyond the safe default."""

    #: the archive really moved: accept a new root and remember it
    archive_moved: bool = False
    #: update only this subfolder (archive-relative); the rest of the index is kept as it is
    only: str | None = None
    #: remove however many reports the archive no longer has
    allow_removals: bool = False


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be read in this run."""

    path: str
    error: str
    reason: str


@dataclass(frozen=True)
class SlowFile:
    """A file and how long reading it took."""

    path: str
    seconds: float


@dataclass
class IngestResult:
    """What an ingest or reindex did; ``to_json`` gives the contract's shape."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    known_failed: int = 0
    #: failures of a rebuild (reindex) that failed the same way before, on the same unchanged file:
    #: listed in ``failed`` but, as for ``ingest``, not a reason for exit code 3 by themselves
    repeated_failed: int = 0
    seconds: float = 0.0
    documents: int = 0
    rebuilt: bool = False
    rebuild_reason: str | None = None
    #: contents parsed in this run by the workers, and taken from the extraction cache
    extracted: int = 0
    cached: int = 0
    jobs: int = 0
    #: the PDF reader the workers used: "pypdfium2" (the fast extra) or "pypdf"
    pdf_reader: str | None = None
    slowest: list[SlowFile] = field(default_factory=list)
    #: the writer that left the lock behind when it was killed, if any
    stale_lock: str | None = None
    #: problems in editors' correction files (the documents are indexed from extraction)
    warnings: list[SidecarWarning] = field(default_factory=list)
    #: documents whose facts changed by corrections, summaries or their case, without being read again
    metadata_updated: int = 0
    #: scanned pages read by OCR in this run
    ocr_pages: int = 0
    #: advice for the administrator, one line each (how to install OCR when scans were found)
    hints: list[str] = field(default_factory=list)
    #: archive folders this run could not read (permissions); the index keeps what it had from them
    unreadable_folders: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["warnings"] = [w.to_json() for w in self.warnings]
        data["failed"] = [asdict(f) for f in self.failed]
        data["seconds"] = round(self.seconds, 2)
        data["slowest"] = [{"path": f.path, "seconds": round(f.seconds, 2)} for f in self.slowest]
        return data
