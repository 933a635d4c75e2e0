"""Recoll's side of the side-by-side benchmark: index, no-op re-index, peak memory, ``recollq``
as whole processes, and in-process search through Debian's ``python3-recoll`` binding.

Recoll's figures do not depend on kbank's code, so bench_recoll saves them as JSON
(``--recoll-results``) and a later run of kbank's side reuses them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.measure import LoadSampler, now, run, run_peak

#: the in-process measure, run by the system's Python (the binding is built for it, not for a venv):
#: per query, execute + the first 10 results, and the same with an abstract per result (as
#: ``recollq -A``, the nearest to kbank's snippets)
INPROC = r"""
import json, sys, time
from recoll import recoll
conf, passes = sys.argv[1], int(sys.argv[2])
queries = json.loads(sys.stdin.read())
db = recoll.connect(confdir=conf)

def one(text, abstracts):
    query = db.query()
    count = query.execute(text, stemming=1, stemlang="swedish")
    docs = query.fetchmany(10)
    if abstracts:
        for doc in docs:
            query.makedocabstract(doc)
    return count

out = {}
for abstracts in (False, True):
    for text in queries:
        one(text, abstracts)  # warm
    wall, cpu, counts = [], [], []
    for _ in range(passes):
        for text in queries:
            w, c = time.perf_counter(), time.process_time()
            counts.append(one(text, abstracts))
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
    out["abstracts" if abstracts else "plain"] = {"wall": wall, "cpu": cpu, "hits": counts[: len(queries)]}
print(json.dumps(out))
"""

SYSTEM_PYTHON = "/usr/bin/python3"


def available() -> str | None:
    """None when Recoll can be measured fairly, else why not."""
    if not (shutil.which("recollindex") and shutil.which("recollq")):
        return "recoll is not installed (apt-get install recoll)"
    if not shutil.which("pdftotext"):
        # without pdftotext Recoll indexes only the PDFs' names: no fair comparison
        return "pdftotext is not installed (apt-get install poppler-utils): Recoll would index only PDF names"
    return None


def version() -> str:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "recollcmd"], capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def configure(conf: Path, archive: Path, jobs: int) -> str:
    """A fresh configuration folder: Swedish stemming, no aspell, ``jobs`` extraction threads
    (as kbank's ``--jobs``; ``thrQSizes = -1 -1 -1``, used before 2026-12-07, disables threads),
    and the normal priority kbank runs at: recollindex renices itself and its filters to 19 by
    default (``idxniceprio``), which on a loaded machine stretches its wall time several-fold."""
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    text = (
        f"topdirs = {archive}\nindexstemminglanguages = swedish\nnoaspell = 1\n"
        f"thrQSizes = 2 2 2\nthrTCounts = {jobs} 1 1\nidxniceprio = 0\n"
        f"loglevel = 2\nlogfilename = {conf / 'recollindex.log'}\n"
        "skippedNames+ = .synth-manifest.json .complete-*\n"
    )
    (conf / "recoll.conf").write_text(text, encoding="utf-8")
    return text


def whole(cmd_for, queries: list[str], passes: int, env: dict) -> dict:
    """Each query as a whole process: one warm pass, then ``passes`` measured ones."""
    for q in queries:
        run(cmd_for(q), env=env)
    wall, cpu = [], []
    with LoadSampler() as load:
        for _ in range(passes):
            for q in queries:
                w, c, done = run(cmd_for(q), env=env)
                if done.returncode != 0:
                    raise RuntimeError(f"{cmd_for(q)}: {done.stderr.decode(errors='replace')}")
                wall.append(w)
                cpu.append(c)
    return {"wall": wall, "cpu": cpu, "load": load.summary()}


def inproc(conf: Path, queries: list[str], passes: int) -> dict:
    if not Path(SYSTEM_PYTHON).exists():
        return {"skipped": f"{SYSTEM_PYTHON} is missing"}
    check = subprocess.run([SYSTEM_PYTHON, "-c", "from recoll import recoll"], capture_output=True)
    if check.returncode != 0:
        return {"skipped": "python3-recoll is not installed (apt-get install python3-recoll)"}
    with LoadSampler() as load:
        done = subprocess.run(
            [SYSTEM_PYTHON, "-c", INPROC, str(conf), str(passes)],
            input=json.dumps(queries),
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        return {"skipped": f"the binding failed: {done.stderr.strip().splitlines()[-1:]}"}
    result = json.loads(done.stdout)
    result["load"] = load.summary()
    return result


#: how many PDF and DOCX documents the index holds (recollq prints at most 2,000 results)
COUNT = r"""
import sys
from recoll import recoll
db = recoll.connect(confdir=sys.argv[1])
mimes = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
print(sum(db.query().execute(f"mime:{m}") for m in mimes))
"""


def indexed_reports(conf: Path) -> int | None:
    done = subprocess.run([SYSTEM_PYTHON, "-c", COUNT, str(conf)], capture_output=True, text=True)
    return int(done.stdout) if done.returncode == 0 and done.stdout.strip().isdigit() else None


def measure(archive: Path, work: Path, queries: list[str], jobs: int, passes: int, env: dict, log) -> dict:
    """Recoll's figures on ``archive``, its configuration and index in ``work/recoll``."""
    conf = work / "recoll"
    config = configure(conf, archive, jobs)
    index = ["recollindex", "-c", str(conf)]
    result: dict = {"side": "recoll", "version": version(), "measured_at": now(), "config": config}
    log("recoll: full index …")
    with LoadSampler() as load:
        wall, cpu, peak, done = run_peak(index, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"recollindex failed: {done.stderr.decode(errors='replace')[-2000:]}")
    result["ingest"] = {"wall": wall, "cpu": cpu, "peak_mb": peak, "load": load.summary()}
    log(f"recoll: index wall {wall:.1f} s, CPU {cpu:.1f} s, peak {peak:.0f} MB, load {load.summary()}")
    with LoadSampler() as load:
        noop = [run_peak(index, env=env)[:2] for _ in range(3)]
    result["noop"] = {"wall": [w for w, _ in noop], "cpu": [c for _, c in noop], "load": load.summary()}
    log("recoll: queries …")
    base = ["recollq", "-c", str(conf)]
    result["search_b"] = whole(lambda q: [*base, "-b", *q.split()], queries, passes, env)
    result["search_a"] = whole(lambda q: [*base, "-A", "-n", "10", *q.split()], queries, passes, env)
    result["inproc"] = inproc(conf, queries, passes + 1)
    result["indexed_reports"] = indexed_reports(conf)
    return result
