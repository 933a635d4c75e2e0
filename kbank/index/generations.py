"""The index folder: versioned generations, opening, and the swap that makes one live.

Layout of the index folder::

    index/
      kbank.json      {"schema_version": N, "generation": "g-000002", ...}
      g-000002/       the live whoosh index
      g-000001/       the previous generation, kept until the next swap

``kbank.json`` is replaced atomically, so a reader sees either the old or the new
generation, never a half-built one. The index holds three kinds of records:

- ``doc``: one per distinct content (sha256): searchable fields and small stored metadata;
- ``text``: the page texts of a doc, stored only (kept apart so listing stays cheap);
- ``file``: one per archive path: size, mtime and hash for incremental runs, or the
  reason the file could not be read.
"""

from __future__ import annotations

import gc
import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from kbank import timeutil
from kbank.errors import IndexDamaged, IndexMissing, IndexOutdated
from kbank.index.notes import META_FILE, read_note, write_note  # noqa: F401 - read_note, write_note re-exported
from kbank.index.schema import SCHEMA_VERSION, build_schema
from kbank.safefs import write_atomic

_GENERATION_PREFIX = "g-"


@dataclass(frozen=True)
class IndexInfo:
    """What ``kbank.json`` says about an index."""

    schema_version: int
    generation: str
    built: str


def read_info(index_dir: Path) -> IndexInfo | None:
    """Return the index's description, or None when there is no kbank index here."""
    try:
        data = json.loads((index_dir / META_FILE).read_text("utf-8"))
        return IndexInfo(int(data["schema_version"]), str(data["generation"]), str(data.get("built", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise IndexDamaged(f"{index_dir / META_FILE} är trasig: kör kbank reindex") from None


def open_index(index_dir: Path):
    """Open the live generation for reading; explain what to do when that is impossible."""
    info = read_info(index_dir)
    if info is None:
        if index_dir.is_dir() and any(index_dir.glob("_MAIN_*.toc")):
            raise IndexOutdated(f"indexet i {index_dir} är byggt av en äldre kbank: kör kbank reindex")
        raise IndexMissing(f"det finns inget index i {index_dir}: kör kbank ingest först")
    if info.schema_version != SCHEMA_VERSION:
        raise IndexOutdated(
            f"indexet i {index_dir} har schemaversion {info.schema_version}, "
            f"den här kbank använder {SCHEMA_VERSION}: kör kbank reindex"
        )
    return _open_generation(index_dir / info.generation)


def _open_generation(path: Path):
    # whoosh leaves the TOC file open when it fails to load it; the handle is freed with the
    # exception, and the ResourceWarning that comes with it is whoosh's, not the user's business
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return whoosh_index.open_dir(str(path), schema=build_schema())
        except Exception as exc:  # noqa: BLE001 - a damaged TOC raises anything from EOFError to TypeError
            problem = type(exc).__name__
        gc.collect()
    raise IndexDamaged(f"indexet i {path.parent} går inte att öppna ({problem}): kör kbank reindex")


def create_generation(index_dir: Path):
    """Create an empty generation folder beside the live one and return (name, index)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [
        int(p.name[len(_GENERATION_PREFIX) :])
        for p in index_dir.glob(f"{_GENERATION_PREFIX}*")
        if p.name[len(_GENERATION_PREFIX) :].isdigit()
    ]
    name = f"{_GENERATION_PREFIX}{max(numbers, default=0) + 1:06d}"
    path = index_dir / name
    path.mkdir()
    return name, whoosh_index.create_in(str(path), build_schema())


def activate(index_dir: Path, generation: str) -> None:
    """Make ``generation`` the live index atomically and delete all but the previous one."""
    previous = read_info(index_dir) if (index_dir / META_FILE).exists() else None
    data = {
        "schema_version": SCHEMA_VERSION,
        "generation": generation,
        "built": timeutil.local_timestamp(with_zone=True),
    }
    write_atomic(index_dir / META_FILE, json.dumps(data, indent=2) + "\n")
    keep = {generation, previous.generation if previous else None}
    for path in index_dir.glob(f"{_GENERATION_PREFIX}*"):
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def discard_unfinished(index_dir: Path) -> list[str]:
    """Delete generations that are neither live nor the previous one; return their names.

    A generation numbered above the live one is a rebuild that was killed or failed before
    its swap; call this only while holding the writer lock, when no rebuild is running.
    """
    try:
        info = read_info(index_dir)
    except IndexDamaged:
        return []  # which generation is live is unknown: delete nothing
    live = _generation_number(info.generation) if info else None
    numbers = sorted(
        n for p in index_dir.glob(f"{_GENERATION_PREFIX}*") if (n := _generation_number(p.name)) is not None
    )
    if live is None:
        keep: set[int] = set()
    else:
        older = [n for n in numbers if n < live]
        keep = {live, *older[-1:]}
    removed = []
    for number in numbers:
        if number not in keep:
            name = f"{_GENERATION_PREFIX}{number:06d}"
            shutil.rmtree(index_dir / name, ignore_errors=True)
            removed.append(name)
    return removed


def _generation_number(name: str) -> int | None:
    digits = name[len(_GENERATION_PREFIX) :]
    return int(digits) if name.startswith(_GENERATION_PREFIX) and digits.isdigit() else None


@dataclass
class Target:
    """The generation a run writes to: the live one, or a fresh one that ``activate`` swaps in.

    ``open_target`` decides which; the run then writes its batches to ``ix`` and ends with
    ``activate`` (a fresh generation becomes live atomically) or ``discard`` (a fresh
    generation is deleted and the live one stays as it was).
    """

    index_dir: Path
    ix: Any  # a whoosh index
    generation: str
    fresh: bool
    #: why a rebuild was needed when the run asked for an update (outdated or damaged index)
    rebuild_reason: str | None = None

    def activate(self) -> None:
        """Make a fresh generation the live index; a no-op for the live one."""
        if self.fresh:
            activate(self.index_dir, self.generation)

    def discard(self) -> None:
        """Delete a fresh generation that will not be used; the live one is left alone."""
        if self.fresh:
            self.ix.close()
            shutil.rmtree(self.index_dir / self.generation, ignore_errors=True)


def open_target(index_dir: Path, full: bool) -> Target:
    """Open the generation to write to: the live one, or a fresh one for a rebuild.

    A missing index gets an empty live generation (each batch becomes searchable at once);
    an outdated or damaged one is rebuilt into a fresh generation, as ``full`` asks for.
    """
    reason = None
    if not full:
        try:
            ix = open_index(index_dir)
            info = read_info(index_dir)
            assert info is not None  # open_index succeeded
            return Target(index_dir, ix, info.generation, fresh=False)
        except IndexMissing:
            generation, ix = create_generation(index_dir)
            activate(index_dir, generation)
            return Target(index_dir, ix, generation, fresh=False)
        except (IndexOutdated, IndexDamaged) as exc:
            reason = str(exc)
    generation, ix = create_generation(index_dir)
    return Target(index_dir, ix, generation, fresh=True, rebuild_reason=reason)
