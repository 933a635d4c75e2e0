"""Search, list and show: whoosh queries from the parsed query tree, filters, facets, snippets."""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, islice
from pathlib import Path

from whoosh import matching, scoring
from whoosh import query as wq
from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata

from .administrations import unit_spellings
from .analysis import terms
from .areas import resolve_area
from .cases import Case, build_cases, case_key
from .confidence import confidences
from .config import Ranking, Settings
from .doctypes import type_named
from .editorial import Visibility, effective_classification, effective_status, visibility
from .errors import DocumentNotFound, IndexDamaged, QueryError
from .expansion import KIND_WEIGHTS, Reading, loose_nearest, read_word
from .index import open_index
from .metadata import DOC_TYPES, dnr_key, normalise_dnr, normalise_doc_type
from .query import And, Filter, Node, Not, Or, Phrase, Word, parse_query, parse_years, positive_words
from .scoring import TermAtATime, column_values
from .snippets import Matcher, make_snippet
from .textutil import fold, nfc

#: Extra weight for a match in the real spelling (å/ä/ö as typed) over a folded one.
EXACT_BONUS = 0.5
#: Words of a query standing within this many positions of each other rank higher ...
PROXIMITY_SLOP = 4
#: ... by this share of a word match in the same field.
PROXIMITY_BONUS = 0.5
#: A query word that names a document type ("slutrapport") also matches reports of that type, scored
#: as this much (a word match in the body scores about 2–6).
TYPE_WORD_SCORE = 2.0
#: A query made mostly of short words ("Ett hem att växa i"): reports with the whole phrase rank first,
#: by this share of a word match in the same field per word of the phrase.
WHOLE_PHRASE_BONUS = 2.0
#: From this many words on (and up to the next number), a report may lack one word and still match.
RELAX_FROM, RELAX_UP_TO = 3, 6
#: Type and recency factors re-rank this many of the best text matches.
RERANK_DEPTH = 50
#: a search matching more documents than this reads the facet columns whole (see ``Bank._facet_rows``)
BULK_FACETS_FROM = 500
#: ``--like``: how many of a report's most telling terms describe it.
LIKE_TERMS = 25
_TYPE_RANK = {
    "slutrapport": 0, "utvärdering": 1, "delrapport": 2, "projektplan": 3, "tjänsteutlåtande": 4,
    "kommunikationsplan": 5, "strategi": 6, "other": 7,
}  # fmt: skip
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")


# --------------------------------------------------------------------------- plain results


@dataclass
class Filters:
    """The metadata filters of ``search`` and ``list``; several values of one kind mean OR."""

    types: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    dnrs: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    #: restrict to these document ids (digests search among the news only)
    ids: list[str] | None = None

    def to_json(self) -> dict[str, list[str]]:
        """The filters a person set, by their option names (for logs and saved searches)."""
        named = {
            "type": self.types,
            "area": self.areas,
            "unit": self.units,
            "dnr": self.dnrs,
            "year": self.years,
        }
        return {k: list(v) for k, v in named.items() if v}

    @classmethod
    def from_json(cls, data: dict[str, list[str]]) -> Filters:
        return cls(
            types=list(data.get("type", [])),
            areas=list(data.get("area", [])),
            units=list(data.get("unit", [])),
            dnrs=list(data.get("dnr", [])),
            years=list(data.get("year", [])),
        )


@dataclass
class Document:
    """A document as ``list`` shows it; ``Hit`` adds score, snippet and page."""

    id: str
    path: str
    paths: list[str]
    dnr: str | None
    title: str
    doc_type: str
    date: str | None
    year: int | None
    unit: str | None
    areas: list[str]
    keywords: list[str]
    project: str | None = None
    contact: str | None = None
    #: editorial status and classification, the installation's defaults filled in
    status: str | None = None
    classification: str | None = None
    #: whether an editor has written a summary for it (sammanfattning.md/.docx or the sidecar)
    has_summary: bool = False
    #: where the date was read ("properties" is a guess): a case's period prefers the others
    date_source: str | None = field(default=None, repr=False)

    @property
    def case(self) -> dict:
        """Which case (ärende) the document belongs to: its key, Dnr and project name."""
        return {"key": case_key(self.dnr, self.path), "dnr": self.dnr, "project": self.project}

    def to_json(self) -> dict:
        return {
            "id": self.id, "path": self.path, "paths": self.paths, "dnr": self.dnr,
            "title": self.title, "doc_type": self.doc_type, "date": self.date, "year": self.year,
            "unit": self.unit, "areas": self.areas, "keywords": self.keywords,
            "project": self.project, "contact": self.contact, "case": self.case,
            "status": self.status, "classification": self.classification,
            "has_summary": self.has_summary,
        }  # fmt: skip


@dataclass
class Hit(Document):
    """A ranked search result with the passage that matched."""

    score: float = 0.0
    snippet: str = ""
    #: [start, end) character spans of matched words inside ``snippet``
    highlights: list[tuple[int, int]] = field(default_factory=list)
    page: int | None = None

    def to_json(self) -> dict:
        return super().to_json() | {
            "score": round(self.score, 3),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "page": self.page,
        }


