"""Bring the index in line with the archive: ``ingest(settings) -> IngestResult``.

Incremental by default: a file whose size and mtime are unchanged is not read; one whose
stat changed is hashed, and re-extracted only if its content changed. Identical content in
several folders is one document with several paths. Every commit leaves a consistent
index: a document and its file records are written in the same batch, and a document is
deleted in the batch that removes or re-points its last path.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from . import timeutil
from .archive import ArchiveFile, walk
from .cases import Member, apply_shared, shared_facts
from .config import Settings
from .editorial import visibility
from .errors import IndexDamaged, IndexMissing, IndexOutdated
from .extract import Extracted, ExtractionError, Reason, extract
from .history import DocState, recorded_count, update_history
from .index import (
    activate,
    create_generation,
    doc_record,
    file_record,
    open_index,
    open_writer,
    text_record,
)
from .metadata import Report, apply_corrections, describe
from .sidecar import Corrections, Sidecars, SidecarWarning
from .summary import Summaries, load_template

T = TypeVar("T")
Progress = Callable[[Sequence[T], str], Iterable[T]]

#: Commit after this many characters of new text, so a writer's memory stays bounded.
BATCH_CHARS = 20_000_000
#: ... or after this many records.
BATCH_RECORDS = 2_000
ID_LENGTH = 16


def no_progress(items: Sequence[T], label: str) -> Iterable[T]:
    """Iterate without showing progress (the library default; the CLI passes a progress bar)."""
    return items


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be read in this run."""

    path: str
    error: str
    reason: str


@dataclass
class IngestResult:
    """What an ingest or reindex did; ``to_json`` gives the contract's shape."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    known_failed: int = 0
    seconds: float = 0.0
    documents: int = 0
    rebuilt: bool = False
    rebuild_reason: str | None = None
    #: problems in editors' correction files (the documents are indexed from extraction)
    warnings: list[SidecarWarning] = field(default_factory=list)
    #: documents whose facts changed by corrections or their case, without being read again
    metadata_updated: int = 0

    def to_json(self) -> dict:
        data = asdict(self)
        data["failed"] = [asdict(f) for f in self.failed]
        data["warnings"] = [w.to_json() for w in self.warnings]
        data["seconds"] = round(self.seconds, 2)
        return data


@dataclass
class _FileState:
    path: str
    size: int
    mtime_ns: int
    sha256: str
    doc_id: str
    reason: str | None
    error: str | None
    meta: dict


@dataclass
class _State:
    files: dict[str, _FileState] = field(default_factory=dict)
    #: doc id -> primary path
    docs: dict[str, str] = field(default_factory=dict)


def ingest(
    settings: Settings,
    *,
    full: bool = False,
    retry_failed: bool = False,
    progress: Progress = no_progress,
) -> IngestResult:
    """Index new and changed files, drop deleted ones; ``full`` rebuilds into a fresh index."""
    started = time.monotonic()
    files = list(walk(settings.archive))
    result = IngestResult()
    index_dir = settings.index
    fresh_generation: str | None = None
    state = _State()
    if not full:
        try:
            ix = open_index(index_dir)
            state = _load_state(ix)
        except IndexMissing:
            name, ix = create_generation(index_dir)
            activate(index_dir, name)  # empty but live: each batch becomes searchable at once
        except (IndexOutdated, IndexDamaged) as exc:
            full, result.rebuild_reason = True, str(exc)
    if full:
        fresh_generation, ix = create_generation(index_dir)
        result.rebuilt = True
    try:
        _Run(ix, state, settings.archive, result, retry_failed, progress).run(files)
        _settle(ix, settings.archive, result, settings.summary_template)
        if fresh_generation:
            activate(index_dir, fresh_generation)
    except BaseException:
        if fresh_generation:
            ix.close()
            shutil.rmtree(index_dir / fresh_generation, ignore_errors=True)
        raise
    result.documents = _count_docs(ix)
    changed = result.added or result.updated or result.removed or result.rebuilt or result.metadata_updated
    if changed or recorded_count(settings) != result.documents:
        update_history(settings, _doc_states(ix, settings), timeutil.utc_now())
    result.seconds = time.monotonic() - started
    return result


def _doc_states(ix, settings: Settings) -> list[DocState]:
    """The documents the index holds now, for their timelines; visible means published within the ceiling."""
    shown = visibility(settings)
    with ix.searcher() as searcher:
        paths: dict[str, list[str]] = defaultdict(list)
        for record in searcher.documents(kind="file"):
            if record.get("doc_id"):
                paths[record["doc_id"]].append(record["path"])
        return [
            DocState(
                stored["id"],
                tuple(paths.get(stored["id"], ())),
                stored.get("meta") or {},
                shown.allows(stored.get("status"), stored.get("classification")),
            )
            for stored in searcher.documents(kind="doc")
        ]


def _load_state(ix) -> _State:
    state = _State()
    try:
        with ix.searcher() as searcher:
            for stored in searcher.documents(kind="file"):
                state.files[stored["path"]] = _FileState(
                    path=stored["path"],
                    size=stored.get("size", -1),
                    mtime_ns=stored.get("mtime_ns", -1),
                    sha256=stored.get("sha256", ""),
                    doc_id=stored.get("doc_id", ""),
                    reason=stored.get("reason"),
                    error=stored.get("error"),
                    meta=stored.get("meta") or {},
                )
            for stored in searcher.documents(kind="doc"):
                state.docs[stored["id"]] = stored.get("path", "")
    except Exception as exc:  # noqa: BLE001 - any failure to read means a damaged index
        raise IndexDamaged(f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex") from None
    return state


def _count_docs(ix) -> int:
    with ix.searcher() as searcher:
        return sum(1 for _ in searcher.document_numbers(kind="doc"))


def sha256_of(path: Path) -> str:
    """Hash a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Batches:
    """A whoosh writer that commits every so often and cancels on error."""

    def __init__(self, ix):
        self.ix = ix
        self.writer = None
        self.records = 0
        self.chars = 0

    def add(self, record: dict) -> None:
        self._writer().update_document(**record)
        self.records += 1
        self.chars += sum(len(p) for p in record.get("pages") or ())

    def delete(self, record_id: str) -> None:
        self._writer().delete_by_term("id", record_id)
        self.records += 1

    def maybe_commit(self) -> None:
        if self.records >= BATCH_RECORDS or self.chars >= BATCH_CHARS:
            self.commit()

    def commit(self) -> None:
        if self.writer is not None:
            self.writer.commit()
        self.writer, self.records, self.chars = None, 0, 0

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
        self.writer = None

    def _writer(self):
        if self.writer is None:
            self.writer = open_writer(self.ix)
        return self.writer


