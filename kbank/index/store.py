"""The whoosh index: schema, versioned generations, opening and writing.

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
import hashlib
import json
import os
import shutil
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import LockError

from kbank.analysis import compound_parts, parts_analyzer, stem_analyzer, stem_fold_analyzer
from kbank.errors import IndexDamaged, IndexLocked, IndexMissing, IndexOutdated

SCHEMA_VERSION = 5
META_FILE = "kbank.json"
_GENERATION_PREFIX = "g-"


def build_schema() -> Schema:
    """Return the schema of schema version ``SCHEMA_VERSION``."""
    stem_fold = stem_fold_analyzer()
    stem = stem_analyzer()
    return Schema(
        kind=ID(stored=True),
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        path=ID(stored=True),
        sha256=ID(stored=True),
        # searchable text: a stemmed+folded field for recall, a stemmed one for exact spelling
        title=TEXT(analyzer=stem_fold, stored=True, phrase=True),
        title_sv=TEXT(analyzer=stem, phrase=True),
        body=TEXT(analyzer=stem_fold, phrase=True),
        body_sv=TEXT(analyzer=stem, phrase=True),
        keywords=TEXT(analyzer=stem_fold, phrase=True),
        # the summary an editor wrote from the template (searched with its own boost)
        summary=TEXT(analyzer=stem_fold, phrase=True),
        summary_sv=TEXT(analyzer=stem, phrase=True),
        # the parts of compounds in title, keywords and body (missbruksvården → missbruk vard)
        parts=TEXT(analyzer=parts_analyzer(), phrase=False),
        unit_text=TEXT(analyzer=stem_fold),
        # filters and facets
        dnr_key=ID,
        dnr=STORED,
        doc_type=ID(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True, signed=False, bits=32),
        date=ID(stored=True, sortable=True),
        unit=ID(stored=True, sortable=True),
        areas=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        areas_col=ID(sortable=True),
        # editorial status and classification; "" when not set (the defaults apply at query time)
        status=ID(stored=True),
        classification=ID(stored=True),  # "a|b" in a column, for fast facet counts
        # stored only
        meta=STORED,
        pages=STORED,
        size=STORED,
        mtime_ns=STORED,
        reason=STORED,
        error=STORED,
    )


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
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    tmp = index_dir / f".{META_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / META_FILE)
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


# --------------------------------------------------------------------------- records


def parts_source(report, pages: list[str]) -> str:
    """The text whose compounds go into a doc record's ``parts`` field."""
    return "\n".join([report.title, *report.keywords, report.written_summary or "", "\n\n".join(pages)])


def source_digest(text: str) -> str:
    """A short fingerprint of ``parts_source``: parts split in a worker are used only for that text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def split_parts(report, pages: list[str]) -> tuple[str, str]:
    """(fingerprint, parts) of a report's compounds; runs in the workers, beside the writer."""
    source = parts_source(report, pages)
    return source_digest(source), compound_parts(source)


def doc_record(report, pages: list[str], meta: dict, parts: tuple[str, str] | None = None) -> dict:
    """Return the whoosh fields of a ``doc`` record for a ``metadata.Report``.

    ``parts`` is what ``split_parts`` gave in a worker; it is used when the report's title,
    keywords and summary are still the ones it was split with (an editor's correction may have
    changed them since), else the compounds are split here.
    """
    from kbank.metadata.report import dnr_key

    body = "\n\n".join(pages)
    source = parts_source(report, pages)
    if parts is None or parts[0] != source_digest(source):
        parts = ("", compound_parts(source))
    return {
        "kind": "doc",
        "id": report.id,
        "sha256": report.sha256,
        "path": report.path,
        "title": report.title,
        "title_sv": report.title,
        "body": body,
        "body_sv": body,
        "keywords": " ; ".join(report.keywords),
        "summary": report.written_summary or "",
        "summary_sv": report.written_summary or "",
        "parts": parts[1],
        "unit_text": report.unit or "",
        "dnr_key": dnr_key(report.dnr) if report.dnr else "",
        "dnr": report.dnr,
        "doc_type": report.doc_type,
        "year": report.year if report.year is not None else 0,
        "date": report.date or "",
        "unit": report.unit or "",
        "areas": ",".join(report.areas),
        "areas_col": "|".join(report.areas),
        "status": report.status or "",
        "classification": report.classification or "",
        "meta": meta,
    }


def text_record(doc_id: str, pages: list[str], meta: dict) -> dict:
    """Return the ``text`` record holding a doc's pages and what extraction found besides."""
    return {"kind": "text", "id": f"t:{doc_id}", "doc_id": doc_id, "pages": pages, "meta": meta}


def file_record(
    path: str,
    size: int,
    mtime_ns: int,
    sha256: str,
    doc_id: str | None,
    reason: str | None = None,
    error: str | None = None,
    meta: dict | None = None,
) -> dict:
    """Return the ``file`` record of one archive path: indexed as ``doc_id`` or failed."""
    return {
        "kind": "file",
        "id": f"f:{path}",
        "path": path,
        "doc_id": doc_id or "",
        "sha256": sha256,
        "size": size,
        "mtime_ns": mtime_ns,
        "reason": reason,
        "error": error,
        "meta": meta or {},
    }


def read_records(index_dir: Path, kinds: tuple[str, ...] = ("doc", "file")) -> dict[str, list[dict]]:
    """Return the stored fields of every record of the given kinds, as plain dicts."""
    ix = open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            return {kind: [dict(r) for r in searcher.documents(kind=kind)] for kind in kinds}
    except Exception as exc:  # noqa: BLE001 - a damaged segment raises many types
        raise IndexDamaged(f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex") from None
    finally:
        ix.close()