@dataclass
class SearchResult:
    """Everything ``kbank search`` reports."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    #: the report ``--like`` compared with
    like: Document | None = None
    explain: Explanation | None = None

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
            "like": self.like.to_json() if self.like else None,
            "explain": self.explain.to_json() if self.explain else None,
        }


@dataclass
class FileInfo:
    """One archive path of a document, as the index recorded it."""

    path: str
    size: int
    mtime_ns: int


@dataclass
class DocumentDetail:
    """Everything ``kbank show`` reports about one document."""

    document: Document
    meta: dict
    files: list[FileInfo]
    pages: list[str]
    paged: bool
    properties: dict[str, str]
    #: the summary written from the template, else the report's own "Sammanfattning"
    summary: str | None = None
    #: where ``summary`` comes from: the summary file, "sidecar", "report" or None
    summary_source: str | None = None
    same_dnr: list[str] = field(default_factory=list)
    #: the document's case with all its documents in lineage order
    case: Case | None = None
    #: how the reference was understood: "id", "path" or "dnr"
    matched_by: str = "id"

    @property
    def text_chars(self) -> int:
        return sum(len(p) for p in self.pages)

    def preview(self, chars: int = 800) -> str:
        text = "\n".join(line for line in "\n".join(self.pages).splitlines() if line.strip())
        return text[:chars].rstrip() + ("…" if len(text) > chars else "")

    def to_json(self) -> dict:
        meta = self.meta
        return self.document.to_json() | {
            "sha256": meta.get("sha256"),
            "dnr_raw": meta.get("dnr_raw"),
            "contact": meta.get("contact"),
            "project": meta.get("project"),
            "indexed": meta.get("indexed"),
            "page_count": len(self.pages) if self.paged else None,
            "text_chars": self.text_chars,
            "files": [{"path": f.path, "size": f.size, "mtime_ns": f.mtime_ns} for f in self.files],
            "properties": self.properties,
            "summary": self.summary,
            "summary_source": self.summary_source,
            "same_dnr": self.same_dnr,
            "date_precision": meta.get("date_precision"),
            "sources": meta.get("sources") or {},
            "confidence": confidences(
                self.document.to_json() | {"contact": meta.get("contact")}, meta.get("sources") or {}
            ),
            "area_evidence": meta.get("area_evidence") or [],
            "dnr_folder": meta.get("dnr_folder"),
            "dnr_text": meta.get("dnr_text"),
            "case": self.case.to_json() if self.case else self.document.case,
            "text_preview": self.preview(),
        }


@dataclass
class ListResult:
    """Everything ``kbank list`` reports."""

    total: int
    documents: list[Document]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "documents": [d.to_json() for d in self.documents],
            "facets": self.facets,
        }


@dataclass
class CaseListResult:
    """What ``kbank list --group case`` reports: cases, newest first, with their matching documents."""

    total: int
    documents: int
    cases: list[Case]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "documents": self.documents,
            "cases": [c.to_json() for c in self.cases],
            "facets": self.facets,
        }


# --------------------------------------------------------------------------- ranking


class Reranker:
    """A factor per document on top of BM25F: final reports and evaluations above plans, newer above older.

    Applied to the best ``RERANK_DEPTH`` hits of a search rather than inside whoosh's scoring
    loop, so a search that matches thousands of reports reads two columns for a few dozen.
    """

    def __init__(self, ranking: Ranking, reader):
        self.ranking = ranking
        self.reader = reader
        self._columns = None
        self._newest: int | None = None

    def factors(self, docnum: int) -> tuple[float, float]:
        """Return (type factor, recency factor) of a document."""
        if self._columns is None:
            self._columns = (self.reader.column_reader("doc_type"), self.reader.column_reader("year"))
            self._newest = max((y for y in _stored_years(self.reader) if y), default=0)
        doc_type = self._columns[0][docnum] or "other"
        year = self._columns[1][docnum] or 0
        type_factor = self.ranking.type_boosts.get(doc_type, 1.0)
        newer = 1.0
        if year and self._newest:
            age = max(0, self._newest - year)
            newer += self.ranking.newer_boost * max(0.0, 1.0 - age / self.ranking.newer_years)
        return type_factor, newer

    def rerank(self, scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Return (docnum, score × factors), best first."""
        out = []
        for docnum, score in scored:
            type_factor, newer = self.factors(docnum)
            out.append((docnum, score * type_factor * newer))
        return sorted(out, key=lambda pair: -pair[1])


@lru_cache(maxsize=256)
def _levenshtein_dfa(term: str, maxdist: int):
    """The automaton for terms within ``maxdist`` edits sharing the first letter (built once per word)."""
    return levenshtein_automaton(term, maxdist, prefix=1).to_dfa()


def _stored_years(reader) -> list[int]:
    """The distinct years in the index, read from the year field's terms (a handful)."""
    fieldobj = reader.schema["year"]
    return [fieldobj.from_bytes(t) for t in fieldobj.sortable_terms(reader, "year")]


