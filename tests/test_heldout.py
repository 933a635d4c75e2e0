"""Per-field accuracy on the independently written set (corpora/heldout.py), against issue 14's floors.

Only the development half (``heldout.DEV_SEED``) is asserted here; the other half is run by
``bench/metadata_accuracy.py --heldout`` to report figures, never to tune on.
"""

from __future__ import annotations

from collections import Counter

import pytest

from corpora import heldout
from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

pytestmark = pytest.mark.slow  # writes and ingests the held-back set


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    root = tmp_path_factory.mktemp("heldout")
    truths = heldout.build(root / "archive", seed=heldout.DEV_SEED)
    settings = load_settings(archive=root / "archive", index=root / "index")
    result = ingest(settings)
    with Bank(settings) as bank:
        facts = {t.path: bank.show(t.path).to_json() for t in truths}
        recall = heldout.filter_recall(bank, truths)
    return truths, result, facts, heldout.score(truths, facts), recall


def test_the_set_covers_the_issue_classes(measured):
    truths, result, _, _, _ = measured
    assert len(truths) >= 60 and result.failed == []
    layouts = Counter(part for t in truths for part in t.layout.split(":", 1)[1].split(","))
    for wanted in ("unit:cover_first", "unit:header", "unit:prose_subject", "unit:signature", "date:signature",
                   "contact:signature", "props:y2000", "props:future", "title repeats its type"):  # fmt: skip
        assert layouts[wanted] >= 1, wanted
    assert any("-" in (t.unit or "").split()[0] for t in truths)  # hyphenated district names


@pytest.mark.parametrize("field", heldout.FIELDS)
def test_field_accuracy_meets_issue_14s_floor(measured, field):
    truths, _, _, accuracy, _ = measured
    print("\n" + accuracy.table())
    misses = "\n".join(
        f"  {path}: truth {truth!r}, got {got!r} [{layout}]"
        for path, truth, got, layout in accuracy.misses[field]
    )
    assert accuracy.rate(field) >= heldout.FLOORS[field], f"{field} below its floor:\n{misses}"


def test_no_publication_date_before_registration_or_in_the_future(measured):
    truths, _, facts, _, _ = measured
    wrong = []
    for truth in truths:
        got = facts[truth.path].get("date")
        registered = int(truth.path.split("/")[0])
        if got and not (registered - 1 <= int(got[:4]) <= heldout.LAST_DATE.year):
            wrong.append((truth.path, got))
    assert wrong == []


def test_filtering_by_administration_or_year_loses_no_report_that_states_them(measured):
    *_, recall = measured
    for name, (found, total, lost) in recall.items():
        assert found == total, f"--{name} lost {lost}"
