"""Reading a report's facts: labelled values, covers, headers, properties and folders."""

from __future__ import annotations

from kbank.metadata.report import apply_corrections, describe


def facts(pages, path="2015/rapport.pdf", paged=True, properties=None, headings=None):
    return describe("id", "sha", path, pages, paged, properties or {}, headings or [])


BODY = "1. Bakgrund\nProjektet har pågått i två år och samverkar med skolan.\n"


def test_labelled_cover_gives_every_fact_and_its_source():
    report = facts(
        [
            "Slutrapport\nBostad först i Norrvik\nDnr: SN 2014/0123\nUtgivningsdatum: 25 augusti 2015\n"
            "Utgivare: Socialförvaltningen, FoU-enheten\nKontaktperson: Karin Söderholm, utvecklingsledare",
            BODY,
        ]
    )
    assert (report.dnr, report.date, report.unit, report.contact, report.doc_type) == (
        "SN 2014/0123",
        "2015-08-25",
        "Socialförvaltningen",
        "Karin Söderholm",
        "slutrapport",
    )
    assert report.title == "Slutrapport Bostad först i Norrvik"
    assert report.sources["dnr"] == "label" and report.sources["unit"] == "label"


def test_a_docx_table_and_a_label_above_its_value_are_read():
    report = facts(
        ["Dnr\tKS 2024/112\nFörvaltning\tArbetsmarknadsförvaltningen\nHandläggare\nKarin Wallander\n"
         "Tjänsteutlåtande\nSvar på remiss om kommunikationsprogram\nSammanfattning\nText."],
        paged=False,
        path="2024/remissvar.docx",
    )  # fmt: skip
    assert (report.dnr, report.unit, report.contact, report.doc_type) == (
        "KS 2024/112",
        "Arbetsmarknadsförvaltningen",
        "Karin Wallander",
        "tjänsteutlåtande",
    )


def test_the_publication_date_is_not_a_milestone_or_a_project_period():
    report = facts(
        [
            "Projektplan\nMobila team\nProjektperiod: 2014-01-01 – 2015-12-31\nMars 2014",
            "Tidsplan\nDatum\tMilstolpe\n2014-04-01\tStart\n2014-09-01\tDelrapport\n" + BODY,
        ]
    )
    assert report.date == "2014-03-01" and report.date_precision == "month"


def test_a_cover_without_a_date_is_dated_by_the_pdf_creation_date():
    report = facts(["Delrapport\nTrygg hemgång", BODY], properties={"created": "D:20160523101500+02'00'"})
    assert report.date == "2016-05-23" and report.sources["date"] == "properties"


def test_python_docx_template_dates_are_not_publication_dates():
    report = facts(
        ["Rapport om hemtjänsten\n" + BODY],
        paged=False,
        path="x/rapport.docx",
        properties={
            "author": "python-docx",
            "created": "2013-12-23T23:15:00",
            "modified": "2013-12-23T23:15:00",
        },
    )
    assert report.date is None and report.contact is None


def test_junk_and_stale_title_properties_lose_to_the_cover():
    cover = ["Norrviks kommun\nSlutrapport\nVägen till arbete\nDatum: 2017-09-18", BODY]
    for junk in ("Microsoft Word - Dokument1.docx", "Rapportmall", "Slutrapport Suicidprevention i Norr"):
        report = facts(cover, properties={"title": junk})
        assert report.title == "Slutrapport Vägen till arbete", junk


def test_a_login_name_is_not_a_contact_but_a_real_author_name_is():
    assert facts(["Rapport X\n" + BODY], properties={"author": "ADM\\karsod01"}).contact is None
    report = facts(["Rapport X\n" + BODY], properties={"author": "Birgitta Holm"})
    assert report.contact == "Birgitta Holm" and report.sources["contact"] == "properties"


def test_running_headers_and_contents_pages_are_not_the_title():
    pages = [
        "Projektplan – Samverkan mot våld\nSamverkan för våldsutsatta kvinnor\nDnr: SN.2018.42",
        "Projektplan – Samverkan mot våld\nInnehåll\n1. Bakgrund ........ 3",
        "Projektplan – Samverkan mot våld\n" + BODY,
        "Projektplan – Samverkan mot våld\n" + BODY,
    ]
    report = facts(pages)
    assert report.title == "Samverkan för våldsutsatta kvinnor"


