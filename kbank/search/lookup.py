"""Listing and showing documents: the ``Bank``'s lookups by filters, id, path or Dnr.

A mixin of ``search.bank.Bank``, which opens the index and provides ``settings``,
``searcher``, ``visibility`` and ``facets``; kept apart so the ranked search and the
document lookups each read in one file.
"""

from __future__ import annotations

import builtins
import heapq
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from whoosh import query as wq

from kbank.config import Settings
from kbank.editorial.status import (
    Visibility,
    effective_classification,
    effective_status,
    repairing,
    visibility,
)
from kbank.errors import DocumentNotFound
from kbank.metadata.cases import Case, build_cases, case_key, projects_without_summary
from kbank.metadata.dnr import dnr_key, legacy_dnr_key, normalise_dnr
from kbank.metadata.doctypes import PRIMARY_RANK
from kbank.search.compile import (
    compile_filters,
)
from kbank.search.facets import Facets
from kbank.search.listing import page, read_listing
from kbank.search.results import (
    CaseListResult,
    Document,
    DocumentDetail,
    FileInfo,
    Filters,
    ListResult,
)

#: Type and recency factors re-rank this many of the best text matches.
RERANK_DEPTH = 50
BULK_FACETS_FROM = 500
#: the orders ``search --sort`` offers (the CLI maps relevans/datum/titel to them)
SORTS = ("relevance", "date", "title")
#: ``--like``: how many of a report's most telling terms describe it.
LIKE_TERMS = 25