# --------------------------------------------------------------------------- compiling queries


class _IndexVocabulary:
    """``expansion.Vocabulary`` over a whoosh reader, with a cache for the life of the ``Bank``."""

    def __init__(self, reader):
        self.reader = reader
        self.fields = set(reader.schema.names())
        self._docs: dict[tuple[str, str], int] = {}
        self._near: dict[tuple[str, str, int], list[str]] = {}

    def docs(self, field: str, term: str) -> int:
        key = (field, term)
        if key not in self._docs:
            self._docs[key] = self.reader.doc_frequency(field, term) if field in self.fields else 0
        return self._docs[key]

    def near(self, field: str, term: str, maxdist: int) -> list[str]:
        if field not in self.fields:
            return []
        key = (field, term, maxdist)
        if key not in self._near:
            found: set[str] = set()
            dfa = _levenshtein_dfa(term, maxdist)
            # walk each segment's sorted terms with one automaton (a MultiReader would scan them all)
            for leaf, _ in self.reader.leaf_readers():
                if field in leaf.indexed_field_names():
                    found.update(Automata.find_matches(dfa, leaf.cursor(field)))
            self._near[key] = sorted(found)
        return self._near[key]

    def starting(self, field: str, prefix: str, limit: int) -> list[str]:
        if field not in self.fields:
            return []
        return list(islice((t.decode("utf-8") for t in self.reader.expand_prefix(field, prefix)), limit))


@dataclass
class _Compiled:
    """A compiled query and what the compiler learnt on the way."""

    query: wq.Query | None
    readings: list[Reading]
    #: (field, term) -> kind of form, for explaining scores
    kinds: dict[tuple[str, str], str]
    #: scored on the best matches only (see ``Bank._bonus``)
    bonus: list[wq.Query] = field(default_factory=list)


