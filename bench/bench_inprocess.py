"""In-process search, kbank beside Recoll on one index each of the same archive; output checks.

python -m bench.bench_inprocess /tmp/q2k/index --recoll /tmp/q2k/recoll
python -m bench.bench_inprocess /tmp/q2k/index --dump /tmp/before.json      # every answer as JSON
python -m bench.bench_inprocess /tmp/q2k/index --compare /tmp/before.json   # ... the same now?

The indexes are the ones ``bench.bench_recoll`` builds (``corpora/synth.py``'s archive indexed
by ``kbank ingest`` and by ``recollindex``). kbank: one open ``Bank``, the 30 queries of
``bench_recoll`` once to warm (each word's forms looked up once, as in a resident process),
then ``--passes`` passes, each query timed by CPU (``time.process_time``) and wall.
Recoll: the same queries through its Python binding (``python3-recoll``, built for the system
interpreter, so ``bench/recoll_inprocess.py`` runs under ``/usr/bin/python3`` in a
subprocess), one warming pass, the same passes, with an abstract per hit (``makedocabstract``,
as ``recollq -A``) and with page snippets (``getsnippets``). Skipped with a note when the
binding is not installed (``apt-get install python3-recoll``).

``--dump``/``--compare`` write or check the ``--json`` answer of every query here and of more
kinds (phrases, several words, misspellings, prefixes, filters, ``--explain``, paging, sorting,
the summary field): per-query work may get faster, the answers must stay the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_recoll import QUERIES
from bench.measure import pct as p
from kbank.config import load_settings
from kbank.search.bank import Bank
from kbank.search.results import Filters

SYSTEM_PYTHON = "/usr/bin/python3"
WORKER = Path(__file__).with_name("recoll_inprocess.py")

#: further kinds of query for the output check (the synthetic archive's words)
MORE = [
    ("hemlöshet missbruk familjehem", {}),
    ("ett hem att växa i", {}),
    ('"psykisk ohälsa"', {}),
    ("hemlöshett", {}),
    ("missbuk familjehemm", {}),
    ("utvärdering*", {}),
    ("hem*", {}),
    ("familjehem OR boendestöd", {}),
    ("missbruk NOT hemlöshet", {}),
    ("typ:slutrapport missbruk", {}),
    ("år:2010..2015 samverkan", {}),
    ("titel:hemlöshet", {}),
    ("socialtjänsten", {"explain": True}),
    ("våldsutsatta kvinnor", {"explain": True}),
    ("missbruk", {"offset": 10}),
    ("missbruk", {"sort": "date"}),
    ("missbruk", {"sort": "title", "limit": 5}),
    ("kontaktperson", {"in_field": "summary"}),
    ("äldreomsorg", {"filters": {"types": ["slutrapport", "utvardering"]}}),
    ("vindkraftverk", {}),
]


def answers(bank: Bank, evaluation: bool = False) -> dict[str, dict]:
    """Every check query's JSON answer, keyed by the query and its options."""
    out = {}
    checks = [(q, {}) for q in QUERIES] + MORE
    if evaluation:  # the judged queries, each also with --explain
        from corpora.evaluation.run import load_queries

        checks = [(q.q, o) for q in load_queries() for o in ({}, {"explain": True})]
    for text, options in checks:
        kw = dict(options)
        if "filters" in kw:
            kw["filters"] = Filters(**kw["filters"])
        result = bank.search(text, **kw)
        out[f"{text} {json.dumps(options, sort_keys=True)}"] = result.to_json()
    return out


def kbank_times(bank: Bank, passes: int) -> tuple[list[float], list[float]]:
    for q in QUERIES:
        bank.search(q)
    cpu, wall = [], []
    for _ in range(passes):
        for q in QUERIES:
            c0, w0 = time.process_time(), time.perf_counter()
            bank.search(q)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
    return cpu, wall


def recoll_available() -> str | None:
    """None when the binding imports under the system interpreter, else why not."""
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing"
    done = subprocess.run([SYSTEM_PYTHON, "-c", "from recoll import recoll"], capture_output=True)
    return (
        None if done.returncode == 0 else "python3-recoll is not installed (apt-get install python3-recoll)"
    )


def recoll_times(confdir: Path, mode: str, passes: int) -> dict:
    done = subprocess.run(
        [SYSTEM_PYTHON, str(WORKER), str(confdir), "--mode", mode, "--passes", str(passes)],
        input=json.dumps(QUERIES).encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} / {p(values, 0.95) * 1000:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("index", type=Path, help="an index folder (or an empty folder with --evaluation)")
    parser.add_argument("--recoll", type=Path, help="Recoll's configuration folder for the same archive")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1, help="repeat kbank and Recoll this many times")
    parser.add_argument("--dump", type=Path, help="write every check query's JSON answer here")
    parser.add_argument("--compare", type=Path, help="check every answer against a --dump file")
    parser.add_argument(
        "--evaluation",
        action="store_true",
        help="check the judged queries on the evaluation archive, built in the folder given "
        "(once: later runs use the index there)",
    )
    args = parser.parse_args()
    if args.evaluation and not (args.index / "index").exists():
        from corpora.evaluation.run import Evaluation

        evaluation = Evaluation(args.index)  # built once: compare answers on the same index
        evaluation.baseline.close()
        bank = evaluation.bank
    elif args.evaluation:
        bank = Bank(load_settings(archive=args.index / "archive", index=args.index / "index"))
    else:
        bank = Bank(load_settings(index=args.index))
    with bank:
        if args.dump or args.compare:
            got = answers(bank, args.evaluation)
            if args.dump:
                args.dump.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
                print(f"{len(got)} answers written to {args.dump}")
            if args.compare:
                want = json.loads(args.compare.read_text("utf-8"))
                differ = [k for k in want if want[k] != got.get(k)]
                for k in differ:
                    print(f"DIFFERS: {k}")
                print(f"{len(want) - len(differ)} of {len(want)} answers identical")
                if differ:
                    sys.exit(1)
            return
        why_not = recoll_available() if args.recoll else "no --recoll folder given"
        print(f"load average at start: {os.getloadavg()}")
        for round_ in range(args.rounds):
            cpu, wall = kbank_times(bank, args.passes)
            print(
                f"kbank   in-process median / p95 ms: CPU {ms(cpu)}, wall {ms(wall)}  load {os.getloadavg()[0]:.1f}"
            )
            if why_not is None:
                assert args.recoll is not None
                for mode in ("list", "abstract", "snippets"):
                    r = recoll_times(args.recoll, mode, args.passes)
                    print(f"recoll  {mode:9} median / p95 ms: CPU {ms(r['cpu'])}, wall {ms(r['wall'])}  "
                          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
                    if mode == "abstract":
                        ratio = p(cpu, 0.95) / p(r["cpu"], 0.95)
                        print(f"        p95 CPU ratio kbank / recoll (abstract): {ratio:.2f}")
            elif round_ == 0:
                print(f"Recoll skipped: {why_not}")


if __name__ == "__main__":
    main()
