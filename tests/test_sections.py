"""Finding a report's own sections by their headings and choosing key sentences."""

from __future__ import annotations

from kbank.tasks.sections import find_sections, key_sentences, match_section

PDF_PAGES = [
    "Älvdala stad\nSlutrapport\nTrygg hemgång\nDnr: ÄN 2016/77",
    "Trygg hemgång | Slutrapport\nInnehåll\n1. Inledning ........ 3\n1.2 Syfte ........ 3\n3. Resultat ........ 4\nSida 2",
    "Trygg hemgång | Slutrapport\n1. Inledning\n1.1 Bakgrund\nMånga äldre skrivs ut från sjukhuset utan att hemtjänsten\n"
    "är förberedd. Det leder till återinskrivningar.\n1.2 Syfte\nSyftet var att pröva ett team som följer den äldre\n"
    "hem de första två veckorna.\nSida 3",
    "Trygg hemgång | Slutrapport\n3. Resultat\n3.1 Återinskrivningar\nÅterinskrivningarna minskade från 18 till 11 procent.\n"
    "3.2 Nöjdhet\nNio av tio var nöjda med stödet.\n4. Erfarenheter och lärdomar\n- Teamet behöver en fast\n"
    "kontakt på sjukhuset.\n- Läkemedelsgenomgången gav mest.\nSida 4",
]


def test_numbered_headings_are_found_with_their_pages_and_running_headers_dropped():
    sections = find_sections(PDF_PAGES)
    headings = [(s.number, s.heading, s.page) for s in sections if s.lines]
    assert ("1.1", "Bakgrund", 3) in headings and ("1.2", "Syfte", 3) in headings
    assert all("Slutrapport" not in line for s in sections for line, _ in s.lines)
    assert all(not line.startswith("Sida") for s in sections for line, _ in s.lines)


def test_the_table_of_contents_loses_to_the_real_section():
    syfte = match_section(find_sections(PDF_PAGES), ["syfte"])
    assert syfte.page == 3 and "team som följer den äldre" in syfte.text


def test_a_parent_section_takes_its_subsections():
    resultat = match_section(find_sections(PDF_PAGES), ["resultat"])
    assert "minskade från 18 till 11 procent" in resultat.text and "Nio av tio" in resultat.text


def test_headings_match_in_common_spellings():
    assert match_section(find_sections(PDF_PAGES), ["erfarenheter"]).heading == "Erfarenheter och lärdomar"
    docx_text = [
        "Sammanfattning\nKort om projektet.\nSYFTE:\nSyftet är att minska hemlösheten.\nSyfte och mål\nText."
    ]
    assert (
        match_section(find_sections(docx_text, paged=False), ["syfte"]).text
        == "Syftet är att minska hemlösheten."
    )
    inline = ["Projektplan\nSyfte: Att pröva Bostad först i stadsdelen.\nMålgrupp: Hemlösa över 20 år."]
    assert match_section(find_sections(inline, paged=False), ["målgrupp"]).text == "Hemlösa över 20 år."


def test_table_headers_are_not_taken_for_headings():
    pages = ["1.3 Mål\nMål Utfall\nMinst 20 personer i egen lägenhet 23 personer\nMinst 80 % bor kvar 87 %"]
    mal = match_section(find_sections(pages), ["mål"])
    assert mal.heading == "Mål" and "Minst 80 % bor kvar 87 %" in mal.text


def test_key_sentences_are_verbatim_in_order_within_the_length_guide_and_cite_their_page():
    resultat = match_section(find_sections(PDF_PAGES), ["resultat"])
    chosen = key_sentences(resultat, "resultat", max_words=12)
    assert [s.text for s in chosen] == ["Återinskrivningarna minskade från 18 till 11 procent."]
    assert chosen[0].page == 4


def test_wrapped_list_items_are_whole_sentences():
    lessons = match_section(find_sections(PDF_PAGES), ["erfarenheter"])
    texts = [s.text for s in key_sentences(lessons, "erfarenhet", 100)]
    assert texts == ["Teamet behöver en fast kontakt på sjukhuset.", "Läkemedelsgenomgången gav mest."]
