"""Time searches on a synthetic index of many reports: in-process per query kind, and whole `kbank search`.

python -m bench.bench_search_latency /tmp/kbank-10k            # builds the index once (10,000 reports)
python -m bench.bench_search_latency /tmp/kbank-10k --reports 2000

The reports are written straight into the index (no PDFs): each one draws on the sentences of
one of the evaluation archive's 26 topics and their common talk, mentions three sentences of
other topics in passing, and carries made-up compounds so the vocabulary grows as a real
archive's does; one report in ten is damaged as OCR damages a scan.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from corpora.evaluation.corpus import COMMON, PROJECTS, ocr_damage  # noqa: E402
from kbank.config import load_settings  # noqa: E402
from kbank.index.generations import activate, create_generation  # noqa: E402
from kbank.index.records import doc_record, text_record  # noqa: E402
from kbank.index.writing import open_writer  # noqa: E402
from kbank.metadata.report import Report  # noqa: E402
from kbank.search.bank import Bank  # noqa: E402

QUERIES = {
    "word": ["hemlöshet", "ensamkommande", "brukarrevision", "daglig verksamhet", "trygg hemgång"],
    "compound": ["missbruk", "familjehem", "våld", "demens", "skuld"],
    "ocr/folded": ["hemloshet", "anhoriga dagverksamhet", "aldre ensamhet", "socialtjanst"],
    "misspelt": ["missbuk", "famljehemsplacerade", "hemlösht", "ensamkomande", "kameratilsyn"],
    "nothing": ["vindkraft", "kärnkraftverk", "golfbana"],
    "filters": ["typ:slutrapport hemlöshet", "år:2014..2016 missbruk", "dnr:SN 2014/311"],
    "3 words": ["utvärdering bostad först", "stöd till våldsutsatta kvinnor"],
}
TYPES = ["projektplan", "delrapport", "slutrapport", "utvärdering"]


def build(index_dir: Path, reports: int) -> None:
    rng = random.Random(7)
    sentences = [s for p in PROJECTS for s in p.topic] + list(COMMON)
    words = sorted({w.lower() for s in sentences for w in s.split() if w.isalpha() and len(w) > 4})
    name, ix = create_generation(index_dir)
    writer = open_writer(ix)
    for n in range(reports):
        project = PROJECTS[n % len(PROJECTS)]
        own = list(project.topic) + list(COMMON)
        body = " ".join([*(rng.choice(own) for _ in range(40)), *(rng.choice(sentences) for _ in range(3))])
        made_up = " ".join(rng.choice(words) + "s" + rng.choice(words) for _ in range(25))
        pages = [f"{project.title}\nDnr: SN {2005 + n % 18}/{n}", body, made_up]
        if n % 10 == 0:
            pages = [ocr_damage(p, rng) for p in pages]
        doc_id = f"{n:016x}"
        report = Report(
            id=doc_id, sha256=doc_id, path=f"{n}.pdf", title=f"{project.title} {n}", dnr=f"SN {2005 + n % 18}/{n}",
            dnr_raw=None, doc_type=TYPES[n % 4], date=None, year=2005 + n % 18, unit=project.unit, contact=None,
            areas=[], keywords=[project.keywords], project=None, paged=True, page_count=3,
            text_chars=sum(map(len, pages)),
        )  # fmt: skip
        writer.add_document(**doc_record(report, pages, asdict(report)))
        writer.add_document(**text_record(doc_id, pages, {"paged": True}))
        if n % 2000 == 1999:
            writer.commit()
            writer = open_writer(ix)
    writer.commit()
    activate(index_dir, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("index", type=Path)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not (args.index / "kbank.json").exists():
        started = time.perf_counter()
        build(args.index, args.reports)
        print(f"built {args.reports} reports in {time.perf_counter() - started:.0f} s")
    settings = load_settings(index=args.index)
    started = time.perf_counter()
    bank = Bank(settings)
    print(f"open: {(time.perf_counter() - started) * 1000:.0f} ms\n")
    print("| queries | searches | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    everything = []
    for kind, queries in QUERIES.items():
        times = []
        for round_ in range(args.rounds):
            for q in queries:
                if round_ == 0:
                    bank.search(q)  # the first search of a word fills caches; time the steady state too
                started = time.perf_counter()
                bank.search(q)
                times.append((time.perf_counter() - started) * 1000)
        everything += times
        print(
            f"| {kind} | {len(times)} | {statistics.median(times):.1f} | {_p95(times):.1f} | {max(times):.1f} |"
        )
    print(
        f"| **all** | {len(everything)} | {statistics.median(everything):.1f} | {_p95(everything):.1f} | {max(everything):.1f} |"
    )
    cold = []
    for q in [q for qs in QUERIES.values() for q in qs]:
        fresh = Bank(settings)
        started = time.perf_counter()
        fresh.search(q)
        cold.append((time.perf_counter() - started) * 1000)
        fresh.close()
    print(
        f"\nfirst search in a fresh Bank (no caches): p50 {statistics.median(cold):.1f} ms, p95 {_p95(cold):.1f} ms"
    )
    whole = []
    for q in ["hemlöshet", "missbruk", "missbuk", "hemloshet", "typ:slutrapport våld"]:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kbank", "search", q, "--index", str(args.index), "--json"],
                       check=True, capture_output=True)  # fmt: skip
        whole.append(time.perf_counter() - started)
    print(
        f"whole process `kbank search --json`: median {statistics.median(whole):.2f} s over {len(whole)} queries"
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


if __name__ == "__main__":
    main()
