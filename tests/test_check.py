"""kbank check: an editor's quality report finds planted gaps, conflicts, duplicates and unreadable files."""

from __future__ import annotations

import json
import shutil

import pytest

from corpora.builders import make_docx, make_pdf
from kbank.cli import app
from kbank.ingest.run import ingest
from kbank.tasks.check import check

SUMMARY = (
    "Sammanfattning\nProjektet gav tolv personer en egen bostad med stöd i hemmet varje vecka.\n1. Bakgrund"
)


@pytest.fixture
def flawed_archive(archive):
    complete = archive / "2014" / "SN 2014-0123 Bostad först"
    make_pdf(
        complete / "slutrapport.pdf",
        ["Slutrapport\nBostad först\nDnr: SN 2014/0123\nDatum: 2017-06-12\nUtgivare: Socialförvaltningen",
         SUMMARY + "\nHemlösa personer fick bostad först. Hemlösheten minskade."],
    )  # fmt: skip
    shutil.copy(complete / "slutrapport.pdf", archive / "2014" / "kopia av slutrapport.pdf")
    make_docx(
        complete / "slutrapport.docx",
        ["Slutrapport", "Bostad först", "Dnr: SN 2014/0123", "Datum: 2017-06-12", "Utgivare: Socialförvaltningen",
         SUMMARY, "Hemlösa personer fick bostad först. Hemlösheten minskade."],
    )  # fmt: skip
    gaps = archive / "2015" / "Utan uppgifter"
    make_docx(
        gaps / "anteckningar.docx", ["Anteckningar", "Några rader utan fakta om något särskilt.", "Mer text."]
    )
    wrong = archive / "2016" / "ÄN 2016-77 Trygg hemgång"
    make_pdf(
        wrong / "utvardering.pdf",
        ["Utvärdering\nTrygg hemgång\nDnr: ÄN 2016/99\nDatum: 2016-12-05\nFörvaltning: Äldreförvaltningen",
         SUMMARY + "\nÄldre personer i hemtjänsten fick stöd. Hemtjänsten och äldreomsorgen samverkade."],
    )  # fmt: skip
    (archive / "2016" / "trasig.pdf").write_bytes(b"%PDF-1.4 trasig")
    (wrong / "utvardering.pdf.kbank.toml").write_text('typ = "broschyr"\n', encoding="utf-8")
    return archive


def test_check_finds_the_planted_gaps_conflicts_and_duplicates(settings, flawed_archive):
    ingest(settings)
    report = check(settings)
    paths = {section.key: [f.path for f in section.findings] for section in report.sections}
    assert paths["unreadable"] == ["2016/trasig.pdf"]
    assert report.section("unreadable").findings[0].details["reason"] == "corrupt"
    gap = "2015/Utan uppgifter/anteckningar.docx"
    for key in ("missing_dnr", "missing_date", "missing_unit", "missing_area", "missing_summary"):
        assert gap in paths[key], key
    assert "2014/SN 2014-0123 Bostad först/slutrapport.pdf" not in paths["missing_summary"]
    conflict = report.section("case_conflicts").findings[0]
    assert conflict.path == "2016/ÄN 2016-77 Trygg hemgång/utvardering.pdf"
    assert conflict.details == {"kind": "dnr", "dnr_folder": "ÄN 2016/77", "dnr_text": "ÄN 2016/99"}
    assert report.section("duplicates").findings[0].details["paths"] == [
        "2014/SN 2014-0123 Bostad först/slutrapport.pdf",
        "2014/kopia av slutrapport.pdf",
    ]
    similar = report.section("possible_duplicates").findings[0].details["paths"]
    assert len(similar) == 2 and "2014/SN 2014-0123 Bostad först/slutrapport.docx" in similar
    assert paths["sidecar_problems"] == ["2016/ÄN 2016-77 Trygg hemgång/utvardering.pdf.kbank.toml"]


def test_check_json_is_a_list_of_named_sections(runner, flawed_archive):
    runner.invoke(app, ["ingest"])
    result = runner.invoke(app, ["check", "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["documents"] == 4 and data["files"] == 6
    keys = [s["key"] for s in data["sections"]]
    assert keys[0] == "unreadable" and {"missing_dnr", "duplicates", "case_conflicts"} <= set(keys)
    assert all(set(s) == {"key", "title", "count", "findings"} for s in data["sections"])
    assert data["total"] == sum(s["count"] for s in data["sections"])
    unreadable = data["sections"][0]["findings"][0]
    assert (
        unreadable["path"] == "2016/trasig.pdf" and unreadable["reason"] == "corrupt" and unreadable["error"]
    )


def test_check_prints_a_summary_and_each_finding(runner, flawed_archive):
    runner.invoke(app, ["ingest"])
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    assert "Filer som inte kunde läsas" in result.stdout and "2016/trasig.pdf" in result.stdout
    assert "Saknar Dnr" in result.stdout


def test_check_without_an_index_says_to_ingest(runner, archive):
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1 and "kbank ingest" in result.stderr
