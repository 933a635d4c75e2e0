"""Recoll searched in-process through its Python binding (Debian's ``python3-recoll``).

Run by ``bench.bench_inprocess`` with the system interpreter (``/usr/bin/python3``), which is
the one the binding is built for; it imports nothing of kbank. Reads a JSON list of queries
on stdin and prints, as JSON, the CPU (``time.process_time``) and wall seconds of each query
(its own and that of any helper program it runs, as Recoll does to build an abstract from a
document whose text it did not store) over ``--passes`` passes after one warming pass:

    /usr/bin/python3 bench/recoll_inprocess.py CONFDIR --mode abstract < queries.json

Modes: ``list`` (run the query, count it, fetch the top 10), ``abstract`` (also
``makedocabstract`` for each of the 10: a passage around the matched words, what ``recollq -A``
prints; the nearest to kbank's snippet) and ``snippets`` (``getsnippets``: passages with their
page numbers, kbank's snippet and page together).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from recoll import recoll  # the system package python3-recoll


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("confdir")
    parser.add_argument("--mode", choices=("list", "abstract", "snippets"), default="abstract")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    queries = json.load(sys.stdin)
    db = recoll.connect(confdir=args.confdir)

    def one(text: str) -> tuple[int, int]:
        query = db.query()
        total = query.execute(text, stemming=1, stemlang="swedish")
        docs = query.fetchmany(min(args.limit, max(total, 0)) or 1) if total else []
        chars = 0
        for doc in docs:
            if args.mode == "abstract":
                chars += len(query.makedocabstract(doc))
            elif args.mode == "snippets":
                # the best few passages with their pages (kbank shows one passage and its page)
                chars += sum(len(s[2]) for s in query.getsnippets(doc, maxoccs=3, sortbypage=False))
            else:
                chars += len(doc.url or "")
        query.close()
        return total, chars

    for text in queries:  # warm: the index's pages in memory, as kbank's bench warms its words
        one(text)
    cpu: list[float] = []
    children: list[float] = []
    wall: list[float] = []
    totals = []
    for _ in range(args.passes):
        for text in queries:
            c0, k0, w0 = time.process_time(), _children(), time.perf_counter()
            totals.append(one(text))
            own, helpers = time.process_time() - c0, _children() - k0
            wall.append(time.perf_counter() - w0)
            cpu.append(own + helpers)
            children.append(helpers)
    json.dump({"cpu": cpu, "children": children, "wall": wall, "totals": totals[: len(queries)]}, sys.stdout)


def _children() -> float:
    """CPU seconds of the helper programs Recoll ran and waited for (its filters, e.g. pdftotext)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
