"""The extraction cache: what reading a content gave, keyed by its sha256.

It lives beside the generations, in ``<index>/cache.sqlite``, and outlives them: a
``reindex`` (after an analyzer or schema change) takes every text from here instead of
parsing every PDF again, and a content that appears under a new path is not parsed again.
An entry is valid only for the extractor id it was made with (kbank's reading code and the
pypdf, python-docx and cryptography versions): after an upgrade every file is read anew. A
reading of a file with scanned pages is kept under the extractor id and the OCR's (engine,
version, languages, resolution, or "off"/"none"), so installing Tesseract or changing its
languages reads the scans again and nothing else.

Failures are kept too, so that a copy of a known-bad file costs nothing; ``reindex`` and
``ingest --retry-failed`` ignore them. After a run that changed something the cache is
pruned to the contents the archive holds, so it never grows past the archive's text
(zlib-compressed, about a third of the text's size). Only the lock holder writes it;
a damaged cache file is deleted and started afresh: it is only a cache.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kbank import timeutil

CACHE_FILE = "cache.sqlite"
#: Seconds between commits of new entries, whatever the index's batches do.
COMMIT_EVERY = 5.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS extracted (
    sha256 TEXT PRIMARY KEY,
    extractor TEXT NOT NULL,
    reason TEXT,
    error TEXT,
    data BLOB,
    seconds REAL,
    stored INTEGER NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    """A cached reading: ``data`` (packed text) or a failure ``reason`` and ``error``."""

    data: bytes | None
    reason: str | None
    error: str | None
    seconds: float


class Cache:
    """The extraction cache of one index folder."""

    def __init__(self, index_dir: Path, extractor: str, ocr_extractor: str | None = None):
        self.path = index_dir / CACHE_FILE
        self.extractor = extractor
        #: the id of readings that involved OCR (scanned pages); the extractor's by default
        self.ocr_extractor = ocr_extractor or extractor
        self.db = self._connect()
        self._committed = time.monotonic()

    def reader(self) -> Cache:
        """Open another connection to the same cache, for use in another thread."""
        other = Cache.__new__(Cache)
        other.path, other.extractor, other.ocr_extractor = self.path, self.extractor, self.ocr_extractor
        other.db = sqlite3.connect(self.path, timeout=60)
        other._committed = time.monotonic()
        return other

    def _connect(self) -> sqlite3.Connection:
        for attempt in range(2):
            try:
                db = sqlite3.connect(self.path, isolation_level="DEFERRED", timeout=60)
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(_SCHEMA)
                db.commit()
                return db
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                self._remove()
        raise AssertionError("unreachable")

    def _remove(self) -> None:
        for suffix in ("", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def get(self, sha256: str) -> Entry | None:
        """Return the entry for a content, or None when it was not read by this extractor."""
        try:
            row = self.db.execute(
                "SELECT data, reason, error, seconds FROM extracted WHERE sha256 = ? AND extractor IN (?, ?)",
                (sha256, self.extractor, self.ocr_extractor),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        return Entry(*row) if row else None

    def lookup(self, sha256: str) -> Entry | None:
        """Like ``get``, without the text: ``data`` is ``b""`` when there is text."""
        try:
            row = self.db.execute(
                "SELECT CASE WHEN data IS NULL THEN NULL ELSE x'' END, reason, error, seconds "
                "FROM extracted WHERE sha256 = ? AND extractor IN (?, ?)",
                (sha256, self.extractor, self.ocr_extractor),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        return Entry(*row) if row else None

    def put(self, sha256: str, entry: Entry, ocr: bool = False) -> None:
        """Remember what reading a content gave (written at the next ``commit``); ``ocr``: it had scanned pages."""
        self.db.execute(
            "INSERT OR REPLACE INTO extracted (sha256, extractor, reason, error, data, seconds, stored) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                sha256,
                self.ocr_extractor if ocr else self.extractor,
                entry.reason,
                entry.error,
                entry.data,
                entry.seconds,
                int(timeutil.utc_now().timestamp()),
            ),
        )
        # committed by time as well as with the index's batches: a run killed before its first
        # batch commit keeps what it read (a batch of slow files can take minutes)
        if time.monotonic() - self._committed >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self._committed = time.monotonic()

    def prune(self, keep: Iterable[str]) -> int:
        """Forget every content not in ``keep``; return how many entries went."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (sha256 TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM keep")
        self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((s,) for s in keep))
        cursor = self.db.execute(
            "DELETE FROM extracted WHERE sha256 NOT IN (SELECT sha256 FROM keep) OR extractor NOT IN (?, ?)",
            (self.extractor, self.ocr_extractor),
        )
        removed = cursor.rowcount
        self.db.commit()
        if removed > 100 and removed > len(self):
            self.db.execute("VACUUM")  # give the space back when more than half went
        return removed

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM extracted").fetchone()[0]
