"""Bring the index in line with the archive: ``ingest(settings) -> IngestResult``.

Incremental by default: a file whose size and mtime are unchanged is not read; one whose
stat changed is hashed, and re-extracted only if its content changed. Identical content in
several folders is one document with several paths. Every commit leaves a consistent
index: a document and its file records are written in the same batch, and a document is
deleted in the batch that removes or re-points its last path.

One process writes, holding the index's writer lock; worker processes (``workers``) read
the files, each under a time and a memory limit, and the extraction cache (``cache``)
spares reading a content twice. A run killed at any moment leaves the last committed batch
in place, and the next run finishes the job from the index's own file records.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from . import timeutil
from .archive import ArchiveFile, check_archive, walk
from .cases import Member, apply_shared, shared_facts
from .config import Settings
from .editorial import visibility
from .errors import IndexDamaged, IndexMissing, IndexOutdated
from .extract import Extracted, Reason
from .history import DocState, recorded_count, update_history
from .index import (
    activate,
    create_generation,
    discard_unfinished,
    doc_record,
    file_record,
    open_index,
    open_writer,
    read_info,
    text_record,
)
from .lock import writer_lock
from .metadata import Report, apply_corrections, describe
from .reading import ID_LENGTH, Reader, Reading
from .sidecar import Corrections, Sidecars, SidecarWarning
from .summary import Summaries, load_template

T = TypeVar("T")
Progress = Callable[[Sequence[T], str], Iterable[T]]

#: Commit after this many characters of new text, so a writer's memory stays bounded.
BATCH_CHARS = 20_000_000
#: ... or after this many records.
BATCH_RECORDS = 2_000

#: The file and document records of the last run, to spare a no-op run reading them.
STATE_FILE = "state.json"
#: How many of the slowest files the summary names.
SLOWEST = 5


def no_progress(items: Sequence[T], label: str) -> Iterable[T]:
    """Iterate without showing progress (the library default; the CLI passes a progress bar)."""
    return items


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

    def to_json(self) -> dict:
        data = asdict(self)
        data["warnings"] = [w.to_json() for w in self.warnings]
        data["failed"] = [asdict(f) for f in self.failed]
        data["seconds"] = round(self.seconds, 2)
        data["slowest"] = [{"path": f.path, "seconds": round(f.seconds, 2)} for f in self.slowest]
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
    from_snapshot: bool = False


def ingest(
    settings: Settings,
    *,
    full: bool = False,
    retry_failed: bool = False,
    use_cache: bool = True,
    progress: Progress = no_progress,
    on_failed: Callable[[FailedFile], None] | None = None,
) -> IngestResult:
    """Index new and changed files, drop deleted ones; ``full`` rebuilds into a fresh index."""
    started = time.monotonic()
    check_archive(settings.archive)
    with writer_lock(settings.index, "reindex" if full else "ingest", settings.lock_wait) as lock:
        result = IngestResult(stale_lock=lock.stale.describe() if lock.stale else None)
        discard_unfinished(settings.index)  # a rebuild killed before its swap
        _ingest_locked(settings, full, retry_failed, use_cache, progress, on_failed, result)
    result.seconds = time.monotonic() - started
    return result


def _ingest_locked(
    settings: Settings,
    full: bool,
    retry_failed: bool,
    use_cache: bool,
    progress: Progress,
    on_failed: Callable[[FailedFile], None] | None,
    result: IngestResult,
) -> None:
    files = list(walk(settings.archive))
    index_dir = settings.index
    fresh_generation: str | None = None
    state = _State()
    generation = ""
    if not full:
        try:
            ix = open_index(index_dir)
            generation = read_info(index_dir).generation
            state = _load_state(ix, index_dir, generation)
        except IndexMissing:
            generation, ix = create_generation(index_dir)
            activate(index_dir, generation)  # empty but live: each batch becomes searchable at once
        except (IndexOutdated, IndexDamaged) as exc:
            full, result.rebuild_reason = True, str(exc)
    if full:
        fresh_generation, ix = create_generation(index_dir)
        generation = fresh_generation
        result.rebuilt = True
    reader = Reader(settings, use_cache, retry_cached_failures=full or retry_failed)
    try:
        run = _Run(ix, state, settings.archive, result, retry_failed, progress, reader, on_failed)
        run.run(files)
        settled = _settle(ix, settings, result, index_dir, generation, run.committed)
        if run.committed or settled or not state.from_snapshot:
            _write_snapshot(index_dir, generation, ix.latest_generation(), run.final_state())
        if fresh_generation:
            activate(index_dir, fresh_generation)
    except BaseException:
        if fresh_generation:
            ix.close()
            shutil.rmtree(index_dir / fresh_generation, ignore_errors=True)
        raise
    finally:
        reader.close()
    result.documents = _count_docs(ix)
    result.jobs = reader.jobs_started
    result.pdf_reader = reader.pdf_reader or None
    changed = result.added or result.updated or result.removed or result.rebuilt or result.metadata_updated
    if changed or recorded_count(settings) != result.documents:
        update_history(settings, _doc_states(ix, settings), timeutil.utc_now())


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


def _load_state(ix, index_dir: Path, generation: str) -> _State:
    """Return what the index records about the archive's files and documents."""
    snapshot = _read_snapshot(index_dir, generation, ix.latest_generation())
    if snapshot is not None:
        return snapshot
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


