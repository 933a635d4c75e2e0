"""Prototype of issue 18 item 4's second method: workers write their own segments, the writer adopts them.

python -m bench.proto_segments /tmp/w18 --reports 1000 [--chunk 100] [--merge]

Not kbank's ingest (which keeps one writer and takes the workers' analysed terms,
``kbank.index.pretokens``): a measurement of what the other design would cost, on the same
synthetic archive and with kbank's own reading (``read_report``: extract, describe, split
compounds) and record code. Two worker processes each take chunks of ``--chunk`` files, read
them, and index the doc and text records with a whoosh ``SegmentWriter`` of their own on a
private folder; a finished chunk is one segment. The writer hashes the files, moves each
segment's files into the index, writes the file records, and commits the segments into its TOC
without merging (whoosh's ``multisegment`` MpWriter does the same). ``--merge`` then merges
them into one segment (whoosh's ``optimize``, what the ``MERGE_SMALL`` commits of a
single writer amount to over a run), in the writer, and reports its cost apart:
without merging, every chunk stays a segment that every search opens.

Printed: wall, CPU (writer + workers), the writer's CPU per report, peak summed RSS, segments.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench.bench_scale import TreeMemory
from corpora.synth import write_archive

_worker_tmp: str = ""


def _init(tmp: str) -> None:
    global _worker_tmp
    _worker_tmp = tmp
    from kbank.ingest.reading import warm_up

    warm_up()


def write_chunk(chunk: list[tuple[str, str, str]]) -> tuple[str, object, list[str]]:
    """Read ``(abspath, rel, sha)`` files and write their records as one segment in a private folder."""
    from whoosh import index as whoosh_index

    from kbank.index.records import doc_record, text_record
    from kbank.index.schema import build_schema
    from kbank.ingest.reading import ReadJob, read_report

    folder = tempfile.mkdtemp(dir=_worker_tmp)
    ix = whoosh_index.create_in(folder, build_schema())
    writer = ix.writer(compound=False, limitmb=48)
    ids = []
    for path, rel, sha in chunk:
        result = read_report(ReadJob(Path(path), sha[:16], sha, rel, split=True))
        report = result.report
        from kbank.ingest.reading import unpack

        pages = unpack(result.packed).pages
        writer.add_document(**doc_record(report, pages, asdict(report), result.parts))
        writer.add_document(**text_record(report.id, pages, {}))
        ids.append(report.id)
    segment = writer._finalize_segment()  # what whoosh's multisegment MpWriter does
    writer._finish()
    ix.close()
    return folder, segment, ids


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--merge", action="store_true")
    args = parser.parse_args()
    archive = args.root / f"archive-{args.reports}"
    write_archive(archive, args.reports)
    from whoosh import index as whoosh_index

    from kbank.archive import walk
    from kbank.index.records import file_record
    from kbank.index.schema import build_schema

    index = args.root / "index-proto-segments"
    tmp = args.root / "proto-tmp"
    for folder in (index, tmp):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    load = os.getloadavg()[0]
    memory = TreeMemory(os.getpid())
    started = time.perf_counter()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    files = []
    for f in walk(archive):
        sha = hashlib.sha256(f.abspath.read_bytes()).hexdigest()
        files.append((str(f.abspath), f.rel, sha, f))
    chunks = [
        [(p, rel, sha) for p, rel, sha, _ in files[i : i + args.chunk]]
        for i in range(0, len(files), args.chunk)
    ]
    ix = whoosh_index.create_in(str(index), build_schema())
    writer = ix.writer(compound=False, limitmb=48)
    adopted = 0
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2, initializer=_init, initargs=(str(tmp),)) as pool:
        for folder, segment, ids in pool.imap_unordered(write_chunk, chunks):
            for name in os.listdir(folder):
                if name.startswith(segment.segment_id()):
                    os.replace(os.path.join(folder, name), index / name)
            shutil.rmtree(folder)
            writer.segments.append(segment)
            adopted += len(ids)
        pool.close()
        pool.join()
    for _, rel, sha, f in files:
        writer.add_document(**file_record(rel, f.size, f.mtime_ns, sha, sha[:16]))
    writer.commit(merge=False)
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    writer_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    segments = len(whoosh_index.open_dir(str(index))._segments())
    merge_cpu = merge_wall = 0.0
    if args.merge:
        m0, w0 = time.process_time(), time.perf_counter()
        whoosh_index.open_dir(str(index)).writer(compound=False, limitmb=48).commit(optimize=True)
        merge_cpu, merge_wall = time.process_time() - m0, time.perf_counter() - w0
    memory.stop()
    with whoosh_index.open_dir(str(index)).searcher() as s:
        docs = len(list(s.document_numbers(kind="doc")))
    after = len(whoosh_index.open_dir(str(index))._segments())
    cpu = writer_cpu + children.ru_utime + children.ru_stime
    print(
        f"reports {docs} (adopted {adopted}); wall {wall:.1f} s; CPU {cpu:.1f} s (writer {writer_cpu:.1f} s = "
        f"{1000 * writer_cpu / max(1, docs):.1f} ms/report); segments {segments}; peak {memory.peak_total / 2**20:.0f} MB; "
        f"merge afterwards: CPU {merge_cpu:.1f} s, wall {merge_wall:.1f} s, segments then {after}; "
        f"load {load:.1f}–{os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
