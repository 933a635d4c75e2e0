"""Summary templates: pre-fill from a report, Markdown and Word output, no overwrite, linting."""

from __future__ import annotations

import json

import docx
import pytest

from corpora.builders import make_docx, make_pdf
from kbank.cli import app
from kbank.editorial.summaries import lint, load_template, parse_lines, parse_markdown
from kbank.errors import ExitCode

from .conftest import REPO

REPORT = [
    "Slutrapport\nTrygg hemgång i Sjöviken\nDnr: ÄN 2016/77\nUtgivningsdatum: 2016-12-05\n"
    "Utgivare: Äldreförvaltningen\nKontaktperson: Eva Berg, utvecklingsledare\nNyckelord: äldreomsorg; hemgång",
    "1. Inledning\n1.1 Bakgrund\nMånga äldre skrivs ut från sjukhuset utan att hemtjänsten är förberedd. "
    "Det leder till återinskrivningar.\n1.2 Syfte\nSyftet var att pröva ett team som följer den äldre hem.\n"
    "1.3 Mål\nFärre återinskrivningar inom 30 dagar.\n1.4 Målgrupp\nPersoner över 75 år i Sjöviken.\n"
    "Projektet pågick från mars 2015 till juni 2016.",
    "2. Metod\nEtt team med sjuksköterska och arbetsterapeut följde den äldre hem.\n3. Resultat\n"
    "Återinskrivningarna minskade från 18 till 11 procent.\n4. Erfarenheter\nLäkemedelsgenomgången gav mest.",
]


@pytest.fixture
def indexed(runner, archive):
    make_pdf(archive / "2016" / "ÄN 2016-77 Trygg hemgång" / "slutrapport.pdf", REPORT)
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    return archive


def test_template_is_prefilled_from_metadata_and_the_reports_own_sections(runner, indexed):
    result = runner.invoke(app, ["summary-template", "ÄN 2016/77"])
    assert result.exit_code == 0
    sections = parse_markdown(result.stdout)
    assert sections["Projektnamn"] == "Trygg hemgång"
    assert sections["Dnr"] == "ÄN 2016/77"
    assert sections["Förvaltning/enhet"] == "Äldreförvaltningen"
    assert sections["Projektperiod"] == "mars 2015 – juni 2016"
    assert sections["Kontaktperson"] == "Eva Berg"
    assert sections["Syfte"] == "Syftet var att pröva ett team som följer den äldre hem. (s. 2)"
    assert sections["Resultat"] == "Återinskrivningarna minskade från 18 till 11 procent. (s. 3)"
    assert sections["Målgrupp"].startswith("Personer över 75 år i Sjöviken.")
    assert sections["Nästa steg"] == ""  # nothing found: left for the editor, instruction kept
    assert "<!-- Vad händer nu" in result.stdout


def test_save_writes_beside_the_report_and_never_overwrites_without_force(runner, indexed):
    folder = indexed / "2016" / "ÄN 2016-77 Trygg hemgång"
    assert runner.invoke(app, ["summary-template", "ÄN 2016/77", "--save"]).exit_code == 0
    target = folder / "sammanfattning.md"
    target.write_text("# Min egen text\n", encoding="utf-8")
    again = runner.invoke(app, ["summary-template", "ÄN 2016/77", "--save"])
    assert again.exit_code == ExitCode.FATAL and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "# Min egen text\n"
    assert runner.invoke(app, ["summary-template", "ÄN 2016/77", "--save", "--force"]).exit_code == 0
    assert "## Syfte" in target.read_text(encoding="utf-8")


def test_docx_output_opens_in_word_with_headings_and_grey_instructions(runner, indexed, tmp_path):
    target = tmp_path / "sammanfattning.docx"
    result = runner.invoke(app, ["summary-template", "ÄN 2016/77", "--format", "docx", "--out", str(target)])
    assert result.exit_code == 0
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.name for s in load_template().sections]
    grey = [r for p in document.paragraphs for r in p.runs if r.font.color.rgb is not None]
    assert any("högst" in r.text for r in grey) and all(r.italic for r in grey)
    assert any("minskade från 18 till 11 procent" in p.text for p in document.paragraphs)


