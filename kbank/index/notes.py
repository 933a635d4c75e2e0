"""The small JSON notes beside an index, and a stamp of the live index, without importing whoosh.

Runs leave notes in the index folder (``state.json``, ``settled.json``, ``archive.json``,
``unchanged.json``); ``live_stamp`` names the exact state of the live generation's files, so a
note taken of one index state is used only for that state. Kept apart from ``generations``
(which opens indexes with whoosh) so that a run with nothing to do never imports whoosh.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kbank.safefs import write_atomic

#: The index folder's description: schema version and live generation (see ``generations``).
META_FILE = "kbank.json"
GENERATION_PREFIX = "g-"


def read_note(index_dir: Path, name: str) -> dict | None:
    """Return a JSON note a run left in the index folder, or None when it is missing or unreadable."""
    try:
        data = json.loads((index_dir / name).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_note(index_dir: Path, name: str, data: dict) -> None:
    """Replace a JSON note in the index folder atomically."""
    write_atomic(index_dir / name, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def live_stamp(index_dir: Path) -> str | None:
    """A digest of the live index: ``kbank.json``, the generation folders, and the name, size
    and mtime of every file of the live generation (whoosh's TOC and segments).

    Any commit (an ingest batch, ``kbank set``), a swap, a damaged or missing file, or a
    rebuild left half-done changes it. None when there is no readable live index.
    """
    try:
        meta = (index_dir / META_FILE).read_bytes()
        live = json.loads(meta)["generation"]
        if not isinstance(live, str) or not live.startswith(GENERATION_PREFIX) or "/" in live:
            return None
        digest = hashlib.sha256(meta)
        folders = sorted(n for n in os.listdir(index_dir) if n.startswith(GENERATION_PREFIX))
        digest.update("\0".join(folders).encode("utf-8", "surrogateescape"))
        with os.scandir(index_dir / live) as entries:
            files = sorted((e.name, e.stat(follow_symlinks=False)) for e in entries)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for name, st in files:
        digest.update(f"\n{name}\0{st.st_size}\0{st.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
