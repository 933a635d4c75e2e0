"""The command line: contract JSON shapes, exit codes, Swedish one-line errors."""

from __future__ import annotations

import json

import pytest

from kbank.cli import app, batch
from kbank.errors import ExitCode

HIT_FIELDS = {
    "id",
    "path",
    "dnr",
    "title",
    "doc_type",
    "date",
    "unit",
    "areas",
    "keywords",
    "score",
    "snippet",
    "page",
}
DOC_FIELDS = HIT_FIELDS - {"score", "snippet", "page"}


@pytest.fixture
def indexed(indexed_small_archive):
    return indexed_small_archive


def invoke_json(runner, *args):
    result = runner.invoke(app, [*args, "--json"])
    return result, json.loads(result.stdout)


def test_search_json_has_the_contract_shape(runner, indexed):
    result, data = invoke_json(runner, "search", "utvardering")
    assert result.exit_code == 0
    assert set(data) >= {"query", "total", "hits", "facets", "suggestion"}
    assert data["query"] == "utvardering" and data["total"] == 2  # the plan says "ska utvärderas"
    hit = data["hits"][0]
    assert set(hit) >= HIT_FIELDS
    assert hit["path"] == "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
    assert hit["dnr"] == "3.2-614/2013" and hit["date"] == "2015-08-25" and hit["doc_type"] == "slutrapport"
    assert hit["page"] == 2 and isinstance(hit["score"], float) and "utvärdering" in hit["snippet"].lower()
    assert set(data["facets"]) == {"doc_type", "area", "unit", "year"}


def test_search_with_no_hits_is_success(runner, indexed):
    result, data = invoke_json(runner, "search", "rymdfärja")
    assert result.exit_code == 0 and data["total"] == 0 and data["hits"] == []


def test_list_json_has_the_contract_shape(runner, indexed):
    result, data = invoke_json(runner, "list")
    assert result.exit_code == 0 and data["total"] == 3
    assert all(
        set(doc) >= DOC_FIELDS and not {"score", "snippet", "page"} & set(doc) for doc in data["documents"]
    )
    result, data = invoke_json(runner, "list", "--type", "projektplan", "--year", "2012..2014")
    assert [d["doc_type"] for d in data["documents"]] == ["projektplan"]


def test_list_limit(runner, indexed):
    result, data = invoke_json(runner, "list", "--limit", "1")
    assert data["total"] == 3 and len(data["documents"]) == 1


def test_show_json_has_every_stored_field(runner, indexed):
    result, data = invoke_json(runner, "show", "3.2-614/2013")
    assert result.exit_code == 0
    assert set(data) >= DOC_FIELDS | {"text_chars", "summary", "files", "sha256"}
    assert data["text_chars"] > 100 and data["summary"] is None


def test_show_prints_metadata_and_the_start_of_the_text(runner, indexed):
    result = runner.invoke(app, ["show", "SN 2014/0123"])
    assert result.exit_code == 0
    assert "Projektplan Bostad först i Björkhagen" in result.stdout
    assert "Björkhagens stadsdelsförvaltning" in result.stdout
    assert "projektplan.pdf" in result.stdout


def test_show_unknown_reference_is_one_line_exit_1(runner, indexed):
    result = runner.invoke(app, ["show", "finns-inte"])
    assert result.exit_code == ExitCode.FATAL
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.output


@pytest.mark.parametrize("query", ['"bostad', "barn)", "syfte:minska", "år:2016..2014"])
def test_malformed_query_exits_2_with_one_line_and_no_traceback(runner, indexed, query):
    result = runner.invoke(app, ["search", query])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("kbank:") and result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.output