def test_docx_needs_a_file_and_formats_are_checked(runner, indexed):
    assert (
        runner.invoke(app, ["summary-template", "ÄN 2016/77", "--format", "docx"]).exit_code == ExitCode.USAGE
    )
    assert (
        runner.invoke(app, ["summary-template", "ÄN 2016/77", "--format", "pdf"]).exit_code == ExitCode.USAGE
    )


def test_an_admins_own_template_replaces_the_shipped_one(runner, indexed, tmp_path):
    (tmp_path / "mall.toml").write_text(
        'title = "Kort sammanfattning"\n[[section]]\nname = "Syfte"\nheadings = ["syfte"]\n'
        'instruction = "En mening."\nmax_words = 20\nrequired = true\n',
        encoding="utf-8",
    )
    (tmp_path / "kbank.toml").write_text('summary_template = "mall.toml"\n', encoding="utf-8")
    result = runner.invoke(app, ["summary-template", "ÄN 2016/77"])
    assert result.stdout.startswith("# Kort sammanfattning: ")
    assert list(parse_markdown(result.stdout)) == ["Syfte"]


def test_section_detection_in_a_docx_report(runner, archive):
    make_docx(
        archive / "2019" / "SN 2019-88 Stödboende" / "slutrapport.docx",
        [
            "Dnr: SN 2019/88",
            "Syfte och mål",
            "Syftet var att ge ungdomarna ett eget boende med stöd.",
            "Resultat",
            "Av 37 ungdomar flyttade 30 till eget boende.",
        ],
        heading="Slutrapport Stödboende",
    )
    runner.invoke(app, ["ingest"])
    sections = parse_markdown(runner.invoke(app, ["summary-template", "SN 2019/88"]).stdout)
    assert (
        sections["Syfte"] == "Syftet var att ge ungdomarna ett eget boende med stöd. (avsnitt Syfte och mål)"
    )
    assert sections["Resultat"].startswith("Av 37 ungdomar flyttade 30 till eget boende.")


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory):
    from typer.testing import CliRunner

    index = str(tmp_path_factory.mktemp("demo") / "index")
    CliRunner().invoke(app, ["ingest", str(REPO / "archive"), "--index", index])
    return index


@pytest.mark.slow  # ingests the demo archive
@pytest.mark.parametrize(
    "ref",
    [
        "3.2-614/2013",
        "SN 2014/0123",
        "AMN-2015-0185",
        "3.1-288/2017",
        "SN.2018.42",
        "SN 2019/88",
        "3.2-455/2020",
    ],
)
def test_every_demo_final_report_fills_the_core_sections(runner, demo_index, ref):
    result = runner.invoke(app, ["summary-template", ref, "--index", demo_index])
    assert "slutrapport" in result.stdout.lower()
    sections = parse_markdown(result.stdout)
    for name in ("Projektnamn", "Dnr", "Förvaltning/enhet", "Syfte", "Mål", "Resultat"):
        assert sections[name], (ref, name)


def test_lint_finds_missing_unfilled_long_and_mismatched_sections():
    template = load_template()
    written = {"Projektnamn": "Trygg hemgång", "Dnr": "ÄN 2016/78", "Syfte": "ord " * 200, "Resultat": ""}
    problems = {
        p.message for p in lint(written, template, "ÄN 2016/77", "Slutrapport Trygg hemgång", "Trygg hemgång")
    }
    assert "avsnittet Bakgrund saknas" in problems
    assert "avsnittet Resultat är inte ifyllt" in problems
    assert "avsnittet Syfte har 200 ord (riktlinje högst 60)" in problems
    assert "Dnr ÄN 2016/78 stämmer inte med rapportens ÄN 2016/77" in problems
    renamed = lint(
        {"Projektnamn": "Bostad först"}, template, None, "Slutrapport Trygg hemgång", "Trygg hemgång"
    )
    assert any("projektnamnet" in p.message for p in renamed)