class _Compiler:
    """Turns a parsed query into a whoosh query, reading each word against the index's vocabulary."""

    def __init__(
        self,
        vocab: _IndexVocabulary,
        ranking: Ranking,
        relax: bool = False,
        administrations: dict | None = None,
    ):
        self.vocab = vocab
        self.relax = relax
        #: the query has three words or more, so a relaxed reading exists
        self.relaxable = False
        self.boosts = {f: b for f, b in ranking.field_boosts.items() if f in vocab.fields}
        self.readings: list[Reading] = []
        self.kinds: dict[tuple[str, str], str] = {}
        #: indexes into ``readings`` of words under NOT
        self.negated: set[int] = set()
        self.compiled_items: dict[int, wq.Query | None] = {}
        #: clauses that only add to the score of the best matches: exact spelling, words near each other
        self.bonus: list[wq.Query] = []
        self.negating = 0
        #: the configured administrations and their aliases, for förvaltning: in the query
        self.administrations = administrations

    def compile(self, node: Node) -> _Compiled:
        query = self.node(node)
        return _Compiled(query, self.readings, self.kinds, self.bonus)

    def node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Filter):
            return _filter_query(node.field, node.value, self.administrations)
        if isinstance(node, Not):
            before = len(self.readings)
            self.negating += 1
            inner = self.node(node.item)
            self.negating -= 1
            self.negated.update(range(before, len(self.readings)))
            return None if inner is None else wq.Not(inner)
        parts = []
        for item in node.items:
            compiled = self.node(item)
            self.compiled_items[id(item)] = compiled
            if compiled is not None:
                parts.append(compiled)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, Or):
            return wq.Or(parts)
        words = [i for i in node.items if isinstance(i, Word) and not i.prefix and not i.field]
        near = self.proximity(words)
        if near is not None:
            self.bonus.append(near)
        whole = self.whole_phrase(node, words)
        if whole is not None:
            self.bonus.append(whole)
        return self.relaxed(node, parts)

    def whole_phrase(self, node, words: list[Word]) -> wq.Query | None:
        """A bonus for the whole query as a phrase when it is mostly short words ("Ett hem att växa i")."""
        if isinstance(node, Or) or self.negating or len(words) < 3 or len(words) != len(node.items):
            return None
        short = [w for w in words if len(w.text) <= 3 or not terms(w.text, "stem_fold")]
        stems = [t for w in words for t in terms(w.text, "stem_fold")]
        if 2 * len(short) < len(words) or len(stems) < 2:
            return None
        return wq.Or(
            [
                wq.Phrase(f, stems, slop=1, boost=self.boosts.get(f, 1.0) * WHOLE_PHRASE_BONUS * len(stems))
                for f in ("title", "body")
                if f in self.boosts
            ]
        )

    def relaxed(self, node, parts: list[wq.Query]) -> wq.Query:
        """All words required; from three words on, a report lacking one of them matches too, lower
        (only with ``relax``: a search tries that when the reports with every word are too few)."""
        compiled = [self.compiled_items.get(id(item)) for item in node.items]
        words = [
            q
            for item, q in zip(node.items, compiled, strict=True)
            if isinstance(item, Word) and q is not None
        ]
        others = [q for q in parts if not any(q is w for w in words)]
        if not RELAX_FROM <= len(words) <= RELAX_UP_TO:
            return wq.And(parts)
        self.relaxable = True
        if not self.relax:
            return wq.And(parts)
        options = [wq.And(words)] + [wq.And(list(c)) for c in combinations(words, len(words) - 1)]
        return wq.And([wq.Or(options), *others]) if others else wq.Or(options)

    def fields(self, field: str | None) -> list[str]:
        return [field] if field else list(self.boosts)

    def term(self, field: str, text: str, boost: float, kind: str) -> wq.Term:
        self.kinds.setdefault((field, text), kind)
        return wq.Term(field, text, boost=boost)

    def word(self, word: Word) -> wq.Query | None:
        fields = self.fields(word.field)
        if word.prefix:
            stem = fold(word.text)
            return wq.Or([wq.Prefix(f, stem, boost=self.boosts.get(f, 1.0)) for f in fields])
        folded = terms(word.text, "stem_fold")
        if not folded:
            return None  # a stop word
        if len(folded) > 1:
            return self.phrase(Phrase(word.text, word.field), dnr_too=word.field is None)
        reading = read_word(word.text, self.vocab)
        self.readings.append(reading)
        clauses: list[wq.Query] = []
        for form in reading.forms:
            if form.kind == "sammansättning":
                if word.field is None or word.field == "body":
                    clauses.append(self.term("parts", form.term, form.weight, form.kind))
                continue
            for f in (
                fields if form.kind == "ord" else [f for f in fields if f in ("title", "body")] or fields
            ):
                boost = self.boosts.get(f, 1.0) * form.weight
                clauses.append(self.term(f, form.term, boost, form.kind))
                if form.kind == "ord" and f"{f}_sv" in self.vocab.fields and not self.negating:
                    self.bonus.append(self.term(f"{f}_sv", reading.exact, boost * EXACT_BONUS, "exakt"))
            if form.kind == "stavning" and (word.field is None or word.field == "body"):
                clauses.append(
                    self.term("parts", form.term, KIND_WEIGHTS["sammansättning"] * form.weight, form.kind)
                )
        named = type_named(word.text) if word.field is None and not self.negating else None
        if named:
            # "Navigatorcentrum slutrapport": a final report whose text says "slutredovisning" is one too
            clauses.append(self.term("doc_type", named, TYPE_WORD_SCORE, "dokumenttyp"))
        return wq.Or(clauses)

    def phrase(self, phrase: Phrase, dnr_too: bool = True) -> wq.Query | None:
        folded = list(terms(phrase.text, "stem_fold"))
        if not folded:
            return None
        if len(folded) == 1:
            return self.word(Word(phrase.text, phrase.field))
        exact = list(terms(phrase.text, "stem"))
        parts: list[wq.Query] = []
        for f in self.fields(phrase.field):
            parts.append(wq.Phrase(f, folded, boost=self.boosts.get(f, 1.0)))
            if f"{f}_sv" in self.vocab.fields:
                parts.append(wq.Phrase(f"{f}_sv", exact, boost=self.boosts.get(f, 1.0) * EXACT_BONUS))
        dnr = normalise_dnr(phrase.text) if dnr_too else None
        if dnr is not None:
            parts.append(wq.Term("dnr_key", dnr.key, boost=5.0))
        return wq.Or(parts)

    def proximity(self, words: list[Word]) -> wq.Query | None:
        """An optional clause that rewards the words standing near each other, in title or body."""
        stems = [t for w in words for t in terms(w.text, "stem_fold")]
        if len(stems) < 2:
            return None
        return wq.Or(
            [
                wq.Phrase(f, stems, slop=PROXIMITY_SLOP, boost=self.boosts.get(f, 1.0) * PROXIMITY_BONUS)
                for f in ("title", "body")
            ]
        )


def _filter_query(name: str, value: str, administrations: dict | None = None) -> wq.Query:
    if name == "type":
        doc_type = normalise_doc_type(value)
        if doc_type not in DOC_TYPES:
            shown = ", ".join(t if t != "other" else "övrigt" for t in DOC_TYPES)
            raise QueryError(f"okänd dokumenttyp {value!r}: välj bland {shown}")
        return wq.Term("doc_type", doc_type)
    if name == "area":
        return wq.Term("areas", resolve_area(value).lower())
    if name == "unit":
        words = terms(value, "stem_fold")
        if not words:
            raise QueryError(f"förvaltningen {value!r} innehåller inga sökbara ord")
        # any alias, abbreviation ("SDF …") or configured name of the administration (kbank.toml)
        options = [
            [wq.Term("unit_text", w) for w in terms(v, "stem_fold")]
            for v in unit_spellings(value, administrations)
        ]
        queries = [wq.And(o) for o in options if o]
        return queries[0] if len(queries) == 1 else wq.Or(queries)
    if name == "dnr":
        return wq.Term("dnr_key", dnr_key(value))
    if name == "year":
        low, high = parse_years(value)
        return wq.NumericRange("year", low if low is not None else 1, high)
    raise QueryError(f"okänt filter {name}")


