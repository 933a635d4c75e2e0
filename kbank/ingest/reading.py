"""Read reports for the index: in worker processes, or from the extraction cache.

``read_report`` is what an extraction worker runs (see ``workers``): extract a file, pack
the text for the cache, describe it. ``Reader`` is the writer's side: it sends each content
to the workers (with its cached text, when there is one, so that only describing is left)
and stores what they read in the cache. ``pack``/``unpack`` are the cache's format for an
``Extracted``: zlib-compressed JSON, plain data that survives any change to kbank's classes.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kbank.archive import ArchiveFile
from kbank.config import Settings
from kbank.extract import Extracted, OcrOptions, Reason, extract, pdf_reader
from kbank.index.pretokens import Pretokens
from kbank.metadata.report import Report, describe

#: Bump when a change to kbank's own extraction code changes what it returns, so the
#: cached text of every file is read again.
READ_VERSION = 3
#: The worker function, as ``module:function`` for the worker processes to import.
TARGET = "kbank.ingest.reading:read_report"
#: A document's id: the first characters of its content's sha256.
ID_LENGTH = 16
#: From this many contents to read on, the workers split compounds too, so the writer has
#: only indexing left (each worker then loads the word list: 0.4 s and ~55 MB). Below it the
#: writer splits them, as loading the list in every worker would cost more than it saves.
SPLIT_IN_WORKERS_FROM = 100


@dataclass(frozen=True)
class ReadJob:
    """One content to read: the file to open and the facts describe() needs; ``packed`` is
    its text from the cache, when only describing is left to do."""

    path: Path
    doc_id: str
    sha256: str
    rel: str
    packed: bytes | None = None
    #: split the report's compounds here too (a run with many files; see ``SPLIT_IN_WORKERS_FROM``)
    split: bool = False
    #: OCR scanned pages with these options; None: OCR is off or not installed
    ocr: OcrOptions | None = None


@dataclass
class ReadResult:
    """The packed text (for the cache) and the report's facts."""

    packed: bytes
    report: Report
    from_cache: bool = False
    #: the report's compounds split here, in the worker (``index.split_parts``)
    parts: tuple[str, str] | None = None
    #: its text fields analysed here, in the worker (``index.pretokens``)
    pretokens: Pretokens | None = None


def read_report(job: ReadJob) -> ReadResult:
    """Extract (unless the text came with the job), describe one file and split its compounds;
    runs in a worker, so the writer has only indexing left to do."""
    from kbank.index.pretokens import analyse
    from kbank.index.records import split_parts
    from kbank.ingest.workers import request_time

    if job.packed is not None:
        from_cache, packed = True, job.packed
        extracted = unpack(packed)
    else:
        from_cache, extracted = False, extract(job.path, job.ocr, on_ocr=request_time)
        packed = pack(extracted)
    report = describe_extracted(job.doc_id, job.sha256, job.rel, extracted)
    parts = split_parts(report, extracted.pages) if job.split else None
    try:
        pretokens = analyse(report, extracted.pages)
    except MemoryError:
        raise  # the worker's memory limit: the file fails as "för stor"
    except Exception:  # noqa: BLE001 - the writer analyses the text itself, as it did before
        pretokens = None
    return ReadResult(packed, report, from_cache, parts, pretokens)


def warm_up() -> None:
    """Load the parsers and metadata tables (each worker does this before its first file)."""
    from kbank.extract import pdf as _pdf  # noqa: F401 - imported for its side effect: loading pypdf
    from kbank.extract import word as _word  # noqa: F401 - loading python-docx and lxml

    pdf_reader()  # loads pypdfium2 when installed
    report = describe_extracted("0" * ID_LENGTH, "0" * 64, "rapport.pdf", Extracted(["Rapport"], True))
    from kbank.index.pretokens import analyse

    analyse(report, ["Rapport"])  # the analyzers, built once


