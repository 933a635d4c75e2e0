"""Linked banks: the ranking of a merged search against one index holding every bank's reports.

The evaluation archive (``corpora/evaluation``: 96 judged queries over ~75 reports) is split
by project folder over two banks (70/30 % of the reports) and over three (70/20/10 %), each
bank indexed on its own; the same archive is also indexed whole (the combined index). Every
query is run on the combined index and over the banks with each merging method:

- ``global``: every bank scores with document frequencies, field lengths and the newest year
  summed over all banks (``kbank.linked.stats``), so a score means the same in every bank;
- ``rrf``: reciprocal rank fusion of each bank's own ranking (k = 60);
- ``maxnorm``: each bank's scores divided by its best score;
- ``local``: each bank's own BM25 scores taken as they are (the naive merge).

MRR@10 and recall@10 against the judgments, and agreement@10 (the share of the combined
index's top 10 the merged top 10 holds). Then the latency of a three-bank search against a
one-bank search (the combined index), in-process and as whole ``kbank`` processes: CPU time
(``process_time``; children's rusage) and wall time, medians, with the load average.

    python -m bench.bench_linked                 # the tables for BENCHMARKS.md
    python -m bench.bench_linked --runs 7        # more runs for the latency medians
    python -m bench.bench_linked --synth 2000    # latency over 2,000 synthetic reports in three banks
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora.evaluation.corpus import build
from corpora.evaluation.run import K, load_queries, relevant_docs, scores
from kbank.bankconfig import LinkedBank
from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.linked.federated import MERGES, open_banks, search
from kbank.search.bank import Bank

SPLITS = {"2 banks (70/30)": (0.7, 0.3), "3 banks (70/20/10)": (0.7, 0.2, 0.1)}
SEED = 17


def split_folders(archive: Path, shares: tuple[float, ...], seed: int = SEED) -> list[list[str]]:
    """Project folders (``year/folder``) dealt to banks so that each gets about its share of the files."""
    folders: dict[str, int] = {}
    for path in archive.rglob("*"):
        rel = path.relative_to(archive).parts
        if path.is_file() and len(rel) >= 3 and not rel[0].startswith("."):
            folders["/".join(rel[:2])] = folders.get("/".join(rel[:2]), 0) + 1
    names = sorted(folders)
    random.Random(seed).shuffle(names)
    total = sum(folders.values())
    banks: list[list[str]] = [[] for _ in shares]
    filled = [0] * len(shares)
    for name in names:  # the bank furthest below its share takes the next folder
        need = [shares[i] * total - filled[i] for i in range(len(shares))]
        i = max(range(len(shares)), key=lambda j: need[j])
        banks[i].append(name)
        filled[i] += folders[name]
    return banks


def make_bank(archive: Path, folders: list[str], target: Path) -> Path:
    for folder in folders:
        shutil.copytree(archive / folder, target / folder)
    return target


def settings_for(work: Path, bank_dirs: list[Path]):
    """Settings whose local bank is the first, with the others linked."""
    settings = load_settings(archive=bank_dirs[0] / "archive", index=bank_dirs[0] / "index", cwd=work)
    linked = {
        f"b{i}": LinkedBank(f"b{i}", f"Bank {i}", index=d / "index", archive=d / "archive")
        for i, d in enumerate(bank_dirs[1:], 1)
    }
    return dataclasses.replace(settings, banks=linked, bank_timeout=600.0)


def evaluate(work: Path, runs: int) -> None:
    archive = work / "archive"
    docs = build(archive)
    queries = load_queries()
    combined_settings = load_settings(archive=archive, index=work / "combined", cwd=work)
    ingest(combined_settings)
    combined = Bank(combined_settings)
    by_path = {d.path: d.key for d in docs}
    key_of: dict[str, str] = {}
    for doc in combined.list().documents:
        known = [by_path[p] for p in doc.paths if p in by_path]
        if known:
            key_of[doc.id] = known[0]
    relevant = {q.q: relevant_docs(q, docs) for q in queries}
    base = {q.q: [key_of.get(h.id, h.id) for h in combined.search(q.q, limit=K).hits] for q in queries}

    print(f"{len(queries)} judged queries over {len(docs)} reports; metrics at {K}.\n")
    print("| banks | reports per bank | merge | MRR | recall@10 | agreement@10 | same top-10 order |")
    print("|---|---|---|---|---|---|---|")
    row = _metrics(base, base, relevant)
    print(f"| 1 (combined index) | {len(key_of)} | — | {row[0]:.3f} | {row[1]:.3f} | 1.000 | 1.000 |")
    three = None
    for label, shares in SPLITS.items():
        parts = split_folders(archive, shares)
        bank_dirs = []
        for i, folders in enumerate(parts):
            target = work / label.split()[0] / f"bank{i}"
            make_bank(archive, folders, target / "archive")
            ingest(load_settings(archive=target / "archive", index=target / "index", cwd=work))
            bank_dirs.append(target)
        settings = settings_for(work, bank_dirs)
        counts = [_count(d) for d in bank_dirs]
        with open_banks(settings, list(settings.all_banks.values())) as fed:
            assert not fed.skipped, fed.skipped
            for merge in MERGES:
                merged = {
                    q.q: [key_of.get(h.id, h.id) for h in search(fed, q.q, limit=K, merge=merge).hits]
                    for q in queries
                }
                m = _metrics(merged, base, relevant)
                print(
                    f"| {label} | {'/'.join(map(str, counts))} | {merge} | {m[0]:.3f} | {m[1]:.3f} | "
                    f"{m[2]:.3f} | {m[3]:.3f} |"
                )
        three = settings
    assert three is not None
    print()
    sample = [q.q for q in queries if q.category in ("exact", "inflection", "compound")][:12]
    latency(combined, three, sample, runs, work)
    combined.close()


def synthetic(work: Path, reports: int, runs: int) -> None:
    """Latency only, over a synthetic archive (``corpora/synth.py``) split 70/20/10 % over three banks."""
    from corpora import synth

    archive = work / "archive"
    synth.write_archive(archive, reports)
    combined = Bank(_ingested(archive, work / "combined", work))
    bank_dirs = []
    for i, folders in enumerate(split_folders(archive, SPLITS["3 banks (70/20/10)"])):
        target = work / "3" / f"bank{i}"
        make_bank(archive, folders, target / "archive")
        _ingested(target / "archive", target / "index", work)
        bank_dirs.append(target)
    settings = settings_for(work, bank_dirs)
    rng = random.Random(SEED)
    pool = synth.vocabulary()[:400]
    sample = [" ".join(rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))) for _ in range(12)]
    print(
        f"Synthetic archive of {reports} reports, banks of {'/'.join(str(_count(d)) for d in bank_dirs)}.\n"
    )
    latency(combined, settings, sample, runs, work)
    combined.close()


def _ingested(archive: Path, index: Path, work: Path):
    settings = load_settings(archive=archive, index=index, cwd=work)
    ingest(settings)
    return settings


def _count(bank_dir: Path) -> int:
    with Bank(load_settings(archive=bank_dir / "archive", index=bank_dir / "index")) as bank:
        return bank.list().total


def _metrics(ranked: dict[str, list[str]], base: dict[str, list[str]], relevant: dict[str, set[str]]):
    rows = [scores(ranked[q], relevant[q]) for q in ranked]
    agree = [len(set(ranked[q][:K]) & set(base[q][:K])) / len(base[q][:K]) for q in ranked if base[q]]
    same = [ranked[q][:K] == base[q][:K] for q in ranked]
    return (
        sum(r[0] for r in rows) / len(rows),
        sum(r[1] for r in rows) / len(rows),
        sum(agree) / len(agree) if agree else 1.0,
        sum(same) / len(same),
    )


def latency(combined: Bank, settings, sample: list[str], runs: int, work: Path) -> None:
    """Median CPU and wall time of a search: one bank (the combined index) against three banks."""
    rows = []
    one_cpu, one_wall, three_cpu, three_wall = [], [], [], []
    with open_banks(settings, list(settings.all_banks.values())) as fed:
        for _ in range(runs):
            for q in sample:
                c, w = time.process_time(), time.perf_counter()
                combined.search(q, limit=10)
                one_cpu.append(time.process_time() - c)
                one_wall.append(time.perf_counter() - w)
                c, w = time.process_time(), time.perf_counter()
                search(fed, q, limit=10)
                three_cpu.append(time.process_time() - c)
                three_wall.append(time.perf_counter() - w)
    rows.append(("in-process, index open", one_cpu, one_wall, three_cpu, three_wall))
    # whole processes: open, search, print JSON, exit; the local bank is the first of the three
    toml = work / "kbank.toml"
    bank_dirs = [settings.index.parent] + [b.index.parent for b in settings.banks.values()]
    toml.write_text(
        f'index = "{bank_dirs[0] / "index"}"\narchive = "{bank_dirs[0] / "archive"}"\n'
        + "".join(
            f'[banks.{b.id}]\nname = "{b.name}"\nindex = "{b.index}"\narchive = "{b.archive}"\n'
            for b in settings.banks.values()
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBANK_")} | {
        "KBANK_NO_LOG": "1",
        "KBANK_SITE_CONFIG": str(work / "none.toml"),
    }
    kbank = [sys.executable, "-m", "kbank"]
    p1c, p1w, p3c, p3w = [], [], [], []
    for _ in range(runs):
        for q in sample[:4]:
            for args, cpu, wall in (
                (["search", q, "--json", "--index", str(work / "combined")], p1c, p1w),
                (["search", q, "--json", "--all-banks"], p3c, p3w),
            ):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                w = time.perf_counter()
                done = subprocess.run([*kbank, *args], cwd=work, env=env, capture_output=True, check=False)
                wall.append(time.perf_counter() - w)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                if done.returncode != 0:
                    raise SystemExit(done.stderr.decode())
                json.loads(done.stdout)
    rows.append(("whole process (python -m kbank … --json)", p1c, p1w, p3c, p3w))
    load = os.getloadavg()
    print(f"Latency, medians over {runs} runs of {len(sample)} queries (whole process: 4 queries); "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores.\n")  # fmt: skip
    print("| search | 1 bank CPU ms | 1 bank wall ms | 3 banks CPU ms | 3 banks wall ms | CPU ratio |")
    print("|---|---|---|---|---|---|")
    for label, a, b, c, d in rows:
        ma, mb, mc, md = (statistics.median(x) * 1000 for x in (a, b, c, d))
        print(f"| {label} | {ma:.1f} | {mb:.1f} | {mc:.1f} | {md:.1f} | {mc / ma:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per query for the latency medians")
    parser.add_argument("--synth", type=int, metavar="N", help="latency only, over N synthetic reports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.synth:
            synthetic(Path(tmp), args.synth, args.runs)
        else:
            evaluate(Path(tmp), args.runs)


if __name__ == "__main__":
    main()
