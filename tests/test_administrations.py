"""Issue 14: administrations as reports write them, the gazetteer, confidence, and filters that follow."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fpdf import FPDF

from corpora.builders import make_pdf
from kbank.cli import app

pytestmark = pytest.mark.slow  # an ingest per layout

EAV = "Enskede-Årsta-Vantörs stadsdelsförvaltning"


def _pdf(path, pages: list[str], created: datetime | None = None) -> None:
    pdf = FPDF()
    pdf.set_creation_date(created or datetime(2020, 1, 1, tzinfo=UTC))
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def _show(runner, ref: str) -> dict:
    result = runner.invoke(app, ["show", ref, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_signature_prose_and_folder_are_read_as_a_registrar_reads_them(runner, archive):
    _pdf(
        archive / "2015" / "Se barnet (Dnr 1.6-561-2015)" / "rapport.pdf",
        [
            "Stockholms stad\nSlutrapport Se barnet",
            "Förord\nEnskede-Årsta-Vantörs stadsdelsförvaltning har under perioden 2015-2017 drivit projektet "
            "i samverkan med Socialförvaltningen.\nStockholm i december 2017\nAnna Berglund\n"
            "Fou-handledare, utvecklingsenheten",
        ],
        created=datetime(2000, 1, 1, tzinfo=UTC),
    )
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    data = _show(runner, "2015/Se barnet (Dnr 1.6-561-2015)/rapport.pdf")
    assert (data["dnr"], data["date"], data["unit"], data["contact"]) == (
        "1.6-561/2015",
        "2017-12-01",
        EAV,
        "Anna Berglund",
    )
    assert data["sources"]["date"] == "signature" and data["confidence"]["date"] == "high"
    assert data["confidence"]["unit"] == "medium"  # read from prose


def test_a_junk_property_date_is_never_a_publication_date(runner, archive):
    for name, created in (
        ("a", datetime(2000, 1, 1)),
        ("b", datetime(2035, 5, 1)),
        ("c", datetime(2009, 3, 1)),
    ):
        _pdf(archive / "2013" / f"Projekt {name}" / "rapport.pdf", [f"Rapport om projekt {name}"], created)
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    for name in "abc":
        data = _show(runner, f"2013/Projekt {name}/rapport.pdf")
        assert data["date"] is None and data["year"] == 2013


def test_one_stamp_on_a_whole_batch_of_files_is_no_date(runner, archive):
    stamp = datetime(2019, 11, 5, 10, 12, tzinfo=UTC)
    for year, name in ((2014, "Ett"), (2015, "Två"), (2016, "Tre")):
        _pdf(archive / str(year) / f"Projekt {name}" / "rapport.pdf", [f"Rapport om projekt {name}"], stamp)
    _pdf(archive / "2016" / "Projekt Fyra" / "rapport.pdf", ["Rapport om projekt Fyra"], datetime(2017, 2, 3))
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert _show(runner, "2014/Projekt Ett/rapport.pdf")["date"] is None
    assert _show(runner, "2016/Projekt Fyra/rapport.pdf")["date"] == "2017-02-03"
    result = runner.invoke(app, ["list", "--year", "2015", "--json"])
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["2015/Projekt Två/rapport.pdf"]


def test_the_gazetteer_resolves_a_cut_name_and_unit_filters_take_aliases(runner, archive, tmp_path):
    (tmp_path / "kbank.toml").write_text(
        f'[organisation]\nname = "Stockholms stad"\n[organisation.administrations]\n"{EAV}" = ["SDF EÅV"]\n',
        encoding="utf-8",
    )
    make_pdf(archive / "2016" / "Tak över huvudet" / "slutrapport.pdf", ["Slutrapport\nTak över huvudet\nVantörs stadsdelsförvaltning", "Text."])  # fmt: skip
    make_pdf(
        archive / "2016" / "Annat" / "plan.pdf",
        ["Projektplan\nAnnat\nFörvaltning: Socialförvaltningen", "Text."],
    )
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    data = _show(runner, "2016/Tak över huvudet/slutrapport.pdf")
    assert data["unit"] == EAV and data["sources"]["unit"] == "gazetteer"
    for unit in ("SDF EÅV", "Enskede-Årsta-Vantör", "enskede-arsta-vantor", "SDF Enskede-Årsta-Vantör"):
        listed = json.loads(runner.invoke(app, ["list", "--unit", unit, "--json"]).stdout)
        assert [d["path"] for d in listed["documents"]] == ["2016/Tak över huvudet/slutrapport.pdf"], unit
    found = json.loads(runner.invoke(app, ["search", "förvaltning:EÅV", "--json"]).stdout)
    assert found["total"] == 1


def test_a_bad_organisation_table_is_one_line_and_exit_1(runner, tmp_path):
    (tmp_path / "kbank.toml").write_text('[organisation]\nadministrations = "SDF"\n', encoding="utf-8")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 1 and "organisation.administrations" in result.output


def test_check_lists_low_confidence_values_and_set_confirms_them(runner, archive):
    _pdf(
        archive / "2016" / "Trygg hemgång" / "rapport.pdf",
        ["Trygg hemgång", "Text om hemgång."],
        datetime(2016, 9, 14),
    )
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    data = _show(runner, "2016/Trygg hemgång/rapport.pdf")
    assert data["date"] == "2016-09-14" and data["confidence"]["date"] == "low"
    report = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    low = next(s for s in report["sections"] if s["key"] == "low_confidence")
    assert [f["field"] for f in low["findings"][0]["fields"]] == ["date"]
    assert runner.invoke(app, ["set", data["id"], "datum=2016-09-14"]).exit_code == 0
    assert _show(runner, "2016/Trygg hemgång/rapport.pdf")["confidence"]["date"] == "high"
    report = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    assert next(s for s in report["sections"] if s["key"] == "low_confidence")["count"] == 0


def test_a_case_shares_its_contact_without_overriding_a_documents_own(runner, archive):
    folder = archive / "2014" / "SN 2014-0123 Bostad först"
    make_pdf(folder / "plan.pdf", ["Projektplan\nBostad först\nKontaktperson: Maria Lindqvist", "Text."])
    make_pdf(folder / "slutrapport.pdf", ["Slutrapport\nBostad först", "Text utan namn."])
    make_pdf(folder / "utvardering.pdf", ["Utvärdering\nBostad först\nKontaktperson: Ali Said", "Text."])
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert _show(runner, "2014/SN 2014-0123 Bostad först/utvardering.pdf")["contact"] == "Ali Said"
    # two documents name two people: the one naming nobody borrows neither
    assert _show(runner, "2014/SN 2014-0123 Bostad först/slutrapport.pdf")["contact"] is None
    (folder / "utvardering.pdf").unlink()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    data = _show(runner, "2014/SN 2014-0123 Bostad först/slutrapport.pdf")
    assert data["contact"] == "Maria Lindqvist" and data["sources"]["contact"] == "case"


def test_a_case_period_comes_from_dates_its_documents_state(runner, archive):
    folder = archive / "2014" / "SN 2014-0123 Bostad först"
    _pdf(folder / "slutrapport.pdf", ["Slutrapport\nBostad först\nDatum: 2017-06-12", "Text."])
    _pdf(folder / "plan.pdf", ["Projektplan\nBostad först", "Text."], datetime(2021, 3, 4))
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    case = _show(runner, "SN 2014/0123")["case"]
    assert case["period"] == {"from": "2017-06-12", "to": "2017-06-12"}
    assert {d["date"] for d in case["documents"]} == {"2017-06-12", "2021-03-04"}  # each keeps its own
