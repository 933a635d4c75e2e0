"""A no-op re-ingest and ``kbank list --limit 10``, as whole processes and in-process (issue 18).

python -m bench.bench_noop ARCHIVE INDEX [--runs 11] [--recoll CONFDIR]

The archive must be ingested into INDEX already (``python -m bench.bench_recoll`` or
``python -m corpora.synth`` and ``kbank ingest``). Prints medians of CPU (``getrusage`` of the
child processes) and wall time with the load average, for:

- ``kbank ingest ARCHIVE --quiet`` over the unchanged archive (the first run after a code change
  is a full one: it is made once before timing);
- the same run's library part in a bare interpreter (``ingest.unchanged`` only: what a thin
  command dispatch in the entry point would cost);
- ``recollindex -c CONFDIR`` over the same, unchanged archive, when ``--recoll`` is given;
- ``kbank list --limit 10`` as a whole process, and in-process (open the index, list).

Run it with ``PYTHONPATH=<another checkout>`` to measure that checkout's kbank the same way.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

THIN = """
import os, sys
from pathlib import Path
from kbank.config import load_settings
from kbank.ingest import unchanged
from kbank.ingest.result import IngestScope
settings = load_settings(archive=Path(sys.argv[1]), index=Path(sys.argv[2]))
found = unchanged.check(settings, False, False, IngestScope())
result = unchanged.quick_ingest(settings, found)
sys.stdout.flush()
os._exit(0 if result is not None else 9)
"""

IN_PROCESS = """
import statistics, sys, time
from pathlib import Path
from kbank.config import load_settings
from kbank.search.bank import Bank
settings = load_settings(index=Path(sys.argv[1]))
opened, listed = [], []
for _ in range(int(sys.argv[2])):
    t0 = time.process_time()
    bank = Bank(settings)
    t1 = time.process_time()
    bank.list(limit=10)
    t2 = time.process_time()
    bank.close()
    opened.append(t1 - t0)
    listed.append(t2 - t1)
print(f"{statistics.median(opened) * 1000:.1f} {statistics.median(listed) * 1000:.1f}")
"""


def timed(cmd: list[str], runs: int, env: dict, ok=(0,)) -> tuple[float, float]:
    """Median (CPU ms, wall ms) of ``runs`` runs of ``cmd``, children included."""
    cpus, walls = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in ok:
            raise SystemExit(f"{cmd[:4]} … exit {done.returncode}: {done.stderr.decode()[-400:]}")
    return statistics.median(cpus) * 1000, statistics.median(walls) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("archive", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--recoll", type=Path, help="a Recoll config folder indexing the same archive")
    parser.add_argument("--no-thin", action="store_true", help="skip the bare-library run (older checkouts)")
    args = parser.parse_args()
    env = dict(os.environ) | {"KBANK_NO_LOG": "1", "COLUMNS": "120"}
    kbank = [sys.executable, "-m", "kbank"]
    ingest = [*kbank, "ingest", str(args.archive), "--index", str(args.index), "--quiet"]
    subprocess.run(ingest, capture_output=True, env=env, check=False)  # a code change: one full run
    rows = [("python -c pass", *timed([sys.executable, "-c", "pass"], args.runs, env))]
    rows.append(("kbank ingest --quiet, unchanged archive", *timed(ingest, args.runs, env, ok=(0, 3))))
    if not args.no_thin:
        thin = [sys.executable, "-c", THIN, str(args.archive), str(args.index)]
        rows.append(("… its library part alone (thin dispatch)", *timed(thin, args.runs, env)))
    if args.recoll:
        rows.append(
            (
                "recollindex, unchanged archive",
                *timed(["recollindex", "-c", str(args.recoll)], args.runs, env),
            )
        )
    listing = [*kbank, "list", "--limit", "10", "--index", str(args.index)]
    rows.append(("kbank list --limit 10", *timed(listing, args.runs, env)))
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(args.index), str(args.runs)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    opened, listed = done.stdout.split()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    print(f"{'figure':48} {'CPU ms':>8} {'wall ms':>8}")
    for name, cpu, wall in rows:
        print(f"{name:48} {cpu:8.0f} {wall:8.0f}")
    print(f"in-process: open {opened} ms CPU, list --limit 10 {listed} ms CPU (medians)")


if __name__ == "__main__":
    main()