def test_dnr_from_the_folder_and_a_reference_to_another_case_is_ignored():
    report = facts(
        [
            "Slutrapport\nTrygg hemgång",
            "Enligt beslutet (dnr 179-2103/2016) ska projektet utvärderas.\n" + BODY,
        ],
        path="2016/ÄN 2016-77 Trygg hemgång/slutrapport.pdf",
    )
    assert (
        report.dnr == "ÄN 2016/77" and report.sources["dnr"] == "folder" and report.project == "Trygg hemgång"
    )


def test_every_registry_format_is_read_from_a_folder_name():
    cases = {
        "3.2-614-2013": "3.2-614/2013",
        "3.2-614_2013": "3.2-614/2013",
        "SN.2024.53": "SN.2024.53",
        "SN 2024-53": "SN 2024/53",
        "KS 2024_112": "KS 2024/112",
        "AMN-2015-0185": "AMN-2015-0185",
        "179-2103-2016": "179-2103/2016",
        "SoN 2014-0123": "SoN 2014/0123",
    }
    for folder, canonical in cases.items():
        assert facts([BODY], path=f"2016/{folder} Projekt/r.pdf").dnr == canonical, folder


def test_new_document_types_are_recognised():
    assert facts(["Kommunikationsplan för kunskapsbanken\n" + BODY]).doc_type == "kommunikationsplan"
    assert (
        facts(["Dokumenttyp: Strategi\nStrategi för socialnämndens externa kommunikation"]).doc_type
        == "strategi"
    )
    assert (
        facts(["Svar på remiss från kommunstyrelsen, Dnr KS 2024/112\n" + BODY]).doc_type
        == "tjänsteutlåtande"
    )


def test_a_scanned_cover_without_diacritics_is_still_read():
    report = facts(
        ["Slutrapport\nSamverkan for valdsutsatta kvinnor med m1ssbruk\nForvaltning: Socialforvaltningen\n"
         "Utgivningsdatum: 2020-03-30", BODY],
        path="2018/SN.2018.42 Samverkan för våldsutsatta kvinnor med missbruk/slutrapport.pdf",
    )  # fmt: skip
    assert report.unit == "Socialforvaltningen" and report.date == "2020-03-30"
    assert report.title == "Slutrapport Samverkan för våldsutsatta kvinnor med missbruk"


def test_keywords_come_from_the_report_else_its_distinctive_terms():
    own = facts(["Titel\nNyckelord: hemlöshet; Bostad först\n" + BODY])
    assert own.keywords == ["hemlöshet", "Bostad först"] and own.sources["keywords"] == "label"
    text = "Familjehem och jourhem. " * 3 + "Familjehemmen får handledning. Nätverkshem prövas. Nätverkshem."
    derived = facts(["Rekrytering\n" + text])
    assert "familjehem" in derived.keywords and derived.sources["keywords"] == "terms"


def test_areas_are_explained_by_their_terms():
    report = facts(["Bostad först\nHemlösa personer får bostad först. Hemlösheten minskar. " * 2])
    assert "hemlöshet" in report.areas
    evidence = next(e for e in report.area_evidence if e["area"] == "hemlöshet")
    assert evidence["terms"] and evidence["score"] >= 8


def test_the_reports_own_summary_is_kept():
    report = facts(["Titel", "Sammanfattning\nProjektet gav tolv personer en egen bostad med stöd i hemmet.\n"
                    "De flesta bor kvar efter ett år.\n1. Bakgrund\nText."])  # fmt: skip
    assert report.summary.startswith("Projektet gav tolv personer")


def test_corrections_override_and_say_where_they_come_from():
    report = facts(["Slutrapport\nX\nDatum: 2015-08-25", BODY])
    fixed = apply_corrections(
        report,
        {"dnr": "SN 2015/9", "date": "2015-09-01", "date_precision": "month"},
        {"dnr": "a.kbank.toml", "date": "a.kbank.toml"},
    )
    assert (fixed.dnr, fixed.date, fixed.date_precision, fixed.year) == (
        "SN 2015/9",
        "2015-09-01",
        "month",
        2015,
    )
    assert fixed.sources["dnr"] == "sidecar:a.kbank.toml" and report.dnr is None
