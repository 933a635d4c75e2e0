"""The listing note: what ``kbank list --limit N`` needs, kept at commit time so a page costs the same at any size.

Without filters, ``list --limit N`` shows the N newest documents this user may see, how many there
are and their facet counts. Read from the index, that is one column value per document: it grows with
the archive. So after each run the writer saves ``listing.json`` beside the index: the documents
grouped by their indexed status and classification (what decides who may see them), and per group

- its size, and per facet value (type, area, administration, year) its count and first document
  (counts are shown most common first, ties in the order the documents come: the first one decides);
- its newest ``DEPTH`` documents by (dated, date, year), with every document tied with the last.

A page of at most ``DEPTH`` documents is then the newest of the visible groups' lists, with only its
documents loaded; the order, the total and the facets are the same as read from the index (a test
compares them). The note names the generation and whoosh's commit (TOC) generation it was taken of,
and is used only by a searcher of exactly that state; otherwise ``list`` reads the columns as before.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from pathlib import Path

from whoosh import query as wq

from kbank.index.notes import read_note, write_note
from kbank.search.scoring import column_values

NOTE = "listing.json"
VERSION = 1
#: The longest page the note answers (``list --limit`` up to this).
DEPTH = 100
#: A group whose newest list would be longer than this (many undated documents tied) keeps none.
MAX_CANDIDATES = 4 * DEPTH
FACETS = ("doc_type", "area", "unit", "year")


def _terms(searcher, field: str) -> dict[int, str]:
    """docnum -> the field's indexed term (status and classification hold one each)."""
    found: dict[int, str] = {}
    for term in searcher.reader().field_terms(field):
        for docnum in searcher.docs_for_query(wq.Term(field, term)):
            found[docnum] = term
    return found


def _columns(searcher) -> dict[str, list]:
    """Every document's value in the columns a list needs, by docnum."""
    names = ("doc_type", "unit", "year", "areas_col", "date")
    reader = searcher.reader()
    values: dict[str, list] = {name: [None] * reader.doc_count_all() for name in names}
    for leaf, offset in reader.leaf_readers():
        for name in names:
            column = column_values(leaf, name)
            values[name][offset : offset + len(column)] = column
    return values


def build(searcher, generation: str) -> dict:
    """The listing note of the index state ``searcher`` reads."""
    docs = sorted(searcher.docs_for_query(wq.Term("kind", "doc")))
    status, classification = _terms(searcher, "status"), _terms(searcher, "classification")
    columns = _columns(searcher)
    groups: dict[tuple, dict] = {}
    members: dict[tuple, list[int]] = {}
    for n in docs:
        key = (status.get(n), classification.get(n))
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "status": key[0],
                "classification": key[1],
                "count": 0,
                "facets": {name: {} for name in FACETS},
            }
            members[key] = []
        group["count"] += 1
        members[key].append(n)
        facets = group["facets"]
        year = columns["year"][n]
        areas = tuple(filter(None, (columns["areas_col"][n] or "").split("|")))
        values = [("doc_type", columns["doc_type"][n], 0)]
        values += [("unit", columns["unit"][n], 0)] if columns["unit"][n] else []
        values += [("year", str(year), 0)] if year else []
        values += [("area", area, i) for i, area in enumerate(areas)]
        for name, value, position in values:
            entry = facets[name].setdefault(value, [0, n, position])
            entry[0] += 1
    for key, group in groups.items():
        keyed = [_order_key(columns, n) + (n,) for n in members[key]]
        if len(keyed) > DEPTH:
            last = heapq.nlargest(DEPTH, (k[:3] for k in keyed))[-1]
            keyed = [k for k in keyed if k[:3] >= last]
        group["newest"] = [list(k) for k in keyed] if len(keyed) <= MAX_CANDIDATES else None
    toc = searcher.reader().generation()
    return {"version": VERSION, "generation": generation, "toc": toc, "groups": list(groups.values())}


def _order_key(columns: dict[str, list], n: int) -> tuple:
    """(dated, date, year): the order of a newest-first list before titles break ties (``Lookup._newest``)."""
    date, year = columns["date"][n], columns["year"][n]
    return (int(bool(date or year)), date or "", year or 0)


def write_listing(ix, index_dir: Path, generation: str) -> None:
    """Save the listing note of the index's latest state, unless the note already has it."""
    with ix.searcher() as searcher:
        note = read_note(index_dir, NOTE)
        if note and note.get("version") == VERSION and note.get("generation") == generation:
            if note.get("toc") == searcher.reader().generation():
                return
        write_note(index_dir, NOTE, build(searcher, generation))


def read_listing(index_dir: Path, generation: str, toc: int) -> dict | None:
    """The listing note taken of exactly this index state, or None."""
    note = read_note(index_dir, NOTE)
    if not note or note.get("version") != VERSION:
        return None
    if note.get("generation") != generation or note.get("toc") != toc:
        return None
    return note


def page(note: dict, visible: Callable[[str | None, str | None], bool], limit: int):
    """(total, docnums of the page's candidates in index order, facets), or None when the note cannot answer.

    ``visible(status, classification)`` tells whether the user may see a group; the candidates are the
    ``limit`` newest by (dated, date, year) and every document tied with the last of them.
    """
    if limit > DEPTH:
        return None
    try:
        groups = [g for g in note["groups"] if visible(g["status"], g["classification"])]
        if any(g["newest"] is None for g in groups):
            return None
        total = sum(int(g["count"]) for g in groups)
        candidates = [tuple(entry) for g in groups for entry in g["newest"]]
        if len(candidates) > limit:
            last = heapq.nlargest(limit, (c[:3] for c in candidates))[-1]
            candidates = [c for c in candidates if c[:3] >= last]
        numbers = sorted(int(c[3]) for c in candidates)
        facets = {}
        for name in FACETS:
            merged: dict[str, list] = {}
            for g in groups:
                for value, (count, first, position) in g["facets"][name].items():
                    entry = merged.get(value)
                    if entry is None:
                        merged[value] = [count, (first, position)]
                    else:
                        entry[0] += count
                        entry[1] = min(entry[1], (first, position))
            ordered = sorted(merged.items(), key=lambda item: (-item[1][0], item[1][1]))
            facets[name] = {value: entry[0] for value, entry in ordered}
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return total, numbers, facets
