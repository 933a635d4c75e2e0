"""SIGKILL at any moment leaves a searchable, consistent index; the next run finishes the job.
A rebuild is swapped in atomically: searches use the old index until then, and a failed or
killed rebuild leaves the old index as it was."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from corpora.builders import make_pdf
from kbank.cli import app
from kbank.errors import ExitCode
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

pytestmark = pytest.mark.slow  # kills real ingests at every stage

# Runs the real ``kbank`` command line in a process that SIGKILLs itself at a chosen point.
# Batches are made tiny so that a run of a dozen files commits many times.
KILLER = r"""
import os, signal, sys
point, nth = sys.argv[1], int(sys.argv[2])
import kbank.ingest.plan as plan
import kbank.index.generations as generations
import kbank.index.writing as writing
writing.BATCH_RECORDS = 4
calls = 0

def kill_at(owner, name, before):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        global calls
        calls += 1
        if before and calls >= nth:
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if not before and calls >= nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(owner, name, wrapper)

if point == "hashing":
    kill_at(plan, "sha256_of", before=False)
elif point == "after-commit":
    kill_at(writing.Batches, "commit", before=False)
elif point == "inside-commit":  # segment files written, table of contents not yet
    import whoosh.writing
    kill_at(whoosh.writing.SegmentWriter, "_commit_toc", before=True)
elif point == "reading":
    import kbank.ingest.reading
    kill_at(kbank.ingest.reading.Reader, "_from_worker", before=True)
elif point == "before-swap":
    kill_at(generations, "activate", before=True)
sys.argv = ["kbank", *sys.argv[3:]]
from kbank.cli import main

