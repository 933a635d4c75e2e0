"""Search: Swedish inflections and folding, operators, filters, facets, snippets and pages."""

from __future__ import annotations

import pytest

from corpora.builders import make_pdf
from kbank.errors import QueryError
from kbank.ingest.run import ingest
from kbank.search.bank import Bank
from kbank.search.results import Filters


@pytest.fixture
def bank(settings, indexed_small_archive):
    with Bank(settings) as opened:
        yield opened


def titles(result):
    return [hit.title for hit in result.hits]


@pytest.mark.parametrize("query", ["utvärdering", "utvärderingen", "utvardering", "UTVÄRDERINGAR"])
def test_inflected_and_diacritic_less_forms_find_the_report(bank, query):
    result = bank.search(query)
    # the final report speaks of "utvärderingen"; the plan only says the method "ska utvärderas"
    assert titles(result) == [
        "Slutrapport Kunskapsbank för socialtjänsten",
        "Projektplan Bostad först i Björkhagen",
    ]


def test_text_without_diacritics_finds_text_with_them_and_back(settings, archive):
    make_pdf(
        archive / "2019" / "a.pdf", ["Rapport om hemloshet och aldreomsorg, skriven utan svenska tecken."]
    )
    make_pdf(archive / "2019" / "b.pdf", ["Rapport om hemlöshet och äldreomsorg, med svenska tecken."])
    ingest(settings)
    with Bank(settings) as bank:
        assert bank.search("hemlöshet äldreomsorg").total == 2
        assert bank.search("hemloshet aldreomsorg").total == 2


def test_an_exact_spelling_ranks_above_a_folded_match(settings, archive):
    make_pdf(archive / "2019" / "far.pdf", ["Rapporten handlar om far och barn: pappagrupper för far."])
    make_pdf(archive / "2019" / "får.pdf", ["Rapporten handlar om får och barn: vad barn får göra i skolan."])
    ingest(settings)
    with Bank(settings) as bank:
        assert bank.search("får").hits[0].path == "2019/får.pdf"
        assert bank.search("far").hits[0].path == "2019/far.pdf"


def test_all_words_are_required_by_default(bank):
    assert bank.search("hemlösheten bostadslösa").total == 1
    assert bank.search("hemlösheten kunskapsbanken").total == 0


def test_phrase_or_and_not(bank):
    assert titles(bank.search('"Bostad först"')) == ["Projektplan Bostad först i Björkhagen"]
    assert bank.search('"först bostad"').total == 0
    assert bank.search("hemlösheten OR kunskapsbanken").total == 2
    assert bank.search("hemlösheten ELLER kunskapsbanken").total == 2
    assert bank.search("syftet NOT hemlösheten").total == 1
    assert bank.search("syftet -hemlösheten").total == 1
    assert bank.search("utvärder*").total == 2


def test_field_syntax_in_the_query(bank):
    assert bank.search("typ:slutrapport syftet").total == 1
    assert bank.search("dnr:3.2-614/2013").total == 1
    assert bank.search("år:2015..2016 syftet").total == 1
    assert bank.search("titel:kunskapsbank").total == 1
    assert bank.search("titel:utvärderingen").total == 0  # only in the body


def test_filters_narrow_the_hits(bank):
    assert bank.search("syftet", Filters(types=["projektplan"])).total == 1
    assert bank.search("syftet", Filters(types=["slutrapport", "projektplan"])).total == 2
    assert bank.search("syftet", Filters(years=["2015"])).total == 1
    assert bank.search("syftet", Filters(years=["2010..2013"])).total == 0
    assert bank.search("syftet", Filters(dnrs=["SN 2014/0123"])).total == 1
    assert bank.search("syftet", Filters(dnrs=["SN.2014.123"])).total == 1  # any spelling of the Dnr
    assert bank.search("syftet", Filters(units=["björkhagen"])).total == 1
    assert bank.search("syftet", Filters(areas=["hemlöshet"])).total == 1


def test_unknown_document_type_is_a_usage_error(bank):
    with pytest.raises(QueryError, match="okänd dokumenttyp"):
        bank.search("barn", Filters(types=["årsredovisning"]))


def test_facets_count_all_matches(bank):
    result = bank.search("syftet", limit=1)
    assert result.total == 2 and len(result.hits) == 1
    assert result.facets["doc_type"] == {"slutrapport": 1, "projektplan": 1}
    assert result.facets["year"] == {"2015": 1, "2014": 1}


def test_snippet_names_the_page_and_highlights_every_matched_form(bank):
    hit = bank.search("utvärderingen").hits[0]
    assert hit.page == 2
    marked = [hit.snippet[s:e].lower() for s, e in hit.highlights]
    assert "utvärderingen" in marked
    hit = bank.search("familjehemsplacerade").hits[0]
    assert hit.page == 3


def test_docx_hits_have_no_page(bank):
    hit = bank.search("hemtjänsten").hits[0]
    assert hit.path.endswith(".docx") and hit.page is None
    assert "hemtjänsten" in hit.snippet


