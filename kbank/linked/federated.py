"""Search, list and show over several banks at once, each bank read in its own thread.

Every bank is opened and searched in a thread of its own (``deadline``); a bank that cannot
be read is skipped with its reason (``readers.Skipped``), one slower than ``bank_timeout``
too, and the command goes on with the others. The banks' hits are merged into one ranked
list: by default with global statistics (``stats``: every bank scores with the document
frequencies and field lengths summed over all of them, so a score means the same in a bank of
50 reports and one of 5,000). Rank fusion (``rrf``) and scores normalised per bank
(``maxnorm``) are kept for the measurement that chose between them (``bench/bench_linked.py``,
BENCHMARKS.md). Paging and ``--sort`` apply to the merged list.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kbank.bankconfig import LinkedBank
from kbank.config import Settings
from kbank.errors import DocumentNotFound, IndexDamaged, KbankError, UsageError
from kbank.linked.deadline import run_all
from kbank.linked.readers import BankSkipped, Skipped, archive_root, open_reader
from kbank.linked.results import (
    Coverage,
    FederatedCases,
    FederatedList,
    FederatedSearch,
    labelled,
    merged_facets,
)
from kbank.linked.stats import GlobalStats, query_terms, totals
from kbank.linked.stats import shared as global_stats
from kbank.linked.vocabulary import SharedVocabulary
from kbank.search.bank import Bank
from kbank.search.facets import empty_facets
from kbank.search.results import DocumentDetail, Filters, SearchResult

#: how banks' rankings are merged; "global" was chosen by the measurement in BENCHMARKS.md
MERGES = ("global", "rrf", "maxnorm", "local")
DEFAULT_MERGE = "global"
#: reciprocal rank fusion's constant (Cormack et al. 2009)
RRF_K = 60


@dataclass
class Federation:
    """The open banks of one command, and the ones skipped."""

    settings: Settings
    banks: list[LinkedBank]
    readers: dict[str, Bank] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    #: seconds a bank may take for one step (open, read the query, count, search): ``bank_timeout``
    timeout: float = float("inf")
    #: one per bank: its index is read by one thread at a time (``linked.vocabulary``)
    locks: dict[str, threading.RLock] = field(default_factory=dict)

    def close(self) -> None:
        for reader in self.readers.values():
            reader.close()
        self.readers.clear()

    def __enter__(self) -> Federation:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def deadline(self) -> float:
        return time.monotonic() + self.timeout

    @property
    def patient(self) -> frozenset[str]:
        """The local bank: waited for without a time limit, as a search of this bank alone is."""
        return frozenset(b.id for b in self.banks if b.local)

    @property
    def covered(self) -> list[LinkedBank]:
        return [b for b in self.banks if b.id in self.readers]

    def run(self, task: Callable[[str, Bank], Any]) -> dict[str, Any]:
        """Run ``task`` in every open bank within the time limit; skip the banks that fail or are late.

        Each step has the whole limit, counted from its start: a bank late in one step is skipped
        there, so one slow bank delays a command by at most ``bank_timeout``, while the time the
        local bank takes (waited for) never makes a fast linked bank late.
        """
        tasks = {
            bank_id: (lambda b=bank_id, r=reader: task(b, r)) for bank_id, reader in self.readers.items()
        }
        outcome = run_all(tasks, self.deadline(), patient=self.patient)
        for bank_id in outcome.late:
            self._skip(
                bank_id, "timeout", f"svarade inte inom {self.settings.bank_timeout:g} s (bank_timeout)"
            )
        for bank_id, error in outcome.errors.items():
            if isinstance(error, UsageError):
                raise error  # the query itself is wrong: the same in every bank
            if isinstance(error, BankSkipped):
                self._skip(bank_id, error.skipped.reason, error.skipped.message)
            elif isinstance(error, IndexDamaged | OSError):
                self._skip(bank_id, "damaged", str(error))
            elif isinstance(error, KbankError):
                raise error
            else:
                self._skip(bank_id, "damaged", f"indexet gick inte att läsa ({type(error).__name__})")
        return outcome.results

    def _locked(self, bank_id: str, task, reader: Bank):
        with self.locks.setdefault(bank_id, threading.RLock()):
            return task(bank_id, reader)

    def _skip(self, bank_id: str, reason: str, message: str) -> None:
        bank = next(b for b in self.banks if b.id == bank_id)
        self.skipped.append(Skipped(bank, reason, message))
        reader = self.readers.pop(bank_id, None)
        if reader is not None and reason != "timeout":  # a late thread may still use it
            reader.close()

    def coverage(self, merge: str | None = None, counts: dict[str, int] | None = None) -> Coverage:
        return Coverage(self.covered, list(self.skipped), merge, counts or {})


def open_banks(
    settings: Settings, banks: list[LinkedBank], include_unpublished: bool = False, repair: bool = False
) -> Federation:
    """Open every bank in a thread; the ones that cannot be read, or not in time, are skipped."""
    fed = Federation(settings, banks, timeout=settings.bank_timeout)
    tasks = {b.id: (lambda b=b: open_reader(settings, b, include_unpublished, repair)) for b in banks}
    outcome = run_all(tasks, fed.deadline(), on_late=lambda _, reader: reader.close(), patient=fed.patient)
    fed.readers = {b.id: outcome.results[b.id] for b in banks if b.id in outcome.results}
    fed.locks = {bank_id: threading.RLock() for bank_id in fed.readers}
    for bank in banks:
        error = outcome.errors.get(bank.id)
        if bank.id in outcome.late:
            fed.skipped.append(
                Skipped(bank, "timeout", f"svarade inte inom {settings.bank_timeout:g} s (bank_timeout)")
            )
        elif isinstance(error, BankSkipped):
            fed.skipped.append(error.skipped)
        elif error is not None:
            if isinstance(error, UsageError | KbankError) and not isinstance(error, IndexDamaged):
                fed.close()
                raise error  # a bad setting (ceiling off the scale …): the user's to fix
            fed.skipped.append(
                Skipped(bank, "damaged", f"indexet gick inte att läsa ({type(error).__name__})")
            )
    return fed


def check_filters(fed: Federation, filters: Filters) -> None:
    """A filter value is wrong only when no bank knows it."""
    from kbank.search.validate import check_filters as check_one

    problems = fed.run(lambda _, reader: _problem(check_one, reader, filters))
    errors = [p for p in problems.values() if p is not None]
    if problems and len(errors) == len(problems):
        raise errors[0]


def _problem(check, reader: Bank, filters: Filters) -> UsageError | None:
    try:
        check(reader, filters)
    except UsageError as exc:
        return exc
    return None


def search(
    fed: Federation,
    text: str,
    filters: Filters | None = None,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    explain: bool = False,
    in_field: str | None = None,
    merge: str = DEFAULT_MERGE,
) -> FederatedSearch:
    """One ranked list over every open bank; hits labelled with their bank; facets summed."""
    if merge not in MERGES:
        raise ValueError(merge)
    depth = offset + limit

    def one(_: str, reader: Bank) -> SearchResult:
        return reader.search(
            text, filters, limit=depth, explain=explain, in_field=in_field, offset=0, sort=sort
        )

    if merge == "global" and sort == "relevance" and len(fed.readers) > 1:
        shared: SharedVocabulary | None = SharedVocabulary(
            {b: r.vocab for b, r in fed.readers.items()}, fed.locks
        )
        first = next(iter(fed.readers.values()))
        read = run_all({"": lambda: query_terms(first, text, in_field, shared)}, fed.deadline())
        if "" in read.errors and isinstance(read.errors[""], UsageError):
            raise read.errors[""]
        if "" in read.results:  # the query read once against every bank's words
            named = dict.fromkeys(fed.readers, read.results[""])
        else:  # a bank too slow to read its words: each reads the query alone
            shared = None
            named = fed.run(lambda _, reader: query_terms(reader, text, in_field))
        union = set().union(*(terms for terms, _ in named.values())) if named else set()
        parts = fed.run(lambda _, reader: totals(reader, union))
        stats = GlobalStats()
        for part in parts.values():
            stats.add(part)

        def scored(bank_id: str, reader: Bank, relax: bool) -> SearchResult:
            reader.relax = relax  # as one index would: loosen by the banks' total, not each bank's own
            own = reader.vocab
            if shared is not None:
                reader.vocab = shared.view(own)  # type: ignore[assignment]  # the same interface
            try:
                with global_stats(reader, stats, parts[bank_id]):
                    return one(bank_id, reader)
            finally:
                reader.relax = None
                reader.vocab = own

        results = fed.run(lambda b, r: scored(b, r, False) if b in parts else one(b, r))
        relaxable = any(flag for _, flag in named.values())
        if relaxable and sum(r.total for r in results.values()) < limit:
            results = fed.run(lambda b, r: scored(b, r, True) if b in parts else one(b, r))
    else:
        results = fed.run(one)
    return _merged(fed, results, text, limit, offset, sort, merge)


def _merged(
    fed: Federation,
    results: dict[str, SearchResult],
    text: str,
    limit: int,
    offset: int,
    sort: str,
    merge: str,
) -> FederatedSearch:
    order = [b for b in fed.banks if b.id in results]
    pooled: list[tuple[tuple, Any]] = []
    for position, bank in enumerate(order):
        result = results[bank.id]
        top = result.hits[0].score if result.hits else 0.0
        for rank, hit in enumerate(result.hits, 1):
            if sort == "date":
                key: tuple = (
                    not (hit.date or hit.year),
                    _negated(hit.date or str(hit.year or "")),
                    -hit.score,
                )
            elif sort == "title":
                key = ((hit.title or "").casefold(),)
            elif merge == "rrf":
                key = (-1.0 / (RRF_K + rank),)
            elif merge == "maxnorm":
                key = (-(hit.score / top if top else 0.0),)
            else:
                key = (-hit.score,)
            pooled.append(((*key, position, rank), labelled(hit, bank)))
    pooled.sort(key=lambda pair: pair[0])
    seen: set[str] = set()
    ranked = []
    doubles = []
    for _, hit in pooled:
        if hit.id not in seen:  # one content in two banks is one report, shown once and counted once
            seen.add(hit.id)
            ranked.append(hit)
        else:
            doubles.append(hit)
    total = sum(r.total for r in results.values()) - len(doubles)
    with_hits = [r for r in results.values() if r.total] or list(results.values())
    notes = list(dict.fromkeys(n for r in with_hits for n in r.notes))
    suggestion = None if total else next((r.suggestion for r in results.values() if r.suggestion), None)
    page = ranked[offset : offset + limit]
    top_bank = getattr(page[0], "bank", None) if page else None
    explanation = results[top_bank].explain if top_bank in results else None
    merged = FederatedSearch(
        text,
        total,
        page,
        _without(merged_facets([r.facets for r in results.values()]), doubles) if results else empty_facets(),
        suggestion,
        notes,
        explain=explanation,
        read_as=next((r.read_as for r in results.values() if r.read_as), None),
        truncated=any(r.truncated for r in results.values()),
        coverage=fed.coverage(
            merge if sort == "relevance" else None, {b: r.total for b, r in results.items()}
        ),
    )
    merged.work = {k: sum(r.work.get(k, 0) for r in results.values()) for k in ("lookups", "clauses")}
    return merged


def _without(facets: dict[str, dict[str, int]], doubles: list) -> dict[str, dict[str, int]]:
    """Facet counts less the second copies of reports two banks both hold (among the hits read)."""
    for doc in doubles:
        values = {
            "doc_type": [doc.doc_type],
            "area": doc.areas,
            "unit": [doc.unit],
            "year": [str(doc.year or "")],
        }
        for name, keys in values.items():
            for key in keys:
                if key and facets[name].get(key):
                    facets[name][key] -= 1
                    if not facets[name][key]:
                        del facets[name][key]
    return facets


def _negated(value: str) -> tuple[int, ...]:
    """A key that sorts ISO dates newest first within an ascending sort."""
    return tuple(-ord(c) for c in value)


def list_documents(
    fed: Federation, filters: Filters | None, limit: int | None, missing_summary: bool = False
):
    """Documents of every open bank, newest first, facets summed."""

    def one(_: str, reader: Bank):
        return (
            reader.missing_summaries(filters, limit=limit)
            if missing_summary
            else reader.list(filters, limit=limit)
        )

    results = fed.run(one)
    every = [
        labelled(d, bank) for bank in fed.banks if bank.id in results for d in results[bank.id].documents
    ]
    seen: set[str] = set()
    docs: list[Any] = []
    doubles: list[Any] = []
    for doc in every:  # a report two banks both hold is listed once, from the first bank
        (doubles if doc.id in seen else docs).append(doc)
        seen.add(doc.id)
    docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
    docs.sort(key=lambda d: d.date is None and d.year is None)
    counts = {b: r.total for b, r in results.items()}
    return FederatedList(
        sum(counts.values()) - len(doubles),
        docs[:limit] if limit else docs,
        _without(merged_facets([r.facets for r in results.values()]), doubles),
        coverage=fed.coverage(None, counts),
    )


def list_cases(fed: Federation, filters: Filters | None, limit: int | None) -> FederatedCases:
    """Cases of every open bank, newest first; a case belongs to one bank (its documents are labelled)."""
    results = fed.run(lambda _, reader: reader.cases(filters, limit=limit))
    cases = []
    for bank in fed.banks:
        if bank.id in results:
            for case in results[bank.id].cases:
                case.documents = [labelled(d, bank) for d in case.documents]
                cases.append(case)
    cases.sort(key=lambda c: c.last_date or c.first_date or "", reverse=True)
    counts = {b: r.total for b, r in results.items()}
    return FederatedCases(
        sum(counts.values()),
        sum(r.documents for r in results.values()),
        cases[:limit] if limit else cases,
        merged_facets([r.facets for r in results.values()]),
        coverage=fed.coverage(None, counts),
    )


@dataclass
class Shown:
    """A document shown from one bank, with where its files are."""

    detail: DocumentDetail
    bank: LinkedBank
    settings: Settings
    skipped: list[Skipped]
    #: whether output names the bank (not for a plain one-bank show of this bank's report)
    labelled: bool = True

    def file_path(self, relative: str):
        """The file's absolute path through its bank's archive, else the path as its index stored it."""
        from pathlib import Path

        root = self.settings.archive if self.bank.local else archive_root(self.bank)
        return (root / relative) if root is not None else Path(relative)

    def to_json(self) -> dict:
        return self.detail.to_json() | {
            "bank": self.bank.id,
            "bank_name": self.bank.name,
            "skipped_banks": [s.to_json() for s in self.skipped],
        }


def show(
    settings: Settings,
    banks: list[LinkedBank],
    ref: str,
    include_unpublished: bool = False,
    repair: bool = False,
) -> Shown:
    """Find a document in the first of ``banks`` that has it (by id, id prefix, path or Dnr)."""
    first_error: DocumentNotFound | None = None
    skipped: list[Skipped] = []
    for bank in banks:
        fed = open_banks(settings, [bank], include_unpublished, repair)
        skipped += fed.skipped
        if not fed.readers:
            continue
        try:
            found = fed.run(lambda _, reader: _show_one(reader, ref))
        finally:
            skipped += [s for s in fed.skipped if s not in skipped]
            fed.close()
        detail = found.get(bank.id)
        if isinstance(detail, DocumentNotFound):
            first_error = first_error or detail
            continue
        if detail is not None:
            own = settings if bank.local else detail_settings(settings, bank)
            return Shown(detail, bank, own, skipped)
    raise first_error or DocumentNotFound(
        f"hittar inget dokument med id, sökväg eller Dnr {ref!r}: sök med kbank search"
    )


def _show_one(reader: Bank, ref: str):
    try:
        return reader.show(ref)
    except DocumentNotFound as exc:
        return exc


def detail_settings(settings: Settings, bank: LinkedBank) -> Settings:
    from kbank.linked.readers import own_settings

    return own_settings(settings, bank)
