"""Worker processes: every task gets an outcome; hangs, memory bombs and crashes cost one task only."""

from __future__ import annotations

import pytest

from corpora.builders import make_memory_hog_docx, make_pdf, make_slow_pdf
from kbank.cli import app
from kbank.errors import ExitCode, WorkerStartError
from kbank.ingest.workers import Limits, WorkerPool

from .test_ingest import run_json

pytestmark = pytest.mark.slow  # runs worker processes into their time and memory limits

TARGET = "corpora.hostile:behave"


def run(tasks, jobs=2, seconds=30.0, memory_mb=512):
    pool = WorkerPool(jobs, Limits(seconds, memory_mb), TARGET)
    outcomes = {o.key: o for o in pool.map(list(enumerate(tasks)))}
    return [outcomes[i] for i in range(len(tasks))], pool


def test_every_task_gets_its_outcome():
    outcomes, _ = run([f"ok:rapport {i}" for i in range(20)])
    assert [o.value for o in outcomes] == [f"RAPPORT {i}" for i in range(20)]


def test_workers_are_long_lived_processes():
    outcomes, pool = run(["pid"] * 12, jobs=2)
    assert len({o.value for o in outcomes}) <= 2 and pool.started == 2


def test_a_hanging_task_is_killed_at_the_time_limit_and_the_run_goes_on():
    # "hang" never returns by itself: that the run ends with its outcome is the proof it was killed
    outcomes, pool = run(["ok:a", "hang", "ok:b", "ok:c"], jobs=1, seconds=1.0)
    assert [o.reason for o in outcomes] == [None, "timeout", None, None]
    assert "tog för lång tid" in outcomes[1].error
    assert [outcomes[i].value for i in (0, 2, 3)] == ["A", "B", "C"]
    assert pool.started == 2  # the killed worker was replaced


def test_a_memory_bomb_stops_at_the_memory_limit():
    outcomes, pool = run(["eat", "ok:efter"], jobs=1, memory_mb=300)
    assert outcomes[0].reason == "memory" and "300 MB" in outcomes[0].error
    assert outcomes[1].value == "EFTER"
    assert pool.started == 2  # the worker retired after the bomb


def test_a_crashing_worker_is_replaced():
    outcomes, pool = run(["crash", "ok:sedan", "fail"], jobs=1)
    assert outcomes[0].reason == "corrupt" and "kraschade" in outcomes[0].error
    assert outcomes[1].value == "SEDAN"
    assert (outcomes[2].reason, outcomes[2].error) == ("encrypted", "krypterad")


def test_a_pdf_that_parses_for_too_long_is_reported_and_the_others_indexed(runner, small_archive):
    make_slow_pdf(small_archive / "2017" / "Trög" / "oändlig.pdf")
    result, report = run_json(runner, "ingest", "--time-limit", "0.5")
    assert result.exit_code == ExitCode.PARTIAL
    assert report["added"] == 3
    assert [(f["path"], f["reason"]) for f in report["failed"]] == [("2017/Trög/oändlig.pdf", "timeout")]
    assert "2017/Trög/oändlig.pdf: tog för lång tid" in result.stderr


def test_a_docx_that_needs_too_much_memory_is_reported_as_too_big(runner, small_archive):
    make_memory_hog_docx(small_archive / "2018" / "Stor" / "jätte.docx")
    make_pdf(small_archive / "2018" / "Stor" / "liten.pdf", ["Liten rapport om familjehem."])
    result, report = run_json(runner, "ingest", "--memory-limit", "256", "--jobs", "1")
    assert result.exit_code == ExitCode.PARTIAL and report["added"] == 4
    assert [(f["path"], f["reason"]) for f in report["failed"]] == [("2018/Stor/jätte.docx", "memory")]
    assert "för stor" in report["failed"][0]["error"]


@pytest.mark.parametrize("option, value", [("--jobs", "0"), ("--memory-limit", "10"), ("--time-limit", "0")])
def test_limits_out_of_range_are_usage_errors(runner, small_archive, option, value):
    result = runner.invoke(app, ["ingest", option, value])
    assert result.exit_code == ExitCode.USAGE and "Traceback" not in result.output


def test_a_worker_that_cannot_start_stops_the_run_instead_of_failing_every_file():
    pool = WorkerPool(1, Limits(), "tests.no_such_module:behave")
    with pytest.raises(WorkerStartError, match="kunde inte starta en läsprocess"):
        list(pool.map([(0, "ok:a"), (1, "ok:b")]))
