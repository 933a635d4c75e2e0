"""Planning a run: which paths are new, changed, moved, unchanged or gone, from the walk and the state.

A path whose size and mtime are unchanged is not read; one whose stat changed is hashed, and
read again only if its content changed. Paths with the same content form one group (one
document). The plan also says where each path will point when the run is done, so the writer
knows which documents lose their last path.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from kbank.archive import ArchiveFile
from kbank.extract import Reason
from kbank.index.records import FileRecord
from kbank.ingest.reading import ID_LENGTH
from kbank.ingest.state import State

#: Failures read again when the installed tools change: scans (OCR) and formats without a reader.
RECHECKED = frozenset({Reason.NEEDS_OCR, Reason.UNSUPPORTED})

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class SizedIterable(Protocol[T_co]):
    """What a progress bar needs: items to go through, and how many there are."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[T_co]: ...


#: ``progress(items, label)`` yields the items, showing progress (the CLI passes a rich bar)
Progress = Callable[[SizedIterable[T], str], Iterable[T]]


def no_progress(items: SizedIterable[T], label: str) -> Iterable[T]:
    """Iterate without showing progress (the library default; the CLI passes a progress bar)."""
    return items


@dataclass
class Plan:
    """What a run has to do, decided before anything is written."""

    #: archive-relative path -> file, as the walk found them
    current: dict[str, ArchiveFile]
    #: paths the index knows that are gone from the archive, sorted
    deleted: list[str]
    #: same content under a new stat: only the file record is rewritten
    touched: list[tuple[ArchiveFile, FileRecord]] = field(default_factory=list)
    #: content sha256 -> the paths that hold it, for contents to (re)point or read
    groups: dict[str, list[ArchiveFile]] = field(default_factory=dict)
    #: paths that could not even be hashed
    unhashed: list[tuple[ArchiveFile, OSError]] = field(default_factory=list)
    #: doc id -> the paths that will point to it when the run is done
    final_refs: dict[str, set[str]] = field(default_factory=dict)
    #: doc id -> how many of its old paths the run still has to release
    pending_old: dict[str, int] = field(default_factory=dict)
    #: paths whose content is (re)grouped in this run
    regrouped: set[str] = field(default_factory=set)
    unchanged: int = 0
    known_failed: int = 0

    def live_contents(self, state: State) -> set[str]:
        """The contents the archive holds after the run (what the extraction cache keeps)."""
        return {
            old.sha256
            for rel, old in state.files.items()
            if rel in self.current and rel not in self.regrouped and old.sha256
        } | set(self.groups)


def sha256_of(path: Path) -> str:
    """Hash a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_changes(
    state: State,
    files: list[ArchiveFile],
    retry_failed: bool,
    progress: Progress,
    known: Callable[[str], bool] = lambda sha256: True,
) -> Plan:
    """Compare the walk with the index's records and decide what to read, repoint and remove.

    ``known(sha256)`` tells whether the extraction cache has a reading of a content by the
    tools installed now; a scan or an unsupported format that failed is read again when not.
    """
    current = {f.rel: f for f in files}
    plan = Plan(current=current, deleted=sorted(p for p in state.files if p not in current))
    to_hash: list[ArchiveFile] = []
    #: known failures read again because the tools that failed on them changed
    recheck: set[str] = set()
    for f in files:
        old = state.files.get(f.rel)
        if old is None or (old.size, old.mtime_ns) != (f.size, f.mtime_ns):
            to_hash.append(f)
        elif old.doc_id and old.doc_id in state.docs:
            plan.unchanged += 1
        elif old.doc_id:
            to_hash.append(f)  # its document went missing: read it again
        elif retry_failed:
            to_hash.append(f)
        elif old.reason in RECHECKED and not known(old.sha256):
            # a scan or a format that could not be read with what was installed then: the
            # OCR, a reader or kbank changed since (the cache has no reading by them)
            recheck.add(f.rel)
            to_hash.append(f)
        else:
            plan.known_failed += 1

    groups: dict[str, list[ArchiveFile]] = defaultdict(list)
    for f in progress(to_hash, "Kontrollerar"):
        try:
            sha = sha256_of(f.abspath)
        except OSError as exc:
            plan.unhashed.append((f, exc))
            continue
        old = state.files.get(f.rel)
        same = old is not None and old.sha256 == sha
        if old is not None and same and old.doc_id and old.doc_id in state.docs:
            plan.touched.append((f, old))  # same content, new mtime: record the stat only
        elif old is not None and same and not old.doc_id and not retry_failed and f.rel not in recheck:
            plan.touched.append((f, old))
        else:
            groups[sha].append(f)
    plan.groups = dict(groups)

    # Where each path will point when the run is done, to know which documents go.
    plan.regrouped = {f.rel for members in groups.values() for f in members}
    final_refs: dict[str, set[str]] = defaultdict(set)
    for rel, old in state.files.items():
        if rel in current and old.doc_id and rel not in plan.regrouped:
            final_refs[old.doc_id].add(rel)
    for sha, members in groups.items():
        final_refs[sha[:ID_LENGTH]].update(f.rel for f in members)
    pending_old: dict[str, int] = defaultdict(int)
    for rel in set(plan.deleted) | plan.regrouped:
        old = state.files.get(rel)
        if old and old.doc_id:
            pending_old[old.doc_id] += 1
    plan.final_refs, plan.pending_old = final_refs, pending_old
    return plan
