"""Bonus clauses (exact spelling, words near each other) scored at the best matches only.

A search adds these clauses' scores to its ~50 best matches (``Bank._bonus``). Run through
whoosh's matchers that cost more than the search itself for a query of two common words:
``skip_to`` walks a posting list one posting at a time between the wanted documents, and a
phrase matcher checks the word positions of *every* document holding all its words on its way
to the next wanted one (it stops only at a document where the words stand near each other).

Here each wanted document is visited directly: a term's posting list jumps block by block
(reading only block headers) and then bisects inside the block; a phrase's words are brought
to the document and whoosh's own span test (``SpanNear2``) is asked about that document alone.
The scores are whoosh's own (each posting's scorer, boosts and sums in whoosh's order), so the
results are the same number for number; ``tests/test_bonus.py`` compares the two ways. Clauses
of any other shape are left to whoosh's matchers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from types import SimpleNamespace

from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import SpanNear2
from whoosh.util import make_binary_tree

from kbank.search.blocks import BlockCache

Scores = dict[int, float]


def phrase_terms(queries: list[wq.Query]) -> set[tuple[str, str]]:
    """The (field, word) pairs whose positions the bonus phrases read (for a ``BlockCache``)."""
    found: set[tuple[str, str]] = set()
    for query in queries:
        for leaf in query.leaves() if not isinstance(query, wq.Phrase) else [query]:
            if isinstance(leaf, wq.Phrase):
                found.update((leaf.fieldname, w) for w in leaf.words)
    return found


def bonus_scores(
    searcher, weighting, wanted: list[int], queries: list[wq.Query], cache: BlockCache | None = None
) -> Scores:
    """The summed score of the bonus ``queries`` at each of the ``wanted`` docnums that matches one.

    ``cache``: posting blocks the search decoded already (its words in title and body).
    """
    extra: Scores = defaultdict(float)
    wanted = sorted(wanted)
    for sub, offset in searcher.leaf_searchers():
        count = sub.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < offset + count]
        if not local:
            continue
        context = sub.context(weighting=weighting)
        for query in queries:
            scores = _at(query, sub, context, local, cache)
            if scores is None:
                scores = by_matcher(query, sub, context, local)
            for docnum, score in scores.items():
                extra[docnum + offset] += score
    return extra


def by_matcher(query: wq.Query, sub, context, local: list[int]) -> Scores:
    """Whoosh's matcher stepped to each wanted document (any query; what ``_at`` must equal)."""
    out: Scores = {}
    m = query.matcher(sub, context)
    for docnum in local:
        if not m.is_active():
            break
        if m.id() < docnum:
            m.skip_to(docnum)
        if m.is_active() and m.id() == docnum:
            out[docnum] = m.score()
    return out


def _at(query: wq.Query, sub, context, local: list[int], cache: BlockCache | None = None) -> Scores | None:
    """Scores at the wanted documents, or None for a shape this module leaves to whoosh."""
    if type(query) is wq.Term:
        return _term(query, sub, context, local)
    if type(query) is wq.Phrase:
        return _phrase(query, sub, context, local, cache)
    if type(query) is wq.Or and query.boost == 1.0 and not query.scale and len(query.subqueries) <= 2:
        parts = [_at(q, sub, context, local, cache) for q in query.subqueries]
        if any(p is None for p in parts):
            return None
        out: Scores = {}
        for docnum in local:
            # a union adds its children's scores (two children: the order cannot change a sum)
            found = [p[docnum] for p in parts if p is not None and docnum in p]
            if found:
                out[docnum] = found[0] if len(found) == 1 else found[0] + found[1]
        return out
    return None


def _term(query: wq.Term, sub, context, local: list[int]) -> Scores | None:
    leaf = _Leaf.of(query.matcher(sub, context))
    if leaf is None:
        return None
    out: Scores = {}
    for docnum in local:
        if not leaf.seek(docnum):
            break
        if leaf.at(docnum):
            out[docnum] = leaf.score()
    return out


def _phrase(query: wq.Phrase, sub, context, local: list[int], cache: BlockCache | None) -> Scores | None:
    """``Phrase.matcher`` (a ``SpanNear2`` of its words' terms), asked at each wanted document."""
    field_name = query.fieldname
    if field_name not in sub.schema:
        return {}
    field = sub.schema[field_name]
    if not field.format or not field.format.supports("positions"):
        return None  # whoosh raises here: let it
    reader = sub.reader()
    leaves = []
    for word in query.words:
        try:
            term = field.to_bytes(word)
        except ValueError:
            return {}
        if (field_name, term) not in reader:
            return {}
        leaf = _Leaf.of(wq.Term(field_name, term).matcher(sub, context), cache)
        if leaf is None:
            return None
        leaves.append(leaf)
    near = SimpleNamespace(slop=query.slop, mindist=1, ordered=True, ms=[])
    out: Scores = {}
    for docnum in local:
        if not all(leaf.seek(docnum) for leaf in leaves):
            break
        if not all(leaf.at(docnum) for leaf in leaves):
            continue
        near.ms = [SimpleNamespace(spans=leaf.matcher.spans) for leaf in leaves]
        if SpanNear2.SpanNear2Matcher._get_spans(near):
            score = make_binary_tree(_add, [leaf.score() for leaf in leaves])
            out[docnum] = score * query.boost if query.boost != 1.0 else score
    return out


def _add(a: float, b: float) -> float:
    return a + b


class _Leaf:
    """A term's posting matcher under its boost wrappers, moved straight to a document."""

    def __init__(self, matcher, boosts: list[float], cache: BlockCache | None = None):
        self.matcher = matcher
        self.boosts = boosts
        self.fast = all(
            hasattr(matcher, a) for a in ("_ids", "_i", "_blocklength", "_read_ids", "_skip_to_block")
        )
        self.cache = cache if self.fast and cache is not None and cache.usable(matcher) else None

    @classmethod
    def of(cls, m, cache: BlockCache | None = None) -> _Leaf | None:
        boosts: list[float] = []
        # a boost (WrappingMatcher) or deleted documents hidden (FilterMatcher): the wanted
        # documents are live ones, so the posting list itself can be searched
        while type(m) in (matching.WrappingMatcher, matching.FilterMatcher):
            boosts.append(m.boost)
            m = m.child
        if isinstance(m, matching.NullMatcherClass):
            return cls(m, boosts)
        if not isinstance(m, matching.LeafMatcher):
            return None
        return cls(m, boosts, cache)

    def seek(self, docnum: int) -> bool:
        """Move to the first posting at or after ``docnum``; False when none is left."""
        m = self.matcher
        if not m.is_active():
            return False
        if not self.fast:
            if m.id() < docnum:
                m.skip_to(docnum)
            return m.is_active()
        if docnum > m.block_max_id():
            m._skip_to_block(lambda: docnum > m.block_max_id())
            if not m.is_active():
                return False
        if m._ids is None:
            if self.cache is not None:
                self.cache.load(m)
            m._read_ids()
        m._i = bisect_left(m._ids, docnum, m._i)  # within the block: its maximum is >= docnum
        return True

    def at(self, docnum: int) -> bool:
        return self.matcher.is_active() and self.matcher.id() == docnum

    def score(self) -> float:
        score = self.matcher.score()
        for boost in reversed(self.boosts):  # the innermost wrapper multiplies first
            score = score * boost
        return score