# The file and document records of a large index take seconds to read from whoosh's stored
# fields; a no-op run must not. After each run the writer saves them in ``state.json``,
# stamped with the generation folder and whoosh's commit counter (its TOC generation). Any
# later commit changes the counter, so a snapshot is used only for the exact index state it
# was taken from; otherwise the records are read from the index, which stays the truth.


def _read_snapshot(index_dir: Path, generation: str, toc: int) -> _State | None:
    try:
        data = json.loads((index_dir / STATE_FILE).read_text("utf-8"))
        if data.get("version") != 1 or data.get("generation") != generation or data.get("toc") != toc:
            return None
        state = _State(from_snapshot=True)
        for path, size, mtime_ns, sha256, doc_id, reason, error, meta in data["files"]:
            state.files[path] = _FileState(path, size, mtime_ns, sha256, doc_id, reason, error, meta)
        state.docs = dict(data["docs"])
        return state
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_snapshot(index_dir: Path, generation: str, toc: int, state: _State) -> None:
    data = {
        "version": 1,
        "generation": generation,
        "toc": toc,
        "files": [
            [f.path, f.size, f.mtime_ns, f.sha256, f.doc_id, f.reason, f.error, f.meta]
            for f in state.files.values()
        ],
        "docs": state.docs,
    }
    tmp = index_dir / f".{STATE_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, index_dir / STATE_FILE)


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

    def __init__(self, ix, on_commit: Callable[[], None] = lambda: None):
        self.ix = ix
        self.writer = None
        self.records = 0
        self.chars = 0
        self.on_commit = on_commit
        self.commits = 0

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
        self.on_commit()  # the cache first: a text read is kept even if the index commit dies
        if self.writer is not None:
            self.writer.commit()
            self.commits += 1
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
        self,
        ix,
        state: _State,
        archive: Path,
        result: IngestResult,
        retry_failed: bool,
        progress: Progress,
        reader: Reader,
        on_failed: Callable[[FailedFile], None] | None = None,
    ):
        self.ix = ix
        self.state = state
        self.archive = archive
        self.result = result
        self.retry_failed = retry_failed
        self.progress = progress
        self.reader = reader
        self.on_failed = on_failed or (lambda failed: None)
        self.now = time.strftime("%Y-%m-%dT%H:%M:%S")
        self.slowest: list[tuple[float, str]] = []
        #: the file records as they will be when the run is done
        self.final: dict[str, _FileState] = dict(state.files)
        self.committed = False

    def final_state(self) -> _State:
        """Return the file and document records the index holds after the run."""
        return _State(files=self.final, docs=dict(self.state.docs))

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

        self.new_contents = set(groups)
        # Where each path will point when the run is done, to know which documents go.
        regrouped = {f.rel for members in groups.values() for f in members}
        self.regrouped = regrouped
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

        batches = _Batches(self.ix, on_commit=self.reader.commit)
        try:
            for doc_id in list(self.state.docs):
                if not final_refs.get(doc_id) and not self.pending_old.get(doc_id):
                    self._delete_doc(batches, doc_id)  # an orphan left by an interrupted run
            for f, old in touched:
                batches.add(
                    file_record(
                        f.rel, f.size, f.mtime_ns, old.sha256, old.doc_id, old.reason, old.error, old.meta
                    )
                )
                self.final[f.rel] = replace(old, size=f.size, mtime_ns=f.mtime_ns)
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
            readings = _Sized(self.reader.read(new), len(new))
            for sha, members, reading in self.progress(readings, "Läser"):
                self._write_group(batches, sha, members, reading)
                batches.maybe_commit()
            # Paths go last: a run killed before this point leaves a moved file's document
            # under its old and new path, never under none.
            for rel in deleted:
                old = self.state.files[rel]
                batches.delete(f"f:{rel}")
                self.final.pop(rel, None)
                if old.doc_id:
                    self.result.removed += 1
                self._release(batches, old)
                batches.maybe_commit()
            batches.commit()
        except BaseException:
            batches.cancel()
            raise
        self.committed = batches.commits > 0
        self.result.extracted, self.result.cached = self.reader.extracted, self.reader.cached
        self.result.slowest = [SlowFile(p, s) for s, p in sorted(self.slowest, reverse=True)]
        if deleted or groups:
            self.reader.prune(self._live_contents(current))

    def _live_contents(self, current: dict[str, ArchiveFile]) -> set[str]:
        """Return the contents the archive holds after this run (what the cache keeps)."""
        return {
            old.sha256
            for rel, old in self.state.files.items()
            if rel in current and rel not in self.regrouped and old.sha256
        } | self.new_contents

    # -- one group of paths with the same content

    def _write_group(self, batches: _Batches, sha: str, members: list[ArchiveFile], reading: Reading) -> None:
        if reading.parsed:
            entry = (reading.seconds, members[0].rel)
            if len(self.slowest) < SLOWEST:
                heapq.heappush(self.slowest, entry)
            else:
                heapq.heappushpop(self.slowest, entry)
        if reading.failure:
            self._point(batches, sha, members, failure=reading.failure)
            return
        self._write_doc(batches, reading.report, reading.extracted, reading.parts)
        self._point(batches, sha, members, failure=None)

    def _write_doc(
        self, batches: _Batches, report: Report, extracted: Extracted, parts: tuple[str, str] | None = None
    ) -> None:
        meta = asdict(report) | {"indexed": self.now}
        batches.add(doc_record(report, extracted.pages, meta, parts))
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
            self.final[f.rel] = _FileState(f.rel, f.size, f.mtime_ns, sha, doc_id, reason, error, meta)
            if failure:
                self._failed(FailedFile(f.rel, error, reason))
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
        self._failed(FailedFile(f.rel, message, Reason.CORRUPT))

    def _failed(self, failed: FailedFile) -> None:
        self.result.failed.append(failed)
        self.on_failed(failed)


