"""The project's own search evaluation: judged Swedish queries over a generated archive, with floors.

The archive and queries live in bench/evaluation/ (see BENCHMARKS.md for the table);
``python bench/bench_search_quality.py`` prints the same figures per category.
"""

from __future__ import annotations

import pytest

pytest.importorskip("fpdf")

from corpora.evaluation.run import CATEGORIES, Evaluation, evaluate, load_queries, mean_metrics  # noqa: E402

pytestmark = pytest.mark.slow  # builds and searches the evaluation archive


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    evaluation = Evaluation(tmp_path_factory.mktemp("evaluation"))
    try:
        yield evaluate(evaluation, load_queries())
    finally:
        evaluation.close()


def overall(outcomes_by_category):
    return mean_metrics([o for outcomes in outcomes_by_category.values() for o in outcomes])


def test_the_evaluation_has_at_least_80_judged_queries_in_every_category():
    queries = load_queries()
    assert len(queries) >= 80
    assert {q.category for q in queries} == set(CATEGORIES)
    assert all(sum(q.category == c for q in queries) >= 10 for c in CATEGORIES)


def test_overall_recall_and_mrr_meet_the_floors(results):
    mrr, recall, _ = overall(results["kbank"])
    assert recall >= 0.95 and mrr >= 0.85


@pytest.mark.parametrize("category", ["compound", "ocr", "misspelling"])
def test_hard_swedish_categories_keep_recall_at_0_9(results, category):
    assert mean_metrics(results["kbank"][category])[1] >= 0.9


@pytest.mark.parametrize("category", CATEGORIES)
def test_kbank_beats_plain_whoosh_in_every_category(results, category):
    ours, theirs = mean_metrics(results["kbank"][category]), mean_metrics(results["baseline"][category])
    assert all(a >= b for a, b in zip(ours, theirs, strict=True))
    # The baseline filters on kbank's own metadata: since issue 14 resolved a scan's
    # "Aldreforvaltningen" to "Äldreförvaltningen" it ties with kbank on field queries (both
    # miss the same one), so there kbank must only not be worse.
    if min(theirs) < 1.0 and category != "field":
        assert sum(ours) > sum(theirs)


def test_words_found_in_no_report_give_no_hits(results):
    assert all(not o.ranked for o in results["kbank"]["nohit"])
