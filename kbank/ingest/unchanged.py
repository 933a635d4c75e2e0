"""A run with nothing to do, told from one walk of the archive's stat results.

Before, a no-op ``kbank ingest`` walked the archive three times (reports, correction files,
summaries), read every correction and summary file, loaded the index's records and imported
the readers and whoosh, only to say that nothing changed. Now every complete run that leaves
the index in a steady state writes ``unchanged.json`` beside the index, holding

- a stamp of the archive taken *before* that run walked it: for every report file its path,
  size and mtime (what the run itself compares), for every correction file (``*.toml``) and
  summary also its ctime (which no tool can set back), and for a correction file whether the
  file it corrects is there;
- a stamp of the live index's files (``kbank.notes.live_stamp``: any commit changes it), of the
  history file, of the settings that decide what an ingest does and of kbank's own code;
- what a run over the unchanged archive reports: how many files are unchanged or failed
  before, the number of documents, the correction files' warnings.

A later run takes the same archive stamp (one ``os.scandir`` per folder and one ``stat`` per
relevant file: a file's content can change without its folder's mtime changing, so every file
is stat'ed) and compares. When everything matches it answers from the note, holding the writer
lock, without opening the index. Anything else takes the full run: a difference, a symlinked
file, a folder that cannot be read, a failed file that new tools might read (a scan, an
unsupported format), ``--only``, ``--retry-failed`` and ``reindex``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from kbank import timeutil
from kbank.archive import is_candidate, is_summary
from kbank.config import Settings
from kbank.editorial.problems import SidecarWarning
from kbank.index.notes import live_stamp, read_note, write_note
from kbank.ingest.lock import Lock
from kbank.ingest.result import IngestResult, IngestScope

NOTE = "unchanged.json"
#: The note about the archive root (``guard.ROOT_NOTE``): a quick run refreshes it as a full one does.
ROOT_NOTE = "archive.json"
VERSION = 1
#: A correction file's suffix (``editorial.sidecar.SUFFIX``): the file it corrects must exist.
SIDECAR_SUFFIX = ".kbank.toml"
#: Settings that change how a run works, not what it finds or writes.
_NOT_DECIDING = frozenset(
    {"config_file", "sources", "jobs", "time_limit", "memory_limit", "lock_wait", "serve", "serve_idle",
     "serve_timeout", "bank_timeout"}
)  # fmt: skip


class _Unusual(Exception):
    """Something only the full run handles (a link, a folder that cannot be read)."""


@dataclass
class Check:
    """What a run found before it took the lock: the archive's stamp, and whether the note answers it."""

    #: the archive's stamp (None: the archive cannot be stamped, e.g. a symlinked file)
    stamp: str | None = None
    #: report files the stamp counted
    files: int = 0
    #: the note, when it matches everything but the index (checked again under the lock)
    note: dict | None = None
    #: the stale lock a quick attempt found and replaced, for the full run to report
    stale: str | None = None


