"""Time one ``kbank set`` on the demo archive: the correction applied to its case vs. a whole ingest.

    python -m bench.bench_set [--runs 7] [--before-src DIR] [--synth N]

In-process: ``set_values`` then ``apply_set`` (what ``kbank set`` does now: re-settle only the
edited case) against ``set_values`` then ``ingest`` (what it did before). Whole command: the
``kbank set`` process, and with ``--before-src`` (a checkout of an older kbank, e.g.
``git archive ca5d2fc | tar -x -C /tmp/old``) the older one's, alternated, on the same index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before-src", type=Path, default=None)
    parser.add_argument("--synth", type=int, default=0, help="a synthetic archive of N reports instead")
    args = parser.parse_args()

    from kbank.config import load_settings
    from kbank.ingest.run import ingest
    from kbank.tasks.edit import apply_set, set_values

    work = Path(tempfile.mkdtemp(prefix="kbank-bench-set-"))
    try:
        if args.synth:
            from corpora import synth

            synth.write_archive(work / "archive", args.synth)
        else:
            shutil.copytree(REPO / "archive", work / "archive")
        settings = load_settings(archive=work / "archive", index=work / "index", cwd=work)
        ingest(settings)
        with __import__("kbank.search.bank", fromlist=["Bank"]).Bank(settings) as bank:
            ref = bank.list().documents[0].id
        now, before = [], []
        for i in range(args.runs):
            result = set_values(settings, ref, {"titel": f"Bänktitel {i}"})
            started = time.perf_counter()
            apply_set(settings, result)
            now.append(time.perf_counter() - started)
            set_values(settings, ref, {"titel": f"Bänktitel {i} b"})
            started = time.perf_counter()
            ingest(settings)
            before.append(time.perf_counter() - started)
        what = f"synthetic archive of {args.synth} reports" if args.synth else "demo archive"
        print(f"{what}, {args.runs} runs, medians (min–max)")
        print(f"  apply the correction, in process:  set → apply_case {_fmt(now)}")
        print(f"                                      set → ingest     {_fmt(before)}")

        env = dict(os.environ, KBANK_ARCHIVE=str(work / "archive"), KBANK_INDEX=str(work / "index"))
        env.pop("KBANK_CONFIG", None)
        commands = {"now": (env, [sys.executable, "-m", "kbank"])}
        if args.before_src:
            commands["before"] = (dict(env, PYTHONPATH=str(args.before_src)), [sys.executable, "-m", "kbank"])
        times: dict[str, list[float]] = {k: [] for k in commands}
        for i in range(args.runs):
            for name, (cmd_env, cmd) in commands.items():
                started = time.perf_counter()
                subprocess.run(
                    [*cmd, "set", ref, f"titel=Processtitel {name} {i}"],
                    env=cmd_env, cwd=work, check=True, capture_output=True,
                )  # fmt: skip
                times[name].append(time.perf_counter() - started)
        for name, values in times.items():
            print(f"  whole kbank set process ({name}):{' ' * (8 - len(name))} {_fmt(values)}")
        print(f"  kbank list process, for scale:     {_fmt(_list_times(env, work, args.runs))}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _list_times(env: dict, work: Path, runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kbank", "list"], env=env, cwd=work, check=True, capture_output=True
        )
        found.append(time.perf_counter() - started)
    return found


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


if __name__ == "__main__":
    main()
