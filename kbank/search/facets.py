"""Facet counts (type, area, administration, year) of the documents a search or list matched."""

from __future__ import annotations

from collections import Counter, defaultdict

from kbank.search.scoring import column_values

#: a search matching more documents than this reads the facet columns whole (see ``Facets._facet_rows``)
BULK_FACETS_FROM = 500


def empty_facets() -> dict[str, dict[str, int]]:
    """Facets of no documents."""
    return {"doc_type": {}, "area": {}, "unit": {}, "year": {}}


class Facets:
    """Counts per facet, with each document's facet values kept for the life of the searcher."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._columns: dict | None = None
        self._rows: dict[int, tuple] = {}
        self._all_rows_read = False
        #: one tuple per distinct row, by value and by id (rows are counted by id)
        self._kept: dict[tuple, tuple] = {}
        self._by_id: dict[int, tuple] = {}

    def count(self, docnums) -> dict[str, dict[str, int]]:
        if not docnums:
            return empty_facets()
        # the same rows recur (a type, an administration, a year, areas): count each once, then
        # add up per value; rows in order of first appearance keep most_common()'s order of ties
        rows = Counter(map(id, self._facet_rows(docnums)))  # a row is one kept tuple per value set
        counts: dict[str, Counter] = defaultdict(Counter)
        for row_id, times in rows.items():
            doc_type, unit, year, areas = self._by_id[row_id]
            counts["doc_type"][doc_type] += times
            if unit:
                counts["unit"][unit] += times
            if year:
                counts["year"][str(year)] += times
            for area in areas:
                counts["area"][area] += times
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
                    rows[n + offset] = self._keep(
                        (doc_type, unit, year, tuple(filter(None, (areas or "").split("|"))))
                    )
            self._all_rows_read = True
        if self._columns is None:
            reader = self.searcher.reader()
            self._columns = {n: reader.column_reader(n) for n in ("doc_type", "unit", "year", "areas_col")}
        columns = self._columns
        docnums = list(docnums)
        out: list = list(map(rows.get, docnums))
        if None not in out:
            return out
        for i, n in enumerate(docnums):
            if out[i] is None:
                areas = tuple(filter(None, (columns["areas_col"][n] or "").split("|")))
                row = (columns["doc_type"][n], columns["unit"][n], columns["year"][n], areas)
                out[i] = rows[n] = self._keep(row)
        return out

    def _keep(self, row: tuple) -> tuple:
        """The one tuple kept for these values (equal rows are then the same object)."""
        kept = self._kept.get(row)
        if kept is None:
            kept = self._kept[row] = row
            self._by_id[id(row)] = row
        return kept