def archive_stamp(root: Path) -> tuple[str, int]:
    """A digest of what decides a run over ``root`` (see the module's docstring) and its report count.

    Raises ``_Unusual`` for what only the full run handles.
    """
    digest = hashlib.sha256()
    count = 0
    pending = [("", os.fspath(root))]
    while pending:
        rel_dir, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            raise _Unusual(folder) from None
        by_name = {e.name: e for e in entries}
        subfolders = []
        lines = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()  # as os.walk sees it (a link to a folder is listed, not entered)
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith(".") and not entry.is_symlink():
                    subfolders.append(name)
                continue
            candidate = is_candidate(name)
            lower = name.lower()
            toml = lower.endswith(".toml") and not name.startswith((".", "~$"))
            summary = is_summary(name)
            if not (candidate or toml or summary):
                continue
            if entry.is_symlink():
                raise _Unusual(name)  # inside or outside the archive: the full run decides
            try:
                st = entry.stat()
            except FileNotFoundError:
                continue  # vanished while listed
            except OSError:
                raise _Unusual(name) from None
            rel = rel_dir + name
            if candidate:
                if entry.is_file():
                    count += 1
                    lines.append(f"r\0{rel}\0{st.st_size}\0{st.st_mtime_ns}")
                continue
            line = f"{'t' if toml else 's'}\0{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
            if lower.endswith(SIDECAR_SUFFIX):
                target = name[: -len(SIDECAR_SUFFIX)]
                found = by_name.get(target)
                exists = (
                    found.is_file() if found is not None else os.path.isfile(os.path.join(folder, target))
                )
                line += f"\0{int(exists)}"
            lines.append(line)
        if lines:
            digest.update("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
        for name in reversed(subfolders):
            pending.append((f"{rel_dir}{name}/", os.path.join(folder, name)))
    return digest.hexdigest(), count


def settings_stamp(settings: Settings) -> str:
    """A digest of the settings that decide what an ingest finds and writes, and of kbank's code."""
    parts = [f"python={sys.version_info[:2]}"]
    for f in fields(settings):
        if f.name in _NOT_DECIDING:
            continue
        value = getattr(settings, f.name)
        if isinstance(value, Path):
            value = os.path.abspath(value)
        parts.append(f"{f.name}={value!r}")
    template = settings.summary_template
    if template is not None:
        try:
            st = os.stat(template)
            parts.append(f"template={st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
        except OSError:
            parts.append("template=missing")
    parts.append(f"code={_code_stamp()}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """A digest of kbank's own files (size and mtime): an upgrade or an edit takes the full run.

    Taken once per process, when a run starts (``check``): a note written at the end of a long run
    names the code that ran, not code installed meanwhile.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    pending = [package]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as listing:
            for entry in sorted(listing, key=lambda e: e.name):
                if entry.name == "__pycache__":
                    continue
                if entry.is_dir():
                    pending.append(Path(entry.path))
                else:
                    st = entry.stat()
                    digest.update(
                        f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
                    )
    return digest.hexdigest()


def _file_stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _history_path(settings: Settings) -> Path:
    from kbank.ingest.history import history_path

    return history_path(settings)


def answerable(full: bool, retry_failed: bool, scope: IngestScope) -> bool:
    """Whether a run with these options may be answered from the note (a plain ``ingest``)."""
    return not full and not retry_failed and scope.only is None and not scope.archive_moved


def check(settings: Settings, full: bool, retry_failed: bool, scope: IngestScope) -> Check:
    """Stamp the archive (before any walk of the run) and find whether the note answers this run.

    Runs before the writer lock; ``answer`` checks the index again under it.
    """
    found = Check()
    _code_stamp()  # the code this run starts with
    if scope.only is not None:
        return found  # a part of the archive: neither answered nor noted
    try:
        found.stamp, found.files = archive_stamp(settings.archive)
    except _Unusual:
        return found
    if not answerable(full, retry_failed, scope):
        return found
    note = read_note(settings.index, NOTE)
    if not note or note.get("version") != VERSION or note.get("archive") != found.stamp:
        return found
    root = (read_note(settings.index, ROOT_NOTE) or {}).get("root")
    if root is None or root != str(settings.archive.resolve()) or note.get("root") != root:
        return found
    if note.get("settings") != settings_stamp(settings):
        return found
    if note.get("history") != _file_stamp(_history_path(settings)):
        return found
    found.note = note
    return found


def answer(settings: Settings, found: Check, lock: Lock) -> IngestResult | None:
    """The result of a run over an unchanged archive, holding the writer lock; None: run it in full."""
    note = found.note
    if note is None or note.get("index") != live_stamp(settings.index):
        return None
    try:
        warnings = [
            SidecarWarning(str(p), None if line is None else int(line), str(m))
            for p, line, m in note["warnings"]
        ]
        result = IngestResult(
            unchanged=int(note["unchanged"]),
            known_failed=int(note["known_failed"]),
            documents=int(note["documents"]),
            warnings=warnings,
            stale_lock=lock.stale.describe() if lock.stale else None,
        )
    except (KeyError, TypeError, ValueError):
        return None
    try:  # as guard.remember_root: the root, how many files the run saw, when it was checked
        write_note(
            settings.index,
            ROOT_NOTE,
            {
                "root": note["root"],
                "files": found.files,
                "unreadable": [],
                "checked": timeutil.local_timestamp(),
            },
        )
    except OSError:
        pass  # the memory is a safeguard; the run itself succeeded
    return result


def quick_ingest(settings: Settings, found: Check) -> IngestResult | None:
    """Answer a plain ``ingest`` over an unchanged archive from the note, or None (run it in full).

    Takes the writer lock as any run does (waiting ``lock_wait``, or failing when it is held).
    """
    import time

    from kbank.ingest.lock import writer_lock

    if found.note is None:
        return None
    started = time.monotonic()
    with writer_lock(settings.index, "ingest", settings.lock_wait) as lock:
        result = answer(settings, found, lock)
        if result is None:
            found.stale = lock.stale.describe() if lock.stale else None
            return None
    result.seconds = time.monotonic() - started
    return result


def remember(
    settings: Settings, stamp: str | None, files_seen: set[str], final, result: IngestResult
) -> None:
    """After a complete run: note what an unchanged archive would report next time, or drop the note.

    ``final`` is the run's final ``State`` (file records and documents). The note is written only
    when the next full run over an unchanged archive would read, write and report nothing new:
    every file seen has its record, every record's document exists and no failed file would be
    read again because tools changed (scans, unsupported formats).
    """
    from kbank.ingest.history import recorded_count
    from kbank.ingest.plan import RECHECKED

    records = final.files
    steady = (
        stamp is not None
        and not result.unreadable_folders
        and set(records) == files_seen
        and all(r.doc_id in final.docs for r in records.values() if r.doc_id)
        and {r.doc_id for r in records.values() if r.doc_id} == set(final.docs)
        and not any(r.reason in RECHECKED for r in records.values() if not r.doc_id)
        and recorded_count(settings) == result.documents
    )
    index = live_stamp(settings.index) if steady else None
    if index is None:
        try:
            (settings.index / NOTE).unlink(missing_ok=True)
        except OSError:
            pass
        return
    with_doc = sum(1 for r in records.values() if r.doc_id)
    note = {
        "version": VERSION,
        "archive": stamp,
        "root": str(settings.archive.resolve()),
        "settings": settings_stamp(settings),
        "history": _file_stamp(_history_path(settings)),
        "index": index,
        "unchanged": with_doc,
        "known_failed": len(records) - with_doc,
        "documents": result.documents,
        "warnings": [[w.path, w.line, w.message] for w in result.warnings],
    }
    try:
        write_note(settings.index, NOTE, note)
    except OSError:
        pass  # only a shortcut: the next run is a full one
