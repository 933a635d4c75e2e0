"""Compiling a parsed query into a whoosh query, each word read against the index's vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, islice

from whoosh import matching
from whoosh import query as wq
from whoosh.automata.lev import levenshtein_automaton
from whoosh.codec.base import Automata

from kbank.analysis import terms
from kbank.configtables import Ranking
from kbank.editorial.status import Visibility
from kbank.errors import QueryError
from kbank.metadata.administrations import unit_spellings
from kbank.metadata.areas import resolve_area
from kbank.metadata.dnr import dnr_key, legacy_dnr_key, normalise_dnr
from kbank.metadata.doctypes import DOC_TYPES, normalise_doc_type, type_named
from kbank.search.daterange import date_range_query
from kbank.search.expansion import KIND_WEIGHTS, Reading, read_word
from kbank.search.limits import MAX_PREFIX_TERMS, too_many_prefix_terms
from kbank.search.query import And, Filter, Node, Not, Or, Phrase, Word, parse_years, positive_words
from kbank.search.results import Filters
from kbank.search.snippets import Matcher
from kbank.textutil import fold

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


@lru_cache(maxsize=256)
def _levenshtein_dfa(term: str, maxdist: int):
    """The automaton for terms within ``maxdist`` edits sharing the first letter (built once per word)."""
    return levenshtein_automaton(term, maxdist, prefix=1).to_dfa()


class IndexVocabulary:
    """``expansion.Vocabulary`` over a whoosh reader, with a cache for the life of the ``Bank``.

    Counts are of the documents this user may see (``hidden`` holds the document numbers of
    the others) and of live documents only: whoosh's ``doc_frequency`` also counts records an
    update deleted and reports the user may not see, so spelling help, "finns inte" notes and
    ``--explain`` would overcount and reveal words that occur only in hidden reports.
    """

    def __init__(self, reader, hidden: frozenset[int] = frozenset()):
        self.reader = reader
        self.hidden = hidden
        self.fields = set(reader.schema.names())
        self._exact = not hidden and not reader.has_deletions()
        self._docs: dict[tuple[str, str], int] = {}
        self._near: dict[tuple[str, str, int], list[str]] = {}
        #: work done: terms looked up and postings read (bounded per query, see ``cost``)
        self.work = 0

    def docs(self, field: str, term: str) -> int:
        key = (field, term)
        if key not in self._docs:
            self.work += 1
            if field not in self.fields:
                self._docs[key] = 0
            elif self._exact:
                self._docs[key] = self.reader.doc_frequency(field, term)
            else:
                self._docs[key] = self._live(field, term)
        return self._docs[key]

    def _live(self, field: str, term: str) -> int:
        if self.reader.doc_frequency(field, term) == 0:
            return 0
        try:
            postings = self.reader.postings(field, term)
        except Exception:  # noqa: BLE001 - whoosh raises TermNotFound for an absent term
            return 0
        count = 0
        for docnum in postings.all_ids():
            self.work += 1
            if docnum not in self.hidden:
                count += 1
        return count

    def visible(self, docnum: int) -> bool:
        return docnum not in self.hidden

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
class Compiled:
    """A compiled query and what the compiler learnt on the way."""

    query: wq.Query | None
    readings: list[Reading]
    #: (field, term) -> kind of form, for explaining scores
    kinds: dict[tuple[str, str], str]
    #: scored on the best matches only (see ``Bank._bonus``)
    bonus: list[wq.Query] = field(default_factory=list)


class Compiler:
    """Turns a parsed query into a whoosh query, reading each word against the index's vocabulary."""

    def __init__(
        self,
        vocab: IndexVocabulary,
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

    def compile(self, node: Node) -> Compiled:
        query = self.node(node)
        return Compiled(query, self.readings, self.kinds, self.bonus)

    def node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Filter):
            return filter_query(node.field, node.value, self.administrations)
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
            for f in fields:
                expanded = len(self.vocab.starting(f, stem, MAX_PREFIX_TERMS + 1))
                self.vocab.work += expanded
                if expanded > MAX_PREFIX_TERMS:
                    raise too_many_prefix_terms(word.text)
            return wq.Or([wq.Prefix(f, stem, boost=self.boosts.get(f, 1.0)) for f in fields])
        folded = terms(word.text, "stem_fold")
        if not folded:
            return None  # a stop word
        if len(folded) > 1:
            return self.phrase(Phrase(word.text, word.field), dnr_too=word.field is None)
        reading = read_word(word.text, self.vocab)
        if reading is None:
            return None  # a stop word
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
            parts += [wq.Term("dnr_key", k, boost=5.0) for k in dnr_keys(dnr.canonical)]
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


def dnr_keys(value: str) -> list[str]:
    """The index keys a Dnr may be stored under: today's, and the one older indexes wrote."""
    return list(dict.fromkeys([dnr_key(value), legacy_dnr_key(value)]))


def filter_query(name: str, value: str, administrations: dict | None = None) -> wq.Query:
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
        keys = dnr_keys(value)
        return wq.Term("dnr_key", keys[0]) if len(keys) == 1 else wq.Or([wq.Term("dnr_key", k) for k in keys])
    if name == "year":
        low, high = parse_years(value)
        return wq.NumericRange("year", low if low is not None else 1, high)
    raise QueryError(f"okänt filter {name}")


def compile_filters(
    filters: Filters,
    visible: Visibility | None = None,
    documents_only: bool = True,
    administrations: dict | None = None,
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
            options = [filter_query(name, v, administrations) for v in values]
            clauses.append(options[0] if len(options) == 1 else wq.Or(options))
    dates = date_range_query(filters.date_from, filters.date_to)
    if dates is not None:
        clauses.append(dates)
    if filters.ids is not None:
        clauses.append(wq.Or([wq.Term("id", i) for i in filters.ids]) if filters.ids else wq.NullQuery)
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def only_negative(node: Node) -> bool:
    """Tell whether a query has nothing but exclusions, so it could match records that are no documents."""
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return all(only_negative(i) for i in node.items)
    return False


def snippet_matcher(node: Node, readings: list[Reading]) -> Matcher:
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


def with_field(node: Node, field: str) -> Node:
    """Restrict every word and phrase of a query without a field of its own to ``field``."""
    if isinstance(node, (Word, Phrase)):
        return node if node.field else replace(node, field=field)
    if isinstance(node, And):
        return And(tuple(with_field(item, field) for item in node.items))
    if isinstance(node, Or):
        return Or(tuple(with_field(item, field) for item in node.items))
    if isinstance(node, Not):
        return Not(with_field(node.item, field))
    return node


def restrict(query: wq.Query, filter_q: wq.Query | None) -> wq.Query:
    """Add the filters as a clause that scores nothing.

    As a clause the filter is met by skipping along the query's matches; as whoosh's
    ``filter=`` it would first collect every document record of the index into a set.
    """
    return query if filter_q is None else wq.And([query, Unscored(filter_q)])


class Unscored(wq.WrappingQuery):
    """A query that restricts without adding to the score."""

    def _rewrap(self, child):
        return Unscored(child)

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