def compile_filters(
    filters: Filters, visible: Visibility | None = None, documents_only: bool = True, administrations=None
) -> wq.Query | None:
    """Return the whoosh filter for ``filters``, restricted to document records the user may see.

    With ``documents_only=False`` the restriction to document records is left out (a query
    on text fields only matches them anyway); None then means "no filter".
    """
    clauses: list[wq.Query] = [wq.Term("kind", "doc")] if documents_only else []
    if visible is not None:
        if visible.statuses is not None:
            clauses.append(wq.Or([wq.Term("status", v) for v in sorted(visible.statuses)]))
        clauses.append(wq.Or([wq.Term("classification", v) for v in sorted(visible.classifications)]))
    for name, values in (
        ("type", filters.types),
        ("area", filters.areas),
        ("unit", filters.units),
        ("dnr", filters.dnrs),
        ("year", filters.years),
    ):
        if values:
            options = [_filter_query(name, v, administrations) for v in values]
            clauses.append(options[0] if len(options) == 1 else wq.Or(options))
    if filters.ids is not None:
        clauses.append(wq.Or([wq.Term("id", i) for i in filters.ids]) if filters.ids else wq.NullQuery)
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def _only_negative(node: Node) -> bool:
    """Tell whether a query has nothing but exclusions, so it could match records that are no documents."""
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return all(_only_negative(i) for i in node.items)
    return False


def _matcher(node: Node, readings: list[Reading]) -> Matcher:
    """A snippet matcher for every form the query's words were read as."""
    stems: dict[str, int] = {}
    parts: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for group, reading in enumerate(readings):
        for form in reading.forms:
            target = parts if form.kind == "sammansättning" else stems
            target.setdefault(form.term, group)
            if form.kind == "stavning":
                parts.setdefault(form.term, group)
    group = len(readings)
    for item in positive_words(node):
        group += 1
        if isinstance(item, Word) and item.prefix:
            prefixes.append((fold(item.text), group))
        elif isinstance(item, Phrase) or len(terms(item.text, "stem_fold")) > 1:
            for t in terms(item.text, "stem_fold"):
                stems.setdefault(t, group)
    return Matcher(stems, parts, tuple(prefixes))


# --------------------------------------------------------------------------- explaining


@dataclass
class Explanation:
    """How a query was read and why the top hit ranked first (``kbank search --explain``)."""

    fields: dict[str, float]
    words: list[dict]
    query: str
    top: dict | None = None

    def to_json(self) -> dict:
        return {"fields": self.fields, "words": self.words, "query": self.query, "top": self.top}


def _reading_json(reading: Reading) -> dict:
    return {
        "word": reading.word,
        "stem": reading.stem,
        "forms": [{"form": f.term, "kind": f.kind, "docs": f.docs} for f in reading.forms],
        "replaced": reading.replaced,
    }


# --------------------------------------------------------------------------- the bank


