"""Search, list and show: whoosh queries from the parsed query tree, filters, facets, snippets."""

from __future__ import annotations

import builtins
import heapq
import re
from collections import defaultdict
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring

from kbank.config import Settings
from kbank.editorial.status import effective_classification, effective_status, repairing, visibility
from kbank.errors import DocumentNotFound, IndexDamaged, IndexMissing, QueryError
from kbank.index.generations import open_index
from kbank.metadata.cases import Case, build_cases, case_key, projects_without_summary
from kbank.metadata.dnr import dnr_key, legacy_dnr_key, normalise_dnr
from kbank.metadata.doctypes import PRIMARY_RANK
from kbank.search.compile import (
    Compiler,
    IndexVocabulary,
    Unscored,
    compile_filters,
    only_negative,
    restrict,
    snippet_matcher,
    with_field,
)
from kbank.search.explain import explain_query
from kbank.search.facets import Facets, empty_facets
from kbank.search.query import (
    parse_query,
)
from kbank.search.rank import Reranker
from kbank.search.results import (
    CaseListResult,
    Document,
    DocumentDetail,
    FileInfo,
    Filters,
    Hit,
    ListResult,
    Matches,
    SearchResult,
)
from kbank.search.scoring import TermAtATime
from kbank.search.snippets import Matcher, make_snippet
from kbank.search.spelling import display, spelling_notes, suggest
from kbank.textutil import nfc

#: Type and recency factors re-rank this many of the best text matches.
RERANK_DEPTH = 50
BULK_FACETS_FROM = 500
#: the orders ``search --sort`` offers (the CLI maps relevans/datum/titel to them)
SORTS = ("relevance", "date", "title")
#: ``--like``: how many of a report's most telling terms describe it.
LIKE_TERMS = 25