def test_stop_words_alone_give_no_hits_and_a_note(bank):
    result = bank.search("och att")
    assert result.total == 0 and result.notes


@pytest.mark.parametrize(
    "query, message",
    [
        ('"bostad först', "citattecken"),
        ("(barn OR unga", "parentes"),
        ("barn)", "parentes"),
        ("barn OR", "OR"),
        ("syfte:minska", "okänt fält"),
        ("år:tjugo", "ogiltigt år"),
        ("år:2016..2014", "baklänges"),
        ("   ", "tom"),
    ],
)
def test_malformed_queries_raise_query_error(bank, query, message):
    with pytest.raises(QueryError, match=message):
        bank.search(query)


def test_list_is_newest_first_and_filters(bank):
    docs = bank.list().documents
    assert [d.date for d in docs] == ["2016-05-02", "2015-08-25", "2014-03-10"]
    assert [d.doc_type for d in bank.list(Filters(types=["delrapport"])).documents] == ["delrapport"]


def test_show_finds_a_document_by_id_prefix_path_and_dnr(bank):
    by_path = bank.show("2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf")
    assert by_path.document.dnr == "3.2-614/2013"
    assert bank.show(by_path.document.id[:8]).document.id == by_path.document.id
    assert bank.show("3.2-614/2013").document.id == by_path.document.id
    assert bank.show("3.2-614-2013").document.id == by_path.document.id


def test_dnr_found_only_in_the_text_is_recorded(bank):
    detail = bank.show("ÄN 2016/77")
    assert detail.document.path == "2016/Trygg hemgång/Delrapport trygg hemgång.docx"
    assert detail.document.doc_type == "delrapport"


def test_ocr_damaged_text_is_found_by_the_clean_word(settings, archive):
    make_pdf(
        archive / "2018" / "scan.pdf",
        [
            "Utvardering av samverkan mellan kvinnojourer och missbruksvarden. "
            "Socialtjanstens arbete med vaidsutsatta kvinnor."
        ],
    )
    ingest(settings)
    with Bank(settings) as bank:
        assert bank.search("utvärdering").total == 1
        assert bank.search("socialtjänstens").total == 1


def test_metadata_from_the_cover_and_the_folder(bank):
    detail = bank.show("SN 2014/0123")
    doc = detail.document
    assert (doc.title, doc.doc_type, doc.date, doc.unit) == (
        "Projektplan Bostad först i Björkhagen",
        "projektplan",
        "2014-03-10",
        "Björkhagens stadsdelsförvaltning",
    )
    assert "hemlöshet" in doc.areas
    assert detail.meta["contact"] == "Maria Lindqvist"


# --------------------------------------------------------------------------- issue 4: Swedish search


@pytest.fixture
def topics(settings, archive):
    """Reports whose topic words occur only inside compounds, scanned, or in one spelling."""
    make_pdf(
        archive / "2016" / "SN 2016-0001 Missbruksvård" / "slutrapport.pdf",
        ["Slutrapport\nSamordnad missbruksvård\nDnr: SN 2016/0001",
         "Missbruksvården samordnades. Alkoholmissbruket minskade hos deltagarna."],
    )  # fmt: skip
    make_pdf(
        archive / "2014" / "SN 2014-0002 Våldsutsatta" / "projektplan.pdf",
        ["Projektplan\nStöd till våldsutsatta kvinnor\nDnr: SN 2014/0002",
         "Våldsutsatta kvinnor och partnervåld. Kvinnojourerna deltar."],
    )  # fmt: skip
    make_pdf(
        archive / "2012" / "SN 2012-0003 Anhörigstöd" / "slutrapport.pdf",
        ["Slutrapport\nAnhdrigstod vid demenssjukdom\nDnr: SN 2012/0003",
         "Anh6riga till personer med demens fick avl6sning. Utvdrderingen visade att stodet hjalpte."],
    )  # fmt: skip
    make_pdf(
        archive / "2018" / "SN 2018-0004 Hemlöshet" / "utvärdering.pdf",
        ["Utvärdering\nHemlöshet i Norrby\nDnr: SN 2018/0004",
         "Hemlösheten minskade. Bostad först prövades och utvärderades."],
    )  # fmt: skip
    ingest(settings)
    with Bank(settings) as opened:
        yield opened


def paths(result):
    return [hit.path.split("/")[1] for hit in result.hits]


@pytest.mark.parametrize(
    "query, folder",
    [("missbruk", "SN 2016-0001 Missbruksvård"), ("våld", "SN 2014-0002 Våldsutsatta"),
     ("kvinnojour", "SN 2014-0002 Våldsutsatta")],
)  # fmt: skip
def test_a_word_inside_compounds_finds_the_report(topics, query, folder):
    assert paths(topics.search(query)) == [folder]


def test_ocr_damaged_words_are_found_by_the_clean_spelling(topics):
    assert paths(topics.search("anhöriga demens")) == ["SN 2012-0003 Anhörigstöd"]
    assert paths(topics.search("avlösning")) == ["SN 2012-0003 Anhörigstöd"]
    hit = topics.search("utvärderingen anhöriga").hits[0]
    assert "Utvdrderingen" in [hit.snippet[s:e] for s, e in hit.highlights]


