"""Search, list and show: whoosh queries from the parsed query tree, filters, facets, snippets."""

from __future__ import annotations

import builtins
import heapq
from contextlib import contextmanager
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring

from kbank.config import Settings
from kbank.editorial.status import Visibility, repairing, visibility
from kbank.errors import DocumentNotFound, IndexDamaged, IndexMissing, QueryError
from kbank.index.generations import open_index
from kbank.metadata.dnr import dnr_key
from kbank.search.blocks import BlockCache
from kbank.search.bonus import bonus_scores, phrase_terms
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
from kbank.search.lookup import Lookup
from kbank.search.query import (
    parse_query,
)
from kbank.search.rank import Reranker
from kbank.search.results import (
    Filters,
    Hit,
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


class Bank(Lookup):
    """An open index for searching, listing and showing; open once per process."""

    def __init__(
        self,
        settings: Settings,
        include_unpublished: bool = False,
        repair: bool = False,
        seen: Visibility | None = None,
    ):
        self.settings = settings
        #: what this user may see: published reports (all with ``include_unpublished``) up to the ceiling;
        #: ``seen`` replaces it (a linked bank: its own rules and the reader's, ``kbank.linked``)
        self.visibility = seen or visibility(settings, include_unpublished)
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
        self._vocab: IndexVocabulary | None = None  # read at the first search (a list needs none)
        self.reranker = Reranker(settings.ranking, self.searcher.reader())
        self.facets = Facets(self.searcher)
        self._paths: dict[str, builtins.list[str]] | None = None
        self._listing: dict | None | bool = False
        self._scorer: TermAtATime | None = None
        #: whether a query of three words or more is loosened: None decides by this bank's own
        #: count; a search over linked banks decides by their total (``kbank.linked``)
        self.relax: bool | None = None

    @property
    def vocab(self) -> IndexVocabulary:
        """The index's vocabulary as this user may see it (counting it reads every document number)."""
        if self._vocab is None:
            self._vocab = IndexVocabulary(self.searcher.reader(), self._hidden_docnums())
        return self._vocab

    @vocab.setter
    def vocab(self, value: IndexVocabulary) -> None:
        """Let a federated search read the query against every linked bank's words (``kbank.linked``)."""
        self._vocab = value

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
        # the bonus phrases read their words' positions again: decode those blocks once
        blocks = BlockCache(phrase_terms(compiled.bonus)) if sort == "relevance" and compiled.bonus else None
        with _index_errors(), self._search_blocks(blocks):
            top, matched = self._collect(restrict(compiled.query, filter_q), depth)
            if compiler.relaxable and (len(matched) < limit if self.relax is None else self.relax):
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
                ranked = self.reranker.rerank(self._bonus(top, compiled.bonus, blocks))
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
        if from_summary:  # the passage comes from the written summary, which has no pages
            doc = self._document(stored)
            pages, paged = [(stored.get("meta") or {}).get("written_summary") or ""], False
        else:
            # the records sharing its doc_id: its text (the snippet's pages) and its files (paths)
            records = [
                self.searcher.stored_fields(n) for n in self.searcher.document_numbers(doc_id=stored["id"])
            ]
            text: dict = next((r for r in records if r.get("kind") == "text"), {})
            paths = (
                None
                if self._paths is not None
                else sorted(r["path"] for r in records if r.get("kind") == "file")
            )
            doc = self._document(stored, paths)
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

    @contextmanager
    def _search_blocks(self, blocks: BlockCache | None):
        """Let this search's ``_collect`` calls keep the posting blocks its bonus reads again."""
        if self._scorer is None:
            self._scorer = TermAtATime(self.searcher, self.weighting, unscored=(Unscored,))
        self._scorer.blocks = blocks
        try:
            yield
        finally:
            self._scorer.blocks = None

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
        self,
        top: builtins.list[tuple[int, float]],
        queries: builtins.list[wq.Query],
        blocks: BlockCache | None = None,
    ) -> builtins.list[tuple[int, float]]:
        """Add the scores of bonus clauses (exact spelling, proximity) to the best matches only."""
        if not queries or not top:
            return top
        extra = bonus_scores(self.searcher, self.weighting, [d for d, _ in top], queries, blocks)
        return [(d, score + extra.get(d, 0.0)) for d, score in top]


def _leaves(query: wq.Query | None) -> int:
    """The number of term, phrase and prefix clauses a compiled query scores."""
    if query is None:
        return 0
    children = list(query.children()) if not query.is_leaf() else []
    return sum(_leaves(c) for c in children) if children else 1


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
