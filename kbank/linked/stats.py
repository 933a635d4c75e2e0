"""Global BM25 statistics shared across banks, so that a score means the same in every bank.

BM25F weighs a word by how rare it is (its document frequency against the document count)
and a match by its field's length against the average. Each bank alone knows only its own
counts: a word common in a large bank and rare in a small one scores far higher in the small
one. A merged search therefore runs in three steps (``kbank.linked.federated``): every bank
reads the query against its vocabulary and names the terms it will score; every bank counts
those terms (the union) and its field lengths; every bank then scores with the sums, as one
index holding all their reports would. The recency factor takes the newest year of all banks.
A term no bank named (a prefix's expansions, scored by whoosh's own matchers) falls back to
the bank's own frequency scaled to the total document count.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbank.search.bank import Bank
from kbank.search.compile import Compiler, with_field
from kbank.search.query import parse_query
from kbank.search.rank import stored_years
from kbank.textutil import nfc

Term = tuple[str, str]


@dataclass
class Totals:
    """One bank's share of the global statistics."""

    doc_count: int
    lengths: dict[str, int]
    newest: int
    frequencies: dict[Term, int] = field(default_factory=dict)


@dataclass
class GlobalStats:
    """The sums over every bank a search covers."""

    doc_count: int = 0
    lengths: dict[str, int] = field(default_factory=dict)
    frequencies: dict[Term, int] = field(default_factory=dict)
    newest: int = 0

    def add(self, totals: Totals) -> None:
        self.doc_count += totals.doc_count
        for name, length in totals.lengths.items():
            self.lengths[name] = self.lengths.get(name, 0) + length
        for term, n in totals.frequencies.items():
            self.frequencies[term] = self.frequencies.get(term, 0) + n
        self.newest = max(self.newest, totals.newest)


def query_terms(bank: Bank, text: str, in_field: str | None = None, vocab=None) -> tuple[set[Term], bool]:
    """The (field, term) pairs a search of ``text`` in this bank may score (strict, relaxed and
    bonus clauses), and whether the query has a relaxed reading. ``vocab``: read the query
    against this vocabulary (``linked.vocabulary``) instead of the bank's own."""
    node = parse_query(nfc(text))
    if in_field is not None:
        node = with_field(node, in_field)
    units = bank.settings.organisation.administrations
    terms: set[Term] = set()
    relaxable = False
    for relax in (False, True):
        compiler = Compiler(vocab or bank.vocab, bank.settings.ranking, relax=relax, administrations=units)
        compiled = compiler.compile(node)
        for query in [compiled.query, *compiled.bonus]:
            if query is not None:
                terms |= {(f, _text(t)) for f, t in query.iter_all_terms(phrases=True)}
        relaxable = relaxable or compiler.relaxable
        if not compiler.relaxable:
            break
    (vocab or bank.vocab).work = 0
    return terms, relaxable


def totals(bank: Bank, terms: set[Term]) -> Totals:
    """This bank's document count, field lengths, newest year and frequency of each term."""
    searcher = bank.searcher
    reader = searcher.reader()
    schema = searcher.schema
    lengths = {name: reader.field_length(name) for name in schema.scorable_names()}
    frequencies = {}
    for name, text in terms:
        if name in schema and schema[name].scorable:
            n = reader.doc_frequency(name, text)
            if n:
                frequencies[(name, text)] = n
    newest = max((y for y in stored_years(reader) if y), default=0)
    return Totals(searcher.doc_count_all(), lengths, newest, frequencies)


@contextlib.contextmanager
def shared(bank: Bank, stats: GlobalStats, own: Totals) -> Iterator[Bank]:
    """Score in ``bank`` with the global statistics for the ``with`` block, then as before."""
    searcher = bank.searcher
    total = stats.doc_count or 1
    scale = total / (own.doc_count or 1)

    def idf(fieldname: str, text) -> float:
        key = (fieldname, _text(text))
        n = stats.frequencies.get(key)
        if n is None:  # a term no bank named (a prefix's expansion): this bank's share, scaled
            n = round(searcher.reader().doc_frequency(fieldname, text) * scale)
        return math.log(total / (n + 1)) + 1

    def avg_field_length(fieldname: str, default=None):
        if not searcher.schema[fieldname].scorable:
            return default
        return stats.lengths.get(fieldname, 0) / total

    searcher.idf = idf  # the top searcher: whoosh's scorers and kbank's ask it for both
    searcher.avg_field_length = avg_field_length
    reranker = bank.reranker
    saved = (reranker._columns, reranker._newest)
    if searcher.doc_count_all():
        reranker.factors(0)  # reads its columns and this bank's newest year once
        reranker._newest = stats.newest or reranker._newest
    try:
        yield bank
    finally:
        del searcher.idf
        del searcher.avg_field_length
        reranker._columns, reranker._newest = saved


def _text(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