class Bank:
    """An open index for searching, listing and showing; open once per process."""

    def __init__(self, settings: Settings, include_unpublished: bool = False, repair: bool = False):
        self.settings = settings
        #: what this user may see: published reports (all with ``include_unpublished``) up to the ceiling
        self.visibility = visibility(settings, include_unpublished)
        if repair:  # an editor undoing a classification typo (show --all, set --all)
            self.visibility = repairing(self.visibility, settings)
        try:
            self.ix = open_index(settings.index)
        except IndexMissing:
            raise IndexMissing(
                f"det finns inget index i {settings.index}: {settings.where_to_set('index')} "
                "(den som sköter kbank bygger det med kbank ingest)"
            ) from None
        self.weighting = scoring.BM25F()
        try:
            self.searcher = self.ix.searcher(weighting=self.weighting)
        except Exception as exc:  # noqa: BLE001 - a damaged segment raises many types
            raise IndexDamaged(
                f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex"
            ) from None
        self.vocab = IndexVocabulary(self.searcher.reader(), self._hidden_docnums())
        self.reranker = Reranker(settings.ranking, self.searcher.reader())
        self.facets = Facets(self.searcher)
        self._paths: dict[str, builtins.list[str]] | None = None
        self._scorer: TermAtATime | None = None

    def _hidden_docnums(self) -> frozenset[int]:
        """The document records this user may not see (drafts without --all, above the ceiling)."""
        visible_q = compile_filters(Filters(), self.visibility)
        if visible_q is None:
            return frozenset()
        every = set(self.searcher.docs_for_query(wq.Term("kind", "doc")))
        return frozenset(every - set(self.searcher.docs_for_query(visible_q)))

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- search

    def search(
        self,
        text: str,
        filters: Filters | None = None,
        limit: int = 10,
        explain: bool = False,
        in_field: str | None = None,
        offset: int = 0,
        sort: str = "relevance",
    ) -> SearchResult:
        """Run a query with filters; return ranked hits with snippets, facets and spelling help.

        ``in_field`` searches one text field only (``summary``: the written summaries), as
        if every word were typed with that field's prefix. ``offset`` skips that many hits
        (paging); ``sort`` is ``relevance``, ``date`` (newest first) or ``title``.
        """
        if sort not in SORTS:
            raise QueryError(f"okänd sortering {sort!r}: välj relevans, datum eller titel")
        text = nfc(text)
        node = parse_query(text)
        if in_field is not None:
            node = with_field(node, in_field)
        # each search has its own work budget (a resident process runs many)
        work_before, self.vocab.work = self.vocab.work, 0
        try:
            return self._search(text, node, filters, limit, explain, in_field, offset, sort)
        finally:
            self.vocab.work += work_before

    def _search(
        self,
        text: str,
        node,
        filters: Filters | None,
        limit: int,
        explain: bool,
        in_field: str | None,
        offset: int,
        sort: str,
    ) -> SearchResult:
        compiler = Compiler(
            self.vocab, self.settings.ranking, administrations=self.settings.organisation.administrations
        )
        compiled = compiler.compile(node)
        filter_q = compile_filters(
            filters or Filters(),
            self.visibility,
            documents_only=only_negative(node),
            administrations=self.settings.organisation.administrations,
        )
        if compiled.query is None:
            notes = ["sökfrågan innehåller bara vanliga småord (stoppord) och gav inga sökbara ord"]
            return SearchResult(text, 0, [], empty_facets(), None, notes)
        positive = [r for i, r in enumerate(compiled.readings) if i not in compiler.negated]
        depth = max(offset + limit, RERANK_DEPTH) if sort == "relevance" else 1 << 30
        with _index_errors():
            top, matched = self._collect(restrict(compiled.query, filter_q), depth)
            if compiler.relaxable and len(matched) < limit:
                # too few reports have every word: those lacking one of them may follow
                loose = Compiler(
                    self.vocab,
                    self.settings.ranking,
                    relax=True,
                    administrations=self.settings.organisation.administrations,
                ).compile(node)
                top, matched = self._collect(restrict(loose.query, filter_q), depth)
            total = len(matched)
            matcher = snippet_matcher(node, positive)
            if sort == "relevance":
                ranked = self.reranker.rerank(self._bonus(top, compiled.bonus))
            else:
                ranked = self._sorted(top, sort)
            hits = [
                self._hit(docnum, score, matcher, in_field == "summary")
                for docnum, score in ranked[offset : offset + limit]
            ]
            facets = self.facets.count(matched)
        notes = spelling_notes(positive, self.display)
        if total == 0:
            notes += [
                f"«{r.word}» finns inte i någon rapport" for r in positive if r.docs == 0 and not r.forms[1:]
            ]
        truncated = any(r.truncated for r in compiled.readings)
        if truncated:
            notes.append(
                "sökningen var för kostsam: några ord söktes utan stavnings- och OCR-former, "
                "så träffarna kan vara ofullständiga (skriv färre eller kortare ord)"
            )
        suggestion = (
            None if truncated else suggest(text, positive, total, self.vocab, self.display, self._hits_for)
        )
        result = SearchResult(text, total, hits, facets, suggestion, notes, truncated=truncated)
        result.work = {"lookups": self.vocab.work, "clauses": _leaves(compiled.query)}
        replaced = {
            r.word: self.display(r.of_kind("stavning")[0].term)
            for r in positive
            if r.replaced and r.of_kind("stavning")
        }
        if replaced:
            result.read_as = " ".join(replaced.get(w, w) for w in text.split())
        if explain:
            result.explain = explain_query(
                self.searcher, self.weighting, self.reranker, compiled, compiler, hits
            )
        return result

    def _sorted(
        self, scored: builtins.list[tuple[int, float]], sort: str
    ) -> builtins.list[tuple[int, float]]:
        """Order matches by date (newest first, undated last) or by title, instead of by score."""
        fields = {d: self.searcher.stored_fields(d) for d, _ in scored}
        if sort == "title":
            return sorted(scored, key=lambda p: ((fields[p[0]].get("title") or "").casefold(), p[0]))
        by_date = sorted(
            scored,
            key=lambda p: (fields[p[0]].get("date") or str(fields[p[0]].get("year") or ""), p[1]),
            reverse=True,
        )
        return sorted(by_date, key=lambda p: not (fields[p[0]].get("date") or fields[p[0]].get("year")))

    def like(
        self, ref: str, filters: Filters | None = None, limit: int = 10, offset: int = 0
    ) -> SearchResult:
        """Find reports like the one ``ref`` names: other projects that wrote about the same things."""
        stored, same_dnr, _ = self._resolve(ref.strip())
        self._check_visible(stored, ref)
        doc = self._document(stored)
        pages = (self.searcher.document(id=f"t:{doc.id}") or {}).get("pages") or []
        text = "\n".join([doc.title, *doc.keywords, *pages])
        key_terms = self.searcher.key_terms_from_text("body", text, numterms=LIKE_TERMS)
        notes: builtins.list[str] = []
        if not key_terms:
            notes.append("rapporten har för lite text för att jämföra med andra")
            return SearchResult(f"--like {ref}", 0, [], empty_facets(), None, notes, like=doc)
        query = wq.Or([wq.Term("body", t, boost=w) for t, w in key_terms])
        excluded = {doc.id} | set(same_dnr)
        if doc.dnr:
            excluded |= {d["id"] for d in self.searcher.documents(kind="doc", dnr_key=dnr_key(doc.dnr))}
            notes.append(f"rapporter med samma Dnr ({doc.dnr}) visas inte: se kbank show {doc.dnr}")
        mask = wq.Or([wq.Term("id", i) for i in sorted(excluded)])
        filter_q = compile_filters(
            filters or Filters(),
            self.visibility,
            documents_only=False,
            administrations=self.settings.organisation.administrations,
        )
        with _index_errors():
            depth = max(offset + limit, RERANK_DEPTH)
            top, matched = self._collect(wq.AndNot(restrict(query, filter_q), mask), depth)
            stems = {t: i for i, (t, _) in enumerate(key_terms)}
            matcher = Matcher(stems, {})
            ranked = self.reranker.rerank(top)
            hits = [self._hit(docnum, score, matcher) for docnum, score in ranked[offset : offset + limit]]
            facets = self.facets.count(matched)
        return SearchResult(f"--like {ref}", len(matched), hits, facets, None, notes, like=doc)

    def matches(
        self, text: str, filters: Filters | None = None, in_field: str | None = None, depth: int = 400
    ) -> Matches:
        """Every report a query matches, the best ``depth`` with their scores, without snippets.

        For overviews, which weigh reports themselves: no relaxation of the query and no
        re-ranking; the filters and what this user may see are applied as in ``search``.
        """
        text = nfc(text)
        node = parse_query(text)
        if in_field is not None:
            node = with_field(node, in_field)
        compiler = Compiler(
            self.vocab, self.settings.ranking, administrations=self.settings.organisation.administrations
        )
        compiled = compiler.compile(node)
        positive = [r for i, r in enumerate(compiled.readings) if i not in compiler.negated]
        matcher = snippet_matcher(node, positive)
        if compiled.query is None:
            notes = ["sökfrågan innehåller bara vanliga småord (stoppord) och gav inga sökbara ord"]
            return Matches(text, 0, [], matcher, len(positive), notes)
        filter_q = compile_filters(
            filters or Filters(),
            self.visibility,
            documents_only=only_negative(node),
            administrations=self.settings.organisation.administrations,
        )
        with _index_errors():
            top, matched = self._collect(restrict(compiled.query, filter_q), depth)
            if len(top) > 20:
                self._load_all_paths()  # an overview reads these reports and their cases
            scored = [(self._document(self.searcher.stored_fields(n)), score) for n, score in top]
        notes = spelling_notes(positive, self.display)
        suggestion = None
        if not matched and in_field is None:
            suggestion = suggest(text, positive, 0, self.vocab, self.display, self._hits_for)
        return Matches(text, len(matched), scored, matcher, len(positive), notes, suggestion)

    def text_of(self, doc_id: str) -> tuple[builtins.list[str], bool, dict]:
        """A visible document's pages, whether they are real pages, and its stored metadata."""
        stored = self.searcher.document(id=doc_id)
        if stored is None or not self._visible(stored):
            raise DocumentNotFound(f"hittar inget dokument med id {doc_id!r}: sök med kbank search")
        text = self.searcher.document(id=f"t:{doc_id}") or {}
        return text.get("pages") or [], (text.get("meta") or {}).get("paged", True), stored.get("meta") or {}

    def display(self, term: str) -> str:
        """A word as the reports spell it for an analysed term (utvardering → utvärdering)."""
        return display(self.searcher, term, self.vocab.visible)

    def _hits_for(self, text: str) -> int:
        return self.search(text, limit=1).total

    def _hit(self, docnum: int, score: float, matcher: Matcher, from_summary: bool = False) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        doc = self._document(stored)
        if from_summary:  # the passage comes from the written summary, which has no pages
            pages, paged = [(stored.get("meta") or {}).get("written_summary") or ""], False
        else:
            text = self.searcher.document(id=f"t:{doc.id}") or {}
            pages = text.get("pages") or []
            paged = (text.get("meta") or {}).get("paged", True)
        snippet, spans, index = make_snippet(pages, matcher)
        return Hit(
            **vars(doc),
            score=score,
            snippet=snippet,
            highlights=spans,
            page=index + 1 if paged and pages else None,
        )

    def _collect(
        self, query: wq.Query, depth: int
    ) -> tuple[builtins.list[tuple[int, float]], builtins.list[int]]:
        """Run a query once: the ``depth`` best (docnum, score) and every matching docnum.

        One pass gives the hits, the total and the facets; whoosh's own collector would run
        the query again to count it and once more for the facets. The pass is scored a term
        at a time (``kbank.search.scoring``), with the scores whoosh's matchers would give.
        """
        if self._scorer is None:
            self._scorer = TermAtATime(self.searcher, self.weighting, unscored=(Unscored,))
        scores = self._scorer.run(query)
        best = heapq.nsmallest(depth, scores.items(), key=lambda pair: (-pair[1], pair[0]))
        return best, sorted(scores)

    def _bonus(
        self, top: builtins.list[tuple[int, float]], queries: builtins.list[wq.Query]
    ) -> builtins.list[tuple[int, float]]:
        """Add the scores of bonus clauses (exact spelling, proximity) to the best matches only."""
        if not queries or not top:
            return top
        extra: dict[int, float] = defaultdict(float)
        wanted = sorted(d for d, _ in top)
        for sub, offset in self.searcher.leaf_searchers():
            local = [d - offset for d in wanted if offset <= d < offset + sub.doc_count_all()]
            if not local:
                continue
            for query in queries:
                m = query.matcher(sub, sub.context(weighting=self.weighting))
                for docnum in local:
                    if not m.is_active():
                        break
                    if m.id() < docnum:
                        m.skip_to(docnum)
                    if m.is_active() and m.id() == docnum:
                        extra[docnum + offset] += m.score()
        return [(d, score + extra.get(d, 0.0)) for d, score in top]

    # -- list

    def list(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Return documents matching the filters, newest first.

        With a ``limit`` only the page is read: the order comes from the date and year columns,
        and only the page's documents (and those tied with its last one, whose titles decide)
        are loaded; the facets come from columns too.
        """
        if limit:
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

    def _document(self, stored: dict) -> Document:
        meta = stored.get("meta") or {}
        paths = self._paths_of(stored["id"]) or [stored.get("path", "")]
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


def _leaves(query: wq.Query | None) -> int:
    """The number of term, phrase and prefix clauses a compiled query scores."""
    if query is None:
        return 0
    children = list(query.children()) if not query.is_leaf() else []
    return sum(_leaves(c) for c in children) if children else 1


def _summary_source(meta: dict) -> str | None:
    if meta.get("written_summary"):
        origin = (meta.get("sources") or {}).get("written_summary", "")
        return "sidecar" if origin.startswith("sidecar") else meta.get("summary_file")
    return "report" if meta.get("summary") else None


class _index_errors:
    """Turn a segment file that vanished under a search into ``IndexDamaged``."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, FileNotFoundError):
            raise IndexDamaged(
                f"indexet saknar en fil ({Path(exc.filename or '').name}): kör kbank reindex"
            ) from None
        return False
