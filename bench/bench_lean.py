"""Whole-process cost of the hot commands without the resident search process (issue 18).

python -m bench.bench_lean --index /tmp/lean18/index [--runs 11] [--query missbruk]

Runs each command as a fresh ``kbank`` process (the installed entry point, so exactly what a
user starts) with no ``kbank serve`` answering (``KBANK_SERVE_SOCKET`` points nowhere), stdout
and stderr to pipes, and prints the median and p95 of CPU (``getrusage`` of the children:
user + system) and wall time over the runs, with the load average before and after. CPU is
the figure to compare on a shared machine; wall is shown with the load it was measured at.
``python -c pass`` is the floor: an interpreter that starts and stops.

Python may keep compiled bytecode (``__pycache__``), as it does for an installed kbank (pip
compiles on install): the warm-up run writes it. ``--no-bytecode-cache`` keeps
``PYTHONDONTWRITEBYTECODE`` as the caller set it, so that an editable checkout without
``__pycache__`` compiles every kbank module from source in every run (this machine's
environment sets it; issue 18's first figures were measured so).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(cmd: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float], int]:
    """(CPU seconds per run, wall seconds per run, exit code of the last run)."""
    cpu: list[float] = []
    wall: list[float] = []
    code = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, check=False)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        code = done.returncode
    return cpu, wall, code


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, required=True, help="an index folder (kbank ingest … --index)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--query", default="missbruk")
    parser.add_argument("--only", nargs="*", help="labels of the rows to run")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="keep PYTHONDONTWRITEBYTECODE from the environment"
    )
    args = parser.parse_args()

    kbank = shutil.which("kbank", path=str(Path(sys.executable).parent)) or "kbank"
    scratch = Path(tempfile.mkdtemp(prefix="bench-lean-"))
    env = dict(os.environ)
    env.update(
        KBANK_INDEX=str(args.index),
        KBANK_SERVE_SOCKET=str(scratch / "none.sock"),  # no resident process answers
        KBANK_DATA=str(scratch / "data"),  # the usage log and last search go here, not into the index
        XDG_CACHE_HOME=str(scratch / "cache"),
        COLUMNS="100",
    )
    env.pop("KBANK_DEBUG", None)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("kbank --help", [kbank, "--help"]),
        ("kbank search --help", [kbank, "search", "--help"]),
        (f"kbank search {args.query}", [kbank, "search", args.query]),
        (f"kbank search {args.query} --json", [kbank, "search", args.query, "--json"]),
        ("kbank list --limit 10", [kbank, "list", "--limit", "10"]),
        ("kbank show (first hit)", [kbank, "show", "1"]),
    ]
    bytecode = "no bytecode cache" if env.get("PYTHONDONTWRITEBYTECODE") else "bytecode cached"
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} runs each; {bytecode}"
    )
    print(f"{'command':40s} {'CPU med':>8s} {'CPU p95':>8s} {'wall med':>9s} {'wall p95':>9s}  exit")
    for label, cmd in rows:
        if args.only and label not in args.only:
            continue
        measure(cmd, env, 1)  # warm: the page cache, and the help cache where there is one
        cpu, wall, code = measure(cmd, env, args.runs)
        print(
            f"{label:40s} {statistics.median(cpu) * 1000:8.0f} {p95(cpu) * 1000:8.0f} "
            f"{statistics.median(wall) * 1000:9.0f} {p95(wall) * 1000:9.0f}  {code}"
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
