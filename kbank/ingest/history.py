"""When each document was first indexed, became visible and was last edited.

Kept beside the index (``history.json`` in the data folder), keyed by document id (a content
hash), so a nightly ``reindex`` does not make every report look new in the digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from kbank.config import Settings
from kbank.safefs import write_atomic

HISTORY_NAME = "history.json"
#: Metadata keys that change without an editor changing anything.
_VOLATILE = {"indexed", "path", "sha256", "id", "text_chars", "page_count", "paged"}


@dataclass
class DocTimes:
    """The timeline of one document."""

    first_indexed: str
    #: "ny" (a new report) or "ny version" (new content at a path that held another version)
    news: str = "ny"
    visible_since: str | None = None
    edited: str | None = None
    fingerprint: str = ""


@dataclass(frozen=True)
class DocState:
    """What ingest knows of a document now, to update its timeline."""

    id: str
    paths: tuple[str, ...]
    meta: dict
    visible: bool


def history_path(settings: Settings) -> Path:
    return settings.data_dir / HISTORY_NAME


def load_history(settings: Settings) -> tuple[dict[str, DocTimes], dict[str, str]]:
    """Return (doc id -> timeline, path -> doc id last seen there)."""
    try:
        raw = json.loads(history_path(settings).read_text("utf-8"))
        docs = {k: DocTimes(**v) for k, v in raw.get("docs", {}).items()}
        return docs, dict(raw.get("paths", {}))
    except (OSError, ValueError, TypeError):
        return {}, {}  # a lost history only makes the next digest longer


def fingerprint(meta: dict) -> str:
    """Hash the editable metadata of a document, to notice edits."""
    stable = {k: v for k, v in meta.items() if k not in _VOLATILE}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def update_history(settings: Settings, docs: Iterable[DocState], now: datetime) -> None:
    """Bring the timelines up to date with the documents the index holds now."""
    stamp = now.isoformat(timespec="seconds")
    old_docs, old_paths = load_history(settings)
    new_docs = dict(old_docs)  # removed documents keep their timeline, should they come back
    new_paths: dict[str, str] = {}
    count = 0
    for doc in docs:
        count += 1
        printed = fingerprint(doc.meta)
        times = old_docs.get(doc.id)
        if times is None:
            replaced = any(old_paths.get(p) not in (None, doc.id) for p in doc.paths)
            times = DocTimes(
                first_indexed=stamp, news="ny version" if replaced else "ny", fingerprint=printed
            )
        elif times.fingerprint != printed:
            times.edited, times.fingerprint = stamp, printed
        if doc.visible and times.visible_since is None:
            times.visible_since = stamp
        elif not doc.visible:
            times.visible_since = None
        new_docs[doc.id] = times
        new_paths.update({p: doc.id for p in doc.paths})
    path = history_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "documents": count,
        "docs": {k: asdict(v) for k, v in sorted(new_docs.items())},
        "paths": dict(sorted(new_paths.items())),
    }
    write_atomic(path, json.dumps(data, ensure_ascii=False) + "\n")


def recorded_count(settings: Settings) -> int | None:
    """How many documents the index held when the history was last updated (None: no history)."""
    try:
        return int(json.loads(history_path(settings).read_text("utf-8"))["documents"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
