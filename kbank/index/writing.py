"""Writing to an index: a writer that keeps segments apart, committed in bounded batches."""

from __future__ import annotations

from collections.abc import Callable

from whoosh.index import LockError

from kbank.errors import IndexLocked

#: MB of postings whoosh's writer pools before it sorts them out to a temporary file
#: (whoosh's default is 128; the writer's share of the ingest's peak memory, see BENCHMARKS.md)
WRITER_POOL_MB = 48


def open_writer(ix):
    """Open a writer that keeps segment files apart (a compound segment is read into memory)."""
    try:
        return ix.writer(compound=False, limitmb=WRITER_POOL_MB)
    except LockError:
        raise IndexLocked(
            "indexet används av en annan kbank-process som skriver: försök igen senare"
        ) from None


#: Commit after this many characters of new text, so a writer's memory stays bounded.
BATCH_CHARS = 20_000_000
#: ... or after this many records.
BATCH_RECORDS = 2_000


class Batches:
    """A whoosh writer that commits every so often and cancels on error."""

    def __init__(self, ix, on_commit: Callable[[], None] = lambda: None, merge: bool = True):
        self.ix = ix
        #: merge small segments at commit (whoosh's default); a one-report edit leaves that to the next run
        self.merge = merge
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
            self.writer.commit(merge=self.merge)
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