class Bank:
    """An open index for searching, listing and showing; open once per process."""

    def __init__(self, settings: Settings, include_unpublished: bool = False):
        self.settings = settings
        #: what this user may see: published reports (all with ``include_unpublished``) up to the ceiling
        self.visibility = visibility(settings, include_unpublished)
        self.ix = open_index(settings.index)
        self.weighting = scoring.BM25F()
        try:
            self.searcher = self.ix.searcher(weighting=self.weighting)
        except Exception as exc:  # noqa: BLE001 - a damaged segment raises many types
            raise IndexDamaged(
                f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex"
            ) from None
        self.vocab = _IndexVocabulary(self.searcher.reader())
        self.reranker = Reranker(settings.ranking, self.searcher.reader())
        self._columns: dict | None = None
        self._rows: dict[int, tuple] = {}
        self._all_rows_read = False
        self._paths: dict[str, list[str]] | None = None
        self._scorer: TermAtATime | None = None

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
    ) -> SearchResult:
        """Run a query with filters; return ranked hits with snippets, facets and spelling help.

        ``in_field`` searches one text field only (``summary``: the written summaries), as
        if every word were typed with that field's prefix.
        """
        text = nfc(text)
        node = parse_query(text)
        if in_field is not None:
            node = _with_field(node, in_field)
        units = self.settings.organisation.administrations
        compiler = _Compiler(self.vocab, self.settings.ranking, administrations=units)
        compiled = compiler.compile(node)
        filter_q = compile_filters(
            filters or Filters(),
            self.visibility,
            _only_negative(node),
            self.settings.organisation.administrations,
        )
        if compiled.query is None:
            notes = ["sökfrågan innehåller bara vanliga småord (stoppord) och gav inga sökbara ord"]
            return SearchResult(text, 0, [], _empty_facets(), None, notes)
        positive = [r for i, r in enumerate(compiled.readings) if i not in compiler.negated]
        with _index_errors():
            top, matched = self._collect(_restrict(compiled.query, filter_q), max(limit, RERANK_DEPTH))
            if compiler.relaxable and len(matched) < limit:
                # too few reports have every word: those lacking one of them may follow
                loose = _Compiler(
                    self.vocab, self.settings.ranking, relax=True, administrations=units
                ).compile(node)
                top, matched = self._collect(_restrict(loose.query, filter_q), max(limit, RERANK_DEPTH))
            total = len(matched)
            matcher = _matcher(node, positive)
            ranked = self.reranker.rerank(self._bonus(top, compiled.bonus))
            hits = [
                self._hit(docnum, score, matcher, in_field == "summary") for docnum, score in ranked[:limit]
            ]
            facets = self._facets(matched)
        notes = self._spelling_notes(positive)
        if total == 0:
            notes += [
                f"«{r.word}» finns inte i någon rapport" for r in positive if r.docs == 0 and not r.forms[1:]
            ]
        suggestion = self._suggestion(text, positive, total)
        result = SearchResult(text, total, hits, facets, suggestion, notes)
        if explain:
            result.explain = self._explain(compiled, compiler, hits)
        return result

    def like(self, ref: str, filters: Filters | None = None, limit: int = 10) -> SearchResult:
        """Find reports like the one ``ref`` names: other projects that wrote about the same things."""
        stored, same_dnr, _ = self._resolve(ref.strip())
        self._check_visible(stored, ref)
        doc = self._document(stored)
        pages = (self.searcher.document(id=f"t:{doc.id}") or {}).get("pages") or []
        text = "\n".join([doc.title, *doc.keywords, *pages])
        key_terms = self.searcher.key_terms_from_text("body", text, numterms=LIKE_TERMS)
        notes: list[str] = []
        if not key_terms:
            notes.append("rapporten har för lite text för att jämföra med andra")
            return SearchResult(f"--like {ref}", 0, [], _empty_facets(), None, notes, like=doc)
        query = wq.Or([wq.Term("body", t, boost=w) for t, w in key_terms])
        excluded = {doc.id} | set(same_dnr)
        if doc.dnr:
            excluded |= {d["id"] for d in self.searcher.documents(kind="doc", dnr_key=dnr_key(doc.dnr))}
            notes.append(f"rapporter med samma Dnr ({doc.dnr}) visas inte: se kbank show {doc.dnr}")
        mask = wq.Or([wq.Term("id", i) for i in sorted(excluded)])
        filter_q = compile_filters(
            filters or Filters(), self.visibility, False, self.settings.organisation.administrations
        )
        with _index_errors():
            top, matched = self._collect(
                wq.AndNot(_restrict(query, filter_q), mask), max(limit, RERANK_DEPTH)
            )
            stems = {t: i for i, (t, _) in enumerate(key_terms)}
            matcher = Matcher(stems, {})
            ranked = self.reranker.rerank(top)
            hits = [self._hit(docnum, score, matcher) for docnum, score in ranked[:limit]]
            facets = self._facets(matched)
        return SearchResult(f"--like {ref}", len(matched), hits, facets, None, notes, like=doc)

    def _spelling_notes(self, readings: list[Reading]) -> list[str]:
        notes = []
        for reading in readings:
            spelled = [self.display(f.term) for f in reading.of_kind("stavning")]
            if not spelled:
                continue
            shown = " eller ".join(f"«{s}»" for s in spelled)
            if reading.replaced:
                notes.append(f"«{reading.word}» finns inte i rapporterna — sökte i stället efter {shown}")
            else:
                notes.append(f"«{reading.word}» finns i få rapporter — sökte också efter {shown}")
        return notes

    def _suggestion(self, text: str, readings: list[Reading], total: int) -> str | None:
        """A corrected query ("Menade du …?") when words were corrected, or when nothing was found."""
        corrections: dict[str, str] = {}
        absent: list[str] = []
        for reading in readings:
            spelled = reading.of_kind("stavning")
            if spelled:
                corrections[reading.word] = self.display(spelled[0].term)
            elif total == 0 and reading.docs == 0 and len(reading.stem) >= 4:
                loose = loose_nearest(reading.stem, self.vocab)
                if loose:
                    corrections[reading.word] = self.display(loose)
                else:
                    absent.append(reading.word)
        for word, better in corrections.items():
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
        if absent and len(absent) < len(readings):
            # some words occur and some occur nowhere: the words that do occur may be what was meant
            for word in absent:
                text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "", text, count=1)
            text = " ".join(text.split())
            try:
                if text and self.search(text, limit=1).total:
                    return text
            except QueryError:
                return None
            return None
        return text if corrections else None

    def display(self, term: str) -> str:
        """A word as the reports spell it for an analysed term (utvardering → utvärdering)."""
        counts: Counter[str] = Counter()
        for docnum in islice(self.searcher.docs_for_query(wq.Term("body", term)), 3):
            doc_id = self.searcher.stored_fields(docnum)["id"]
            for page in (self.searcher.document(id=f"t:{doc_id}") or {}).get("pages") or []:
                for word in re.findall(r"\w+", page):
                    if len(word) >= len(term) - 2 and fold(word[:2]) == term[:2]:
                        stemmed = terms(word, "stem_fold")
                        if stemmed and stemmed[0] == term:
                            counts[word.lower()] += 1
        if not counts:
            return term
        # the commonest spelling; among equals the shortest (the base form, not an inflection)
        return min(counts, key=lambda w: (-counts[w], len(w), w))

    def _explain(self, compiled: _Compiled, compiler: _Compiler, hits: list[Hit]) -> Explanation:
        explanation = Explanation(
            fields=compiler.boosts | {"parts": KIND_WEIGHTS["sammansättning"]},
            words=[_reading_json(r) for r in compiled.readings],
            query=str(compiled.query),
        )
        if not hits:
            return explanation
        top = hits[0]
        docnum = self.searcher.document_number(id=top.id)
        context = self.searcher.context(weighting=self.weighting)
        matches = []
        for leaf in [q for b in [compiled.query, *compiled.bonus] for q in _positive_leaves(b)]:
            matcher = leaf.matcher(self.searcher, context)
            if not matcher.is_active():
                continue
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                field_name = getattr(leaf, "fieldname", "")
                text = getattr(leaf, "text", None) or " ".join(getattr(leaf, "words", []))
                kind = compiled.kinds.get(
                    (field_name, text), "fras" if isinstance(leaf, wq.Phrase) else "ord"
                )
                matches.append(
                    {"field": field_name, "term": text, "kind": kind, "score": round(matcher.score(), 3)}
                )
        matches.sort(key=lambda m: -m["score"])
        type_factor, newer = self.reranker.factors(docnum)
        explanation.top = {
            "id": top.id,
            "title": top.title,
            "score": round(top.score, 3),
            "text_score": round(sum(m["score"] for m in matches), 3),
            "type_factor": round(type_factor, 3),
            "newer_factor": round(newer, 3),
            "matches": matches,
        }
        return explanation

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

    def _collect(self, query: wq.Query, depth: int) -> tuple[list[tuple[int, float]], list[int]]:
        """Run a query once: the ``depth`` best (docnum, score) and every matching docnum.

        One pass gives the hits, the total and the facets; whoosh's own collector would run
        the query again to count it and once more for the facets. The pass is scored a term
        at a time (``kbank.scoring``), with the scores whoosh's matchers would give.
        """
        if self._scorer is None:
            self._scorer = TermAtATime(self.searcher, self.weighting, unscored=(_Unscored,))
        scores = self._scorer.run(query)
        best = heapq.nsmallest(depth, scores.items(), key=lambda pair: (-pair[1], pair[0]))
        return best, sorted(scores)

    def _bonus(self, top: list[tuple[int, float]], queries: list[wq.Query]) -> list[tuple[int, float]]:
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

    def _facets(self, docnums) -> dict[str, dict[str, int]]:
        if not docnums:
            return _empty_facets()
        rows = self._facet_rows(docnums)
        counts: dict[str, Counter] = defaultdict(Counter)
        for doc_type, unit, year, areas in rows:
            counts["doc_type"][doc_type] += 1
            if unit:
                counts["unit"][unit] += 1
            if year:
                counts["year"][str(year)] += 1
            for area in areas:
                counts["area"][area] += 1
        return {name: dict(counts[name].most_common()) for name in ("doc_type", "area", "unit", "year")}

    def _facet_rows(self, docnums) -> list[tuple]:
        """(type, administration, year, areas) of each document, kept for the life of the ``Bank``.

        A few documents are read value by value; when a search matches many, the four columns
        are read whole, once (a common word matches most reports every time).
        """
        rows = self._rows
        if len(docnums) > BULK_FACETS_FROM and not self._all_rows_read:
            reader = self.searcher.reader()
            names = ("doc_type", "unit", "year", "areas_col")
            for leaf, offset in reader.leaf_readers():
                values = [column_values(leaf, name) for name in names]
                for n, (doc_type, unit, year, areas) in enumerate(zip(*values, strict=True)):
                    rows[n + offset] = (doc_type, unit, year, tuple(filter(None, (areas or "").split("|"))))
            self._all_rows_read = True
        if self._columns is None:
            reader = self.searcher.reader()
            self._columns = {n: reader.column_reader(n) for n in ("doc_type", "unit", "year", "areas_col")}
        columns = self._columns
        out = []
        for n in docnums:
            row = rows.get(n)
            if row is None:
                areas = tuple(filter(None, (columns["areas_col"][n] or "").split("|")))
                row = rows[n] = (columns["doc_type"][n], columns["unit"][n], columns["year"][n], areas)
            out.append(row)
        return out

    # -- list

    def list(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Return documents matching the filters, newest first."""
        docs, facets = self._matching(filters)
        docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        docs.sort(key=lambda d: d.date is None and d.year is None)
        return ListResult(len(docs), docs[:limit] if limit else docs, facets)

    def cases(self, filters: Filters | None = None, limit: int | None = None) -> CaseListResult:
        """Return the cases of the documents matching the filters, newest first."""
        docs, facets = self._matching(filters)
        cases = build_cases(docs)
        return CaseListResult(len(cases), len(docs), cases[:limit] if limit else cases, facets)

    def missing_summaries(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Projects without a written summary, each by the document that counts most (the final report)."""
        docs, facets = self._matching(filters)
        by_case: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            by_case[case_key(doc.dnr, doc.path)].append(doc)
        wanting = []
        for members in by_case.values():
            if any(d.has_summary for d in members):
                continue
            members.sort(key=lambda d: d.date or "", reverse=True)
            members.sort(key=lambda d: _TYPE_RANK.get(d.doc_type, 9))
            wanting.append(members[0])
        wanting.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        return ListResult(len(wanting), wanting[:limit] if limit else wanting, facets)

    def _matching(self, filters: Filters | None) -> tuple[list[Document], dict[str, dict[str, int]]]:
        filter_q = compile_filters(
            filters or Filters(), self.visibility, administrations=self.settings.organisation.administrations
        )
        self._load_all_paths()
        numbers = list(self.searcher.docs_for_query(filter_q))
        docs = [self._document(self.searcher.stored_fields(n)) for n in numbers]
        return docs, self._facets(numbers)

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

    def _visible(self, stored: dict) -> bool:
        return self.visibility.allows(stored.get("status"), stored.get("classification"))

    def _check_visible(self, stored: dict, ref: str) -> None:
        """Refuse a document this user may not see: above the ceiling as if it did not exist."""
        everything = visibility(self.settings, include_unpublished=True)
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

    def _resolve(self, ref: str) -> tuple[dict, list[str], str]:
        if not ref:
            raise DocumentNotFound("ange ett dokument-id, en sökväg eller ett Dnr")
        if re.fullmatch(r"[0-9a-f]{4,64}", ref.lower()):
            found = [d for d in self.searcher.documents(kind="doc") if d["id"].startswith(ref.lower()[:16])]
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
        found = [d for d in self.searcher.documents(kind="doc", dnr_key=key) if self._visible(d)]
        if found:
            found.sort(key=lambda d: d.get("date") or "", reverse=True)
            found.sort(key=lambda d: _TYPE_RANK.get(d.get("doc_type"), 9))  # final reports first
            return found[0], [d["id"] for d in found], "dnr"
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
        )

    def _paths_of(self, doc_id: str) -> list[str]:
        if self._paths is not None:
            return self._paths.get(doc_id, [])
        # by doc_id alone: adding kind="file" would read that term's postings, one per file
        records = self.searcher.documents(doc_id=doc_id)
        return sorted(r["path"] for r in records if r.get("kind") == "file")

    def _load_all_paths(self) -> None:
        """Read every file record once, for listing many documents."""
        paths: dict[str, list[str]] = defaultdict(list)
        for record in self.searcher.documents(kind="file"):
            if record.get("doc_id"):
                paths[record["doc_id"]].append(record["path"])
        self._paths = {k: sorted(v) for k, v in paths.items()}


