"""``kbank overview`` / ``kbank kunskapsläge``: projects about a method, their status and conclusions."""

from __future__ import annotations

import json
import os
import zipfile

import docx
import pytest

from corpora.builders import make_docx, make_pdf
from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode

BJORKHAGEN = "2014/SN 2014-0123 Bostad först i Björkhagen"
SODERBY = "2020/SN 2020-0050 Bostad först i Söderby"
OSTERBY = "2019/SN 2019-0077 Bostad först i Österby"
UPPSOK = "2016/SN 2016-0260 Uppsökande arbete mot hemlöshet"


def _cover(kind: str, title: str, dnr: str, date: str, unit: str, keywords: str) -> str:
    return f"{kind}\n{title}\n\nDnr: {dnr}\nDatum: {date}\nUtgivare: {unit}\nNyckelord: {keywords}"


def write_archive(root):
    archive = root / "archive"
    unit = "Björkhagens stadsdelsförvaltning"
    make_pdf(
        archive / BJORKHAGEN / "projektplan.pdf",
        [
            _cover(
                "Projektplan", "Bostad först i Björkhagen", "SN 2014/0123", "2014-03-10", unit, "Bostad först"
            ),
            "1. Bakgrund\nHemlösheten har ökat. Projektet ska pröva Bostad först. Bostad först innebär "
            "en egen lägenhet utan krav på drogfrihet.",
            "2. Syfte\nSyftet är att pröva Bostad först för personer i långvarig hemlöshet.",
        ],
    )
    make_pdf(
        archive / BJORKHAGEN / "slutrapport.pdf",
        [
            _cover(
                "Slutrapport", "Bostad först i Björkhagen", "SN 2014/0123", "2017-06-12", unit, "Bostad först"
            ),
            "1. Genomförande\nTeamet arbetade enligt Bostad först. Hyresgästerna fick boendestöd i hemmet.",
            "2. Resultat\nAv de 23 hyresgästerna bodde 20 kvar efter ett år i sin lägenhet. "
            "Vårddagarna på sjukhus minskade med två tredjedelar under projekttiden.",
            "3. Slutsatser\nBostad först har gett bättre resultat än boendetrappan för de mest utsatta. "
            "Nämnden beslutade att Bostad först ska bli ordinarie verksamhet.",
        ],
    )
    make_pdf(
        archive / BJORKHAGEN / "utvärdering.pdf",
        [
            _cover(
                "Utvärdering",
                "Utvärdering av Bostad först",
                "SN 2014/0123",
                "2017-03-20",
                unit,
                "Bostad först",
            ),
            "1. Resultat\nHemligt: utvärderarna fann att Bostad först fungerade sämre i vinterhalvåret.",
        ],
    )
    (archive / BJORKHAGEN / "utvärdering.pdf.kbank.toml").write_text('klassning = "begränsad"\n', "utf-8")
    (archive / BJORKHAGEN / "sammanfattning.md").write_text(
        "# Sammanfattning\n\n## Projektnamn\nBostad först i Björkhagen\n\n## Dnr\nSN 2014/0123\n\n"
        "## Resultat\nNästan alla hyresgäster har kvar sin bostad efter ett år.\n",
        "utf-8",
    )
    make_docx(
        archive / SODERBY / "projektplan.docx",
        [
            "Dnr: SN 2020/0050",
            "Datum: 2020-02-01",
            "Utgivare: Söderby stadsdelsförvaltning",
            "Bakgrund",
            "Söderby vill pröva Bostad först efter Björkhagens goda resultat med Bostad först.",
            "Syfte",
            "Syftet är att införa Bostad först för tio hyresgäster under två år.",
        ],
        heading="Projektplan Bostad först i Söderby",
    )
    make_pdf(
        archive / OSTERBY / "slutrapport.pdf",
        [
            _cover(
                "Slutrapport",
                "Bostad först i Österby",
                "SN 2019/0077",
                "2021-05-01",
                "Österby sdf",
                "Bostad först",
            ),
            "1. Resultat\nUtkast: Bostad först i Österby nådde inte sina mål. Bostad först ska utredas igen.",
        ],
    )
    (archive / OSTERBY / "arende.kbank.toml").write_text('status = "utkast"\n', "utf-8")
    make_pdf(
        archive / UPPSOK / "slutrapport.pdf",
        [
            _cover("Slutrapport", "Uppsökande arbete mot hemlöshet", "SN 2016/0260", "2018-04-01", "Socialförvaltningen", "hemlöshet"),
            "1. Genomförande\nUppsökarna sökte upp hemlösa personer i parker och på härbärgen. "
            "Förvaltningen har också diskuterat Bostad först, men det ingick inte här.",
            "2. Resultat\nUppsökarna fick kontakt med 140 hemlösa personer under året.",
        ],
    )  # fmt: skip
    (root / "kbank.toml").write_text('classification_ceiling = "intern"\nusage_log = false\n', "utf-8")
    return archive


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory, cache_home):
    """The archive above, ingested once with the ceiling "intern"."""
    from kbank.ingest.run import ingest

    root = tmp_path_factory.mktemp("overview")
    archive = write_archive(root)
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("KBANK_"):
                patch.delenv(name)
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        ingest(load_settings(archive=archive, index=root / "index", cwd=root, jobs=1))
    return root


