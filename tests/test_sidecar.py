"""Editors' correction files: read with warnings, applied at ingest without re-reading the reports."""

from __future__ import annotations

import json

from kbank.cli import app
from kbank.editorial.sidecar import FOLDER_FILE, Sidecars, read_sidecar
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_known_keys_are_checked_and_read(tmp_path):
    path = write(
        tmp_path / "r.pdf.kbank.toml",
        'titel = "Ny titel"\ndnr = "3.2-614-2013"\ntyp = "remissvar"\ndatum = 2015-08-25\n'
        'forvaltning = "Socialförvaltningen"\nsakomraden = ["missbruk", "barn och unga"]\nnyckelord = "a; b"\n',
    )
    sidecar = read_sidecar(path, "r.pdf.kbank.toml")
    assert sidecar.warnings == []
    assert sidecar.values == {
        "title": "Ny titel",
        "dnr": "3.2-614/2013",
        "doc_type": "tjänsteutlåtande",
        "date": "2015-08-25",
        "date_precision": "day",
        "unit": "Socialförvaltningen",
        "areas": ["missbruk och beroende", "barn och unga"],
        "keywords": ["a", "b"],
    }


def test_unknown_keys_and_bad_values_are_reported_with_their_line(tmp_path):
    path = write(
        tmp_path / "r.pdf.kbank.toml", 'titel = "Rätt"\nstatus = "klar"\ntyp = "broschyr"\ndatum = "hösten"\n'
    )
    sidecar = read_sidecar(path, "r.pdf.kbank.toml")
    lines = {w.line: w.message for w in sidecar.warnings}
    assert set(lines) == {2, 3, 4} and "okänd status 'klar'" in lines[2] and "dokumenttyp" in lines[3]
    assert sidecar.values == {"title": "Rätt"}


def test_malformed_toml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path / FOLDER_FILE, 'dnr = "SN 2014/1"\nforvaltning = Socialförvaltningen\n')
    sidecar = read_sidecar(path, FOLDER_FILE)
    assert sidecar.values == {} and sidecar.warnings[0].line == 2 and "TOML" in sidecar.warnings[0].message


def test_a_folder_file_may_not_set_one_documents_title(tmp_path):
    sidecar = read_sidecar(write(tmp_path / FOLDER_FILE, 'titel = "X"\nprojekt = "Y"\n'), FOLDER_FILE)
    assert sidecar.values == {"project": "Y"} and "enskilt dokument" in sidecar.warnings[0].message


def test_nearer_files_win_and_an_orphan_is_reported(archive):
    write(archive / FOLDER_FILE, 'forvaltning = "Socialförvaltningen"\n')
    write(archive / "2013" / "Kb" / FOLDER_FILE, 'forvaltning = "Äldreförvaltningen"\nprojekt = "Kb"\n')
    (archive / "2013" / "Kb" / "r.pdf").write_bytes(b"%PDF-")
    write(archive / "2013" / "Kb" / "r.pdf.kbank.toml", 'projekt = "Eget"\n')
    write(archive / "2013" / "Kb" / "borttagen.pdf.kbank.toml", 'titel = "X"\n')
    write(archive / "2013" / "Kb" / "arende.toml", 'projekt = "Felstavad fil"\n')
    sidecars = Sidecars.load(archive)
    corrections = sidecars.for_document("2013/Kb/r.pdf")
    assert corrections.values == {"unit": "Äldreförvaltningen", "project": "Eget"}
    assert corrections.origins["project"] == "2013/Kb/r.pdf.kbank.toml"
    assert [w.path for w in sidecars.warnings] == ["2013/Kb/arende.toml", "2013/Kb/borttagen.pdf.kbank.toml"]


def test_a_correction_shows_after_ingest_without_reading_the_pdf_again(
    runner, settings, small_archive, monkeypatch
):
    ingest(settings)
    write(
        small_archive / (FINAL + ".kbank.toml"),
        'titel = "Kunskapsbanken – slutrapport"\ndatum = "september 2015"\nkontaktperson = "Cecilia Löfgren"\n',
    )
    result = runner.invoke(app, ["ingest", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["metadata_updated"] == 1 and report["unchanged"] == 3
    assert report["extracted"] == report["cached"] == 0  # no report was read again
    shown = json.loads(runner.invoke(app, ["show", FINAL, "--json"]).stdout)
    assert (shown["title"], shown["date"], shown["date_precision"], shown["contact"]) == (
        "Kunskapsbanken – slutrapport",
        "2015-09-01",
        "month",
        "Cecilia Löfgren",
    )
    assert shown["sources"]["title"] == f"sidecar:{FINAL}.kbank.toml"
    with Bank(settings) as bank:
        assert bank.search("kunskapsbanken").hits[0].title == "Kunskapsbanken – slutrapport"


def test_a_folder_correction_reaches_every_document_and_removing_it_restores_extraction(
    settings, small_archive, monkeypatch
):
    ingest(settings)
    folder_file = write(
        small_archive / "2016" / "Trygg hemgång" / FOLDER_FILE,
        'dnr = "ÄN 2016/78"\nforvaltning = "Äldreförvaltningen"\n',
    )
    result = ingest(settings)
    assert result.extracted == result.cached == 0
    with Bank(settings) as bank:
        doc = bank.show("ÄN 2016/78").document
        assert doc.unit == "Äldreförvaltningen" and doc.path.startswith("2016/Trygg hemgång/")
    folder_file.unlink()
    result = ingest(settings)
    assert result.metadata_updated == 1
    with Bank(settings) as bank:
        assert bank.show("2016/Trygg hemgång/Delrapport trygg hemgång.docx").document.dnr == "ÄN 2016/77"


def test_a_malformed_sidecar_is_a_warning_and_the_report_is_indexed(runner, small_archive):
    write(small_archive / (FINAL + ".kbank.toml"), "titel = \n")
    result = runner.invoke(app, ["ingest", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["added"] == 3 and report["failed"] == []
    assert report["warnings"] == [
        {"path": FINAL + ".kbank.toml", "line": 1, "message": report["warnings"][0]["message"]}
    ]
    assert "TOML" in report["warnings"][0]["message"]
    human = runner.invoke(app, ["ingest"])
    assert f"{FINAL}.kbank.toml:1" in human.stderr


def test_sidecar_files_are_never_reported_as_unreadable_reports(runner, small_archive):
    write(small_archive / "2013" / "3.2-614-2013 Kunskapsbank" / FOLDER_FILE, 'projekt = "Kunskapsbanken"\n')
    write(small_archive / (FINAL + ".kbank.toml"), 'titel = "X"\n')
    report = json.loads(runner.invoke(app, ["ingest", "--json"]).stdout)
    assert report["failed"] == [] and report["added"] == 3 and report["warnings"] == []
