"""The demo archive the project ships: it ingests cleanly, searches well and matches its generator."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search.bank import Bank
from kbank.search.results import Filters

from .conftest import REPO

pytestmark = pytest.mark.slow  # regenerates and ingests the demo archive

DEMO = REPO / "archive"


@pytest.fixture(scope="module")
def demo_bank(tmp_path_factory):
    settings = load_settings(archive=DEMO, index=tmp_path_factory.mktemp("demo") / "index")
    result = ingest(settings)
    assert result.failed == []
    with Bank(settings) as bank:
        yield bank, result


def test_every_demo_file_is_indexed_and_the_duplicate_counted_once(demo_bank):
    bank, result = demo_bank
    files = [p for p in DEMO.rglob("*") if p.is_file()]
    assert result.added == len(files) == 22
    assert result.documents == 21


def test_utvardering_without_diacritics_finds_the_reports_that_say_utvardering(demo_bank):
    bank, _ = demo_bank
    result = bank.search("utvardering", limit=50)
    found = {hit.id for hit in result.hits}
    with_word = set()
    for doc in bank.list().documents:
        text = " ".join(bank.show(doc.id).pages).lower()
        if "utvärdering" in text:
            with_word.add(doc.id)
    assert with_word and with_word <= found


def test_each_document_type_and_year_of_the_demo_is_filterable(demo_bank):
    bank, _ = demo_bank
    for doc_type in ("projektplan", "delrapport", "slutrapport", "utvärdering"):
        assert bank.list(Filters(types=[doc_type])).total >= 3
    assert len({d.year for d in bank.list().documents}) >= 8


def test_the_report_with_its_dnr_only_in_the_text_gets_it(demo_bank):
    bank, _ = demo_bank
    doc = bank.show("ÄN 2016/77").document
    assert doc.path.startswith("2016/Trygg hemgång Sjöviken/") and doc.doc_type == "utvärdering"


def test_the_ocr_damaged_evaluation_is_found_by_clean_words(demo_bank):
    bank, _ = demo_bank
    hits = bank.search("våldsutsatta kvinnor missbruksvården", Filters(types=["utvärdering"])).hits
    assert hits and hits[0].dnr == "SN.2018.42"


def test_the_docx_with_metadata_in_a_table_header_and_content_control(demo_bank):
    bank, _ = demo_bank
    detail = bank.show(
        "2015/AMN-2015-0185 Vägen till arbete – IPS för personer med missbruk/Projektplan Vägen till arbete.docx"
    )
    doc = detail.document
    assert (doc.dnr, doc.date, doc.unit, doc.doc_type) == (
        "AMN-2015-0185",
        "2015-03-02",
        "Arbetsmarknadsförvaltningen",
        "projektplan",
    )


def test_the_committed_archive_is_what_the_generator_writes(tmp_path):
    target = tmp_path / "archive"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_demo_archive.py"), str(target)],
        check=True,
        capture_output=True,
    )

    def digests(root):
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*")
            if p.is_file()
        }

    assert digests(target) == digests(DEMO)


@pytest.mark.parametrize("field", ["dnr", "doc_type", "date", "unit", "contact"])
def test_every_demo_document_gets_the_right_fact(demo_bank, field):
    from corpora.demo_truth import demo_truths
    from corpora.labelled import score

    bank, _ = demo_bank
    truths = demo_truths()
    facts = {t.path: bank.show(t.path).to_json() for t in truths}
    accuracy = score(truths, facts)
    assert accuracy.misses[field] == [] and accuracy.total == 21


def test_the_demo_cases_are_complete_and_in_lineage_order(demo_bank):
    bank, _ = demo_bank
    case = bank.show("SN 2014/0123").case
    assert [d.doc_type for d in case.documents] == ["projektplan", "delrapport", "utvärdering", "slutrapport"]
    assert (case.project, case.unit) == ("Bostad först i Björkhagen", "Björkhagens stadsdelsförvaltning")
    assert len(bank.cases().cases) == 9
