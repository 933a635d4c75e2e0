"""Filter values checked against what the index knows, so a typo is an error with a suggestion.

``search``, ``list`` and ``watch add`` call ``check_filter_values`` before they run or save:
an unknown ``--type``, ``--area`` or ``--unit`` is a usage error naming the nearest known
values ("Menade du …?"), never a silent "Inga dokument matchar". Values are compared
without case and without å/ä/ö, as the facets show them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kbank.errors import UsageError
from kbank.metadata.areas import load_vocabulary, resolve_area
from kbank.metadata.doctypes import DOC_TYPES, TYPE_ALIASES, normalise_doc_type, type_label
from kbank.search.results import Filters
from kbank.textutil import fold


def nearest(value: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known values nearest to ``value``, compared folded (case and å/ä/ö ignored).

    >>> nearest("misbruk", ["missbruk", "hemlöshet", "äldreomsorg"])
    ['missbruk']
    >>> nearest("Socialforvaltning", ["Socialförvaltningen", "Björkhagens stadsdelsförvaltning"])
    ['Socialförvaltningen']
    """
    by_fold: dict[str, str] = {}
    for item in known:
        by_fold.setdefault(fold(item), item)
    wanted = fold(value.strip())

    def score(known_value: str) -> float:
        # the whole name, or its beginning ("misbruk" → "missbruk och beroende")
        whole = difflib.SequenceMatcher(None, wanted, known_value).ratio()
        start = difflib.SequenceMatcher(None, wanted, known_value[: len(wanted) + 1]).ratio()
        return max(whole, start, 0.8 if wanted and wanted in known_value else 0.0)

    scored = sorted(((score(k), k) for k in by_fold), key=lambda pair: (-pair[0], pair[1]))
    return [by_fold[k] for s, k in scored[:n] if s >= 0.75]


def unknown_value(what: str, option: str, value: str, known: list[str]) -> UsageError:
    """The usage error for a value no document has, with the nearest known ones."""
    near = nearest(value, known)
    hint = f" Menade du {' eller '.join(repr(v) for v in near)}?" if near else ""
    listed = ", ".join(sorted(known, key=fold)[:12]) + (" …" if len(known) > 12 else "")
    choices = f" Kända värden för {option}: {listed}." if listed else ""
    return UsageError(f"{what} {value!r} ({option}).{hint}{choices}")


def known_types() -> list[str]:
    """The document types, as the facets show them."""
    return [type_label(t) for t in DOC_TYPES]


def check_type(value: str) -> None:
    if normalise_doc_type(value) in DOC_TYPES:
        return
    if fold(value.strip()) in {fold(a) for a in TYPE_ALIASES} | {fold(t) for t in DOC_TYPES}:
        return
    raise unknown_value("okänd dokumenttyp:", "--type", value, known_types() + ["remissvar", "lägesrapport"])


def check_filter_values(filters: Filters, areas: list[str], units: list[str], unit_matches) -> None:
    """Raise a usage error for a type, area or administration no document in the index has.

    ``areas`` and ``units`` are the values the index holds; ``unit_matches(value)`` tells
    whether the unit filter for a value matches a document (a part of a name, "björkhagen",
    is a valid filter).
    """
    for value in filters.types:
        check_type(value)
    vocabulary = load_vocabulary()
    known_areas = sorted({a.name for a in vocabulary} | set(areas), key=fold)
    folded_areas = {fold(a) for a in known_areas}
    for value in filters.areas:
        if fold(resolve_area(value, vocabulary)) not in folded_areas:
            raise unknown_value("okänt sakområde:", "--area", value, known_areas)
    for value in filters.units:
        if fold(value.strip()) in {fold(u) for u in units} or unit_matches(value):
            continue
        raise unknown_value("okänd förvaltning:", "--unit", value, sorted(set(units), key=fold))


def index_values(searcher, field: str) -> list[str]:
    """Every value an ID or keyword field holds in the index (areas, units)."""
    values = []
    for term in searcher.reader().lexicon(field):
        values.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
    return values


def check_filters(bank, filters: Filters) -> None:
    """Check ``filters`` against an open ``Bank``'s index (see ``check_filter_values``)."""
    from kbank.search.compile import filter_query

    searcher = bank.searcher

    def unit_matches(value: str) -> bool:
        try:
            units = bank.settings.organisation.administrations
            return any(True for _ in searcher.docs_for_query(filter_query("unit", value, units)))
        except UsageError:
            return False

    check_filter_values(
        filters, index_values(searcher, "areas"), index_values(searcher, "unit"), unit_matches
    )


def check_filters_in_index(settings, filters: Filters) -> None:
    """Check ``filters`` against the index at ``settings.index``; types only when there is no index yet."""
    from kbank.errors import IndexMissing
    from kbank.search.bank import Bank

    if not (filters.types or filters.areas or filters.units):
        return
    try:
        bank = Bank(settings, include_unpublished=True)
    except IndexMissing:
        for value in filters.types:
            check_type(value)
        return
    with bank:
        check_filters(bank, filters)
