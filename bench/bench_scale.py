"""Benchmark ingest and search on synthetic archives of N reports; print a Markdown table.

python -m bench.bench_scale --reports 1000
python -m bench.bench_scale --reports 10000 --sample 2000
python -m bench.bench_scale --reports 100000 --sample 2000      # hours; needs ~10 GB of disk

The archive is generated once into --work (corpora/synth.py, deterministic) and reused. Every
ingest runs the real ``kbank`` command in a fresh index folder (so with an empty cache);
wall time and peak memory (the sum over kbank and its worker processes, sampled from /proc)
are measured from the outside. Measured:

- full ingest with --jobs 1 and --jobs 2: reports/s and MB/s of files;
- extraction alone (our extractor, one process, no index) and poppler's ``pdftotext`` on
  the same PDFs (one process per file, as a shell loop would): the extraction reference;
- indexing alone: ``kbank reindex`` with a warm extraction cache (no parsing), and a bare
  whoosh index of the same texts (same analyzers, one document per report, and whoosh's
  default StandardAnalyzer on one field): the indexing reference;
- no-op re-ingest; incremental ingest after 1 % of the reports changed;
- index size on disk (live generation, and the extraction cache beside it);
- search latency in-process (one ``Bank``, 200 queries of 1-3 words, with snippets) and
  whole-process ``kbank search`` wall time; ``kbank --help`` wall time.

With --sample K the extraction references run on every (N/K)-th file only and are scaled
to N (per-file costs do not depend on the archive's size).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from corpora import synth  # noqa: E402

KBANK = [sys.executable, "-m", "kbank"]


# --------------------------------------------------------------------------- measuring


class TreeMemory:
    """Sample the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_total = 0
        self.peak_root = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = _descendants(self.pid)
            rss = {pid: _rss(pid) for pid in tree}
            self.peak_total = max(self.peak_total, sum(rss.values()))
            self.peak_root = max(self.peak_root, rss.get(self.pid, 0))
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_kbank(*args: str) -> tuple[float, dict | None, TreeMemory]:
    """Run kbank; return (wall seconds, its --json output if any, memory sampler)."""
    started = time.perf_counter()
    proc = subprocess.Popen([*KBANK, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    memory = TreeMemory(proc.pid)
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"kbank {' '.join(args)} failed with exit code {proc.returncode}")
    data = json.loads(stdout) if "--json" in args else None
    return seconds, data, memory


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def report_files(archive: Path) -> list[Path]:
    return sorted(p for p in archive.rglob("*") if p.suffix in (".pdf", ".docx"))


# --------------------------------------------------------------------------- references

EXTRACT_ALONE = r"""
import sys, time
from pathlib import Path
from kbank.extract import extract
paths = [Path(line) for line in sys.stdin.read().splitlines()]
started = time.perf_counter()
for p in paths:
    extract(p)
print(time.perf_counter() - started)
"""

BARE_WHOOSH = r"""
import json, sys, tempfile, time
from kbank.ingest.cache import Cache
from kbank.ingest.reading import extractor_id, unpack
from whoosh import index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from pathlib import Path
from kbank.analysis import stem_analyzer, stem_fold_analyzer

cache = Cache(Path(sys.argv[1]), extractor_id())
texts = [unpack(row[0]).text for row in cache.db.execute("SELECT data FROM extracted WHERE data IS NOT NULL")]
schemas = {
    "same_analysis": Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=stem_fold_analyzer(), stored=True),
                            body=TEXT(analyzer=stem_fold_analyzer(), phrase=True),
                            body_sv=TEXT(analyzer=stem_analyzer(), phrase=True)),
    "standard": Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=StandardAnalyzer())),
}
out = {}
for name, schema in schemas.items():
    with tempfile.TemporaryDirectory() as tmp:
        ix = index.create_in(tmp, schema)
        started = time.perf_counter()
        writer = ix.writer(compound=False)
        for i, text in enumerate(texts):
            fields = {"id": str(i), "body": text}
            if name == "same_analysis":
                fields.update(title=text[:80], body_sv=text)
            writer.add_document(**fields)
            if (i + 1) % 700 == 0:
                writer.commit()
                writer = ix.writer(compound=False)
        writer.commit()
        out[name] = time.perf_counter() - started
out["documents"] = len(texts)
print(json.dumps(out))
"""


def extraction_alone(files: list[Path]) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", EXTRACT_ALONE],
        input="\n".join(map(str, files)),
        capture_output=True,
        text=True,
        check=True,
    )
    return float(proc.stdout.strip())


