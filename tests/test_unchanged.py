"""A run over an unchanged archive is answered from one walk of stat results (``ingest.unchanged``),
and every change a full run would act on still reaches the index: reports, correction files,
summaries (also when their folder's mtime stays the same), settings, commits by ``kbank set``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpora.builders import make_pdf
from kbank.cli import app
from kbank.ingest import unchanged
from kbank.ingest.lock import LOCK_FILE
from kbank.ingest.run import ingest

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
PLAN = "2014/SN 2014-0123 Bostad först/projektplan.pdf"


def ingest_json(runner, *args) -> dict:
    result = runner.invoke(app, ["ingest", *args, "--json"])
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


def without_seconds(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "seconds"}


def rewrite_keeping_times(path: Path, text: str) -> None:
    """Write new content of the same length and put the old mtime back (as a copy tool that keeps times)."""
    st = path.stat()
    old = path.read_text("utf-8")
    assert len(text.encode("utf-8")) == len(old.encode("utf-8"))
    folder = path.parent.stat()
    path.write_text(text, "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))


def show(runner, ref: str) -> dict:
    result = runner.invoke(app, ["show", ref, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def steady(runner, small_archive) -> Path:
    """The small archive, ingested twice: the index is steady and the note written."""
    ingest_json(runner)
    ingest_json(runner)
    return small_archive


def test_an_unchanged_archive_is_answered_from_the_note_with_the_full_runs_report(runner, steady, tmp_path):
    (steady / "2015").mkdir()
    (steady / "2015" / "trasig.pdf").write_bytes(b"%PDF-1.4 inte en riktig pdf")
    (steady / "2013" / "3.2-614-2013 Kunskapsbank" / "slutrapport.pdf.kbank.toml").write_text(
        'titel = "Rätt titel"\nokänd = 1\n', "utf-8"
    )
    changed = ingest_json(runner)
    assert changed["failed"] and changed["warnings"]
    full = ingest_json(runner)  # the first run after a change is a full one; it leaves the note
    assert (tmp_path / "index" / unchanged.NOTE).exists()
    quick = ingest_json(runner)
    assert without_seconds(quick) == without_seconds(full)
    assert (quick["unchanged"], quick["known_failed"], quick["documents"]) == (3, 1, 3)
    assert quick["warnings"] == full["warnings"] != []
    (tmp_path / "index" / unchanged.NOTE).unlink()
    assert without_seconds(ingest_json(runner)) == without_seconds(full)  # the full run says the same


def test_a_correction_rewritten_in_place_with_its_old_mtime_is_applied(runner, steady):
    sidecar = steady / (FINAL + ".kbank.toml")
    sidecar.write_text('titel = "Titel A"\n', "utf-8")
    ingest_json(runner)
    ingest_json(runner)
    assert show(runner, FINAL)["title"] == "Titel A"
    rewrite_keeping_times(sidecar, 'titel = "Titel B"\n')  # same size, same mtime, folder untouched
    report = ingest_json(runner)
    assert report["metadata_updated"] == 1
    assert show(runner, FINAL)["title"] == "Titel B"


def test_a_new_correction_file_and_a_new_case_file_are_applied(runner, steady):
    (steady / (PLAN + ".kbank.toml")).write_text('titel = "Ny titel"\n', "utf-8")
    assert ingest_json(runner)["metadata_updated"] == 1
    assert show(runner, PLAN)["title"] == "Ny titel"
    (steady / "2014" / "SN 2014-0123 Bostad först" / "arende.kbank.toml").write_text(
        'projekt = "Eget namn"\n', "utf-8"
    )
    assert ingest_json(runner)["metadata_updated"] == 1
    assert show(runner, PLAN)["project"] == "Eget namn"


def test_a_summary_rewritten_in_place_is_read(runner, steady):
    summary = steady / "2013" / "3.2-614-2013 Kunskapsbank" / "sammanfattning.md"
    summary.write_text("# Sammanfattning\n\n## Resultat\n\nBanken används av alla chefer.\n", "utf-8")
    ingest_json(runner)
    ingest_json(runner)
    assert "alla chefer" in show(runner, FINAL)["summary"]
    rewrite_keeping_times(summary, "# Sammanfattning\n\n## Resultat\n\nBanken används av inga chefer.\n")
    assert ingest_json(runner)["metadata_updated"] == 1
    assert "inga chefer" in show(runner, FINAL)["summary"]


def test_a_report_changed_in_its_folder_is_read_again(runner, steady):
    target = steady / PLAN
    folder = target.parent.stat()
    make_pdf(target, ["Projektplan\nDnr: SN 2014/0123", "Nu handlar planen om vräkningsförebyggande arbete."])
    os.utime(target.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    report = ingest_json(runner)
    assert (report["updated"], report["unchanged"]) == (1, 2)
    hits = runner.invoke(app, ["search", "vräkningsförebyggande", "--json"])
    assert json.loads(hits.stdout)["total"] == 1


def test_a_removed_target_of_a_correction_file_is_warned_about(runner, steady):
    folder = steady / "2014" / "SN 2014-0123 Bostad först"
    (folder / "budget.xlsx").write_bytes(b"not a report")  # not a report: only its presence counts
    (folder / "budget.xlsx.kbank.toml").write_text('titel = "X"\n', "utf-8")
    assert ingest_json(runner)["warnings"] == []
    ingest_json(runner)
    (folder / "budget.xlsx").unlink()
    report = ingest_json(runner)
    assert [w["path"] for w in report["warnings"]] == [
        "2014/SN 2014-0123 Bostad först/budget.xlsx.kbank.toml"
    ]


def test_a_commit_by_kbank_set_takes_the_full_run(runner, steady, tmp_path):
    assert runner.invoke(app, ["set", PLAN, "status=utkast"]).exit_code == 0
    note = json.loads((tmp_path / "index" / unchanged.NOTE).read_text("utf-8"))
    assert note["index"] != unchanged.live_stamp(tmp_path / "index")  # the set committed
    report = ingest_json(runner)
    assert (report["unchanged"], report["documents"]) == (3, 3)


def test_a_changed_setting_takes_the_full_run(runner, steady, tmp_path, monkeypatch):
    from kbank.config import load_settings

    before = unchanged.settings_stamp(load_settings())
    monkeypatch.setenv("KBANK_OCR", "off")
    assert unchanged.settings_stamp(load_settings()) != before
    assert unchanged.check(load_settings(), False, False, unchanged.IngestScope()).note is None
    assert ingest_json(runner)["unchanged"] == 3


def test_a_damaged_index_is_rebuilt_not_answered(runner, steady, tmp_path):
    generation = json.loads((tmp_path / "index" / "kbank.json").read_text("utf-8"))["generation"]
    toc = next((tmp_path / "index" / generation).glob("_MAIN_*.toc"))
    toc.write_bytes(b"")
    report = ingest_json(runner)
    assert report["rebuilt"] is True and report["documents"] == 3


def test_no_note_while_a_failed_file_might_be_read_by_new_tools(runner, steady, tmp_path):
    (steady / "2015").mkdir()
    (steady / "2015" / "gammal.wpd").write_bytes(b"\xffWPC not really wordperfect")
    ingest_json(runner)
    report = ingest_json(runner)
    assert report["known_failed"] == 1
    assert not (tmp_path / "index" / unchanged.NOTE).exists()  # each run asks the cache about the tools


def test_a_symlinked_report_takes_the_full_run(steady):
    (steady / "länk.pdf").symlink_to(steady / PLAN)
    with pytest.raises(unchanged._Unusual):
        unchanged.archive_stamp(steady)


def test_the_index_stamp_follows_every_commit(settings, small_archive):
    ingest(settings)
    first = unchanged.live_stamp(settings.index)
    make_pdf(small_archive / "2015" / "ny.pdf", ["Ny rapport\n\nOm hemtjänst."])
    ingest(settings)
    assert unchanged.live_stamp(settings.index) not in (None, first)


def test_a_quick_run_still_takes_the_writer_lock(runner, steady, tmp_path):
    from kbank.ingest.lock import writer_lock

    with writer_lock(tmp_path / "index", "reindex"):
        result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 1
    assert "används av kbank reindex" in result.output
    assert (tmp_path / "index" / LOCK_FILE).exists()


def test_a_stale_lock_is_reported_by_a_quick_run(runner, steady, tmp_path):
    holder = {
        "pid": 4711,
        "host": "srv1",
        "user": "anna",
        "command": "ingest",
        "since": "2024-05-02T02:00:01",
    }
    (tmp_path / "index" / LOCK_FILE).write_text(json.dumps(holder), "utf-8")
    report = ingest_json(runner)
    assert "process 4711 på srv1" in report["stale_lock"]
    assert report["unchanged"] == 3


PROBE = """
import json, sys
from kbank.cli import app
try:
    app(["ingest", "--quiet"], prog_name="kbank")
except SystemExit as exc:
    assert not exc.code, exc.code
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.slow  # a fresh interpreter
def test_a_quick_run_imports_no_reader_and_no_whoosh(steady, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded = json.loads(done.stderr)
    heavy = (
        "whoosh",
        "kbank.extract",
        "kbank.metadata.report",
        "kbank.editorial.sidecar",
        "kbank.index.generations",
        "kbank.ingest.run",
        "kbank.ingest.reading",
        "pypdf",
        "pypdfium2",
        "docx",
    )
    # kbank.index loads whoosh.compat (~3 ms) without urllib.request on import (issue 18's lean
    # path); the index itself, its readers and writers are what a quick run must not load
    light = {"whoosh", "whoosh.compat"}
    assert [m for m in loaded if m.startswith(heavy) and m not in light] == []