class Lookup:
    """``list``, ``cases``, ``missing_summaries``, ``show`` and the document records behind them."""

    settings: Settings
    searcher: Any
    visibility: Visibility
    facets: Facets
    ix: Any
    _paths: dict[str, builtins.list[str]] | None
    #: the listing note of the open index state: False until read, None when there is none
    _listing: dict | None | bool

    # -- list

    def list(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Return documents matching the filters, newest first.

        With a ``limit`` only the page is read: the order comes from the date and year columns,
        and only the page's documents (and those tied with its last one, whose titles decide)
        are loaded; the facets come from columns too.
        """
        if limit:
            noted = self._noted_page(filters, limit)
            if noted is not None:
                return noted
            filter_q = compile_filters(filters or Filters(), self.visibility)
            numbers = builtins.list(self.searcher.docs_for_query(filter_q))
            docs = [self._document(self.searcher.stored_fields(n)) for n in self._newest(numbers, limit)]
            docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
            docs.sort(key=lambda d: d.date is None and d.year is None)
            return ListResult(len(numbers), docs[:limit], self.facets.count(numbers))
        docs, facets = self._matching(filters)
        docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        docs.sort(key=lambda d: d.date is None and d.year is None)
        return ListResult(len(docs), docs[:limit] if limit else docs, facets)

    def _noted_page(self, filters: Filters | None, limit: int) -> ListResult | None:
        """The first page of an unfiltered list from the listing note (``search.listing``), or None."""
        if filters is not None and filters != Filters():
            return None
        note = self._listing_note()
        if note is None:
            return None
        shown = self.visibility

        def visible(status: str | None, classification: str | None) -> bool:
            # as compile_filters: a document is visible when its indexed terms are allowed
            status_ok = shown.statuses is None or (status is not None and status in shown.statuses)
            return status_ok and classification is not None and classification in shown.classifications

        answer = page(note, visible, limit)
        if answer is None:
            return None
        total, numbers, facets = answer
        docs = [self._document(self.searcher.stored_fields(n)) for n in numbers]
        docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        docs.sort(key=lambda d: d.date is None and d.year is None)
        return ListResult(total, docs[:limit], facets)

    def _listing_note(self) -> dict | None:
        """The listing note of exactly the index state this searcher reads (read once), or None."""
        if self._listing is False:
            generation = Path(self.ix.storage.folder).name
            self._listing = read_listing(self.settings.index, generation, self.searcher.reader().generation())
        return self._listing  # type: ignore[return-value]

    def _newest(self, numbers: builtins.list[int], limit: int) -> builtins.list[int]:
        """The documents that can be on the first page of a newest-first list: the ``limit``
        newest by (dated, date, year), and every document tied with the last of them."""
        if len(numbers) <= limit:
            return numbers
        reader = self.searcher.reader()
        dates, years = reader.column_reader("date"), reader.column_reader("year")
        keys = {n: (bool(dates[n] or years[n]), dates[n] or "", years[n] or 0) for n in numbers}
        last = heapq.nlargest(limit, keys.values())[-1]
        return [n for n in numbers if keys[n] >= last]

    def cases(self, filters: Filters | None = None, limit: int | None = None) -> CaseListResult:
        """Return the cases of the documents matching the filters, newest first."""
        docs, facets = self._matching(filters)
        cases = build_cases(docs)
        return CaseListResult(len(cases), len(docs), cases[:limit] if limit else cases, facets)

    def missing_summaries(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Projects without a written summary, each by the document that counts most (the final report)."""
        docs, facets = self._matching(filters)
        wanting = projects_without_summary(
            docs,
            lambda d: case_key(d.dnr, d.path),
            lambda d: d.has_summary,
            lambda d: d.doc_type,
            lambda d: d.date,
        )
        wanting.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        return ListResult(len(wanting), wanting[:limit] if limit else wanting, facets)

    def _matching(self, filters: Filters | None) -> tuple[builtins.list[Document], dict[str, dict[str, int]]]:
        filter_q = compile_filters(
            filters or Filters(), self.visibility, administrations=self.settings.organisation.administrations
        )
        self._load_all_paths()
        numbers = list(self.searcher.docs_for_query(filter_q))
        docs = [self._document(self.searcher.stored_fields(n)) for n in numbers]
        return docs, self.facets.count(numbers)

    # -- show

    def show(self, ref: str) -> DocumentDetail:
        """Find one document by id (or id prefix), archive path or Dnr."""
        stored, same_dnr, matched_by = self._resolve(ref.strip())
        self._check_visible(stored, ref)
        doc = self._document(stored)
        text = self.searcher.document(id=f"t:{doc.id}") or {}
        files = [
            FileInfo(f["path"], f.get("size", 0), f.get("mtime_ns", 0))
            for f in self.searcher.documents(kind="file", doc_id=doc.id)
        ]
        meta = (stored.get("meta") or {}) | {"sha256": stored.get("sha256")}
        return DocumentDetail(
            document=doc,
            meta=meta,
            files=sorted(files, key=lambda f: f.path),
            pages=text.get("pages") or [],
            paged=(text.get("meta") or {}).get("paged", True),
            properties=(text.get("meta") or {}).get("properties", {}),
            summary=meta.get("written_summary") or meta.get("summary"),
            summary_source=_summary_source(meta),
            same_dnr=[i for i in same_dnr if i != doc.id],
            case=self.case_of(doc),
            matched_by=matched_by,
        )

    def pages_of(self, doc_id: str) -> builtins.list[str]:
        """A document's extracted text, page by page, without the rest of ``show`` (for the web edition)."""
        text = self.searcher.document(id=f"t:{doc_id}") or {}
        return text.get("pages") or []

    def _visible(self, stored: dict) -> bool:
        return self.visibility.allows(stored.get("status"), stored.get("classification"))

    def _check_visible(self, stored: dict, ref: str) -> None:
        """Refuse a document this user may not see: above the ceiling as if it did not exist."""
        everything = visibility(self.settings, include_unpublished=True)
        if self.visibility.off_scale is not None:
            everything = repairing(everything, self.settings)
        if not everything.allows(None, stored.get("classification")):
            raise DocumentNotFound(
                f"hittar inget dokument med id, sökväg eller Dnr {ref!r}: sök med kbank search"
            )
        if not self._visible(stored):
            status = effective_status(self.settings, stored.get("status"))
            raise DocumentNotFound(f"{ref} är inte publicerat (status {status}): visa det med --all")

    def case_of(self, doc: Document) -> Case:
        """Return the case a document belongs to, with all its documents in lineage order."""
        key = case_key(doc.dnr, doc.path)
        if doc.dnr:
            stored = self.searcher.documents(kind="doc", dnr_key=dnr_key(doc.dnr))
        elif key.startswith("folder:"):
            folder = key[len("folder:") :]
            query = wq.And([wq.Term("kind", "doc"), wq.Prefix("path", folder + "/")])
            stored = (self.searcher.stored_fields(n) for n in self.searcher.docs_for_query(query))
        else:
            stored = [self.searcher.document(id=doc.id) or {}]
        members = [self._document(s) for s in stored if s and self._visible(s)]
        members = [m for m in members if case_key(m.dnr, m.path) == key] or [doc]
        return build_cases(members)[0]

    def _resolve(self, ref: str) -> tuple[dict, builtins.list[str], str]:
        # bytes from another encoding arrive as lone surrogates, which no id, path or Dnr holds
        ref = re.sub(r"[\ud800-\udfff]", "\ufffd", ref)
        if not ref:
            raise DocumentNotFound("ange ett dokument-id, en sökväg eller ett Dnr")
        if re.fullmatch(r"[0-9a-f]{4,64}", ref.lower()):
            exact = self.searcher.document(id=ref.lower())  # a whole id: one lookup, not a scan
            if exact is not None and exact.get("kind") == "doc":
                return exact, [], "id"
            found = [d for d in self.searcher.documents(kind="doc") if d["id"].startswith(ref.lower()[:16])]
            # a prefix is resolved among the documents this user may see; reports above the
            # ceiling do not exist here, and a draft counts only when nothing visible matches
            everything = visibility(self.settings, include_unpublished=True)
            found = [d for d in found if everything.allows(None, d.get("classification"))]
            found = [d for d in found if self._visible(d)] or found
            if len(found) == 1:
                return found[0], [], "id"
            if len(found) > 1:
                raise DocumentNotFound(f"id-början {ref} passar {len(found)} dokument: skriv fler tecken")
        path = self._archive_relative(ref)
        record = self.searcher.document(id=f"f:{path}")
        if record is not None:
            if not record.get("doc_id"):
                raise DocumentNotFound(f"{path} kunde inte läsas vid indexeringen: {record.get('error')}")
            doc = self.searcher.document(id=record["doc_id"])
            if doc is not None:
                return doc, [], "path"
        dnr = normalise_dnr(ref) or normalise_dnr(ref, from_folder=True)
        key = dnr.key if dnr else dnr_key(ref)
        found = [
            d
            for k in dict.fromkeys([key, legacy_dnr_key(ref)])
            for d in self.searcher.documents(kind="doc", dnr_key=k)
            if self._visible(d)
        ]
        if found:
            ordered = sorted(found, key=lambda d: d.get("date") or "", reverse=True)
            ordered.sort(key=lambda d: PRIMARY_RANK.get(d.get("doc_type"), 9))  # final reports first
            return ordered[0], [d["id"] for d in ordered], "dnr"
        raise DocumentNotFound(
            f"hittar inget dokument med id, sökväg eller Dnr {ref!r}: sök med kbank search"
        )

    def _archive_relative(self, ref: str) -> str:
        candidate = Path(ref).expanduser()
        if candidate.exists():
            try:
                return candidate.resolve().relative_to(self.settings.archive.resolve()).as_posix()
            except ValueError:
                pass
        return ref.replace("\\", "/").lstrip("./") if ref.startswith("./") else ref.replace("\\", "/")

    # -- shared

    def _document(self, stored: dict, paths: builtins.list[str] | None = None) -> Document:
        """The document of a ``doc`` record; ``paths``: its archive paths, when already read."""
        meta = stored.get("meta") or {}
        if paths is None:
            paths = self._paths_of(stored["id"])
        paths = paths or [stored.get("path", "")]
        return Document(
            id=stored["id"],
            path=paths[0],
            paths=paths,
            dnr=stored.get("dnr"),
            title=stored.get("title") or meta.get("title") or paths[0],
            doc_type=stored.get("doc_type") or "other",
            date=stored.get("date") or None,
            year=stored.get("year") or None,
            unit=stored.get("unit") or None,
            areas=list(meta.get("areas") or []),
            keywords=list(meta.get("keywords") or []),
            project=meta.get("project"),
            contact=meta.get("contact"),
            status=effective_status(self.settings, stored.get("status")),
            classification=effective_classification(self.settings, stored.get("classification")),
            has_summary=bool(meta.get("written_summary")),
            date_source=(meta.get("sources") or {}).get("date"),
            ocr=bool(meta.get("ocr_pages")),
        )

    def _paths_of(self, doc_id: str) -> builtins.list[str]:
        if self._paths is not None:
            return self._paths.get(doc_id, [])
        # by doc_id alone: adding kind="file" would read that term's postings, one per file;
        # the text record shares the doc_id and is skipped unread (its pages are the bulk)
        text = self.searcher.document_number(id=f"t:{doc_id}")
        numbers = self.searcher.document_numbers(doc_id=doc_id)
        records = (self.searcher.stored_fields(n) for n in numbers if n != text)
        return sorted(r["path"] for r in records if r.get("kind") == "file")

    def _load_all_paths(self) -> None:
        """Read every file record once, for listing many documents."""
        paths: dict[str, builtins.list[str]] = defaultdict(list)
        for record in self.searcher.documents(kind="file"):
            if record.get("doc_id"):
                paths[record["doc_id"]].append(record["path"])
        self._paths = {k: sorted(v) for k, v in paths.items()}


def _summary_source(meta: dict) -> str | None:
    if meta.get("written_summary"):
        origin = (meta.get("sources") or {}).get("written_summary", "")
        return "sidecar" if origin.startswith("sidecar") else meta.get("summary_file")
    return "report" if meta.get("summary") else None
