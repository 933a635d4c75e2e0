"""The single writer's cost: full ingest ``--jobs 2`` wall, CPU, writer CPU per report, peak memory.

python -m bench.bench_writer /tmp/w18 --reports 1000 --runs 3

Writes the synthetic archive (``corpora/synth.py``) once, then runs ``kbank ingest --jobs N``
into a fresh index folder (so with an empty extraction cache) ``--runs`` times and prints the
median of each figure. CPU is ``getrusage`` of every descendant (a subreaper, as in
``bench_recoll``); the writer's own CPU is its ``/proc/<pid>/stat`` utime+stime, sampled every
0.05 s until it exits (the workers are its children and are not counted in it); peak memory
is the largest summed RSS of the writer and its workers, and the writer's own. The machine's
load average is printed beside the figures: compare CPU when it is high.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.bench_scale import TreeMemory, _descendants
from bench.measure import reaped
from corpora.synth import write_archive

_TICK = os.sysconf("SC_CLK_TCK")


class WriterCpu:
    """Sample the CPU of the kbank process itself (not its children) until it exits."""

    def __init__(self, root: int):
        self.root, self.seconds, self.pid = root, 0.0, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.pid is None:  # the reaper's child that runs kbank
                tree = [p for p in _descendants(self.root) if p != self.root]
                kbank = [p for p in tree if b"kbank" in _cmdline(p) and b"-c" not in _cmdline(p)[:60]]
                self.pid = min(kbank) if kbank else None
            if self.pid is not None:
                try:
                    with open(f"/proc/{self.pid}/stat", "rb") as fh:
                        fields = fh.read().rsplit(b")", 1)[1].split()
                    self.seconds = (int(fields[11]) + int(fields[12])) / _TICK
                except (OSError, IndexError, ValueError):
                    pass
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def ingest_once(archive: Path, index: Path, jobs: int) -> dict:
    shutil.rmtree(index, ignore_errors=True)
    env = dict(os.environ) | {"KBANK_NO_LOG": "1"}
    cmd = [sys.executable, "-m", "kbank", "ingest", str(archive), "--index", str(index)]
    cmd += ["--jobs", str(jobs), "--json"]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(reaped(cmd), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    memory, writer = TreeMemory(proc.pid), WriterCpu(proc.pid)
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    memory.stop()
    writer.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"kbank ingest failed with exit code {proc.returncode}")
    data = json.loads(out)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # the reaper's own RSS is in the tree's sum: a fresh interpreter, ~10 MB, left in
    return {
        "wall": wall,
        "cpu": cpu,
        "writer_cpu": writer.seconds,
        "writer_ms_per_report": 1000 * writer.seconds / max(1, data["added"]),
        "peak_mb": memory.peak_total / 2**20,
        "load": (load + os.getloadavg()[0]) / 2,
        "added": data["added"],
        "failed": len(data["failed"]),
    }


def recoll_once(archive: Path, conf: Path, jobs: int) -> dict:
    """Recoll's ``recollindex`` on the same archive, as ``bench_recoll`` configures it."""
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    (conf / "recoll.conf").write_text(
        f"topdirs = {archive}\nindexstemminglanguages = swedish\nnoaspell = 1\n"
        f"thrQSizes = -1 -1 -1\nthrTCounts = {jobs} 1 1\nloglevel = 1\n",
        encoding="utf-8",
    )
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        reaped(["recollindex", "-c", str(conf)]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    memory = TreeMemory(proc.pid)
    proc.wait()
    wall = time.perf_counter() - started
    memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": memory.peak_total / 2**20,
        "load": (load + os.getloadavg()[0]) / 2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--recoll", action="store_true", help="index with Recoll after each kbank run, for the ratio"
    )
    args = parser.parse_args()
    archive = args.root / f"archive-{args.reports}"
    write_archive(archive, args.reports)
    runs, recolls = [], []
    for i in range(args.runs):
        r = ingest_once(archive, args.root / f"index-{args.reports}-writer", args.jobs)
        print(json.dumps({"run": i, **{k: round(v, 2) for k, v in r.items()}}), file=sys.stderr)
        runs.append(r)
        if args.recoll:  # interleaved, so both see the same load
            rr = recoll_once(archive, args.root / f"recoll-{args.reports}-writer", args.jobs)
            print(json.dumps({"recoll": i, **{k: round(v, 2) for k, v in rr.items()}}), file=sys.stderr)
            recolls.append(rr)
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"| {args.label or 'kbank'} | {args.reports} | {median['wall']:.1f} | {median['cpu']:.1f} | "
        f"{median['writer_cpu']:.1f} ({median['writer_ms_per_report']:.1f} ms/report) | "
        f"{median['peak_mb']:.0f} | {min(r['load'] for r in runs):.1f}–{max(r['load'] for r in runs):.1f} |"
    )
    if recolls:
        rm = {k: statistics.median(r[k] for r in recolls) for k in recolls[0]}
        print(
            f"| Recoll | {args.reports} | {rm['wall']:.1f} | {rm['cpu']:.1f} | | {rm['peak_mb']:.0f} | "
            f"{min(r['load'] for r in recolls):.1f}–{max(r['load'] for r in recolls):.1f} |"
        )
        ratios = [k["wall"] / r["wall"] for k, r in zip(runs, recolls, strict=True)]
        print(
            f"kbank / Recoll wall, run by run: {', '.join(f'{x:.2f}' for x in ratios)}; "
            f"CPU {median['cpu'] / rm['cpu']:.2f}"
        )


if __name__ == "__main__":
    main()
