"""Re-ranking on top of BM25F: document type and recency factors."""

from __future__ import annotations

from kbank.configtables import Ranking


class Reranker:
    """A factor per document on top of BM25F: final reports and evaluations above plans, newer above older.

    Applied to the best ``RERANK_DEPTH`` hits of a search rather than inside whoosh's scoring
    loop, so a search that matches thousands of reports reads two columns for a few dozen.
    """

    def __init__(self, ranking: Ranking, reader):
        self.ranking = ranking
        self.reader = reader
        self._columns: tuple | None = None
        self._newest: int | None = None

    def factors(self, docnum: int) -> tuple[float, float]:
        """Return (type factor, recency factor) of a document."""
        if self._columns is None:
            self._columns = (self.reader.column_reader("doc_type"), self.reader.column_reader("year"))
            self._newest = max((y for y in stored_years(self.reader) if y), default=0)
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


def stored_years(reader) -> list[int]:
    """The distinct years in the index, read from the year field's terms (a handful)."""
    fieldobj = reader.schema["year"]
    return [fieldobj.from_bytes(t) for t in fieldobj.sortable_terms(reader, "year")]
