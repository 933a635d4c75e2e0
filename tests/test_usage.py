"""The usage log and `kbank stats`: what is logged, the chart, zero-hit queries, robustness."""

from __future__ import annotations

import json
import multiprocessing
import sys
from datetime import UTC, datetime

import pytest

from kbank import timeutil
from kbank.cli import app
from kbank.config import load_settings
from kbank.tasks.usage import compute_stats, log_path, log_search, read_log


@pytest.fixture
def indexed(indexed_small_archive):
    return indexed_small_archive


@pytest.fixture(autouse=True)
def as_people(monkeypatch):
    """Searches here are people's at a terminal (output to a program counts as a script's)."""
    monkeypatch.setattr(sys.modules["kbank.cli.app"].out, "_force_terminal", True)


def entries(settings):
    return list(read_log(settings))


def test_each_search_and_show_appends_one_line_without_a_user_name(runner, indexed, settings):
    runner.invoke(app, ["search", "hemlösheten"])
    runner.invoke(app, ["search", "rymdfärja", "--type", "slutrapport"])
    runner.invoke(app, ["show", "SN 2014/0123"])
    logged = entries(settings)
    assert [e["event"] for e in logged] == ["search", "search", "show"]
    assert logged[0]["query"] == "hemlösheten" and logged[0]["hits"] == 1
    assert logged[1]["filters"] == {"type": ["slutrapport"]} and logged[1]["hits"] == 0
    assert all("user" not in e for e in logged)


def test_stats_shows_weekly_bars_top_and_zero_hit_queries_and_opened_results(
    runner, indexed, settings, monkeypatch
):
    for day, query in [(2, "hemlösheten"), (3, "hemlösheten"), (17, "rymdfärja"), (17, "hemlösheten")]:
        monkeypatch.setattr(timeutil, "utc_now", lambda day=day: datetime(2026, 11, day, 9, tzinfo=UTC))
        runner.invoke(app, ["search", query])
    runner.invoke(app, ["show", "SN 2014/0123"])  # right after the last search, which listed it
    result = runner.invoke(app, ["stats"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    out = result.stdout
    assert "2026-W45" in out and "2026-W46" in out and "2026-W47" in out  # the empty week is shown too
    assert "█" in out and "rymdfärja" in out and "Sökningar utan träffar" in out
    stats = compute_stats(settings)
    assert stats.per_week == {"2026-W45": 2, "2026-W46": 0, "2026-W47": 2}
    assert stats.top_queries[0] == ("hemlösheten", 3)
    assert stats.zero_hit_queries == [("rymdfärja", 1)]
    assert stats.searches_opened == 1 and stats.most_shown[0][1] == 1
    since = compute_stats(settings, since=datetime(2026, 11, 10).date())
    assert since.searches == 2


def test_stats_json(runner, indexed):
    runner.invoke(app, ["search", "rymdfärja"])
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["searches"] == 1 and data["zero_hit_queries"] == [{"query": "rymdfärja", "count": 1}]


def test_a_corrupt_line_is_skipped_never_fatal(runner, indexed, settings):
    runner.invoke(app, ["search", "hemlösheten"])
    with log_path(settings).open("ab") as fh:
        fh.write(b'{"time": "inte en tid", "event": "search"}\n{trasig\n\xff\xfe\n')
    runner.invoke(app, ["search", "kunskapsbanken"])
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["searches"] == 2


def _write_many(args):
    settings_dir, worker = args
    settings = load_settings(index=settings_dir, environ={})
    for n in range(150):
        log_search(settings, f"fråga {worker} {n} " + "x" * 200, {}, n, [])


def test_the_log_survives_concurrent_writers(tmp_path):
    index = tmp_path / "index"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_write_many, [(index, w) for w in range(4)])
    settings = load_settings(index=index, environ={})
    lines = log_path(settings).read_bytes().splitlines()
    assert len(lines) == 600 and all(json.loads(line)["event"] == "search" for line in lines)


def test_the_log_rotates_and_stats_still_count_everything(tmp_path):
    settings = load_settings(index=tmp_path / "index", environ={}).with_overrides(usage_log_max_bytes=2000)
    for n in range(60):
        log_search(settings, f"fråga {n}", {}, 1, [])
    rotated = sorted(p.name for p in log_path(settings).parent.glob("usage*.jsonl"))
    assert "usage.1.jsonl" in rotated and len(rotated) <= 6
    assert 0 < compute_stats(settings).searches <= 60


def test_logging_can_be_turned_off_by_environment_or_config(runner, indexed, settings, tmp_path, monkeypatch):
    runner.invoke(app, ["search", "hemlösheten"], env={"KBANK_NO_LOG": "1"})
    assert not log_path(settings).exists()
    (tmp_path / "kbank.toml").write_text("usage_log = false\n")
    runner.invoke(app, ["search", "hemlösheten"])
    assert not log_path(settings).exists()


def test_user_names_only_when_the_admin_turns_them_on(runner, indexed, settings, tmp_path):
    (tmp_path / "kbank.toml").write_text("usage_log_user = true\n")
    runner.invoke(app, ["search", "hemlösheten"])
    assert entries(settings)[0]["user"]


def test_stats_on_an_empty_log(runner, archive):
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0 and "tom" in result.stdout


def test_stats_groups_queries_by_case_diacritics_and_corrected_spelling(runner, indexed):
    for query in ["hemlösa", "Hemlösa", "hemlosa", "hemlöshett"]:  # the last is read as «hemlösa»
        runner.invoke(app, ["search", query])
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["top_queries"] == [{"query": "hemlösa", "count": 4}]


def test_searches_from_scripts_are_counted_apart(runner, indexed, monkeypatch):
    runner.invoke(app, ["search", "hemlösheten"])
    runner.invoke(app, ["search", "kunskapsbanken", "--json"])
    runner.invoke(app, ["search", "kunskapsbanken", "--format", "csv"])
    monkeypatch.setattr(sys.modules["kbank.cli.app"].out, "_force_terminal", False)  # a pipe
    runner.invoke(app, ["search", "kunskapsbanken"])
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["searches"] == 1 and data["script_searches"] == 3
    assert data["top_queries"] == [{"query": "hemlösheten", "count": 1}]


def test_stats_as_csv_and_a_chart_of_weeks_and_areas(runner, indexed):
    import csv
    import io

    runner.invoke(app, ["search", "hemlösheten"])
    runner.invoke(app, ["search", "datum", "--area", "äldreomsorg"])
    text = runner.invoke(app, ["stats", "--format", "csv"]).stdout
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["vad", "värde", "antal"]
    assert ["sakområde", "äldreomsorg", "1"] in rows and ["sökning", "hemlösheten", "1"] in rows
    screen = runner.invoke(app, ["stats"], env={"COLUMNS": "100"}).stdout
    assert "Sakområden i sökningarna" in screen and "█" in screen and "hemlöshet" in screen
