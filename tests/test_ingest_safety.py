"""Issue 12: ingest never loses reports by mistake (empty, wrong, partly unreadable archives)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.errors import ExitCode

pytestmark = pytest.mark.slow  # refused and allowed ingests of whole archives

PLAN = "2014/SN 2014-0123 Bostad först/projektplan.pdf"


def documents(runner) -> set[str]:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0, result.output
    return {d["path"] for d in json.loads(result.stdout)["documents"]}


def cached(index: Path) -> int:
    with sqlite3.connect(index / "cache.sqlite") as db:
        return db.execute("SELECT count(*) FROM extracted").fetchone()[0]


@pytest.fixture
def indexed(runner, small_archive):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert len(documents(runner)) == 3
    return small_archive


def test_an_empty_archive_removes_nothing(runner, indexed, tmp_path):
    empty = tmp_path / "tom"
    empty.mkdir()
    before = cached(tmp_path / "index")
    result = runner.invoke(app, ["ingest", str(empty), "--archive-moved"])
    assert result.exit_code == ExitCode.FATAL
    assert "inga PDF- eller Word-filer" in result.stderr and "inget togs bort" in result.stderr
    assert len(documents(runner)) == 3 and cached(tmp_path / "index") == before


def test_a_missing_archive_removes_nothing(runner, indexed, tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "finns-inte")])
    assert result.exit_code == ExitCode.FATAL and "finns inte" in result.stderr
    assert len(documents(runner)) == 3


def test_another_archive_root_is_refused_unless_it_moved(runner, indexed, tmp_path):
    moved = tmp_path / "nytt-ställe"
    indexed.rename(moved)
    refused = runner.invoke(app, ["ingest", str(moved)])
    assert refused.exit_code == ExitCode.FATAL and "--archive-moved" in refused.stderr
    assert len(documents(runner)) == 3
    accepted = runner.invoke(app, ["ingest", str(moved), "--archive-moved", "--json"])
    assert accepted.exit_code == 0, accepted.output
    report = json.loads(accepted.stdout)
    assert (report["removed"], report["added"]) == (0, 0) and len(documents(runner)) == 3
    assert runner.invoke(app, ["ingest", str(moved)]).exit_code == 0  # remembered now


def test_a_subfolder_is_refused_and_only_updates_just_that_part(runner, indexed):
    refused = runner.invoke(app, ["ingest", str(indexed / "2014")])
    assert refused.exit_code == ExitCode.FATAL and "--only 2014" in refused.stderr
    assert len(documents(runner)) == 3
    (indexed / "2013" / "3.2-614-2013 Kunskapsbank" / "slutrapport.pdf").unlink()  # outside --only
    result = runner.invoke(app, ["ingest", "--only", "2014", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"] == 0 and len(documents(runner)) == 3


def test_an_unreadable_subfolder_is_reported_and_its_reports_kept(runner, indexed, tmp_path, monkeypatch):
    blocked = indexed / "2014"
    real = os.scandir

    def scandir(path="."):
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == ExitCode.PARTIAL
    report = json.loads(result.stdout)
    assert report["unreadable_folders"] == ["2014"] and report["removed"] == 0
    assert "2014/: mappen går inte att läsa" in result.stderr
    assert PLAN in documents(runner)
    checked = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    section = next(s for s in checked["sections"] if s["key"] == "unreadable_folders")
    assert [f["path"] for f in section["findings"]] == ["2014"]


def test_an_unreadable_archive_root_removes_nothing(runner, indexed, tmp_path, monkeypatch):
    real = os.scandir
    before = cached(tmp_path / "index")

    def scandir(path="."):
        if Path(path) == indexed:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == ExitCode.FATAL and "går inte att läsa" in result.stderr
    monkeypatch.setattr(os, "scandir", real)
    assert len(documents(runner)) == 3 and cached(tmp_path / "index") == before


def test_removing_a_large_share_needs_allow_removals(runner, indexed, tmp_path):
    (tmp_path / "kbank.toml").write_text("removal_min = 0\nremoval_share = 0.5\n", encoding="utf-8")
    for path in ("2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf", PLAN):
        (indexed / path).unlink()
    before = cached(tmp_path / "index")
    refused = runner.invoke(app, ["ingest"])
    assert refused.exit_code == ExitCode.FATAL
    assert "skulle ta bort 2 av 3" in refused.stderr and "--allow-removals" in refused.stderr
    assert len(documents(runner)) == 3 and cached(tmp_path / "index") == before
    reindexed = runner.invoke(app, ["reindex"])
    assert reindexed.exit_code == ExitCode.FATAL and len(documents(runner)) == 3
    allowed = runner.invoke(app, ["ingest", "--allow-removals", "--json"])
    assert allowed.exit_code == 0 and json.loads(allowed.stdout)["removed"] == 2
    assert len(documents(runner)) == 1


def test_a_few_removals_need_no_permission(runner, indexed):
    (indexed / PLAN).unlink()
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["removed"] == 1