@pytest.fixture
def kb(bank_dir, monkeypatch, runner):
    """Run kbank against the module's bank, with its kbank.toml."""
    monkeypatch.setenv("KBANK_CONFIG", str(bank_dir / "kbank.toml"))
    monkeypatch.setenv("KBANK_INDEX", str(bank_dir / "index"))
    monkeypatch.setenv("KBANK_ARCHIVE", str(bank_dir / "archive"))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args):
        return runner.invoke(app, list(args))

    return run


def test_overview_prints_one_entry_per_project_with_status_period_unit_and_cited_conclusions(kb):
    result = kb("overview", "Bostad först")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Bostad först har prövats i 2 projekt i 2 förvaltningar 2014–2020; 1 är avslutat utan utvärdering, 1 pågår."
    )
    björk, söder = (
        out.index("1. Bostad först i Björkhagen"),
        out.index("2. Bostad först i Söderby"),
    )
    assert björk < söder  # the finished project first
    entry = out[björk:söder]
    assert "avslutat" in entry and "SN 2014/0123" in entry and "Björkhagens stadsdelsförvaltning" in entry
    assert "2014–2017" in entry
    assert "Nästan alla hyresgäster har kvar sin bostad efter ett år. (Sammanfattning, Resultat)" in entry
    assert entry.index("(Sammanfattning, Resultat)") < entry.index("(Slutrapport, s. 3)")
    assert "Av de 23 hyresgästerna bodde 20 kvar efter ett år i sin lägenhet." in entry
    assert "(Slutrapport, s. 4)" in entry
    assert "pågående" in out[söder:] and "Söderby stadsdelsförvaltning" in out[söder:]
    mentions = out[out.index("Nämns också i") :]
    assert "Uppsökande arbete mot hemlöshet" in mentions and "s. 2" in mentions
    assert "Uppsökande" not in out[: out.index("Nämns också i")]


def test_nothing_hidden_appears_drafts_only_with_all_and_above_the_ceiling_never(kb):
    for args in (("overview", "Bostad först"), ("overview", "Bostad först", "--json"), ("overview", "Bostad först", "--format", "md")):  # fmt: skip
        out = kb(*args).stdout
        assert "Österby" not in out and "SN 2019/0077" not in out
        assert (
            "Hemligt" not in out and "vinterhalvåret" not in out and "Utvärdering av Bostad först" not in out
        )
    data = json.loads(kb("overview", "Bostad först", "--json").stdout)
    assert data["status_counts"]["utvärderat"] == 0  # the evaluation above the ceiling does not count
    everything = kb("overview", "Bostad först", "--all", "--json")
    data = json.loads(everything.stdout)
    names = [p["name"] for p in data["projects"]]
    assert "Bostad först i Österby" in names
    assert "Hemligt" not in everything.stdout and "vinterhalvåret" not in everything.stdout
    björk = next(p for p in data["projects"] if p["dnr"] == "SN 2014/0123")
    assert björk["status"] == "avslutat"
    assert [d["doc_type"] for d in björk["documents"]] == ["projektplan", "slutrapport"]