class _Sized:
    """An iterator with a length, for progress bars."""

    def __init__(self, items: Iterator, length: int):
        self.items, self.length = items, length

    def __iter__(self):
        return self.items

    def __len__(self) -> int:
        return self.length


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
        contact=meta.get("contact"),
        date_stamp=meta.get("date_stamp"),
    )


def _settle(
    ix, settings: Settings, result: IngestResult, index_dir: Path, generation: str, committed: bool
) -> bool:
    """Apply editors' corrections, summaries and the facts a case's documents share, from the stored text.

    A document is rewritten only when its corrections, summary or borrowed facts changed
    since it was last written (``Report.context`` fingerprints them). When this run
    committed nothing and no correction or summary file changed since the last settled
    run, the document records are not read at all, so a no-op run stays fast. Returns
    whether anything was written.
    """
    sidecars = Sidecars.load(settings.archive)
    summaries = Summaries.load(settings.archive, load_template(settings.summary_template))
    result.warnings = sidecars.warnings
    mark = {
        "generation": generation,
        "files": hashlib.sha256(
            json.dumps(
                [
                    sorted((k, v.digest) for k, v in sidecars.files.items()),
                    sorted((k, v.digest) for k, v in summaries.files.items()),
                    sorted((k, list(v)) for k, v in settings.organisation.administrations.items()),
                ]
            ).encode()
        ).hexdigest(),
    }
    if not committed and _read_settled(index_dir) == mark | {"toc": ix.latest_generation()}:
        return False
    updated = _apply_settled(ix, sidecars, summaries, settings.organisation.administrations)
    result.metadata_updated = len(updated)
    _write_settled(index_dir, mark | {"toc": ix.latest_generation()})
    return bool(updated)


SETTLED_FILE = "settled.json"


def _read_settled(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / SETTLED_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_settled(index_dir: Path, mark: dict) -> None:
    tmp = index_dir / f".{SETTLED_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(mark), encoding="utf-8")
    os.replace(tmp, index_dir / SETTLED_FILE)


def _apply_settled(ix, sidecars: Sidecars, summaries: Summaries, administrations=None) -> set[str]:
    updated: set[str] = set()
    for _ in range(SETTLE_ROUNDS):
        plans = []
        with ix.searcher() as searcher:
            stored = list(searcher.documents(kind="doc"))
            shared = shared_facts((_member(d) for d in stored), administrations)
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
    return updated
