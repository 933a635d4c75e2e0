"""Score a whoosh query a term at a time, with the same BM25F scores whoosh gives.

Whoosh runs a query document at a time: a tree of matchers steps through every matching
document and asks each leaf for its score, several Python calls per document and clause.
A search for a common word over 10,000 reports matches nearly all of them in title, body,
keywords and compound parts, and spent most of its ~100–300 ms there. Here each term's
postings are read a block at a time and scored in one tight loop into a dict; OR adds dicts,
AND intersects them, a filter is a set of document numbers kept for the life of the searcher.
Clauses this module does not know (phrases, prefixes, ranges) are run by whoosh's own
matcher, so every query still gives the scores whoosh would have given
(``tests/test_scoring.py`` compares the two).
"""

from __future__ import annotations

from whoosh import columns, matching, scoring
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from kbank.search.blocks import BlockCache

#: byte_to_length for every length byte whoosh stores
_LENGTHS = [byte_to_length(b) for b in range(256)]

Scores = dict[int, float]


class TermAtATime:
    """Evaluates queries over one searcher; keeps field lengths and filter sets between queries.

    ``unscored`` tells which wrapper queries restrict without scoring (their documents get 0).
    """

    def __init__(self, searcher, weighting: scoring.BM25F, unscored: tuple[type, ...] = ()):
        self.searcher = searcher
        self.weighting = weighting
        self.unscored = unscored
        self.leaves = list(searcher.leaf_searchers())
        self._lengths: dict[tuple[int, str], list[int]] = {}
        self._filters: dict[tuple[int, str], frozenset[int]] = {}
        self._deleted: dict[int, frozenset[int]] = {}
        #: set for one search: blocks of terms read again later in it (``kbank.search.blocks``)
        self.blocks: BlockCache | None = None

    def run(self, query: wq.Query) -> Scores:
        """Return {docnum: score} for every document the query matches, over all segments."""
        out: Scores = {}
        for n, (sub, offset) in enumerate(self.leaves):
            scores = self._eval(query, n, sub)
            if offset:
                out.update((d + offset, s) for d, s in scores.items())
            else:
                out.update(scores)
        return out

    # -- the query tree

    def _eval(self, q: wq.Query, n: int, sub) -> Scores:
        if isinstance(q, wq.Term):
            return self._term(q, n, sub)
        if isinstance(q, self.unscored):
            return dict.fromkeys(self._filter_set(q.child, n, sub), 0.0)  # type: ignore[attr-defined]
        if type(q) is wq.Or:
            return self._union(q, n, sub)
        if type(q) is wq.And:
            return self._intersection(q, n, sub)
        return self._by_matcher(q, sub)

    def _union(self, q: wq.Or, n: int, sub) -> Scores:
        total: Scores = {}
        for child in q.subqueries:
            part = self._eval(child, n, sub)
            if not total:
                total = part
                continue
            if len(part) > len(total):
                total, part = part, total
            get = total.get
            total.update({d: get(d, 0.0) + s for d, s in part.items()})
        return _boosted(total, q.boost)

    def _intersection(self, q: wq.And, n: int, sub) -> Scores:
        parts = sorted((self._eval(child, n, sub) for child in q.subqueries), key=len)
        if not parts or not parts[0]:
            return {}
        keys = set(parts[0]).intersection(*parts[1:])
        if len(parts) == 2:  # two words: the sum below without a generator per document
            first, second = parts
            total = {d: first[d] + second[d] for d in keys}
        else:
            total = {d: sum(p[d] for p in parts) for d in keys}
        return _boosted(total, q.boost)

    def _filter_set(self, q: wq.Query, n: int, sub) -> frozenset[int]:
        """The documents a scoreless clause lets through; the same filter comes with every search."""
        key = (n, repr(q))
        if key not in self._filters:
            self._filters[key] = frozenset(self._eval(q, n, sub))
        return self._filters[key]

    def _by_matcher(self, q: wq.Query, sub) -> Scores:
        """Whoosh's own matcher, for clauses scored by positions (phrases) or expanded (prefixes)."""
        m = q.matcher(sub, sub.context(weighting=self.weighting))
        scores: Scores = {}
        while m.is_active():
            scores[m.id()] = m.score()
            m.next()
        return scores

    # -- one term

    def _term(self, q: wq.Term, n: int, sub) -> Scores:
        reader = sub.reader()
        field, text = q.fieldname, q.text
        if field not in sub.schema or (field, text) not in reader:
            return {}
        postings = reader.postings(field, text)
        deleted: frozenset[int] = frozenset()
        if isinstance(postings, matching.FilterMatcher):  # whoosh hides deleted documents this way
            deleted = self._deleted_docs(n, reader)
            postings = postings.child
        boost = q.boost
        scores: Scores = {}
        cache = self.blocks if self.blocks is not None and self.blocks.wants(field, text) else None
        if not sub.schema[field].scorable:  # whoosh's WeightScorer: the weight itself
            for docs, weights in _blocks(postings, cache):
                for d, w in zip(docs, weights, strict=True):
                    scores[d] = w * boost
        else:
            parent = self.searcher
            idf = parent.idf(field, text)
            avgfl = parent.avg_field_length(field) or 1
            b = self.weighting._field_B.get(field, self.weighting.B)
            k1 = self.weighting.K1
            top = idf * (k1 + 1) * boost
            base, per_length = k1 * (1 - b), k1 * b / avgfl
            length = self._field_lengths(n, reader, field)
            for docs, weights in _blocks(postings, cache):
                scores.update(
                    {
                        d: top * w / (w + base + per_length * length[d])
                        for d, w in zip(docs, weights, strict=True)
                    }
                )
        for d in deleted:
            scores.pop(d, None)
        return scores

    def _deleted_docs(self, n: int, reader) -> frozenset[int]:
        if n not in self._deleted:
            self._deleted[n] = frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))
        return self._deleted[n]

    def _field_lengths(self, n: int, reader, field: str) -> list[int]:
        """The field's length per docnum as whoosh stores it (one byte, decoded), read once per segment."""
        key = (n, field)
        if key not in self._lengths:
            self._lengths[key] = _length_lookup(reader, field)
        return self._lengths[key]


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost != 1.0:
        for d in scores:
            scores[d] *= boost
    return scores