def test_bad_filter_values_exit_2(runner, indexed):
    assert runner.invoke(app, ["search", "barn", "--type", "faktura"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["list", "--year", "förra året"]).exit_code == ExitCode.USAGE


def test_unknown_option_is_a_swedish_usage_error(runner, indexed):
    result = runner.invoke(app, ["search", "barn", "--bogus"])
    assert result.exit_code == ExitCode.USAGE
    assert "okänd flagga" in result.stderr


def test_search_table_shows_title_path_page_and_snippet(runner, indexed):
    result = runner.invoke(app, ["search", "utvärderingen"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Slutrapport Kunskapsbank för socialtjänsten" in out
    assert "s. 2" in out and "slutrapport.pdf" in out


def test_ingest_human_output_is_a_swedish_summary(runner, small_archive):
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0 and "3 nya" in result.stdout


def test_index_option_and_environment_choose_the_index(runner, small_archive, tmp_path):
    other = tmp_path / "annat-index"
    assert runner.invoke(app, ["ingest", "--index", str(other)]).exit_code == 0
    assert (other / "kbank.json").exists()
    assert runner.invoke(app, ["search", "syftet", "--index", str(other)]).exit_code == 0
    assert runner.invoke(app, ["search", "syftet"]).exit_code == ExitCode.FATAL  # default index is empty


def test_archive_as_argument_or_option(runner, small_archive, tmp_path):
    _, by_argument = invoke_json(runner, "ingest", str(small_archive), "--index", str(tmp_path / "a"))
    _, by_option = invoke_json(
        runner, "ingest", "--archive", str(small_archive), "--index", str(tmp_path / "b")
    )
    assert by_argument["added"] == by_option["added"] == 3


def test_list_json_has_facets_and_each_document_its_case(runner, indexed):
    result, data = invoke_json(runner, "list")
    assert set(data["facets"]) == {"doc_type", "area", "unit", "year"}
    assert data["facets"]["doc_type"] == {"slutrapport": 1, "projektplan": 1, "delrapport": 1}
    assert sum(data["facets"]["year"].values()) == 3
    final = next(d for d in data["documents"] if d["doc_type"] == "slutrapport")
    assert final["case"] == {"key": "dnr:3-2-614-2013", "dnr": "3.2-614/2013", "project": "Kunskapsbank"}


def test_list_and_search_print_counts_to_narrow_down_by(runner, indexed):
    listed = runner.invoke(app, ["list"]).stdout
    assert "Avgränsa" in listed and "--type" in listed and "slutrapport (1)" in listed
    found = runner.invoke(app, ["search", "projektet"]).stdout
    assert "Förvaltning [--unit]" in found


def test_type_filter_accepts_the_new_types_and_their_aliases(runner, indexed):
    for value in ("tjänsteutlåtande", "remissvar", "kommunikationsplan", "strategi"):
        result, data = invoke_json(runner, "list", "--type", value)
        assert result.exit_code == 0 and data["total"] == 0
    result = runner.invoke(app, ["list", "--type", "broschyr"])
    assert result.exit_code == 2 and "tjänsteutlåtande" in result.stderr


def test_show_json_says_where_each_fact_came_from(runner, indexed):
    result, data = invoke_json(runner, "show", "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf")
    assert data["sources"]["dnr"] == "label" and data["sources"]["date"] == "label"
    assert data["dnr_folder"] == data["dnr_text"] == "3.2-614/2013"
    assert data["case"]["documents"][0]["id"] == data["id"]


def test_search_like_and_explain(runner, indexed):
    result, data = invoke_json(runner, "search", "--like", "3.2-614/2013")
    assert result.exit_code == 0 and data["like"]["dnr"] == "3.2-614/2013"
    assert all(hit["dnr"] != "3.2-614/2013" for hit in data["hits"])
    result, data = invoke_json(runner, "search", "utvärdering", "--explain")
    assert data["explain"]["words"][0]["word"] == "utvärdering" and data["explain"]["top"]["matches"]
    shown = runner.invoke(app, ["search", "utvärdering", "--explain"], env={"COLUMNS": "160"})
    assert "Så tolkades sökningen" in shown.stdout and "Första träffen" in shown.stdout


def test_search_needs_words_or_like_but_not_both(runner, indexed):
    assert runner.invoke(app, ["search"]).exit_code == ExitCode.USAGE
    result = runner.invoke(app, ["search", "barn", "--like", "3.2-614/2013"])
    assert result.exit_code == ExitCode.USAGE and "inte båda" in result.stderr


def test_a_misspelt_search_prints_what_was_searched_for_instead(runner, indexed):
    result = runner.invoke(app, ["search", "hemlsöheten"])
    assert result.exit_code == 0 and "sökte i stället efter" in result.stderr


def test_ingest_summary_logs_each_failure_on_stderr(runner, small_archive, monkeypatch):
    # no file is named as slow below the threshold, whatever this machine's speed
    monkeypatch.setattr(batch, "NAME_SLOW_FILES_FROM", float("inf"))
    (small_archive / "2013" / "tom.pdf").write_bytes(b"")
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == ExitCode.PARTIAL
    assert "kbank: 2013/tom.pdf: filen är tom" in result.stderr
    assert "1 fil kunde inte läsas" in result.stdout
    assert "Långsammast att läsa:" not in result.stdout


def test_ingest_summary_names_files_that_were_slow_to_read(runner, small_archive, monkeypatch):
    monkeypatch.setattr(batch, "NAME_SLOW_FILES_FROM", 0.0)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0
    assert "Långsammast att läsa:" in result.stdout and "slutrapport.pdf" in result.stdout


def test_quiet_ingest_prints_only_the_failures(runner, small_archive):
    (small_archive / "2013" / "tom.pdf").write_bytes(b"")
    result = runner.invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == ExitCode.PARTIAL
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["kbank: 2013/tom.pdf: filen är tom (0 byte)"]
    quiet_again = runner.invoke(app, ["ingest", "-q"])
    assert (quiet_again.exit_code, quiet_again.stdout, quiet_again.stderr) == (0, "", "")


def test_ingest_json_reports_reading_and_cache_counts(runner, small_archive):
    result, data = invoke_json(runner, "ingest", "--jobs", "1")
    assert result.exit_code == 0
    assert (data["extracted"], data["cached"], data["jobs"]) == (3, 0, 1)
    assert len(data["slowest"]) == 3 and all(set(s) == {"path", "seconds"} for s in data["slowest"])
    _, rebuilt = invoke_json(runner, "reindex")
    assert (rebuilt["extracted"], rebuilt["cached"]) == (0, 3)


def test_an_unexpected_error_is_one_line_unless_debug_is_asked_for(runner, indexed, monkeypatch):
    from kbank.search import bank

    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("trasig")

    monkeypatch.setattr(bank.Bank, "search", broken)
    plain = runner.invoke(app, ["search", "hemlöshet"])
    assert plain.exit_code == ExitCode.FATAL
    assert "oväntat fel (ZeroDivisionError: trasig)" in plain.stderr and "KBANK_DEBUG=1" in plain.stderr
    assert "Traceback" not in plain.stderr
    monkeypatch.setenv("KBANK_DEBUG", "1")
    debug = runner.invoke(app, ["search", "hemlöshet"])
    assert debug.exit_code == ExitCode.FATAL
    assert "Traceback" in debug.stderr and "broken" in debug.stderr
    monkeypatch.delenv("KBANK_DEBUG")
    flag = runner.invoke(app, ["--debug", "search", "hemlöshet"])
    assert "Traceback" in flag.stderr
