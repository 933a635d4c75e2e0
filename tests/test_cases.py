"""The case (ärende) as a unit: show DNR, list --group case, the case of a search hit, shared facts."""

from __future__ import annotations

import json

import pytest

from corpora.builders import make_docx, make_pdf
from kbank.cli import app
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

CASE = "2014/SN 2014-0123 Bostad först"


@pytest.fixture
def case_archive(archive):
    """A case whose documents are filed out of order, plus a folder without a Dnr."""
    make_pdf(
        archive / CASE / "a_slutrapport.pdf",
        ["Slutrapport\nBostad först\nDnr: SN 2014/0123\nDatum: 2017-06-12\nUtgivare: Björkhagens stadsdelsförvaltning",
         "Alla hyresgäster bor kvar i sin bostad."],
    )  # fmt: skip
    make_pdf(
        archive / CASE / "b_utvardering.pdf",
        ["Utvärdering av Bostad först\nDatum: 2017-03-20\nBeställare: Björkhagens stadsdelsförvaltning",
         "Utvärderingen visar att modellen följdes."],
    )  # fmt: skip
    make_docx(
        archive / CASE / "c_delrapport 2.docx",
        ["Delrapport 2", "Bostad först", "Datum: 2016-09-01", "Hyresgästerna har fått stöd."],
    )
    make_docx(
        archive / CASE / "d_delrapport 1.docx", ["Delrapport 1", "Bostad först", "Datum: 2015-09-14", "Text."]
    )
    make_pdf(archive / CASE / "e_projektplan.pdf", ["Projektplan\nBostad först\nDatum: 2014-02-10", "Plan."])
    make_pdf(
        archive / "2016" / "Trygg hemgång" / "utvardering.pdf",
        ["Utvärdering\nTrygg hemgång\nDatum: 2016-12-05\nFörvaltning: Äldreförvaltningen",
         "Nämnden beslutade att försöket skulle utvärderas, Dnr ÄN 2016/77."],
    )  # fmt: skip
    make_docx(
        archive / "2016" / "Trygg hemgång" / "delrapport.docx",
        ["Delrapport", "Trygg hemgång", "Maj 2016", "Text."],
    )
    return archive


def test_show_dnr_lists_the_case_in_lineage_order(runner, case_archive):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    data = json.loads(runner.invoke(app, ["show", "SN 2014/0123", "--json"]).stdout)
    case = data["case"]
    assert [d["doc_type"] for d in case["documents"]] == [
        "projektplan", "delrapport", "delrapport", "utvärdering", "slutrapport",
    ]  # fmt: skip
    assert [d["date"] for d in case["documents"]][1:3] == ["2015-09-14", "2016-09-01"]
    assert (case["dnr"], case["project"], case["unit"]) == (
        "SN 2014/0123",
        "Bostad först",
        "Björkhagens stadsdelsförvaltning",
    )
    assert case["period"] == {"from": "2014-02-10", "to": "2017-06-12"}
    assert data["doc_type"] == "slutrapport"  # the contract's single-document fields stay
    human = runner.invoke(app, ["show", "SN", "2014/0123"]).stdout
    order = [human.index(word) for word in ("projektplan", "delrapport", "utvärdering", "slutrapport")]
    assert order == sorted(order) and "Ärende SN 2014/0123" in human


def test_documents_that_name_no_dnr_or_unit_take_their_cases(settings, case_archive):
    ingest(settings)
    with Bank(settings) as bank:
        plan = bank.show(f"{CASE}/e_projektplan.pdf")
        assert plan.document.unit == "Björkhagens stadsdelsförvaltning"
        assert plan.meta["sources"]["unit"] == "case"
        delrapport = bank.show("2016/Trygg hemgång/delrapport.docx")
        assert delrapport.document.dnr == "ÄN 2016/77" and delrapport.meta["sources"]["dnr"] == "case"
        assert delrapport.document.unit == "Äldreförvaltningen"
        assert [d.doc_type for d in bank.show("ÄN 2016/77").case.documents] == ["delrapport", "utvärdering"]


def test_list_group_case_lists_cases_instead_of_files(runner, case_archive):
    runner.invoke(app, ["ingest"])
    data = json.loads(runner.invoke(app, ["list", "--group", "case", "--json"]).stdout)
    assert data["total"] == 2 and data["documents"] == 7
    assert [c["dnr"] for c in data["cases"]] == ["SN 2014/0123", "ÄN 2016/77"]  # newest case first
    filtered = json.loads(
        runner.invoke(app, ["list", "--group", "case", "--type", "delrapport", "--json"]).stdout
    )
    assert [c["document_count"] for c in filtered["cases"]] == [2, 1]
    human = runner.invoke(app, ["list", "--group", "case"]).stdout
    assert "2 ärenden med 7 dokument" in human
    bad = runner.invoke(app, ["list", "--group", "år"])
    assert bad.exit_code == 2 and "--group case" in bad.stderr


def test_search_hits_say_which_case_they_belong_to(runner, case_archive):
    runner.invoke(app, ["ingest"])
    data = json.loads(runner.invoke(app, ["search", "hyresgästerna", "--json"]).stdout)
    cases = {hit["path"]: hit["case"] for hit in data["hits"]}
    assert cases[f"{CASE}/c_delrapport 2.docx"] == {
        "key": "dnr:sn-2014-123",
        "dnr": "SN 2014/0123",
        "project": "Bostad först",
    }
    human = " ".join(runner.invoke(app, ["search", "hyresgästerna", "--long"]).stdout.split())
    assert "ärende SN 2014/0123 Bostad först" in human
    compact = runner.invoke(app, ["search", "hyresgästerna"]).stdout
    assert "· SN 2014/0123 ·" in compact