def _blocks(postings, cache: BlockCache | None = None):
    """Yield (docnums, weights) a posting block at a time; any other matcher one posting at a time.

    ``cache`` keeps each decoded block for a later reader of the same term in the same search.
    """
    if all(hasattr(postings, a) for a in ("_read_ids", "_read_weights", "_next_block", "_atend")):
        # whoosh's W3LeafMatcher (whoosh 2.7): blocks of up to 128 postings
        if cache is not None and not cache.usable(postings):
            cache = None
        while postings.is_active():
            if cache is not None:
                cache.load(postings)
            postings._read_ids()
            postings._read_weights()
            yield postings._ids, postings._weights
            postings._next_block()
        return
    docs, weights = [], []
    while postings.is_active():
        docs.append(postings.id())
        weights.append(postings.weight())
        postings.next()
    yield docs, weights


def _length_lookup(reader, field: str) -> list[int]:
    """docnum -> the field's length in one segment, read in one go (whoosh's own call per
    document when the column's layout is not the one whoosh 2.7 writes)."""
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(f"_{field}_len", _lengths_column())
        if column is None:
            return [1] * count
        raw = column._dbfile.get(column._basepos, column._count)
    except AttributeError:
        return [reader.doc_field_length(d, field, 1) or 1 for d in range(count)]
    return [_LENGTHS[b] for b in raw] + [1] * (count - len(raw))


def _lengths_column():
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def column_values(reader, name: str) -> list:
    """Every document's value in a sortable column of one segment, read in one go.

    Whoosh reads a column one value per file read (~1 µs each); a search that counts facets
    over 10,000 reports needs 40,000 of them. Columns in the layout whoosh 2.7 writes for ID
    (VarBytes) and NUMERIC fields are sliced from one read; any other is read value by value.
    """
    column = reader.column_reader(name)
    raw, translate = getattr(column, "_reader", None), getattr(column, "_translate", None)
    if raw is None or translate is None:
        return list(column)
    try:
        if isinstance(raw, columns.VarBytesColumn.Reader):
            blob = raw._dbfile.get(raw._basepos, sum(raw._lengths))
            pieces = [blob[o : o + n] for o, n in zip(raw._offsets, raw._lengths, strict=True)]
            return _decoded(pieces, translate)
        if isinstance(raw, columns.NumericColumn.Reader):
            unpack, width = raw._unpack, raw._fixedlen
            blob = raw._dbfile.get(raw._basepos, width * raw._count)
            values = _decoded(
                [blob[i : i + width] for i in range(0, len(blob), width)], lambda b: translate(unpack(b)[0])
            )
            return values + [translate(raw._default)] * (raw._doccount - len(values))
    except AttributeError:
        pass
    return list(column)


def _decoded(pieces: list[bytes], decode) -> list:
    """Decode each stored value once: a column holds few distinct ones (types, administrations, years)."""
    memo: dict[bytes, object] = {}
    out = []
    for b in pieces:
        if b not in memo:
            memo[b] = decode(b)
        out.append(memo[b])
    return out
