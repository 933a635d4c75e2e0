"""What the index records about the archive: file records and documents, with a snapshot for no-op runs.

The file and document records of a large index take seconds to read from whoosh's stored
fields; a no-op run must not. After each run the writer saves them in ``state.json``,
stamped with the generation folder and whoosh's commit counter (its TOC generation). Any
later commit changes the counter, so a snapshot is used only for the exact index state it
was taken from; otherwise the records are read from the index, which stays the truth.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kbank.config import Settings
from kbank.editorial.status import visibility
from kbank.errors import IndexDamaged
from kbank.index.generations import read_note, write_note
from kbank.index.records import FileRecord
from kbank.ingest.history import DocState

#: The file and document records of the last run, to spare a no-op run reading them.
STATE_FILE = "state.json"


@dataclass
class State:
    """The archive as the index knows it: a record per path, and each document's primary path."""

    files: dict[str, FileRecord] = field(default_factory=dict)
    #: doc id -> primary path
    docs: dict[str, str] = field(default_factory=dict)
    from_snapshot: bool = False


def load_state(ix, index_dir: Path, generation: str) -> State:
    """Return what the index records about the archive's files and documents."""
    snapshot = read_snapshot(index_dir, generation, ix.latest_generation())
    if snapshot is not None:
        return snapshot
    state = State()
    try:
        with ix.searcher() as searcher:
            for stored in searcher.documents(kind="file"):
                state.files[stored["path"]] = FileRecord.from_stored(stored)
            for stored in searcher.documents(kind="doc"):
                state.docs[stored["id"]] = stored.get("path", "")
    except Exception as exc:  # noqa: BLE001 - any failure to read means a damaged index
        raise IndexDamaged(f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex") from None
    return state


def read_snapshot(index_dir: Path, generation: str, toc: int) -> State | None:
    """Return the snapshot taken of exactly this index state, or None."""
    data = read_note(index_dir, STATE_FILE)
    if data is None or data.get("version") != 1:
        return None
    if data.get("generation") != generation or data.get("toc") != toc:
        return None
    try:
        state = State(from_snapshot=True)
        for path, size, mtime_ns, sha256, doc_id, reason, error, meta in data["files"]:
            state.files[path] = FileRecord(path, size, mtime_ns, sha256, doc_id, reason, error, meta)
        state.docs = dict(data["docs"])
        return state
    except (ValueError, TypeError, KeyError):
        return None


def write_snapshot(index_dir: Path, generation: str, toc: int, state: State) -> None:
    """Save the records the index holds after a run, for the next run."""
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
    write_note(index_dir, STATE_FILE, data)


def count_docs(ix) -> int:
    """How many documents the index holds."""
    with ix.searcher() as searcher:
        return sum(1 for _ in searcher.document_numbers(kind="doc"))


def doc_states(ix, settings: Settings) -> list[DocState]:
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
