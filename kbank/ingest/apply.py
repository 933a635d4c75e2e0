"""Apply one ``kbank set`` at once: re-settle only the edited case, without walking the archive.

Only the correction and summary files on the case's own folder chain are read, and only the
case's documents are rewritten (from their stored text, as ``ingest`` does). The state
snapshot is re-stamped, since files and documents are unchanged, so the next ``ingest``
stays fast; its own settle pass finds nothing left to do for this case.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from kbank import timeutil
from kbank.archive import SUMMARY_NAMES
from kbank.config import Settings
from kbank.editorial.sidecar import FOLDER_FILE, SUFFIX, Sidecars, read_sidecar
from kbank.editorial.summaries import Summaries, load_template, read_summary
from kbank.index.generations import open_index, read_info
from kbank.ingest.history import update_history
from kbank.ingest.lock import writer_lock
from kbank.ingest.settle import _apply_settled
from kbank.ingest.state import doc_states, read_snapshot, write_snapshot


def _folders(paths: list[str]) -> list[PurePosixPath]:
    found: dict[str, PurePosixPath] = {}
    for rel in paths:
        for folder in PurePosixPath(rel).parents:
            found[str(folder)] = folder
    return list(found.values())


def _chain_sidecars(archive: Path, paths: list[str]) -> Sidecars:
    files = {}
    wanted = [str(f / FOLDER_FILE) if str(f) != "." else FOLDER_FILE for f in _folders(paths)]
    wanted += [rel + SUFFIX for rel in paths]
    for rel in wanted:
        if (archive / rel).is_file():
            files[rel] = read_sidecar(archive / rel, rel)
    return Sidecars(files)


def _chain_summaries(archive: Path, paths: list[str], settings: Settings) -> Summaries:
    template = load_template(settings.summary_template)
    files = {}
    for folder in _folders(paths):
        names = sorted(n for n in SUMMARY_NAMES if (archive / folder / n).is_file())
        if names:
            name = next((n for n in names if n.endswith(".md")), names[0])
            rel = str(folder / name) if str(folder) != "." else name
            files[str(folder)] = read_summary(archive / rel, rel, template)
    return Summaries(files)


def apply_case(settings: Settings, paths: list[str]) -> int:
    """Re-settle the documents at ``paths``; return how many were rewritten.

    Raises ``IndexLocked`` at once when another run holds the index (``set`` then says the
    correction takes effect at the next ingest).
    """
    with writer_lock(settings.index, "set", 0.0):
        info = read_info(settings.index)
        ix = open_index(settings.index)
        try:
            toc_before = ix.latest_generation()
            snapshot = read_snapshot(settings.index, info.generation, toc_before) if info else None
            sidecars = _chain_sidecars(settings.archive, paths)
            summaries = _chain_summaries(settings.archive, paths, settings)
            units = settings.organisation.administrations
            updated = _apply_settled(
                ix, settings, sidecars, summaries, None, units, only=set(paths), merge=False
            )
            if updated:
                if snapshot is not None and info is not None:
                    write_snapshot(settings.index, info.generation, ix.latest_generation(), snapshot)
                update_history(settings, doc_states(ix, settings), timeutil.utc_now())
        finally:
            ix.close()
    return len(updated)
