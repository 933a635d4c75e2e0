"""kbank beside Recoll on the same synthetic archive, with ratios and issue 18's targets.

    python -m bench.bench_recoll --archive /work/bench-data/synth2000 --reports 2000 \
        --recoll-results /work/bench-data/recoll-2000.json --markdown

    # later, on new kbank code: only kbank's side, Recoll's figures from the file
    python -m bench.bench_recoll --archive /work/bench-data/synth10000 \
        --recoll-results /work/bench-data/recoll-10000.json --kbank-only --markdown

The archive (``corpora/synth.py``, deterministic) is written only when the folder is missing or
its manifest (``.synth-manifest.json``) names other parameters; ``--reports`` defaults to the
manifest's. Both sides' indexes go to the work folder (``--work``, default ``<archive>-work``).

kbank: ``kbank ingest --jobs N`` from nothing (wall, CPU of every descendant, peak RSS), no-op
re-ingest (median of 3), 30 queries as whole processes without and with the resident process
(``kbank serve``; the server's CPU per query from /proc), in-process ``Bank.search``,
``kbank --help`` and ``kbank list --limit 10``. Recoll (Debian's ``recoll``, needs
``poppler-utils``; skipped with a note otherwise): ``recollindex`` likewise, ``recollq -b`` and
``recollq -A`` (abstracts, the nearest to kbank's snippets), and in-process search through
``python3-recoll`` run by /usr/bin/python3. The 1-minute load average is sampled during every
part and printed beside it: on a shared machine compare CPU times.

``--recoll-results FILE`` reuses Recoll's figures from FILE when it exists (they do not depend on
kbank's code; the archive's fingerprint must match), else measures and writes them there.
``--kbank-only`` measures only kbank; ``--recoll-only`` only Recoll. ``--save FILE`` writes
everything measured or reused as JSON; ``--kbank-results FILE`` reuses a saved kbank side
instead of measuring (to print the tables again). ``--markdown`` prints the tables for
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bench import kbank_side, recoll_side
from bench.measure import ensure_archive, fingerprint
from bench.recoll_report import tables

QUERIES = [
    "hemlöshet", "missbruk", "familjehem", "utvärdering", "boendestöd", "våldsutsatta kvinnor",
    "äldreomsorg", "föräldrastöd", "socialtjänsten", "praktik", "sysselsättning", "nyanlända",
    "psykisk ohälsa", "samverkan polis", "barnkonventionen", "kartläggning", "riskfaktorer",
    "spelberoende", "vräkning", "hemtjänst", "brottsoffer", "delaktighet", "digitala verktyg",
    "ekonomi bistånd", "jämställdhet", "kontaktperson", "ungdomsmottagning", "tolk", "lvu", "mentor",
]  # fmt: skip


def log(message: str) -> None:
    print(f"[bench_recoll {os.getloadavg()[0]:.1f}] {message}", file=sys.stderr, flush=True)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "root", type=Path, nargs="?", help="work folder (old form: the archive is ROOT/archive-N)"
    )
    parser.add_argument("--archive", type=Path, help="the synthetic archive's folder (written when missing)")
    parser.add_argument(
        "--reports", type=int, help="reports in the archive (default: the manifest's, else 2000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--work", type=Path, help="indexes and Recoll's configuration (default: <archive>-work)"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="ingest workers (kbank --jobs, Recoll's thrTCounts)"
    )
    parser.add_argument("--passes", type=int, default=2, help="measured passes over the 30 queries")
    side = parser.add_mutually_exclusive_group()
    side.add_argument(
        "--kbank-only", action="store_true", help="measure only kbank (Recoll from --recoll-results)"
    )
    side.add_argument("--recoll-only", action="store_true", help="measure only Recoll")
    parser.add_argument(
        "--recoll-results", type=Path, help="Recoll's figures: reused when the file exists, else written"
    )
    parser.add_argument(
        "--remeasure-recoll", action="store_true", help="measure Recoll even when the file exists"
    )
    parser.add_argument("--kbank-results", type=Path, help="reuse kbank's figures from this saved file")
    parser.add_argument(
        "--flat-against", type=Path, help="a saved run at another size: is `list --limit 10` flat in N"
    )
    parser.add_argument("--save", type=Path, help="write everything as JSON to this file")
    parser.add_argument("--markdown", action="store_true", help="print the Markdown tables for BENCHMARKS.md")
    return parser.parse_args()


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> None:
    args = parse()
    if args.archive is None:
        if args.root is None:
            sys.exit("bench_recoll: give --archive DIR (or a work folder ROOT)")
        args.archive = args.root / f"archive-{args.reports or 2000}"
    archive = args.archive.resolve()
    work = (args.work or args.root or archive.with_name(archive.name + "-work")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    manifest = ensure_archive(archive, args.reports, args.seed, log)
    env = dict(os.environ) | {"KBANK_NO_LOG": "1", "COLUMNS": "120", "LC_ALL": "C.UTF-8"}
    os.environ["KBANK_NO_LOG"] = "1"  # the in-process searches
    env.pop("KBANK_CONFIG", None)
    results: dict = {"archive": manifest | {"path": str(archive)}, "cores": os.cpu_count()}
    notes: list[str] = []

    recoll = None
    reuse = args.recoll_results is not None and args.recoll_results.exists() and not args.remeasure_recoll
    if reuse:
        recoll = load_json(args.recoll_results)
        theirs = recoll.get("archive", {})
        if (theirs.get("digest"), theirs.get("files")) != (manifest["digest"], manifest["files"]):
            sys.exit(f"bench_recoll: {args.recoll_results} was measured on another archive ({theirs})")
        recoll = recoll["recoll"]
        notes.append(
            f"Recoll's figures reused from {args.recoll_results} (measured {recoll['measured_at']})."
        )
    elif not args.kbank_only:
        missing = recoll_side.available()
        if missing:
            notes.append(f"Recoll skipped: {missing}.")
            log(notes[-1])
        else:
            recoll = recoll_side.measure(archive, work, QUERIES, args.jobs, args.passes, env, log)
            if args.recoll_results:
                current = fingerprint(archive)
                payload = {"archive": manifest | current | {"path": str(archive)}, "recoll": recoll}
                args.recoll_results.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
                log(f"Recoll's figures written to {args.recoll_results}")
    elif args.recoll_results:
        notes.append(f"{args.recoll_results} does not exist: no Recoll figures.")
    results["recoll"] = recoll

    kbank = None
    if args.kbank_results:
        kbank = load_json(args.kbank_results)["kbank"]
        notes.append(f"kbank's figures reused from {args.kbank_results} (measured {kbank['measured_at']}).")
    elif not args.recoll_only:
        kbank = kbank_side.measure(archive, work, QUERIES, args.jobs, args.passes, env, log)
    results["kbank"] = kbank
    other = load_json(args.flat_against)["kbank"] if args.flat_against else None
    other_reports = load_json(args.flat_against)["archive"]["reports"] if args.flat_against else None

    if args.save:
        args.save.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        log(f"results written to {args.save}")
    print(tables(results, notes, args.markdown, other, other_reports))


if __name__ == "__main__":
    main()
