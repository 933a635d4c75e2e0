"""Settling: editors' corrections, written summaries and the facts a case's documents share.

Applied after the files are written, from each document's stored text, so a correction or
a summary never makes a report be read again.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from kbank import timeutil
from kbank.config import Settings
from kbank.editorial.sidecar import Corrections, Sidecars, SidecarWarning
from kbank.editorial.status import strictest
from kbank.editorial.summaries import Summaries, load_template
from kbank.index.generations import read_note, write_note
from kbank.index.records import doc_record
from kbank.index.writing import Batches
from kbank.metadata.cases import Member, apply_shared, shared_facts
from kbank.metadata.report import Report, apply_corrections, describe

#: The correction and summary files the last settling saw, to spare a no-op run reading documents.
SETTLED_FILE = "settled.json"
#: Passes over the documents: one document's correction can change what its siblings borrow.
SETTLE_ROUNDS = 3


def describe_stored(doc_id: str, sha256: str, path: str, text: dict) -> Report:
    """Describe a document again from its stored ``text`` record, without reading the file."""
    meta = text.get("meta") or {}
    return describe(
        doc_id,
        sha256,
        path,
        text.get("pages") or [],
        meta.get("paged", True),
        meta.get("properties", {}),
        meta.get("headings", []),
        ocr_pages=meta.get("ocr_pages"),
    )


def _context(corrections: Corrections, shared: dict[str, str], summary: str = "") -> str:
    if not corrections.fingerprint and not shared and not summary:
        return ""
    raw = corrections.fingerprint + "|" + "|".join(f"{k}={v}" for k, v in sorted(shared.items()))
    raw += f"|summary={summary}" if summary else ""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _member(stored: dict) -> Member:
    meta = stored.get("meta") or {}
    return Member(
        id=stored["id"],
        path=stored.get("path", ""),
        dnr=stored.get("dnr"),
        unit=meta.get("unit"),
        project=meta.get("project"),
        sources=meta.get("sources") or {},
        contact=meta.get("contact"),
        date_stamp=meta.get("date_stamp"),
    )


@dataclass
class Settled:
    """What settling did: the documents rewritten, and the problems found in correction files."""

    updated: int = 0
    warnings: list[SidecarWarning] = field(default_factory=list)
    wrote: bool = False
    #: documents re-described from another path because theirs went away: id -> new path
    moved: dict[str, str] = field(default_factory=dict)


def settle(ix, settings: Settings, index_dir: Path, generation: str, committed: bool) -> Settled:
    """Apply editors' corrections, summaries and the facts a case's documents share, from the stored text.

    A document is rewritten only when its corrections, summary or borrowed facts changed
    since it was last written (``Report.context`` fingerprints them). When this run
    committed nothing and no correction or summary file changed since the last settled
    run, the document records are not read at all, so a no-op run stays fast.
    """
    sidecars = Sidecars.load(settings.archive)
    summaries = Summaries.load(settings.archive, load_template(settings.summary_template))
    settled = Settled(warnings=sidecars.warnings)
    mark = {
        "generation": generation,
        "files": hashlib.sha256(
            json.dumps(
                [
                    sorted((k, v.digest) for k, v in sidecars.files.items()),
                    sorted((k, v.digest) for k, v in summaries.files.items()),
                    sorted((k, list(v)) for k, v in settings.organisation.administrations.items()),
                ]
            ).encode()
        ).hexdigest(),
    }
    if not committed and read_note(index_dir, SETTLED_FILE) == mark | {"toc": ix.latest_generation()}:
        return settled
    updated = _apply_settled(
        ix, settings, sidecars, summaries, settled.moved, settings.organisation.administrations
    )
    settled.updated, settled.wrote = len(updated), bool(updated)
    write_note(index_dir, SETTLED_FILE, mark | {"toc": ix.latest_generation()})
    return settled


def _paths_by_doc(searcher) -> dict[str, list[str]]:
    paths: dict[str, list[str]] = defaultdict(list)
    for record in searcher.documents(kind="file"):
        if record.get("doc_id"):
            paths[record["doc_id"]].append(record["path"])
    return {k: sorted(v) for k, v in paths.items()}


def _corrections_of_all_paths(
    settings: Settings, sidecars: Sidecars, primary: str, paths: list[str]
) -> Corrections:
    """The primary path's corrections, with the strictest status and classification of every path.

    A content lying in several folders is one document; were its visibility taken from one path
    only, a copy in an open folder would publish a report its own case folder restricts.
    """
    corrections = sidecars.for_document(primary)
    if len(paths) < 2:
        return corrections
    every = [corrections, *(sidecars.for_document(p) for p in paths if p != primary)]
    status, classification = strictest(
        settings,
        [(c.values.get("status"), c.values.get("classification")) for c in every],  # type: ignore[misc]
    )
    values, origins = dict(corrections.values), dict(corrections.origins)
    for name, value in (("status", status), ("classification", classification)):
        values.pop(name, None)
        origins.pop(name, None)
        if value is not None:
            values[name] = value
            origins[name] = next((c.origins[name] for c in every if c.values.get(name) == value), "")
    files = tuple(dict.fromkeys(f for c in every for f in c.files))
    fingerprint = hashlib.sha256(
        "\n".join([*(c.fingerprint for c in every), *paths]).encode("utf-8")
    ).hexdigest()[:16]
    return Corrections(values, files, origins, fingerprint)


def _apply_settled(
    ix,
    settings: Settings,
    sidecars: Sidecars,
    summaries: Summaries,
    moved: dict[str, str] | None = None,
    administrations=None,
    only: set[str] | None = None,
    merge: bool = True,
) -> set[str]:
    """Rewrite the documents whose context changed (only those at the paths ``only``, when given).

    A document whose primary path went away is described again from the first path left;
    ``moved`` records it (doc id -> new primary path).
    """
    moved = {} if moved is None else moved
    updated: set[str] = set()
    for _ in range(SETTLE_ROUNDS):
        plans = []
        with ix.searcher() as searcher:
            if only is None:
                stored = list(searcher.documents(kind="doc"))
            else:  # one case: its documents are all the shared facts need
                stored = [d for p in sorted(only) for d in searcher.documents(kind="doc", path=p)]
            shared = shared_facts((_member(d) for d in stored), administrations)
            paths_of = _paths_by_doc(searcher)
            for doc in stored:
                paths = paths_of.get(doc["id"]) or [doc.get("path", "")]
                # the path it was described from may be gone: take the first of those left
                primary = doc.get("path", "") if doc.get("path", "") in paths else paths[0]
                corrections = _corrections_of_all_paths(settings, sidecars, primary, paths)
                facts = shared.get(doc["id"], {})
                summary = summaries.for_document(primary)
                context = _context(corrections, facts, summary.digest if summary else "")
                if context != (doc.get("meta") or {}).get("context", "") or primary != doc.get("path"):
                    text = searcher.document(id=f"t:{doc['id']}")
                    if text is not None:
                        plans.append((doc, primary, text, corrections, facts, context, summary))
        if not plans:
            break
        batches = Batches(ix, merge=merge)
        try:
            for doc, primary, text, corrections, facts, context, summary in plans:
                report = describe_stored(doc["id"], doc.get("sha256") or doc["id"], primary, text)
                if summary is not None:
                    report = replace(report, written_summary=summary.text, summary_file=summary.path)
                if corrections.values:
                    report = apply_corrections(report, corrections.values, corrections.origins)
                report = replace(apply_shared(report, facts), context=context)
                indexed = (doc.get("meta") or {}).get("indexed") or timeutil.local_timestamp()
                batches.add(
                    doc_record(report, text.get("pages") or [], asdict(report) | {"indexed": indexed})
                )
                updated.add(doc["id"])
                if primary != doc.get("path"):
                    moved[doc["id"]] = primary
                batches.maybe_commit()
            batches.commit()
        except BaseException:
            batches.cancel()
            raise
    return updated
