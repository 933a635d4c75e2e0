"""Print how well ``kbank overview`` finds the projects that tried a method, and their status.

python -m bench.bench_overview            # both tables for BENCHMARKS.md
python -m bench.bench_overview --misses   # also every project missed or listed wrongly
python -m bench.bench_overview --index DIR missbruk "bostad först"   # time overviews on any index

The first table is the methods archive (``corpora/methods``): ten methods or topics planted in
26 projects, with passing mentions, drafts and a classified evaluation, the truth known. The
second runs the search evaluation's judged topic queries (categories exact, inflection,
compound, ocr) as overviews, at the level of projects.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from corpora.methods.run import Row, measure, measure_evaluation, totals


def _table(rows: list[Row], status: bool) -> None:
    head = "| method | query | projects | found | recall | precision |"
    head += " status right | passing mentions listed |" if status else ""
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        line = f"| {r.method} | `{r.query}` | {r.expected} | {r.found} | {r.recall:.2f} | {r.precision:.2f} |"
        if status:
            line += f" {r.status_right}/{r.correct} | {r.mentioned_found}/{r.mentioned_expected} |"
        print(line)
    recall, precision, accuracy = totals(rows)
    line = f"| **all** | | {sum(r.expected for r in rows)} | {sum(r.found for r in rows)} | {recall:.3f} | {precision:.3f} |"
    if status:
        line += f" {accuracy:.3f} | {sum(r.mentioned_found for r in rows)}/{sum(r.mentioned_expected for r in rows)} |"
    print(line)


def _misses(rows: list[Row]) -> None:
    for r in rows:
        if r.misses or r.extras or r.wrong_status:
            print(f"- `{r.query}`: missed {r.misses}, extra {r.extras}, status {r.wrong_status}")


def time_overviews(index: Path, queries: list[str], limit: int | None) -> None:
    """Print how long each overview takes on an existing index (best of three)."""
    from kbank.config import load_settings
    from kbank.search.bank import Bank
    from kbank.tasks.overview import overview

    settings = load_settings(index=index, usage_log=False)
    print("| query | matching reports | projects | passing | seconds |")
    print("|---|---|---|---|---|")
    with Bank(settings) as bank:
        for query in queries:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                result = overview(bank, query, limit=limit)
                best = min(best, time.perf_counter() - started)
            print(
                f"| `{query}` | {result.total} | {result.project_total} | {result.mentioned_total} | {best:.2f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list projects missed or listed wrongly")
    parser.add_argument("--index", type=Path, help="time overviews of QUERY… on this index instead")
    parser.add_argument("--limit", type=int, default=20, help="projects given conclusions (as the terminal)")
    parser.add_argument("queries", nargs="*", help="queries to time with --index")
    args = parser.parse_args()
    if args.index:
        time_overviews(args.index, args.queries or ["missbruk"], args.limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        methods = measure(Path(tmp) / "methods")
        seconds = time.perf_counter() - started
        topics = measure_evaluation(Path(tmp) / "evaluation")
    print(f"Methods archive: 10 methods or topics, built, ingested and measured in {seconds:.1f} s.\n")
    _table(methods, status=True)
    if args.misses:
        _misses(methods)
    print("\nSearch evaluation archive, judged topic queries as overviews (project level):\n")
    by_category: dict[str, list[Row]] = {}
    for r in topics:
        by_category.setdefault(r.method, []).append(r)
    print("| category | queries | relevant projects | found | recall | precision |")
    print("|---|---|---|---|---|---|")
    for category, rows in by_category.items():
        recall, precision, _ = totals(rows)
        print(
            f"| {category} | {len(rows)} | {sum(r.expected for r in rows)} | {sum(r.found for r in rows)} "
            f"| {recall:.3f} | {precision:.3f} |"
        )
    recall, precision, _ = totals(topics)
    print(
        f"| **all** | {len(topics)} | {sum(r.expected for r in topics)} | {sum(r.found for r in topics)} "
        f"| {recall:.3f} | {precision:.3f} |"
    )
    if args.misses:
        _misses(topics)


if __name__ == "__main__":
    main()
