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

import errno
import heapq
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace

from kbank import timeutil
from kbank.archive import ArchiveFile, check_archive
from kbank.config import Settings
from kbank.errors import IndexDamaged, KbankError, os_reason
from kbank.extract import Extracted, Reason
from kbank.index.generations import discard_unfinished, open_target
from kbank.index.pretokens import Pretokens, with_pretokens
from kbank.index.records import FileRecord, doc_record, file_record, read_records, text_record
from kbank.index.writing import Batches
from kbank.ingest import unchanged
from kbank.ingest.guard import (
    IngestScope,
    check_removals,
    check_root,
    keep_unseen,
    remember_root,
    walk_scope,
)
from kbank.ingest.history import recorded_count, update_history
from kbank.ingest.lock import writer_lock
from kbank.ingest.plan import Plan, Progress, no_progress, plan_changes
from kbank.ingest.reading import ID_LENGTH, Reader, Reading, ocr_missing
from kbank.ingest.result import FailedFile, IngestResult, SlowFile
from kbank.ingest.settle import describe_stored, settle
from kbank.ingest.state import State, count_docs, doc_states, load_state, write_snapshot
from kbank.metadata.report import Report
from kbank.search.listing import write_listing

#: How many of the slowest files the summary names.
SLOWEST = 5


def ingest(
    settings: Settings,
    *,
    full: bool = False,
    retry_failed: bool = False,
    use_cache: bool = True,
    progress: Progress = no_progress,
    on_failed: Callable[[FailedFile], None] | None = None,
    scope: IngestScope | None = None,
    found: unchanged.Check | None = None,
) -> IngestResult:
    """Index new and changed files, drop deleted ones; ``full`` rebuilds into a fresh index.

    Refused before anything is written (``ArchiveRefused``): an empty or unreadable archive,
    another root than the index was built from, or removals past the configured share.
    A run over an unchanged archive is answered from the last run's note (``unchanged``);
    ``found`` is that check when the caller made it already.
    """
    started = time.monotonic()
    scope = scope or IngestScope()
    check_archive(settings.archive)
    check_root(settings, scope)
    found = found or unchanged.check(settings, full, retry_failed, scope)
    with writer_lock(settings.index, "reindex" if full else "ingest", settings.lock_wait) as lock:
        quick = unchanged.answer(settings, found, lock)
        if quick is not None:
            quick.seconds = time.monotonic() - started
            return quick
        result = IngestResult(stale_lock=lock.stale.describe() if lock.stale else found.stale)
        discard_unfinished(settings.index)  # a rebuild killed before its swap
        try:
            _ingest_locked(
                settings, full, retry_failed, use_cache, progress, on_failed, result, scope, found.stamp
            )
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            where = exc.filename or settings.index
            raise KbankError(
                f"disken är full ({where}): frigör plats och kör kbank {'reindex' if full else 'ingest'} "
                "igen; det som redan skrivits är kvar"
            ) from None
    result.seconds = time.monotonic() - started
    if any(f.reason == Reason.NEEDS_OCR for f in result.failed):
        missing = ocr_missing(settings)
        if missing:
            result.hints.append(
                f"inskannade PDF-filer kan läsas med OCR: {missing}; kör sedan kbank ingest igen"
            )
    return result


def _failures_before(index_dir) -> dict[str, tuple]:
    """path -> (reason, size, mtime_ns) of the files the live index recorded as unreadable."""
    try:
        records = read_records(index_dir, ("file",))["file"]
    except KbankError:
        return {}
    return {
        r["path"]: (r.get("reason"), r.get("size"), r.get("mtime_ns"))
        for r in records
        if not r.get("doc_id") and r.get("reason")
    }