class _Run:
    """One ingest: plan from the walk and the index state, then write in batches."""

    def __init__(
        self, ix, state: _State, archive: Path, result: IngestResult, retry_failed: bool, progress: Progress
    ):
        self.ix = ix
        self.state = state
        self.archive = archive
        self.result = result
        self.retry_failed = retry_failed
        self.progress = progress
        self.now = time.strftime("%Y-%m-%dT%H:%M:%S")

    def run(self, files: list[ArchiveFile]) -> None:
        current = {f.rel: f for f in files}
        deleted = sorted(p for p in self.state.files if p not in current)
        touched: list[tuple[ArchiveFile, _FileState]] = []
        to_hash: list[ArchiveFile] = []
        for f in files:
            old = self.state.files.get(f.rel)
            if old is None or (old.size, old.mtime_ns) != (f.size, f.mtime_ns):
                to_hash.append(f)
            elif old.doc_id and old.doc_id in self.state.docs:
                self.result.unchanged += 1
            elif old.doc_id:
                to_hash.append(f)  # its document went missing: read it again
            elif self.retry_failed:
                to_hash.append(f)
            else:
                self.result.known_failed += 1

        groups: dict[str, list[ArchiveFile]] = defaultdict(list)
        for f in self.progress(to_hash, "Kontrollerar"):
            try:
                sha = sha256_of(f.abspath)
            except OSError as exc:
                self._fail_unhashed(f, exc)
                continue
            old = self.state.files.get(f.rel)
            same = old is not None and old.sha256 == sha
            if same and old.doc_id and old.doc_id in self.state.docs:
                touched.append((f, old))  # same content, new mtime: record the stat only
            elif same and not old.doc_id and not self.retry_failed:
                touched.append((f, old))
            else:
                groups[sha].append(f)

        # Where each path will point when the run is done, to know which documents go.
        regrouped = {f.rel for members in groups.values() for f in members}
        final_refs: dict[str, set[str]] = defaultdict(set)
        for rel, old in self.state.files.items():
            if rel in current and old.doc_id and rel not in regrouped:
                final_refs[old.doc_id].add(rel)
        for sha, members in groups.items():
            final_refs[sha[:ID_LENGTH]].update(f.rel for f in members)
        self.pending_old: dict[str, int] = defaultdict(int)
        for rel in set(deleted) | regrouped:
            old = self.state.files.get(rel)
            if old and old.doc_id:
                self.pending_old[old.doc_id] += 1
        self.final_refs = final_refs

        batches = _Batches(self.ix)
        try:
            for doc_id in list(self.state.docs):
                if not final_refs.get(doc_id) and not self.pending_old.get(doc_id):
                    self._delete_doc(batches, doc_id)  # an orphan left by an interrupted run
            for rel in deleted:
                old = self.state.files[rel]
                batches.delete(f"f:{rel}")
                if old.doc_id:
                    self.result.removed += 1
                self._release(batches, old)
                batches.maybe_commit()
            for f, old in touched:
                batches.add(
                    file_record(
                        f.rel, f.size, f.mtime_ns, old.sha256, old.doc_id, old.reason, old.error, old.meta
                    )
                )
                if old.doc_id:
                    self.result.unchanged += 1
                else:
                    self.result.known_failed += 1
                batches.maybe_commit()
            ordered = sorted(groups.items(), key=lambda item: item[1][0].rel)
            reuse = [(sha, m) for sha, m in ordered if sha[:ID_LENGTH] in self.state.docs]
            new = [(sha, m) for sha, m in ordered if sha[:ID_LENGTH] not in self.state.docs]
            for sha, members in reuse:
                self._point(batches, sha, members, failure=None)
                primary = min(final_refs[sha[:ID_LENGTH]])
                if self.state.docs.get(sha[:ID_LENGTH]) != primary:
                    self._redescribe(batches, sha[:ID_LENGTH], primary)  # moved or renamed
            for sha, members in self.progress(new, "Läser"):
                self._extract_group(batches, sha, members)
                batches.maybe_commit()
            batches.commit()
        except BaseException:
            batches.cancel()
            raise

    # -- one group of paths with the same content

    def _extract_group(self, batches: _Batches, sha: str, members: list[ArchiveFile]) -> None:
        first = members[0]
        doc_id = sha[:ID_LENGTH]
        try:
            extracted = extract(first.abspath)
            report = describe(
                doc_id,
                sha,
                first.rel,
                extracted.pages,
                extracted.paged,
                extracted.properties,
                extracted.headings,
            )
        except ExtractionError as exc:
            self._point(batches, sha, members, failure=(exc.reason, exc.message))
            return
        except MemoryError:
            self._point(batches, sha, members, failure=(Reason.MEMORY, "för stor: minnet tog slut"))
            return
        except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the run
            message = f"oväntat fel vid läsning ({type(exc).__name__}: {str(exc)[:100]})"
            self._point(batches, sha, members, failure=(Reason.CORRUPT, message))
            return
        self._write_doc(batches, report, extracted)
        self._point(batches, sha, members, failure=None)

    def _write_doc(self, batches: _Batches, report: Report, extracted: Extracted) -> None:
        meta = asdict(report) | {"indexed": self.now}
        batches.add(doc_record(report, extracted.pages, meta))
        batches.add(
            text_record(
                report.id,
                extracted.pages,
                {
                    "paged": extracted.paged,
                    "properties": extracted.properties,
                    "headings": extracted.headings,
                },
            )
        )
        self.state.docs[report.id] = report.path

    def _point(
        self, batches: _Batches, sha: str, members: list[ArchiveFile], failure: tuple[str, str] | None
    ) -> None:
        """Write the file records of ``members`` and release the documents they left."""
        doc_id = "" if failure else sha[:ID_LENGTH]
        for f in members:
            old = self.state.files.get(f.rel)
            meta = dict(old.meta) if old else {"first_seen": self.now}
            meta["changed"] = self.now
            reason, error = failure or (None, None)
            batches.add(file_record(f.rel, f.size, f.mtime_ns, sha, doc_id, reason, error, meta))
            if failure:
                self.result.failed.append(FailedFile(f.rel, error, reason))
            elif old is None:
                self.result.added += 1
            else:
                self.result.updated += 1
            if old:
                self._release(batches, old)

    def _redescribe(self, batches: _Batches, doc_id: str, primary: str) -> None:
        """Rebuild a document's record for a new primary path from its stored text."""
        with self.ix.searcher() as searcher:
            stored = searcher.document(id=f"t:{doc_id}")
            old_doc = searcher.document(id=doc_id) or {}
        if stored is None:
            return
        report = _describe_stored(doc_id, old_doc.get("sha256") or doc_id, primary, stored)
        indexed = (old_doc.get("meta") or {}).get("indexed", self.now)
        batches.add(doc_record(report, stored.get("pages") or [], asdict(report) | {"indexed": indexed}))
        self.state.docs[doc_id] = primary

    def _release(self, batches: _Batches, old: _FileState) -> None:
        """Note that ``old``'s path no longer points to its document; delete it with its last path."""
        if not old.doc_id:
            return
        self.pending_old[old.doc_id] -= 1
        if self.pending_old[old.doc_id] == 0 and not self.final_refs.get(old.doc_id):
            self._delete_doc(batches, old.doc_id)

    def _delete_doc(self, batches: _Batches, doc_id: str) -> None:
        batches.delete(doc_id)
        batches.delete(f"t:{doc_id}")
        self.state.docs.pop(doc_id, None)

    def _fail_unhashed(self, f: ArchiveFile, exc: OSError) -> None:
        message = f"kan inte läsa filen ({exc.strerror or type(exc).__name__})"
        self.result.failed.append(FailedFile(f.rel, message, Reason.CORRUPT))