def test_a_misspelt_word_is_searched_for_as_the_nearest_word_and_says_so(topics):
    result = topics.search("missbuk")
    assert paths(result) == ["SN 2016-0001 Missbruksvård"]
    assert result.notes == ["«missbuk» finns inte i rapporterna — sökte i stället efter «missbruk»"]
    assert result.suggestion == "missbruk"


def test_a_word_that_occurs_nowhere_gives_no_hits_and_a_note_not_noise(topics):
    result = topics.search("vindkraft")
    assert result.total == 0 and result.hits == []
    assert result.notes == ["«vindkraft» finns inte i någon rapport"]


def test_a_far_misspelling_gives_no_hits_but_a_suggestion(topics):
    result = topics.search("samordnadees")
    assert result.total == 0 and result.suggestion == "samordnad"


def test_dropping_the_word_that_occurs_nowhere_is_suggested(topics):
    result = topics.search("hemlöshet vindkraft")
    assert result.total == 0 and result.suggestion == "hemlöshet"


def test_compound_matches_rank_below_whole_word_matches(settings, archive):
    make_pdf(archive / "2015" / "a.pdf", ["Rapport om missbruksvården och missbruksproblem i staden."])
    make_pdf(archive / "2015" / "b.pdf", ["Rapport om missbruk och stöd vid missbruk i staden."])
    ingest(settings)
    with Bank(settings) as bank:
        assert [h.path for h in bank.search("missbruk").hits] == ["2015/b.pdf", "2015/a.pdf"]


def test_final_reports_and_newer_reports_rank_higher_with_equal_text(settings, archive):
    text = ["Rapporten handlar om hemtjänst för äldre personer i ordinärt boende."]
    make_pdf(
        archive / "2012" / "SN 2012-0010 X" / "projektplan.pdf",
        ["Projektplan\nDnr: SN 2012/0010\nDatum: 2012-05-04", *text],
    )
    make_pdf(
        archive / "2012" / "SN 2012-0011 Y" / "slutrapport.pdf",
        ["Slutrapport\nDnr: SN 2012/0011\nDatum: 2012-05-04", *text],
    )
    make_pdf(
        archive / "2020" / "SN 2020-0012 Z" / "projektplan.pdf",
        ["Projektplan\nDnr: SN 2020/0012\nDatum: 2020-05-04", *text],
    )
    ingest(settings)
    with Bank(settings) as bank:
        ranked = [h.dnr for h in bank.search("hemtjänst").hits]
    assert ranked.index("SN 2012/0011") < ranked.index("SN 2012/0010")  # final report above plan
    assert ranked.index("SN 2020/0012") < ranked.index("SN 2012/0010")  # newer above older


def test_ranking_factors_come_from_the_config_file(settings, archive, tmp_path):
    text = ["Rapporten handlar om hemtjänst för äldre personer i ordinärt boende."]
    make_pdf(
        archive / "2012" / "SN 2012-0010 X" / "projektplan.pdf",
        ["Projektplan\nDnr: SN 2012/0010\nDatum: 2012-05-04", *text],
    )
    make_pdf(
        archive / "2012" / "SN 2012-0011 Y" / "slutrapport.pdf",
        ["Slutrapport\nDnr: SN 2012/0011\nDatum: 2012-05-04", *text],
    )
    ingest(settings)
    (tmp_path / "kbank.toml").write_text("[ranking]\ntype_boosts = {projektplan = 3.0}\n")
    from kbank.config import load_settings

    with Bank(load_settings()) as bank:
        assert bank.search("hemtjänst").hits[0].dnr == "SN 2012/0010"


def test_more_like_this_finds_other_projects_on_the_same_topic(topics):
    result = topics.like("SN 2016/0001")
    assert result.like.dnr == "SN 2016/0001"
    assert "SN 2016/0001" not in [h.dnr for h in result.hits]


def test_explain_shows_the_forms_and_why_the_top_hit_won(topics):
    result = topics.search("missbruk", explain=True)
    words = result.explain.words
    assert words[0]["word"] == "missbruk"
    assert {"missbruk"} <= {f["form"] for f in words[0]["forms"] if f["kind"] == "sammansättning"}
    top = result.explain.top
    assert top["title"] == result.hits[0].title
    assert top["matches"] and top["matches"][0]["field"] == "parts"
    assert abs(top["text_score"] * top["type_factor"] * top["newer_factor"] - top["score"]) < 0.05


def test_a_dnr_typed_with_a_space_or_without_zeros_finds_its_reports(topics):
    assert paths(topics.search("SN 2016/1")) == ["SN 2016-0001 Missbruksvård"]
    assert paths(topics.search("dnr:SN 2014/2 våld")) == ["SN 2014-0002 Våldsutsatta"]


def test_three_words_find_a_report_that_lacks_one_of_them_below_those_with_all(topics):
    result = topics.search("hemlöshet bostad utvärdering")
    assert paths(result)[0] == "SN 2018-0004 Hemlöshet"
    assert topics.search("hemlöshet bostad").total == 1
