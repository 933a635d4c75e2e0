"""Bonus clauses scored at the best matches directly give whoosh's own scores, number for number."""

from __future__ import annotations

import shutil

import pytest

from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search.bank import Bank
from kbank.search.blocks import BlockCache
from kbank.search.bonus import bonus_scores, by_matcher, phrase_terms
from kbank.search.compile import Compiler, compile_filters, only_negative, restrict
from kbank.search.query import parse_query
from kbank.search.results import Filters

from .conftest import REPO

pytestmark = pytest.mark.slow  # ingests the demo archive twice (segments with deleted documents)

#: one word (exact-spelling terms), several words (proximity phrases), short words (the whole
#: query as a phrase), a misspelling, OR, NOT, a field, a word missing from some fields
QUERIES = [
    "utvärdering",
    "missbruk",
    "familjehem placering",
    "våld kvinnor barn",
    "Vägen till arbete IPS för personer med missbruk",
    "Trygg hemgång i Sjöviken",
    "hemlösht",
    "boende OR bostad",
    "barn NOT missbruk",
    "titel:brukarrevision",
    "utvärdering stöd familj",
    "bostad först",
]


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    root = tmp_path_factory.mktemp("bonus")
    archive = root / "archive"
    shutil.copytree(REPO / "archive", archive)
    settings = load_settings(archive=archive, index=root / "index")
    ingest(settings)
    pdfs = sorted(archive.rglob("*.pdf"))
    pdfs[0].unlink()
    shutil.copy(pdfs[2], pdfs[1])
    ingest(settings)
    with Bank(settings) as opened:
        yield opened


def whoosh_way(bank: Bank, wanted: list[int], queries) -> dict[int, float]:
    """The scores whoosh's matchers give, stepped to each wanted document (the former ``Bank._bonus``)."""
    extra: dict[int, float] = {}
    for sub, offset in bank.searcher.leaf_searchers():
        local = [d - offset for d in sorted(wanted) if offset <= d < offset + sub.doc_count_all()]
        for query in queries:
            for d, score in by_matcher(query, sub, sub.context(weighting=bank.weighting), local).items():
                extra[d + offset] = extra.get(d + offset, 0.0) + score
    return extra


def compiled_for(bank: Bank, text: str):
    node = parse_query(text)
    compiled = Compiler(bank.vocab, bank.settings.ranking).compile(node)
    assert compiled.query is not None, text
    query = restrict(
        compiled.query, compile_filters(Filters(), bank.visibility, documents_only=only_negative(node))
    )
    return compiled, query


def test_the_index_under_test_has_several_segments_and_deletions(bank):
    assert len(bank.searcher.leaf_searchers()) > 1
    assert bank.searcher.reader().has_deletions()


@pytest.mark.parametrize("text", QUERIES)
def test_bonus_scores_equal_whooshs_exactly(bank, text):
    compiled, query = compiled_for(bank, text)
    top, matched = bank._collect(query, 50)
    assert matched, text
    wanted = [d for d, _ in top]
    expected = whoosh_way(bank, wanted, compiled.bonus)
    assert bonus_scores(bank.searcher, bank.weighting, wanted, compiled.bonus) == expected
    # with the blocks the search decoded handed over to the phrases: the same numbers
    blocks = BlockCache(phrase_terms(compiled.bonus))
    with bank._search_blocks(blocks):
        bank._collect(query, 50)
    assert bonus_scores(bank.searcher, bank.weighting, wanted, compiled.bonus, blocks) == expected


def test_the_bonus_queries_under_test_hold_terms_and_phrases_that_match(bank):
    kinds = set()
    for text in QUERIES:
        compiled, query = compiled_for(bank, text)
        top, _ = bank._collect(query, 50)
        for q in compiled.bonus:
            if whoosh_way(bank, [d for d, _ in top], [q]):
                kinds.add(type(q).__name__)
    assert kinds == {"Term", "Or"}  # exact spellings, and proximity / whole-query phrases


def test_every_document_gets_a_bonus_only_where_whoosh_finds_one(bank):
    compiled, _ = compiled_for(bank, "familjehem placering")
    everyone = list(range(bank.searcher.doc_count_all()))
    live = [d for d in everyone if not bank.searcher.reader().is_deleted(d)]
    expected = whoosh_way(bank, live, compiled.bonus)
    assert expected
    assert bonus_scores(bank.searcher, bank.weighting, live, compiled.bonus) == expected


def test_a_search_gives_the_same_hits_and_scores_as_with_whooshs_bonus(bank, monkeypatch):
    fast = [bank.search(t, limit=20).to_json() for t in QUERIES]
    monkeypatch.setattr(
        "kbank.search.bank.bonus_scores",
        lambda searcher, weighting, wanted, queries, blocks=None: whoosh_way(bank, wanted, queries),
    )
    slow = [bank.search(t, limit=20).to_json() for t in QUERIES]
    assert fast == slow
    assert any(r["total"] for r in fast)