# --------------------------------------------------------------------------- corrections and cases

#: Passes over the documents: one document's correction can change what its siblings borrow.
SETTLE_ROUNDS = 3


def _describe_stored(doc_id: str, sha256: str, path: str, text: dict) -> Report:
    """Describe a document again from its stored ``text`` record, without reading the file."""
    meta = text.get("meta") or {}
    return describe(
        doc_id,
        sha256,
        path,
        text.get("pages") or [],
        meta.get("paged", True),
        meta.get("properties", {}),
        meta.get("headings", []),
    )


def _context(corrections: Corrections, shared: dict[str, str], summary: str = "") -> str:
    if not corrections.fingerprint and not shared and not summary:
        return ""
    raw = corrections.fingerprint + "|" + "|".join(f"{k}={v}" for k, v in sorted(shared.items()))
    raw += f"|summary={summary}" if summary else ""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _member(stored: dict) -> Member:
    meta = stored.get("meta") or {}
    return Member(
        id=stored["id"],
        path=stored.get("path", ""),
        dnr=stored.get("dnr"),
        unit=meta.get("unit"),
        project=meta.get("project"),
        sources=meta.get("sources") or {},
    )


def _settle(ix, archive: Path, result: IngestResult, summary_template: Path | None = None) -> None:
    """Apply editors' corrections and the facts a case's documents share, from the stored text.

    A document is rewritten only when its corrections or borrowed facts changed since it
    was last written (``Report.context`` fingerprints them), so an unchanged archive costs
    one read of the document records.
    """
    sidecars = Sidecars.load(archive)
    summaries = Summaries.load(archive, load_template(summary_template))
    result.warnings = sidecars.warnings
    updated: set[str] = set()
    for _ in range(SETTLE_ROUNDS):
        plans = []
        with ix.searcher() as searcher:
            stored = list(searcher.documents(kind="doc"))
            shared = shared_facts(_member(d) for d in stored)
            for doc in stored:
                corrections = sidecars.for_document(doc.get("path", ""))
                facts = shared.get(doc["id"], {})
                summary = summaries.for_document(doc.get("path", ""))
                context = _context(corrections, facts, summary.digest if summary else "")
                if context != (doc.get("meta") or {}).get("context", ""):
                    text = searcher.document(id=f"t:{doc['id']}")
                    if text is not None:
                        plans.append((doc, text, corrections, facts, context, summary))
        if not plans:
            break
        batches = _Batches(ix)
        try:
            for doc, text, corrections, facts, context, summary in plans:
                report = _describe_stored(doc["id"], doc.get("sha256") or doc["id"], doc["path"], text)
                if summary is not None:
                    report = replace(report, written_summary=summary.text, summary_file=summary.path)
                if corrections.values:
                    report = apply_corrections(report, corrections.values, corrections.origins)
                report = replace(apply_shared(report, facts), context=context)
                indexed = (doc.get("meta") or {}).get("indexed") or time.strftime("%Y-%m-%dT%H:%M:%S")
                batches.add(
                    doc_record(report, text.get("pages") or [], asdict(report) | {"indexed": indexed})
                )
                updated.add(doc["id"])
                batches.maybe_commit()
            batches.commit()
        except BaseException:
            batches.cancel()
            raise
    result.metadata_updated = len(updated)