def _ingest_locked(
    settings: Settings,
    full: bool,
    retry_failed: bool,
    use_cache: bool,
    progress: Progress,
    on_failed: Callable[[FailedFile], None] | None,
    result: IngestResult,
    scope: IngestScope,
    stamp: str | None = None,
) -> None:
    walked = walk_scope(settings, scope)
    result.unreadable_folders = walked.unreadable
    index_dir = settings.index
    before = _failures_before(index_dir) if full else {}
    target = open_target(index_dir, full)
    state = State()
    if not target.fresh:
        try:
            state = load_state(target.ix, index_dir, target.generation)
        except IndexDamaged as exc:
            target.ix.close()
            target = open_target(index_dir, full=True)
            target.rebuild_reason = str(exc)
    result.rebuilt = target.fresh
    result.rebuild_reason = target.rebuild_reason
    ix = target.ix
    reader = Reader(settings, use_cache, retry_cached_failures=target.fresh or retry_failed)
    try:
        keep_unseen(settings, walked, state, scope, full)
        plan = plan_changes(state, walked.files, retry_failed, progress, known=reader.knows)
        check_removals(settings, plan, state, scope, full)
        run = _Run(ix, state, result, progress, reader, on_failed)
        run.run(plan)
        settled = settle(ix, settings, index_dir, target.generation, run.committed)
        result.warnings, result.metadata_updated = settled.warnings, settled.updated
        run.state.docs.update(settled.moved)
        if run.committed or settled.wrote or not state.from_snapshot:
            write_snapshot(index_dir, target.generation, ix.latest_generation(), run.final_state())
        target.activate()
        remember_root(settings, walked)
        stats = {f.rel: (f.size, f.mtime_ns) for f in walked.files}
        result.repeated_failed = sum(
            1
            for f in result.failed
            if f.path in before and before[f.path] == (f.reason, *stats.get(f.path, ()))
        )
    except BaseException:
        target.discard()
        raise
    finally:
        reader.close()
    result.documents = count_docs(ix)
    try:
        write_listing(ix, index_dir, target.generation)  # list --limit reads its page from it
    except OSError:
        pass  # only a shortcut: list reads the index without it
    result.jobs = reader.jobs_started
    result.pdf_reader = reader.pdf_reader or None
    result.ocr_pages = reader.ocr_pages
    changed = result.added or result.updated or result.removed or result.rebuilt or result.metadata_updated
    if changed or recorded_count(settings) != result.documents:
        update_history(settings, doc_states(ix, settings), timeutil.utc_now())
    unchanged.remember(settings, stamp, {f.rel for f in walked.files}, run.final_state(), result)


