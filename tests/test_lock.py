"""One writer at a time: a second ingest waits or says who holds the index; a dead holder's lock is broken."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from kbank.cli import app
from kbank.errors import ExitCode
from kbank.ingest.lock import current_holder, writer_lock

from .test_ingest import run_json

pytestmark = pytest.mark.slow  # waits for writers in other processes


def test_a_second_writer_exits_1_naming_the_holder_and_since_when(runner, settings, small_archive):
    with writer_lock(settings.index, "reindex") as lock:
        result = runner.invoke(app, ["ingest"])
    assert result.exit_code == ExitCode.FATAL
    assert f"kbank reindex (process {os.getpid()}" in result.stderr
    assert f"sedan {lock.holder.since.replace('T', ' ')}" in result.stderr
    assert "--wait" in result.stderr and "Traceback" not in result.output


def test_wait_gives_up_after_the_given_seconds(runner, settings, small_archive):
    with writer_lock(settings.index, "ingest"):
        started = time.monotonic()
        result = runner.invoke(app, ["reindex", "--wait", "0.6"])
        waited = time.monotonic() - started
    assert result.exit_code == ExitCode.FATAL and "väntade 0.6 s" in result.stderr
    assert waited >= 0.6


def test_a_waiting_writer_goes_ahead_when_the_lock_is_released(runner, settings, small_archive):
    taken, release = threading.Event(), threading.Event()

    def hold():
        with writer_lock(settings.index, "ingest"):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait(10)
    threading.Timer(0.5, release.set).start()
    result, report = run_json(runner, "ingest", "--wait", "30")
    holder.join()
    assert result.exit_code == 0 and report["added"] == 3


def test_searching_needs_no_lock(runner, settings, small_archive):
    run_json(runner, "ingest")
    with writer_lock(settings.index, "reindex"):
        assert runner.invoke(app, ["search", "kunskapsbanken"]).exit_code == 0


def test_a_lock_left_by_a_killed_writer_is_broken(runner, settings, small_archive):
    code = (
        "import sys, time; from pathlib import Path; from kbank.ingest.lock import writer_lock\n"
        "with writer_lock(Path(sys.argv[1]), 'ingest'):\n"
        "    print('locked', flush=True); time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, str(settings.index)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout.readline().strip() == "locked"
        assert current_holder(settings.index).pid == proc.pid
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert current_holder(settings.index) is None  # the kernel freed it with the process
    assert json.loads((settings.index / "kbank.lock").read_text())["pid"] == proc.pid  # its note is left
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0
    assert f"process {proc.pid}" in result.stderr and "avbruten körning" in result.stderr
    assert (settings.index / "kbank.lock").read_text() == ""  # released cleanly this time