def _summary_source(meta: dict) -> str | None:
    if meta.get("written_summary"):
        origin = (meta.get("sources") or {}).get("written_summary", "")
        return "sidecar" if origin.startswith("sidecar") else meta.get("summary_file")
    return "report" if meta.get("summary") else None


def _with_field(node: Node, field: str) -> Node:
    """Restrict every word and phrase of a query without a field of its own to ``field``."""
    if isinstance(node, (Word, Phrase)):
        return node if node.field else replace(node, field=field)
    if isinstance(node, And):
        return And(tuple(_with_field(item, field) for item in node.items))
    if isinstance(node, Or):
        return Or(tuple(_with_field(item, field) for item in node.items))
    if isinstance(node, Not):
        return Not(_with_field(node.item, field))
    return node


def _empty_facets() -> dict[str, dict[str, int]]:
    return {"doc_type": {}, "area": {}, "unit": {}, "year": {}}


def _restrict(query: wq.Query, filter_q: wq.Query | None) -> wq.Query:
    """Add the filters as a clause that scores nothing.

    As a clause the filter is met by skipping along the query's matches; as whoosh's
    ``filter=`` it would first collect every document record of the index into a set.
    """
    return query if filter_q is None else wq.And([query, _Unscored(filter_q)])


class _Unscored(wq.WrappingQuery):
    """A query that restricts without adding to the score."""

    def _rewrap(self, child):
        return _Unscored(child)

    def matcher(self, searcher, context=None):
        return _ZeroMatcher(self.child.matcher(searcher, context))


class _ZeroMatcher(matching.WrappingMatcher):
    def _replacement(self, newchild):
        return _ZeroMatcher(newchild)

    def score(self):
        return 0.0

    def max_quality(self):
        return 0.0

    def block_quality(self):
        return 0.0


def _positive_leaves(query: wq.Query):
    """The leaf queries that add to a score (not those under NOT)."""
    if isinstance(query, wq.Not):
        return
    children = list(query.children()) if query.is_leaf() is False else []
    if not children:
        yield query
        return
    for child in children:
        yield from _positive_leaves(child)


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
