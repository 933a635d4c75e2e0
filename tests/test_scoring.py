"""Term-at-a-time scoring gives the matches and scores whoosh's own matchers give, only faster."""

from __future__ import annotations

import math
import shutil

import pytest

from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search import facets as search_module
from kbank.search.bank import Bank
from kbank.search.compile import Compiler, compile_filters, only_negative, restrict
from kbank.search.query import parse_query
from kbank.search.results import Filters

from .conftest import REPO

pytestmark = pytest.mark.slow  # ingests the demo archive and compares every kind of query with whoosh

QUERIES = [
    "utvärdering",
    "utvardering",
    "missbruk",
    "familjehem placering",
    "våld kvinnor barn",
    "hemlösht",
    "boende OR bostad",
    "barn NOT missbruk",
    '"bostad först"',
    "utvärd*",
    "typ:slutrapport",
    "år:2012..2016 barn",
    "dnr:3.2-614/2013",
    "förvaltning:norr stöd",
    "vindkraft",
]


def by_matcher(bank: Bank, query, depth: int):
    """What ``Bank._collect`` returns, computed the way whoosh runs a query: a document at a time."""
    scored = []
    for sub, offset in bank.searcher.leaf_searchers():
        m = query.matcher(sub, sub.context(weighting=bank.weighting))
        while m.is_active():
            scored.append((m.id() + offset, m.score()))
            m.next()
    top = sorted(scored, key=lambda pair: (-pair[1], pair[0]))[:depth]
    return top, [d for d, _ in scored]


def both_ways(bank: Bank, text: str, filters: Filters | None = None):
    node = parse_query(text)
    compiled = Compiler(bank.vocab, bank.settings.ranking).compile(node)
    assert compiled.query is not None, text
    query = restrict(
        compiled.query,
        compile_filters(filters or Filters(), bank.visibility, documents_only=only_negative(node)),
    )
    return bank._collect(query, 1000), by_matcher(bank, query, 1000)


def assert_same(fast, slow, text):
    (fast_top, fast_all), (slow_top, slow_all) = fast, slow
    assert sorted(fast_all) == sorted(slow_all), text
    assert dict(fast_top).keys() == dict(slow_top).keys(), text
    slow_scores = dict(slow_top)
    for docnum, score in fast_top:
        assert math.isclose(score, slow_scores[docnum], rel_tol=1e-9), (text, docnum)


@pytest.fixture(scope="module")
def demo_with_deletions(tmp_path_factory):
    """The demo archive indexed, then one report removed and one changed: segments with deleted documents."""
    root = tmp_path_factory.mktemp("scoring")
    archive = root / "archive"
    shutil.copytree(REPO / "archive", archive)
    settings = load_settings(archive=archive, index=root / "index")
    ingest(settings)
    pdfs = sorted(archive.rglob("*.pdf"))
    pdfs[0].unlink()
    shutil.copy(pdfs[2], pdfs[1])
    ingest(settings)
    with Bank(settings) as bank:
        yield bank


@pytest.mark.parametrize("text", QUERIES)
def test_term_at_a_time_matches_whoosh_on_every_kind_of_query(demo_with_deletions, text):
    assert_same(*both_ways(demo_with_deletions, text), text)


def test_the_index_under_test_has_deleted_documents(demo_with_deletions):
    assert demo_with_deletions.searcher.reader().has_deletions()


def test_term_at_a_time_matches_whoosh_with_filters(demo_with_deletions):
    filters = Filters(types=["slutrapport", "utvärdering"], years=["2010..2020"])
    assert_same(*both_ways(demo_with_deletions, "barn", filters), "barn + filters")


def test_a_search_finds_the_same_reports_in_the_same_order_either_way(demo_with_deletions, monkeypatch):
    bank = demo_with_deletions
    fast = bank.search("utvärdering stöd", limit=20)
    monkeypatch.setattr(bank, "_collect", lambda query, depth: by_matcher(bank, query, depth))
    slow = bank.search("utvärdering stöd", limit=20)
    assert fast.total == slow.total > 0
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]
    assert fast.facets == slow.facets


def test_facets_read_from_whole_columns_equal_those_read_value_by_value(demo_with_deletions, monkeypatch):
    bank = demo_with_deletions
    by_value = Bank(bank.settings)
    try:
        monkeypatch.setattr(search_module, "BULK_FACETS_FROM", 10**9)
        expected = by_value.search("stöd OR barn OR projekt", limit=5).facets
    finally:
        by_value.close()
    monkeypatch.setattr(search_module, "BULK_FACETS_FROM", 0)
    fresh = Bank(bank.settings)
    try:
        assert fresh.search("stöd OR barn OR projekt", limit=5).facets == expected
        assert fresh.facets._all_rows_read
        assert sum(expected["doc_type"].values()) > 5
    finally:
        fresh.close()
