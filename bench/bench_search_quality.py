"""Print kbank's search quality on the judged evaluation set, per category, against a plain-whoosh baseline.

python -m bench.bench_search_quality            # the table for BENCHMARKS.md
python -m bench.bench_search_quality --misses   # also every query where kbank missed something
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from corpora.evaluation.run import CATEGORIES, Evaluation, evaluate, load_queries, mean_metrics  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--misses", action="store_true", help="list queries where kbank missed relevant reports"
    )
    args = parser.parse_args()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        evaluation = Evaluation(Path(tmp))
        try:
            results = evaluate(evaluation, queries)
        finally:
            evaluation.close()
    print(f"{len(queries)} judged queries over {len(evaluation.docs)} reports; metrics at 10.\n")
    print(
        "| category | queries | MRR kbank | MRR baseline | recall kbank | recall baseline | nDCG kbank | nDCG baseline |"
    )
    print("|---|---|---|---|---|---|---|---|")
    everything = {"kbank": [], "baseline": []}
    for category in CATEGORIES:
        ours, theirs = results["kbank"][category], results["baseline"][category]
        everything["kbank"] += ours
        everything["baseline"] += theirs
        a, b = mean_metrics(ours), mean_metrics(theirs)
        print(
            f"| {category} | {len(ours)} | {a[0]:.3f} | {b[0]:.3f} | {a[1]:.3f} | {b[1]:.3f} | {a[2]:.3f} | {b[2]:.3f} |"
        )
    a, b = mean_metrics(everything["kbank"]), mean_metrics(everything["baseline"])
    print(
        f"| **all** | {len(queries)} | {a[0]:.3f} | {b[0]:.3f} | {a[1]:.3f} | {b[1]:.3f} | {a[2]:.3f} | {b[2]:.3f} |"
    )
    nohit = results["kbank"]["nohit"]
    suggested = sum(1 for o in nohit if o.suggestion)
    print(f"\nno-hit queries with a suggestion: {suggested} of {len(nohit)}")
    if args.misses:
        print("\n| category | query | MRR | recall | kbank top 5 | relevant | notes |")
        print("|---|---|---|---|---|---|---|")
        for category in CATEGORIES:
            for o in results["kbank"][category]:
                mrr, recall, _ = o.metrics
                if mrr < 1 or recall < 1:
                    print(
                        f"| {category} | `{o.query.q}` | {mrr} | {recall} | {', '.join(o.ranked[:5])} | "
                        f"{', '.join(sorted(o.relevant))} | {'; '.join(o.notes)} |"
                    )


if __name__ == "__main__":
    main()
