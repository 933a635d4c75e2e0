"""Issue 14: a query word that names a document type matches the type; short-word phrases rank whole."""

from __future__ import annotations

import json

from corpora.builders import make_pdf
from kbank.cli import app


def _paths(runner, query: str) -> list[str]:
    result = runner.invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.output
    return [h["path"] for h in json.loads(result.stdout)["hits"]]


def test_a_type_word_matches_reports_of_that_type_whose_text_says_otherwise(runner, archive):
    make_pdf(
        archive / "2016" / "Navigatorcentrum" / "slutredovisning.pdf",
        ["Slutredovisning\nNavigatorcentrum", "Navigatorcentrum har gett unga vuxna stöd till arbete."],
    )
    make_pdf(
        archive / "2015" / "Navigatorcentrum" / "plan.pdf",
        ["Projektplan\nNavigatorcentrum", "Navigatorcentrum ska ge unga vuxna stöd till arbete."],
    )
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert _paths(runner, "Navigatorcentrum slutrapport") == ["2016/Navigatorcentrum/slutredovisning.pdf"]
    assert _paths(runner, "Navigatorcentrum") != []  # no type word: both
    assert len(_paths(runner, "Navigatorcentrum")) == 2


def test_a_query_of_short_words_ranks_the_whole_phrase_first(runner, archive):
    make_pdf(
        archive / "2012" / "Familjehem" / "projektplan.pdf",
        ["Projektplan\nFamiljehemsvård", "Målet är ett hem att växa i för barn som placeras."],
    )
    for n in range(3):
        make_pdf(
            archive / "2020" / f"Annat {n}" / "slutrapport.pdf",
            [f"Slutrapport\nBoende {n}", "Ett hem där barn får växa. Ett hem där unga får växa upp. "
             "Hem där familjer får växa. Hem och skola. Ett hem som får växa."],
        )  # fmt: skip
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    hits = _paths(runner, "Ett hem att växa i")
    assert hits[0] == "2012/Familjehem/projektplan.pdf" and len(hits) == 4
