"""Snippets mark every form that matched: inflections, folded spellings, compounds, OCR shapes."""

from __future__ import annotations

from kbank.analysis import terms
from kbank.search.snippets import Matcher, make_snippet


def marked(snippet, spans):
    return [snippet[s:e] for s, e in spans]


def test_every_matched_form_is_marked():
    matcher = Matcher({"missbruk": 0, "socialtjdnst": 1, "socialtjanst": 1}, {"missbruk": 0})
    page = "Socialtjdnsten och socialtjänsten mötte alkoholmissbruket, missbruket och missbruksvården."
    snippet, spans, index = make_snippet(["Omslag", page], matcher)
    assert index == 1
    assert marked(snippet, spans) == [
        "Socialtjdnsten", "socialtjänsten", "alkoholmissbruket", "missbruket", "missbruksvården",
    ]  # fmt: skip


def test_a_short_part_inside_an_unrelated_word_is_not_marked():
    matcher = Matcher({}, {"vald": 0})
    snippet, spans, _ = make_snippet(["De valde att arbeta med våldsutsatta."], matcher)
    assert marked(snippet, spans) == ["våldsutsatta"]


def test_the_page_with_most_query_words_wins():
    matcher = Matcher({terms("hemlöshet")[0]: 0, terms("bostad")[0]: 1}, {})
    pages = ["Hemlöshet nämns här.", "Hemlösheten minskade när alla fick en bostad.", "Bostad."]
    _, _, index = make_snippet(pages, matcher)
    assert index == 1
