"""Editorial status and classification: the publication filter everywhere, the ceiling, kbank set."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kbank import timeutil
from kbank.cli import app
from kbank.errors import ExitCode

pytestmark = pytest.mark.slow  # ingests with drafts and classifications per test

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
PLAN = "2014/SN 2014-0123 Bostad först/projektplan.pdf"


@pytest.fixture
def indexed(runner, small_archive):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    return small_archive


def ids(runner, *args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {d["path"] for d in data.get("hits", data.get("documents", []))}


def test_an_archive_without_statuses_is_searchable_as_it_is(runner, indexed):
    assert len(ids(runner, "list")) == 3
    data = json.loads(runner.invoke(app, ["show", FINAL, "--json"]).stdout)
    assert (data["status"], data["classification"]) == ("publicerad", "öppen")


def test_a_draft_is_hidden_from_search_list_show_and_digest_without_all(runner, indexed):
    result = runner.invoke(app, ["set", FINAL, "status=utkast"])
    assert result.exit_code == 0 and "slutrapport.pdf.kbank.toml" in result.stdout
    sidecar = indexed / (FINAL + ".kbank.toml")
    assert sidecar.read_text(encoding="utf-8") == 'status = "utkast"\n'
    assert FINAL not in ids(runner, "search", "utvärderingen")
    assert FINAL not in ids(runner, "list")
    assert runner.invoke(app, ["list", "--group", "case", "--json"]).stdout.count("3.2-614/2013") == 0
    shown = runner.invoke(app, ["show", FINAL])
    assert shown.exit_code == ExitCode.FATAL and "inte publicerat" in shown.stderr and "--all" in shown.stderr
    assert FINAL in ids(runner, "search", "utvärderingen", "--all")
    assert FINAL in ids(runner, "list", "--all")
    table = runner.invoke(app, ["list", "--all"], env={"COLUMNS": "200"}).stdout
    assert "(utkast)" in table
    data = json.loads(runner.invoke(app, ["show", FINAL, "--all", "--json"]).stdout)
    assert data["status"] == "utkast"


def test_check_lists_reports_awaiting_review(runner, indexed):
    runner.invoke(app, ["set", FINAL, "status=granskad"])
    data = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    waiting = next(s for s in data["sections"] if s["key"] == "awaiting_review")
    assert [(f["path"], f["status"]) for f in waiting["findings"]] == [(FINAL, "granskad")]


def test_publishing_a_draft_makes_it_news_in_the_digest(runner, indexed, monkeypatch):
    clock = {"now": datetime(2026, 1, 10, tzinfo=UTC)}
    monkeypatch.setattr(timeutil, "utc_now", lambda: clock["now"])
    runner.invoke(app, ["set", FINAL, "status=utkast"])
    runner.invoke(app, ["watch", "add", "bank", "kunskapsbanken"])
    clock["now"] = datetime(2026, 1, 12, tzinfo=UTC)
    runner.invoke(app, ["ingest"])

    def digest(*extra):
        data = json.loads(runner.invoke(app, ["digest", "bank", "--format", "json", *extra]).stdout)
        return [e["path"] for d in data["digests"] for g in d["groups"] for e in g["entries"]]

    clock["now"] = datetime(2026, 1, 13, tzinfo=UTC)
    assert digest() == []
    clock["now"] = datetime(2026, 1, 14, tzinfo=UTC)
    runner.invoke(app, ["set", FINAL, "status=publicerad"])
    clock["now"] = datetime(2026, 1, 20, tzinfo=UTC)
    assert digest() == [FINAL]


def test_above_the_classification_ceiling_a_report_appears_nowhere(runner, indexed, tmp_path):
    (tmp_path / "kbank.toml").write_text('classification_ceiling = "intern"\n', encoding="utf-8")
    # an editor under this ceiling cannot set it (they could not undo it) ...
    refused = runner.invoke(app, ["set", PLAN, "klassning=begränsad"])
    assert refused.exit_code == ExitCode.USAGE and "över den här installationens tak" in refused.stderr
    # ... an editor with a higher ceiling (or the file itself) can
    (indexed / (PLAN + ".kbank.toml")).write_text('klassning = "begränsad"\n', encoding="utf-8")
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    for command in (
        ["search", "hemlösheten"],
        ["search", "hemlösheten", "--all"],
        ["list"],
        ["list", "--all"],
    ):
        assert PLAN not in ids(runner, *command), command
    for ref in (PLAN, "SN 2014/0123"):
        hidden = runner.invoke(app, ["show", ref, "--all"])
        assert hidden.exit_code == ExitCode.FATAL and "hittar inget" in hidden.stderr
    checked = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    assert checked["documents"] == 2 and PLAN not in runner.invoke(app, ["check", "--all"]).stdout
    # this installation cannot reach it to lower its classification either
    assert runner.invoke(app, ["set", PLAN, "klassning=intern"]).exit_code == ExitCode.FATAL


def test_an_unknown_classification_is_hidden_and_listed_for_correction(runner, indexed):
    (indexed / (PLAN + ".kbank.toml")).write_text('klassning = "hemlig"\n', encoding="utf-8")
    runner.invoke(app, ["ingest"])
    assert PLAN not in ids(runner, "list", "--all")
    data = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    unknown = next(s for s in data["sections"] if s["key"] == "unknown_classification")
    assert [f["path"] for f in unknown["findings"]] == [PLAN]


def test_the_default_status_comes_from_the_config(runner, indexed, tmp_path):
    (tmp_path / "kbank.toml").write_text('default_status = "utkast"\n', encoding="utf-8")
    assert ids(runner, "list") == set()
    runner.invoke(app, ["set", FINAL, "status=publicerad"])
    assert ids(runner, "list") == {FINAL}


def test_set_keeps_other_corrections_and_refuses_bad_values(runner, indexed):
    sidecar = indexed / (FINAL + ".kbank.toml")
    sidecar.write_text(
        '# rättad av redaktionsrådet\ntitel = "Kunskapsbanken, slutrapport"\nstatus = "utkast"\n',
        encoding="utf-8",
    )
    assert (
        runner.invoke(app, ["set", FINAL, "status=publicerad", "nyckelord=kunskapsbank; FoU"]).exit_code == 0
    )
    assert sidecar.read_text(encoding="utf-8") == (
        '# rättad av redaktionsrådet\ntitel = "Kunskapsbanken, slutrapport"\nstatus = "publicerad"\n'
        'nyckelord = ["kunskapsbank", "FoU"]\n'
    )
    data = json.loads(runner.invoke(app, ["show", FINAL, "--json"]).stdout)
    assert data["title"] == "Kunskapsbanken, slutrapport" and data["keywords"] == ["kunskapsbank", "FoU"]
    before = sidecar.read_bytes()
    for bad in (["status=klar"], ["färg=blå"], ["typ=broschyr"]):
        result = runner.invoke(app, ["set", FINAL, *bad])
        assert result.exit_code == ExitCode.USAGE and "Traceback" not in result.output
    assert sidecar.read_bytes() == before
    assert runner.invoke(app, ["set", FINAL]).exit_code == ExitCode.USAGE


def test_a_case_is_set_as_a_whole_only_when_asked(runner, archive):
    from corpora.builders import make_pdf

    folder = archive / "2018" / "SN.2018.42 Samverkan"
    make_pdf(folder / "projektplan.pdf", ["Projektplan\nDnr: SN.2018.42\nText om samverkan och våld."])
    make_pdf(folder / "slutrapport.pdf", ["Slutrapport\nDnr: SN.2018.42\nResultat av samverkan och våld."])
    runner.invoke(app, ["ingest"])
    refused = runner.invoke(app, ["set", "SN.2018.42", "status=utkast"])
    assert refused.exit_code == ExitCode.USAGE and "--case" in refused.stderr
    assert runner.invoke(app, ["set", "SN.2018.42", "--case", "status=utkast"]).exit_code == 0
    assert (folder / "arende.kbank.toml").read_text(encoding="utf-8") == 'status = "utkast"\n'
    assert ids(runner, "list") == set() and len(ids(runner, "list", "--all")) == 2