main()
"""

WORDS = ["kanot", "pelikan", "vulkan", "trumpet", "cykel", "tomat", "ballong", "fyrtorn", "kompass", "lykta"]


def kill_during(point: str, nth: int, *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(nth), *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr)


def records(index: Path) -> list[dict]:
    generation = json.loads((index / "kbank.json").read_text())["generation"]
    ix = whoosh_index.open_dir(str(index / generation))
    with ix.searcher() as searcher:
        return [dict(fields) for fields in searcher.all_stored_fields()]


def assert_consistent(runner, index: Path) -> list[dict]:
    """Searching works, no record is doubled, every document has its text and a path."""
    assert runner.invoke(app, ["search", "rapport"]).exit_code == 0
    assert runner.invoke(app, ["list", "--json"]).exit_code == 0
    stored = records(index)
    ids = Counter(r["id"] for r in stored)
    assert [i for i, n in ids.items() if n > 1] == []
    docs = {r["id"] for r in stored if r["kind"] == "doc"}
    texts = {r["doc_id"] for r in stored if r["kind"] == "text"}
    pointed = {r["doc_id"] for r in stored if r["kind"] == "file" and r["doc_id"]}
    assert docs == texts
    assert pointed <= docs and docs <= pointed
    return stored


def assert_complete(runner, archive: Path, index: Path, expected_docs: int) -> None:
    stored = assert_consistent(runner, index)
    files = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*.pdf"))
    assert sorted(r["path"] for r in stored if r["kind"] == "file") == files
    assert sum(1 for r in stored if r["kind"] == "doc") == expected_docs


@pytest.fixture
def twelve_files(archive: Path) -> Path:
    for i, word in enumerate(WORDS):
        make_pdf(
            archive / f"{2010 + i}" / f"SN {2010 + i}-{i:04d} Projekt" / "rapport.pdf",
            [f"Rapport om {word}."],
        )
    shutil.copy(archive / "2010" / "SN 2010-0000 Projekt" / "rapport.pdf", archive / "2010" / "kopia.pdf")
    (archive / "2011" / "trasig.pdf").write_bytes(b"%PDF-1.4 trasig")
    return archive


def test_an_ingest_killed_at_any_point_leaves_a_consistent_index_and_the_next_one_finishes(
    runner, settings, twelve_files
):
    archive, index = twelve_files, settings.index
    kill_during("hashing", 3, "ingest")
    assert_consistent(runner, index)
    kill_during("after-commit", 2, "ingest")
    assert_consistent(runner, index)
    kill_during("inside-commit", 2, "ingest")
    assert_consistent(runner, index)
    kill_during("reading", 2, "ingest")
    assert_consistent(runner, index)

    # changes while the runs keep being killed: a deleted, a changed and a moved file
    shutil.rmtree(archive / "2012")
    make_pdf(archive / "2013" / "SN 2013-0003 Projekt" / "rapport.pdf", ["Rapport om nyversion."])
    (archive / "2014" / "SN 2014-0004 Projekt" / "rapport.pdf").rename(archive / "2014" / "flyttad.pdf")
    kill_during("after-commit", 1, "ingest")
    assert_consistent(runner, index)

    result = runner.invoke(app, ["ingest", "--json"])
    # Whether the corrupt file's failure reached a commit before one of the kills
    # depends on which worker answered first; it is the only file that may fail.
    failed = [f["path"] for f in json.loads(result.stdout)["failed"]]
    assert failed in ([], ["2011/trasig.pdf"]), result.output
    assert result.exit_code == (ExitCode.PARTIAL if failed else 0)
    again = runner.invoke(app, ["ingest", "--json"])
    assert again.exit_code == 0, again.output  # a remembered failure does not make exit 3 again
    assert json.loads(again.stdout)["known_failed"] == 1
    assert_complete(runner, archive, index, expected_docs=9)
    with Bank(settings) as bank:
        for word in WORDS:
            expected = 0 if word in (WORDS[2], WORDS[3]) else 1
            assert bank.search(word).total == expected, word
        assert bank.search("nyversion").total == 1
        assert bank.search(WORDS[0]).hits[0].paths == [
            "2010/SN 2010-0000 Projekt/rapport.pdf",
            "2010/kopia.pdf",
        ]


def test_a_plain_kbank_ingest_killed_mid_run_is_finished_by_the_next(runner, settings, twelve_files):
    with subprocess.Popen(
        [sys.executable, "-m", "kbank", "ingest", "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as proc:
        deadline = time.monotonic() + 60
        while not (settings.index / "kbank.json").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)  # workers are starting: the run is under way
        proc.send_signal(signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert_consistent(runner, settings.index)
    assert runner.invoke(app, ["ingest"]).exit_code in (0, 3)
    assert_complete(runner, twelve_files, settings.index, expected_docs=10)


def test_a_killed_rebuild_leaves_the_old_index_live_and_its_leftovers_are_removed(
    runner, settings, twelve_files
):
    assert runner.invoke(app, ["ingest"]).exit_code == 3
    before = json.loads((settings.index / "kbank.json").read_text())
    kill_during("before-swap", 1, "reindex")
    assert json.loads((settings.index / "kbank.json").read_text()) == before
    generations = sorted(p.name for p in settings.index.glob("g-*"))
    assert len(generations) == 2  # the live one and the unfinished rebuild
    assert_complete(runner, twelve_files, settings.index, expected_docs=10)
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert sorted(p.name for p in settings.index.glob("g-*")) == [before["generation"]]


def test_searches_during_a_rebuild_use_the_old_index(settings, twelve_files):
    ingest(settings)
    shutil.rmtree(twelve_files / "2015")  # gone from the archive, still in the live index
    seen = []

    def search_midway(items, label):
        for number, item in enumerate(items):
            if label == "Läser" and number == 3:
                with Bank(settings) as bank:
                    seen.append((bank.search(WORDS[5]).total, bank.list().total))
            yield item

    ingest(settings, full=True, retry_failed=True, use_cache=False, progress=search_midway)
    assert seen == [(1, 10)]  # mid-rebuild: the old index, whole
    with Bank(settings) as bank:
        assert (bank.search(WORDS[5]).total, bank.list().total) == (0, 9)


def test_a_failed_rebuild_leaves_the_old_index_untouched(settings, twelve_files):
    ingest(settings)
    before = (settings.index / "kbank.json").read_text()
    shutil.rmtree(twelve_files / "2015")

    def fail_midway(items, label):
        for number, item in enumerate(items):
            if label == "Läser" and number == 3:
                raise OSError("disken är full")
            yield item

    with pytest.raises(OSError):
        ingest(settings, full=True, retry_failed=True, use_cache=False, progress=fail_midway)
    assert (settings.index / "kbank.json").read_text() == before
    assert len(list(settings.index.glob("g-*"))) == 1
    with Bank(settings) as bank:
        assert (bank.search(WORDS[5]).total, bank.list().total) == (1, 10)
