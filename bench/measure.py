"""Shared measuring helpers for the side-by-side benchmark (bench_recoll): child processes with
every descendant reaped, CPU from getrusage, the load average sampled during a part, medians and
percentiles, and the synthetic archive's manifest.

Everything here is plain data (lists of seconds, dicts) so that one side's results can be saved
as JSON and compared with the other side's from another run.
"""

from __future__ import annotations

import hashlib
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

#: runs a command as a child subreaper: every descendant, orphaned or not, is waited for, so
#: that getrusage(RUSAGE_CHILDREN) counts helpers a program leaves behind (recollindex's filters)
REAPED = """
import ctypes, os, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
code = subprocess.run(sys.argv[1:]).returncode
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
sys.exit(code)
"""


def reaped(cmd: list[str]) -> list[str]:
    return [sys.executable, "-c", REAPED, *cmd]


def run(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command; (wall seconds, CPU seconds of it and its waited-for children, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, **kw)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def run_peak(cmd: list[str], **kw) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Run a command with every descendant reaped; (wall s, CPU s, peak RSS of the largest process
    in MB, result). The peak comes from GNU time (``/usr/bin/time -f %M``), whose last stderr line
    it is."""
    timer = shutil.which("time") or "/usr/bin/time"
    wall, cpu, done = run([timer, "-f", "%M", *reaped(cmd)], **kw)
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].strip().isdigit() else float("nan")
    return wall, cpu, peak, done


class LoadSampler:
    """Samples the 1-minute load average every ``every`` seconds while the block runs."""

    def __init__(self, every: float = 2.0):
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float]:
        s = self.samples or [os.getloadavg()[0]]
        return {"min": round(min(s), 2), "mean": round(statistics.fmean(s), 2), "max": round(max(s), 2)}


def pct(values: list[float], q: float) -> float:
    """The q-quantile by nearest rank (q = 0.95: the p95 of 60 samples is the 57th)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def med(values: list[float]) -> float:
    return statistics.median(values)


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system, the process's own and its waited-for children) of a running
    process, from /proc/<pid>/stat (clock-tick resolution, 10 ms here)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


# -- the synthetic archive


MANIFEST = ".synth-manifest.json"
GENERATOR = Path(__file__).resolve().parents[1] / "corpora" / "synth.py"


def fingerprint(archive: Path) -> dict[str, object]:
    """Count, bytes and a digest of the sorted (path, size) list of the archive's report files."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(archive):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            entries.append((path.relative_to(archive).as_posix(), path.stat().st_size))
    entries.sort()
    digest = hashlib.sha256("\n".join(f"{p}\t{s}" for p, s in entries).encode()).hexdigest()
    return {"files": len(entries), "bytes": sum(s for _, s in entries), "digest": digest[:16]}


def generator_digest() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]


def read_manifest(archive: Path) -> dict | None:
    try:
        return json.loads((archive / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_archive(archive: Path, reports: int | None, seed: int, log) -> dict:
    """The archive's manifest, writing the archive first when it is missing or was written with
    other parameters (reports, seed). A changed generator source is only warned about: the
    archive is kept, since results measured on it (Recoll's) would no longer match a new one."""
    manifest = read_manifest(archive)
    if manifest is not None and reports is None:
        reports = int(manifest["reports"])
    reports = reports or 2000
    if manifest is not None and (manifest.get("reports"), manifest.get("seed")) == (reports, seed):
        if manifest.get("generator_sha256") != generator_digest():
            log(f"note: corpora/synth.py changed since {archive} was written; the archive is kept")
        return manifest
    from corpora.synth import write_archive

    marker = archive / f".complete-{reports}-{seed}"
    if manifest is not None or (archive.exists() and not marker.exists()):
        log(f"{archive}: other parameters or incomplete, written again")
        shutil.rmtree(archive)
    started = time.perf_counter()
    write_archive(archive, reports, seed)
    manifest = {
        "generator": "corpora.synth.write_archive",
        "reports": reports,
        "seed": seed,
        "generator_sha256": generator_digest(),
        **fingerprint(archive),
        "written_s": round(time.perf_counter() - started, 1),
    }
    (archive / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    log(f"{archive}: {manifest['files']} files, {manifest['bytes'] / 1e6:.0f} MB")
    return manifest


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