def test_a_summary_written_in_word_is_read_by_its_headings():
    text = "Sammanfattning: Trygg hemgång\nSyfte\nVarför gjordes projektet? 1–3 meningar. (högst 60 ord)\nAtt pröva ett team.\nResultat\nFärre återinskrivningar."
    assert parse_lines(text, load_template()) == {
        "Syfte": "Att pröva ett team.",
        "Resultat": "Färre återinskrivningar.",
    }


# --------------------------------------------------------------------------- summaries beside the reports

WRITTEN = """# Sammanfattning: Trygg hemgång

## Projektnamn
Trygg hemgång

## Dnr
ÄN 2016/77

## Syfte
Att pröva ett mobilt hemgångsteam för sköra äldre efter sjukhusvistelse.

## Resultat
Färre återinskrivningar och nöjda brukare.
"""


def test_a_summary_beside_the_report_is_searched_shown_first_and_not_a_report(runner, indexed):
    folder = indexed / "2016" / "ÄN 2016-77 Trygg hemgång"
    (folder / "sammanfattning.md").write_text(WRITTEN, encoding="utf-8")
    report = json.loads(runner.invoke(app, ["ingest", "--json"]).stdout)
    assert report["added"] == 0 and report["failed"] == []  # not indexed as a report of its own
    hits = json.loads(
        runner.invoke(app, ["search", "hemgångsteam", "--in", "sammanfattning", "--json"]).stdout
    )
    assert (
        hits["total"] == 1
        and "hemgångsteam" in hits["hits"][0]["snippet"]
        and hits["hits"][0]["page"] is None
    )
    assert json.loads(runner.invoke(app, ["search", "hemgångsteam", "--json"]).stdout)["total"] == 1
    # words only in the report itself are not in the summary
    assert (
        json.loads(runner.invoke(app, ["search", "arbetsterapeut", "--in", "summary", "--json"]).stdout)[
            "total"
        ]
        == 0
    )
    shown = runner.invoke(app, ["show", "ÄN 2016/77"]).stdout
    assert shown.index("mobilt hemgångsteam") < shown.index("Förvaltning") < shown.index("Början av texten")
    data = json.loads(runner.invoke(app, ["show", "ÄN 2016/77", "--json"]).stdout)
    assert "mobilt hemgångsteam" in data["summary"] and data["summary_source"].endswith("sammanfattning.md")
    assert data["has_summary"] is True


def test_a_summary_ranks_its_report_above_one_that_only_mentions_the_word(runner, indexed):
    make_pdf(
        indexed / "2017" / "ÄN 2017-1 Annat" / "slutrapport.pdf",
        [
            "Slutrapport\nAnnat projekt\nDnr: ÄN 2017/1",
            "Projektet gällde matdistribution och dagverksamhet för äldre i stadsdelen. " * 12
            + "Ett hemgångsteam nämndes i förbigående.",
        ],
    )
    (indexed / "2016" / "ÄN 2016-77 Trygg hemgång" / "sammanfattning.md").write_text(
        WRITTEN, encoding="utf-8"
    )
    runner.invoke(app, ["ingest"])
    hits = json.loads(runner.invoke(app, ["search", "hemgångsteam", "--json"]).stdout)["hits"]
    assert hits[0]["dnr"] == "ÄN 2016/77"


def test_a_changed_summary_is_picked_up_without_reading_the_report_again(runner, indexed):
    target = indexed / "2016" / "ÄN 2016-77 Trygg hemgång" / "sammanfattning.md"
    target.write_text(WRITTEN, encoding="utf-8")
    runner.invoke(app, ["ingest"])
    target.write_text(WRITTEN.replace("mobilt hemgångsteam", "trygghetsteam"), encoding="utf-8")
    report = json.loads(runner.invoke(app, ["ingest", "--json"]).stdout)
    assert report["extracted"] == report["cached"] == 0 and report["metadata_updated"] == 1
    assert json.loads(runner.invoke(app, ["search", "trygghetsteam", "--json"]).stdout)["total"] == 1
    target.unlink()
    runner.invoke(app, ["ingest"])
    assert json.loads(runner.invoke(app, ["search", "trygghetsteam", "--json"]).stdout)["total"] == 0