class _Run:
    """One ingest: plan from the walk and the index state, then write in batches."""

    def __init__(
        self,
        ix,
        state: State,
        result: IngestResult,
        progress: Progress,
        reader: Reader,
        on_failed: Callable[[FailedFile], None] | None = None,
    ):
        self.ix = ix
        self.state = state
        self.result = result
        self.progress = progress
        self.reader = reader
        self.on_failed = on_failed or (lambda failed: None)
        self.now = timeutil.local_timestamp()
        self.slowest: list[tuple[float, str]] = []
        #: the file records as they will be when the run is done
        self.final: dict[str, FileRecord] = dict(state.files)
        self.committed = False

    def final_state(self) -> State:
        """Return the file and document records the index holds after the run."""
        return State(files=self.final, docs=dict(self.state.docs))

    def run(self, plan: Plan) -> None:
        """Write what the plan says, in batches; documents first, removed paths last."""
        self.final_refs, self.pending_old = plan.final_refs, plan.pending_old
        self.result.unchanged += plan.unchanged
        self.result.known_failed += plan.known_failed
        for f, exc in plan.unhashed:
            self._fail_unhashed(f, exc)
        final_refs, deleted, groups = plan.final_refs, plan.deleted, plan.groups
        batches = Batches(self.ix, on_commit=self.reader.commit)
        try:
            for doc_id in list(self.state.docs):
                if not final_refs.get(doc_id) and not self.pending_old.get(doc_id):
                    self._delete_doc(batches, doc_id)  # an orphan left by an interrupted run
            for f, old in plan.touched:
                batches.add(replace(old, size=f.size, mtime_ns=f.mtime_ns).to_record())
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
            self.reader.prune(plan.live_contents(self.state))

    # -- one group of paths with the same content

    def _write_group(self, batches: Batches, sha: str, members: list[ArchiveFile], reading: Reading) -> None:
        if reading.parsed:
            entry = (reading.seconds, members[0].rel)
            if len(self.slowest) < SLOWEST:
                heapq.heappush(self.slowest, entry)
            else:
                heapq.heappushpop(self.slowest, entry)
        if reading.failure:
            self._point(batches, sha, members, failure=reading.failure)
            return
        assert reading.report is not None and reading.extracted is not None  # read without failure
        self._write_doc(batches, reading.report, reading.extracted, reading.parts, reading.pretokens)
        self._point(batches, sha, members, failure=None)

    def _write_doc(
        self,
        batches: Batches,
        report: Report,
        extracted: Extracted,
        parts: tuple[str, str] | None = None,
        pretokens: Pretokens | None = None,
    ) -> None:
        meta = asdict(report) | {"indexed": self.now}
        batches.add(with_pretokens(doc_record(report, extracted.pages, meta, parts), pretokens))
        batches.add(
            text_record(
                report.id,
                extracted.pages,
                {
                    "paged": extracted.paged,
                    "properties": extracted.properties,
                    "headings": extracted.headings,
                }
                | (
                    {"scanned_pages": extracted.scanned_pages, "ocr_pages": extracted.ocr_pages}
                    if extracted.scanned_pages
                    else {}
                ),
            )
        )
        self.state.docs[report.id] = report.path

    def _point(
        self, batches: Batches, sha: str, members: list[ArchiveFile], failure: tuple[str, str] | None
    ) -> None:
        """Write the file records of ``members`` and release the documents they left."""
        doc_id = "" if failure else sha[:ID_LENGTH]
        for f in members:
            old = self.state.files.get(f.rel)
            meta = dict(old.meta) if old else {"first_seen": self.now}
            meta["changed"] = self.now
            reason, error = failure if failure else (None, None)
            batches.add(file_record(f.rel, f.size, f.mtime_ns, sha, doc_id, reason, error, meta))
            self.final[f.rel] = FileRecord(f.rel, f.size, f.mtime_ns, sha, doc_id, reason, error, meta)
            if failure:
                self._failed(FailedFile(f.rel, failure[1], failure[0]))
            elif old is None:
                self.result.added += 1
            else:
                self.result.updated += 1
            if old:
                self._release(batches, old)

    def _redescribe(self, batches: Batches, doc_id: str, primary: str) -> None:
        """Rebuild a document's record for a new primary path from its stored text."""
        with self.ix.searcher() as searcher:
            stored = searcher.document(id=f"t:{doc_id}")
            old_doc = searcher.document(id=doc_id) or {}
        if stored is None:
            return
        report = describe_stored(doc_id, old_doc.get("sha256") or doc_id, primary, stored)
        indexed = (old_doc.get("meta") or {}).get("indexed", self.now)
        batches.add(doc_record(report, stored.get("pages") or [], asdict(report) | {"indexed": indexed}))
        self.state.docs[doc_id] = primary

    def _release(self, batches: Batches, old: FileRecord) -> None:
        """Note that ``old``'s path no longer points to its document; delete it with its last path."""
        if not old.doc_id:
            return
        self.pending_old[old.doc_id] -= 1
        if self.pending_old[old.doc_id] == 0 and not self.final_refs.get(old.doc_id):
            self._delete_doc(batches, old.doc_id)

    def _delete_doc(self, batches: Batches, doc_id: str) -> None:
        batches.delete(doc_id)
        batches.delete(f"t:{doc_id}")
        self.state.docs.pop(doc_id, None)

    def _fail_unhashed(self, f: ArchiveFile, exc: OSError) -> None:
        message = f"kan inte läsa filen ({os_reason(exc)})"
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
