"""kbank beside Recoll on the same synthetic archive: ingest, no-op re-ingest, memory, search.

python -m bench.bench_recoll /tmp/kbank-vs-recoll --reports 2000

Writes the archive (``corpora/synth.py``) once, indexes it with ``kbank ingest --jobs 2`` and
with ``recollindex`` (Debian's ``recoll`` package; skipped with a note when it is not
installed), then times 30 queries as whole processes: ``kbank search`` without and with the
resident process (``kbank serve``), ``recollq -b`` (paths only) and ``recollq -A`` (with
abstracts, the nearest to kbank's snippets), and in-process ``Bank.search`` beside Recoll's
Python binding (``bench.bench_inprocess``; skipped with a note without ``python3-recoll``). CPU times come
from ``getrusage`` of the children, so they hold on a loaded machine where wall times do not;
the load average is printed with the figures.
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
import time
from pathlib import Path

from corpora.synth import write_archive

QUERIES = [
    "hemlöshet", "missbruk", "familjehem", "utvärdering", "boendestöd", "våldsutsatta kvinnor",
    "äldreomsorg", "föräldrastöd", "socialtjänsten", "praktik", "sysselsättning", "nyanlända",
    "psykisk ohälsa", "samverkan polis", "barnkonventionen", "kartläggning", "riskfaktorer",
    "spelberoende", "vräkning", "hemtjänst", "brottsoffer", "delaktighet", "digitala verktyg",
    "ekonomi bistånd", "jämställdhet", "kontaktperson", "ungdomsmottagning", "tolk", "lvu", "mentor",
]  # fmt: skip


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
    """Run a command; (wall seconds, CPU seconds of it and its children, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, **kw)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    root = args.root
    archive = root / f"archive-{args.reports}"
    write_archive(archive, args.reports)
    index = root / f"index-{args.reports}"
    sock = root / "s" / "serve.sock"
    env = dict(os.environ) | {"KBANK_NO_LOG": "1", "KBANK_SERVE_SOCKET": str(sock), "COLUMNS": "120"}
    kbank = [sys.executable, "-m", "kbank"]
    rows: list[tuple[str, str, str]] = []
    print(f"load average at start: {os.getloadavg()}")

    shutil.rmtree(index, ignore_errors=True)
    ingest = [*kbank, "ingest", str(archive), "--index", str(index), "--jobs", str(args.jobs), "--quiet"]
    wall, cpu, done = run(["/usr/bin/time", "-f", "%M", *reaped(ingest)], env=env)
    assert done.returncode in (0, 3), done.stderr
    k_ingest = (wall, cpu)
    k_peak = int(done.stderr.decode().strip().splitlines()[-1]) / 1024
    noop = [run(reaped(ingest), env=env)[:2] for _ in range(3)]
    k_noop = (statistics.median(w for w, _ in noop), statistics.median(c for _, c in noop))
    print(f"kbank ingest: wall {k_ingest[0]:.1f} s, CPU {k_ingest[1]:.1f} s; no-op {k_noop[0]:.2f} s; "
          f"peak {k_peak:.0f} MB; load {os.getloadavg()}")  # fmt: skip

    recoll = shutil.which("recollindex") and shutil.which("recollq") and shutil.which("pdftotext")
    if recoll:
        conf = root / f"recoll-{args.reports}"
        shutil.rmtree(conf, ignore_errors=True)
        conf.mkdir(parents=True)
        (conf / "recoll.conf").write_text(
            f"topdirs = {archive}\nindexstemminglanguages = swedish\nnoaspell = 1\n"
            f"thrQSizes = -1 -1 -1\nthrTCounts = {args.jobs} 1 1\nloglevel = 1\n",
            encoding="utf-8",
        )
        r_ingest = run(["/usr/bin/time", "-f", "%M", *reaped(["recollindex", "-c", str(conf)])], env=env)
        r_peak = int(r_ingest[2].stderr.decode().strip().splitlines()[-1]) / 1024
        r_noop = [run(reaped(["recollindex", "-c", str(conf)]), env=env)[:2] for _ in range(3)]
        r_noop_m = (statistics.median(w for w, _ in r_noop), statistics.median(c for _, c in r_noop))
        print(f"recoll index: wall {r_ingest[0]:.1f} s, CPU {r_ingest[1]:.1f} s; no-op {r_noop_m[0]:.2f} s; "
              f"peak {r_peak:.0f} MB")  # fmt: skip
    else:
        # without pdftotext Recoll indexes only the PDFs' names: no fair comparison
        print(
            "recoll or pdftotext is not installed (apt-get install recoll poppler-utils): its columns are skipped"
        )

    def whole(cmd_for) -> tuple[list[float], list[float]]:
        walls, cpus = [], []
        for q in QUERIES:
            w, c, done = run(cmd_for(q), env=env)
            assert done.returncode == 0, done.stderr
            walls.append(w)
            cpus.append(c)
        return walls, cpus

    search = lambda q: [*kbank, "search", *q.split(), "--index", str(index)]  # noqa: E731
    whole(search)  # page cache warm
    k_cold = whole(search)
    subprocess.run(
        [*kbank, "serve", "--detach", "--index", str(index)], env=env, check=True, capture_output=True
    )
    k_served = whole(search)
    k_served = whole(search)  # each query's words warm, as for the second user
    subprocess.run([*kbank, "serve", "--stop"], env=env, capture_output=True)
    entry = [str(Path(sys.executable).with_name("kbank")), "search"]
    served_script = None
    if Path(entry[0]).exists():
        subprocess.run(
            [*kbank, "serve", "--detach", "--index", str(index)], env=env, check=True, capture_output=True
        )
        whole(lambda q: [*entry, *q.split(), "--index", str(index)])
        served_script = whole(lambda q: [*entry, *q.split(), "--index", str(index)])
        subprocess.run([*kbank, "serve", "--stop"], env=env, capture_output=True)
    help_ = [run([*kbank, "--help"], env=env)[:2] for _ in range(11)]
    list_ = [run([*kbank, "list", "--limit", "10", "--index", str(index)], env=env)[:2] for _ in range(11)]

    from bench.bench_inprocess import kbank_times, recoll_available, recoll_times
    from kbank.config import load_settings
    from kbank.search.bank import Bank

    with Bank(load_settings(index=index)) as bank:
        inproc_cpu, inproc = kbank_times(bank, 3)
    r_inproc = None
    why_not = recoll_available() if recoll else "recoll is not installed"
    if why_not is None:
        r_inproc = recoll_times(conf, "abstract", 3)  # python3-recoll, with an abstract per hit
    if recoll:
        r_b = whole(lambda q: ["recollq", "-c", str(conf), "-b", *q.split()])
        r_b = whole(lambda q: ["recollq", "-c", str(conf), "-b", *q.split()])
        r_a = whole(lambda q: ["recollq", "-c", str(conf), "-A", "-n", "10", *q.split()])

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} / {p(values, 0.95) * 1000:.0f}"

    rows.append(
        (
            "whole-process search, median / p95 ms (wall)",
            ms(k_cold[0]),
            ms(r_b[0]) + " (-b), " + ms(r_a[0]) + " (-A)" if recoll else "—",
        )
    )
    rows.append(("… CPU ms", ms(k_cold[1]), ms(r_b[1]) + " (-b), " + ms(r_a[1]) + " (-A)" if recoll else "—"))
    rows.append(("whole-process search with kbank serve (python -m kbank), wall", ms(k_served[0]), ""))
    rows.append(("… CPU ms", ms(k_served[1]), ""))
    if served_script:
        rows.append(
            ("whole-process search with kbank serve (`kbank` script), wall", ms(served_script[0]), "")
        )
        rows.append(("… CPU ms", ms(served_script[1]), ""))
    rows.append(
        (
            "in-process search, median / p95 ms (wall)",
            ms(inproc),
            ms(r_inproc["wall"]) + " (python3-recoll, abstracts)" if r_inproc else f"not measured: {why_not}",
        )
    )
    rows.append(("… CPU ms", ms(inproc_cpu), ms(r_inproc["cpu"]) if r_inproc else ""))
    rows.append(
        (
            "ingest --jobs 2: wall / CPU s",
            f"{k_ingest[0]:.1f} / {k_ingest[1]:.1f}",
            f"{r_ingest[0]:.1f} / {r_ingest[1]:.1f}" if recoll else "—",
        )
    )
    rows.append(
        (
            "no-op re-ingest: wall / CPU s",
            f"{k_noop[0]:.2f} / {k_noop[1]:.2f}",
            f"{r_noop_m[0]:.2f} / {r_noop_m[1]:.2f}" if recoll else "—",
        )
    )
    rows.append(("peak memory of a full index run, MB", f"{k_peak:.0f}", f"{r_peak:.0f}" if recoll else "—"))
    rows.append(
        (
            "`kbank --help`, median wall / CPU ms",
            f"{statistics.median(w for w, _ in help_) * 1000:.0f} / {statistics.median(c for _, c in help_) * 1000:.0f}",
            "",
        )
    )
    rows.append(("`kbank list --limit 10`, median wall / CPU ms", f"{statistics.median(w for w, _ in list_) * 1000:.0f} / {statistics.median(c for _, c in list_) * 1000:.0f}", ""))  # fmt: skip
    print(f"\n{args.reports} reports; load average at end {os.getloadavg()}; {os.cpu_count()} cores\n")
    print("| figure | kbank | Recoll |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(json.dumps({"load": os.getloadavg()}))


if __name__ == "__main__":
    main()