def pdftotext(files: list[Path]) -> float | None:
    if not shutil.which("pdftotext"):
        return None
    started = time.perf_counter()
    for path in files:
        subprocess.run(["pdftotext", "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def bare_whoosh(index_dir: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", BARE_WHOOSH, str(index_dir)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- search

SEARCH_LATENCY = r"""
import json, random, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from corpora import synth
from kbank.config import load_settings
from kbank.search.bank import Bank

vocab = synth.vocabulary()
rng = random.Random(7)
pool = vocab[:3000]  # words that occur: base words, inflections and common compounds
queries = [" ".join(rng.sample(pool, rng.choice([1, 1, 2, 2, 3]))) for _ in range(200)]
started = time.perf_counter()
bank = Bank(load_settings(index=Path(sys.argv[1]), archive=Path("/nonexistent")))
opened = time.perf_counter() - started
times, hits = [], 0
for q in queries:
    t = time.perf_counter()
    result = bank.search(q)
    times.append(time.perf_counter() - t)
    hits += result.total > 0
times.sort()
print(json.dumps({"open": opened, "p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95)],
                  "with_hits": hits, "queries": len(queries)}))
"""


def search_latency(index_dir: Path) -> dict:
    repo_dir = str(Path(__file__).resolve().parents[1])  # where the corpora package is
    proc = subprocess.run(
        [sys.executable, "-c", SEARCH_LATENCY, str(index_dir), repo_dir], capture_output=True, text=True
    )
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout)


def median_wall(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --------------------------------------------------------------------------- the run


def bench(reports: int, work: Path, sample: int | None, skip_jobs1: bool) -> dict:
    archive = work / f"archive-{reports}"
    started = time.perf_counter()
    synth.write_archive(archive, reports)
    print(f"archive ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    files = report_files(archive)
    pdfs = [p for p in files if p.suffix == ".pdf"]
    archive_mb = sum(p.stat().st_size for p in files) / 1e6
    r: dict = {"reports": reports, "files": len(files), "archive_mb": round(archive_mb, 1)}

    def fresh(name: str) -> Path:
        path = work / f"index-{reports}-{name}"
        shutil.rmtree(path, ignore_errors=True)
        return path

    for jobs in [2] if skip_jobs1 else [1, 2]:
        index = fresh(f"jobs{jobs}")
        seconds, data, memory = run_kbank(
            "ingest", "--archive", str(archive), "--index", str(index), "--jobs", str(jobs), "--json"
        )
        r[f"ingest_jobs{jobs}"] = {
            "seconds": seconds,
            "docs_per_s": data["added"] / seconds,
            "mb_per_s": archive_mb / seconds,
            "peak_total_mb": memory.peak_total / 2**20,
            "peak_writer_mb": memory.peak_root / 2**20,
            "added": data["added"],
            "failed": len(data["failed"]),
        }
        r["pdf_reader"] = data.get("pdf_reader") or "pypdf"
        print(f"ingest --jobs {jobs}: {seconds:.1f} s", file=sys.stderr)
        if jobs == 1:
            shutil.rmtree(index, ignore_errors=True)
    index = work / f"index-{reports}-jobs2"
    live = index / json.loads((index / "kbank.json").read_text())["generation"]

    seconds, data, memory = run_kbank("ingest", "--archive", str(archive), "--index", str(index), "--json")
    r["noop"] = {"seconds": seconds, "unchanged": data["unchanged"]}

    changed = list(range(0, reports, 100))
    synth.change_reports(archive, changed, variant=1)
    seconds, data, memory = run_kbank("ingest", "--archive", str(archive), "--index", str(index), "--json")
    r["incremental"] = {"seconds": seconds, "updated": data["updated"], "changed": len(changed)}
    synth.change_reports(archive, changed, variant=0)  # back to the generated state for the next run
    run_kbank("ingest", "--archive", str(archive), "--index", str(index), "--quiet")

    seconds, data, memory = run_kbank("reindex", "--archive", str(archive), "--index", str(index), "--json")
    r["reindex_cached"] = {
        "seconds": seconds,
        "cached": data["cached"],
        "extracted": data["extracted"],
        "peak_total_mb": memory.peak_total / 2**20,
    }
    print(f"reindex from cache: {seconds:.1f} s", file=sys.stderr)
    live = index / json.loads((index / "kbank.json").read_text())["generation"]
    r["index_mb"] = du(live) / 1e6
    r["cache_mb"] = (index / "cache.sqlite").stat().st_size / 1e6

    step = max(1, len(files) // sample) if sample else 1
    sample_files = files[::step]
    sample_pdfs = pdfs[::step]
    r["extract_alone"] = {
        "files": len(sample_files),
        "seconds": extraction_alone(sample_files),
        "pdf_seconds": extraction_alone(sample_pdfs),
        "pdfs": len(sample_pdfs),
    }
    r["pdftotext"] = {"pdfs": len(sample_pdfs), "seconds": pdftotext(sample_pdfs)}
    print("extraction references done", file=sys.stderr)
    r["bare_whoosh"] = bare_whoosh(index)
    print("bare whoosh done", file=sys.stderr)

    r["search"] = search_latency(index)
    words = synth.vocabulary()[:50]
    r["search_process_median"] = statistics.median(
        median_wall([*KBANK, "search", w, "--index", str(index)], 1) for w in words[:20]
    )
    r["help_median"] = median_wall([str(Path(sys.executable).parent / "kbank"), "--help"], 10)
    return r


def table(r: dict) -> str:
    """Render one run as Markdown rows: figure, value, reference and ratio."""
    n = r["reports"]
    rows = []
    j1, j2 = r.get("ingest_jobs1"), r["ingest_jobs2"]
    scale_all = r["files"] / r["extract_alone"]["files"]
    extract_s = r["extract_alone"]["seconds"] * scale_all
    pdf_ours = r["extract_alone"]["pdf_seconds"] / r["extract_alone"]["pdfs"]
    pdf_ref = (r["pdftotext"]["seconds"] or 0) / max(1, r["pdftotext"]["pdfs"])
    bare = r["bare_whoosh"]
    reindex = r["reindex_cached"]["seconds"]

    def row(what, value, target="", ref=""):
        rows.append(f"| {what} | {value} | {ref} | {target} |")

    if j1:
        row(
            "full ingest, --jobs 1",
            f"{j1['seconds']:.1f} s = {j1['docs_per_s']:.1f} reports/s, {j1['mb_per_s']:.2f} MB/s",
        )
    row(
        "full ingest, --jobs 2",
        f"{j2['seconds']:.1f} s = {j2['docs_per_s']:.1f} reports/s, {j2['mb_per_s']:.2f} MB/s",
        "≥ 1.7× jobs 1",
        f"{j1['seconds'] / j2['seconds']:.2f}× jobs 1" if j1 else "",
    )
    row(
        "extraction alone (1 process, all files)",
        f"{extract_s:.1f} s ({extract_s / r['files'] * 1000:.0f} ms/file)",
    )
    row(
        "extraction per PDF: ours vs pdftotext",
        f"{pdf_ours * 1000:.1f} ms vs {pdf_ref * 1000:.1f} ms",
        "",
        f"{pdf_ours / pdf_ref:.2f}× pdftotext" if pdf_ref else "",
    )
    row(
        "indexing alone: reindex from cache",
        f"{reindex:.1f} s ({reindex / n * 1000:.1f} ms/report)",
        "≤ 1.3× bare whoosh",
        f"{reindex / bare['same_analysis']:.2f}× bare whoosh, same analyzers ({bare['same_analysis']:.1f} s); "
        f"{reindex / bare['standard']:.2f}× whoosh StandardAnalyzer ({bare['standard']:.1f} s)",
    )
    row("no-op re-ingest", f"{r['noop']['seconds']:.2f} s", "< 3 s at 10,000")
    inc = r["incremental"]
    row(
        f"incremental after 1 % changed ({inc['changed']} reports)",
        f"{inc['seconds']:.1f} s",
        "< 5 % of full",
        f"{inc['seconds'] / j2['seconds'] * 100:.1f} % of full ingest (jobs 2)",
    )
    row(
        "index size on disk",
        f"{r['index_mb']:.0f} MB (+ extraction cache {r['cache_mb']:.0f} MB)",
        "",
        f"archive {r['archive_mb']:.0f} MB",
    )
    s = r["search"]
    row(
        "search in-process p50 / p95 (200 queries, snippets)",
        f"{s['p50'] * 1000:.1f} / {s['p95'] * 1000:.1f} ms",
        "p95 < 50 ms at 10,000",
        f"open {s['open'] * 1000:.0f} ms; {s['with_hits']}/{s['queries']} with hits",
    )
    row("`kbank search` whole process, median", f"{r['search_process_median']:.2f} s", "< 0.35 s")
    row("`kbank --help`, median", f"{r['help_median']:.2f} s", "< 0.2 s")
    peak = max(j2["peak_total_mb"], j1["peak_total_mb"] if j1 else 0)
    row(
        "peak memory of ingest (writer + workers)",
        f"{peak:.0f} MB (writer {j2['peak_writer_mb']:.0f} MB)",
        "< 500 MB, flat in N",
    )
    m = r.get("machine", {})
    head = (
        f"### {n:,} reports ({r['files']} files, {r['archive_mb']:.0f} MB), PDF reader {r.get('pdf_reader', 'pypdf')}\n\n"
        f"{m.get('date', '')}; 1-minute load average during the run: mean {m.get('load_during_mean')}, "
        f"max {m.get('load_during_max')} (2 cores; 2.0 means both busy)\n\n"
        "| figure | measured | reference / ratio | target |\n|---|---|---|---|\n"
    )
    return head + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kbank-bench"))
    parser.add_argument("--sample", type=int, default=None, help="extraction references on ~K files only")
    parser.add_argument("--skip-jobs1", action="store_true", help="measure --jobs 2 only")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    with open("/proc/loadavg") as fh:
        load_before = fh.read().split()[:3]
    samples: list[float] = []
    done = threading.Event()

    def sample_load() -> None:  # other people's work on the machine skews every figure
        while not done.wait(30):
            with open("/proc/loadavg") as fh:
                samples.append(float(fh.read().split()[0]))

    threading.Thread(target=sample_load, daemon=True).start()
    result = bench(args.reports, args.work, args.sample, args.skip_jobs1)
    done.set()
    with open("/proc/loadavg") as fh:
        load_after = fh.read().split()[:3]
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_before": load_before,
        "load_after": load_after,
        "load_during_mean": round(statistics.mean(samples), 2) if samples else None,
        "load_during_max": max(samples) if samples else None,
    }
    (args.work / f"result-{args.reports}.json").write_text(json.dumps(result, indent=2))
    print(table(result))
    print(f"\nmachine: {result['machine']}")


if __name__ == "__main__":
    random.seed(0)
    main()