def describe_extracted(doc_id: str, sha256: str, rel: str, extracted: Extracted) -> Report:
    """Describe a report from its extracted text."""
    return describe(
        doc_id,
        sha256,
        rel,
        extracted.pages,
        extracted.paged,
        extracted.properties,
        extracted.headings,
        ocr_pages=extracted.ocr_pages,
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
    if extracted.scanned_pages:
        data["scanned_pages"] = extracted.scanned_pages
        data["ocr_pages"] = extracted.ocr_pages
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 3)


def unpack(blob: bytes) -> Extracted:
    """Turn ``pack``'s bytes back into an ``Extracted``."""
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return Extracted(
        pages=list(data["pages"]),
        paged=bool(data["paged"]),
        properties=dict(data.get("properties") or {}),
        headings=list(data.get("headings") or []),
        scanned_pages=list(data.get("scanned_pages") or []),
        ocr_pages=list(data.get("ocr_pages") or []),
    )


@lru_cache(maxsize=1)
def extractor_id() -> str:
    """Name the extraction code, the PDF reader and library versions: cached text is valid for this id only."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"kbank-read={READ_VERSION}", f"pdf={pdf_reader()}"]
    for package in ("pypdf", "pypdfium2", "python-docx", "cryptography"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=none")
    return ";".join(parts)


def ocr_options(settings: Settings) -> OcrOptions | None:
    """The OCR the settings ask for, or None when it is off."""
    if settings.ocr == "off":
        return None
    return OcrOptions(
        languages=settings.ocr_languages,
        dpi=settings.ocr_dpi,
        page_seconds=settings.ocr_page_seconds,
        file_seconds=settings.ocr_file_seconds,
    )


def ocr_missing(settings: Settings) -> str | None:
    """Say what to install for OCR, when the settings ask for it and it cannot run; else None."""
    from kbank.extract import ocr_ready
    from kbank.extract.ocr import status

    options = ocr_options(settings)
    if options is None:
        return None
    found = status(options.languages)
    needs = [found.missing] if found.missing else []
    if not ocr_ready():
        needs.append('pip install "kbank[ocr]"')
    return "; ".join(needs) or None


def ocr_id(settings: Settings) -> str:
    """Name the OCR a scanned file's reading depends on (the cache keeps such readings per OCR)."""
    from kbank.extract.ocr import engine_id

    options = ocr_options(settings)
    if options is None:
        return "ocr=off"
    if ocr_missing(settings):
        return "ocr=none"
    return engine_id(options)


def tools_id(settings: Settings) -> str:
    """The extractor id of readings that depend on installed programs: scans (OCR) and .doc (antiword)."""
    from kbank.extract.doc import available

    return f"{extractor_id()};{ocr_id(settings)};antiword={'yes' if available() else 'no'}"


# --------------------------------------------------------------------------- in the writer


@dataclass
class Reading:
    """What reading one content gave: its text and facts, or why it failed."""

    extracted: Extracted | None = None
    report: Report | None = None
    failure: tuple[str, str] | None = None
    seconds: float = 0.0
    #: parsed in this run (not taken from the cache)
    parsed: bool = False
    #: the compounds the worker split (``index.split_parts``)
    parts: tuple[str, str] | None = None
    #: the text fields the worker analysed (``index.pretokens``)
    pretokens: Pretokens | None = None