def test_json_has_the_headline_projects_in_lineage_order_and_page_cited_conclusions(kb):
    result = kb("kunskapsläge", "Bostad först", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["headline"].startswith("Bostad först har prövats i 2 projekt")
    assert data["project_total"] == 2 and len(data["projects"]) == 2
    first = data["projects"][0]
    assert first["dnr"] == "SN 2014/0123" and first["period"] == {"from": "2014-03-10", "to": "2017-06-12"}
    assert first["evidence"]["central"] and first["evidence"]["title"]
    cites = [c["cite"] for c in first["conclusions"]]
    assert cites[0] == "Sammanfattning, Resultat" and "Slutrapport, s. 3" in cites
    assert all(c["text"] for c in first["conclusions"])
    assert [m["name"] for m in data["mentioned"]] == ["Uppsökande arbete mot hemlöshet"]
    assert data["mentioned"][0]["passage"]["page"] == 2


def test_filters_narrow_the_projects(kb):
    data = json.loads(kb("overview", "Bostad först", "--unit", "Söderby", "--json").stdout)
    assert [p["dnr"] for p in data["projects"]] == ["SN 2020/0050"]
    assert data["headline"] == "Bostad först har prövats i 1 projekt i 1 förvaltning 2020; 1 pågår."


def test_a_method_nobody_tried_says_so(kb):
    result = kb("overview", "kameratillsyn")
    assert result.exit_code == 0
    assert "Kunskapsbanken har inga rapporter om kameratillsyn." in result.stdout


def test_markdown_memo_has_question_date_headline_and_a_section_per_project(kb):
    result = kb("overview", "Bostad först", "--format", "md")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# Kunskapsläge: Bostad först")
    assert "**Fråga:** Vad vet kunskapsbanken om Bostad först?" in md and "**Datum:** 20" in md
    assert "**Bostad först har prövats i 2 projekt" in md
    assert "## 1. Bostad först i Björkhagen (avslutat)" in md and "## 2. " in md
    assert "(Slutrapport, s. 3)" in md and "## Nämns också i" in md


def test_word_memo_is_a4_in_swedish_and_never_overwrites_without_force(kb, tmp_path):
    target = tmp_path / "pm.docx"
    assert kb("overview", "Bostad först", "--format", "docx", "--out", str(target)).exit_code == 0
    memo = docx.Document(str(target))
    section = memo.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "Vad vet kunskapsbanken om Bostad först?" in text and "Slutrapport, s. 3" in text
    assert memo.core_properties.language == "sv-SE"
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    runs = xml.count("<w:r>") + xml.count("<w:r ")
    assert runs > 10 and xml.count('w:lang w:val="sv-SE"') == runs
    styles = zipfile.ZipFile(target).read("word/styles.xml").decode()
    assert 'w:lang w:val="sv-SE"' in styles.split("</w:docDefaults>")[0]
    again = kb("overview", "Bostad först", "--format", "docx", "--out", str(target))
    assert again.exit_code == ExitCode.FATAL and "--force" in again.stderr
    assert kb("overview", "Bostad först", "--format", "docx", "--out", str(target), "--force").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("overview", "Bostad först", "--format", "docx"),
        ("overview", "Bostad först", "--format", "pdf"),
        ("overview", "Bostad först", "--out", "x.md"),
        ("overview", '"Bostad först'),
        ("overview", "--", "-familjehem"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(kb, args):
    result = kb(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("kbank: ") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_project_recall_and_precision_per_planted_method_on_the_methods_archive(tmp_path):
    from corpora.methods.run import measure

    rows = measure(tmp_path)
    assert len(rows) == 10
    for row in rows:
        assert row.recall >= 0.95, (row.query, row.misses)
        assert row.precision >= 0.9, (row.query, row.extras)
        assert row.status_accuracy == 1.0, (row.query, row.wrong_status)