def test_a_summary_written_in_word_or_in_the_sidecar_counts_too(runner, indexed, tmp_path):
    folder = indexed / "2016" / "ÄN 2016-77 Trygg hemgång"
    runner.invoke(app, ["summary-template", "ÄN 2016/77", "--format", "docx", "--save"])
    assert (folder / "sammanfattning.docx").exists()
    import docx  # an editor's edit in Word: an unedited template would not count

    edited = docx.Document(str(folder / "sammanfattning.docx"))
    edited.add_paragraph("Redigerad av redaktionen.")
    edited.save(str(folder / "sammanfattning.docx"))
    runner.invoke(app, ["ingest"])
    data = json.loads(runner.invoke(app, ["show", "ÄN 2016/77", "--json"]).stdout)
    assert (
        data["summary_source"].endswith("sammanfattning.docx") and "Syftet var att pröva" in data["summary"]
    )
    (folder / "sammanfattning.docx").unlink()
    (folder / "arende.kbank.toml").write_text(
        'sammanfattning = "Kort: hemgångsstöd för äldre."\n', encoding="utf-8"
    )
    runner.invoke(app, ["ingest"])
    data = json.loads(runner.invoke(app, ["show", "ÄN 2016/77", "--json"]).stdout)
    assert data["summary"] == "Kort: hemgångsstöd för äldre." and data["summary_source"] == "sidecar"


def test_missing_summary_lists_projects_by_their_final_report(runner, archive):
    plan = archive / "2014" / "SN 2014-0123 Bostad först"
    make_pdf(
        plan / "projektplan.pdf", ["Projektplan\nBostad först\nDnr: SN 2014/0123\nDatum: 2014-03-01", "Text."]
    )
    make_pdf(
        plan / "slutrapport.pdf", ["Slutrapport\nBostad först\nDnr: SN 2014/0123\nDatum: 2017-06-12", "Text."]
    )
    other = archive / "2016" / "ÄN 2016-77 Trygg hemgång"
    make_pdf(other / "slutrapport.pdf", REPORT)
    runner.invoke(app, ["ingest"])
    listed = json.loads(runner.invoke(app, ["list", "--missing-summary", "--json"]).stdout)
    assert sorted(d["path"] for d in listed["documents"]) == [
        "2014/SN 2014-0123 Bostad först/slutrapport.pdf",
        "2016/ÄN 2016-77 Trygg hemgång/slutrapport.pdf",
    ]
    (other / "sammanfattning.md").write_text(WRITTEN, encoding="utf-8")
    runner.invoke(app, ["ingest"])
    listed = json.loads(runner.invoke(app, ["list", "--missing-summary", "--json"]).stdout)
    assert [d["path"] for d in listed["documents"]] == ["2014/SN 2014-0123 Bostad först/slutrapport.pdf"]
    checked = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    missing = next(s for s in checked["sections"] if s["key"] == "missing_summary")
    assert [f["path"] for f in missing["findings"]] == ["2014/SN 2014-0123 Bostad först/slutrapport.pdf"]


def test_check_lints_summaries_against_the_template_and_the_report(runner, indexed):
    folder = indexed / "2016" / "ÄN 2016-77 Trygg hemgång"
    (folder / "sammanfattning.md").write_text(WRITTEN.replace("ÄN 2016/77", "ÄN 2016/78"), encoding="utf-8")
    runner.invoke(app, ["ingest"])
    checked = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    problems = {
        f["message"] for s in checked["sections"] if s["key"] == "summary_problems" for f in s["findings"]
    }
    assert "Dnr ÄN 2016/78 stämmer inte med rapportens ÄN 2016/77" in problems
    assert "avsnittet Bakgrund saknas" in problems