class Reader:
    """Read contents from the cache, or in worker processes under the settings' limits."""

    def __init__(self, settings: Settings, use_cache: bool, retry_cached_failures: bool):
        self.settings = settings
        self.use_cache = use_cache
        self.retry_cached_failures = retry_cached_failures
        self._cache = None
        self.extracted = 0
        self.cached = 0
        self.jobs_started = 0
        self.pdf_reader = ""
        #: pages read by OCR in this run
        self.ocr_pages = 0

    @property
    def cache(self):
        if self._cache is None:
            from kbank.ingest.cache import Cache

            self._cache = Cache(self.settings.cache_dir, extractor_id(), tools_id(self.settings))
        return self._cache

    def read(
        self, groups: list[tuple[str, list[ArchiveFile]]]
    ) -> Iterator[tuple[str, list[ArchiveFile], Reading]]:
        """Yield ``(sha, members, reading)`` for every group, as the workers finish them.

        A content in the cache is not parsed; its text goes to a worker to be described
        (metadata takes as long as indexing), so the writer only indexes.
        """
        known, jobs = [], []
        cached: set[str] = set()
        for sha, members in groups:
            entry = self.cache.lookup(sha) if self.use_cache else None
            first = members[0]
            job = ReadJob(first.abspath, sha[:ID_LENGTH], sha, first.rel)
            if entry is not None and entry.data is not None:
                cached.add(sha)
                jobs.append((sha, job))
            elif entry is not None and not self.retry_cached_failures:
                known.append((sha, members, entry))
            else:
                jobs.append((sha, job))
        for sha, members, entry in known:
            self.cached += 1
            yield sha, members, Reading(failure=(entry.reason, entry.error), seconds=entry.seconds)
        if not jobs:
            return
        ocr = ocr_options(self.settings) if not ocr_missing(self.settings) else None
        split = len(jobs) >= SPLIT_IN_WORKERS_FROM
        jobs = [(sha, replace(job, split=split, ocr=ocr)) for sha, job in jobs]
        from kbank.ingest.workers import Limits, WorkerPool

        self.pdf_reader = pdf_reader()
        extra = ocr.file_seconds if ocr is not None else 0.0
        limits = Limits(self.settings.time_limit, self.settings.memory_limit, extra)
        pool = WorkerPool(min(self.settings.worker_count(), len(jobs)), limits, TARGET)
        outcomes = pool.map(self._with_cached_text(jobs, cached))
        by_sha = dict(groups)
        try:
            for outcome in outcomes:
                yield outcome.key, by_sha[outcome.key], self._from_worker(outcome, outcome.key in cached)
        finally:
            outcomes.close()
            self.jobs_started = pool.started

    def _with_cached_text(self, jobs: list, cached: set[str]) -> Iterator:
        """Attach cached texts to their jobs as the workers ask for them (not all at once)."""
        reader = self.cache.reader() if cached else None  # this runs in the dispatcher thread
        try:
            for sha, job in jobs:
                if sha in cached:
                    entry = reader.get(sha) if reader is not None else None
                    if entry is not None and entry.data is not None:
                        job = replace(job, packed=entry.data)
                yield sha, job
        finally:
            if reader is not None:
                reader.close()

    def _from_worker(self, outcome, was_cached: bool) -> Reading:
        from kbank.ingest.cache import Entry

        if not outcome.ok:
            failure = (outcome.reason, outcome.error)
            if was_cached:  # describing failed: that must not replace a good cached text
                self.cached += 1
                return Reading(failure=failure)
            # a scan without OCR, or a format whose reader is not installed: kept per installed tools
            scanned = outcome.reason == Reason.NEEDS_OCR or any(
                mark in (outcome.error or "") for mark in ("OCR", "stöds inte här")
            )
            self.cache.put(
                outcome.key, Entry(None, outcome.reason, outcome.error, outcome.seconds), ocr=scanned
            )
            self.extracted += 1
            return Reading(failure=failure, seconds=outcome.seconds, parsed=True)
        result = outcome.value
        if result.from_cache:
            self.cached += 1
            return Reading(
                unpack(result.packed), result.report, parts=result.parts, pretokens=result.pretokens
            )
        extracted = unpack(result.packed)
        # stored even when lookups are off (--no-cache): the fresh reading replaces the old one;
        # a file with scanned pages is kept per OCR engine, so installing Tesseract reads it again
        entry = Entry(result.packed, None, None, outcome.seconds)
        self.cache.put(outcome.key, entry, ocr=bool(extracted.scanned_pages))
        self.extracted += 1
        self.ocr_pages += len(extracted.ocr_pages)
        return Reading(
            extracted,
            result.report,
            seconds=outcome.seconds,
            parsed=True,
            parts=result.parts,
            pretokens=result.pretokens,
        )

    def knows(self, sha256: str) -> bool:
        """Tell whether the cache has a reading of this content by the current extractor and OCR."""
        return self.cache.lookup(sha256) is not None

    def commit(self) -> None:
        if self._cache is not None:
            self._cache.commit()

    def prune(self, keep: set[str]) -> None:
        self.cache.prune(keep)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.commit()
            self._cache.close()
