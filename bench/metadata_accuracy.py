#!/usr/bin/env python3
"""Print kbank's per-field metadata accuracy on labelled sets and on the demo archive.

    .venv/bin/python -m bench.metadata_accuracy                 # the test's seed and four more
    .venv/bin/python -m bench.metadata_accuracy --seeds 7 8 9 --misses
    .venv/bin/python -m bench.metadata_accuracy --heldout         # issue 14's independent set, both halves

Each seed writes a fresh labelled set (tests/labelled.py) to a temporary folder, ingests
it and compares ``kbank show`` with the truth beside each report. The demo archive is
scored against its generator's data (tests/demo_truth.py).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from corpora import heldout, labelled  # noqa: E402
from corpora.demo_truth import demo_truths  # noqa: E402
from kbank.config import load_settings  # noqa: E402
from kbank.ingest.run import ingest  # noqa: E402
from kbank.search.bank import Bank  # noqa: E402


def measure(archive: Path, index: Path, truths: list, scorer=labelled.score, recall: dict | None = None):
    settings = load_settings(archive=archive, index=index)
    ingest(settings)
    with Bank(settings) as bank:
        facts = {t.path: bank.show(t.path).to_json() for t in truths}
        if recall is not None:
            recall.update(heldout.filter_recall(bank, truths))
    return scorer(truths, facts)


def heldout_halves(show_misses: bool) -> None:
    """Both halves of the independent set; the report half's misses are never printed."""
    with tempfile.TemporaryDirectory() as tmp:
        halves = (
            ("development half", heldout.DEV_SEED),
            ("report half", heldout.REPORT_SEED),
            ("second development half", heldout.DEV_SEED_2),
            ("second report half", heldout.REPORT_SEED_2),
        )
        for name, seed in halves:
            root = Path(tmp) / f"heldout-{seed}"
            truths = heldout.build(root / "archive", seed=seed)
            recall: dict = {}
            accuracy = measure(root / "archive", root / "index", truths, heldout.score, recall)
            print(f"\n## held-back set, {name} (seed {seed}): {len(truths)} reports")
            print(accuracy.table())
            for field, (found, total, _lost) in recall.items():
                print(f"list --{field} <truth> finds {found} of {total} reports ({found / total:.1%})")
            if show_misses and seed in (heldout.DEV_SEED, heldout.DEV_SEED_2):
                for field in heldout.FIELDS:
                    for path, truth, got, layout in accuracy.misses[field]:
                        print(f"  {field}: {path}: truth {truth!r}, got {got!r} [{layout}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[labelled.DEFAULT_SEED, 11, 23, 2024, 31337])
    parser.add_argument("--count", type=int, default=labelled.DEFAULT_COUNT)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--heldout", action="store_true", help="only the independent set of issue 14")
    args = parser.parse_args()
    if args.heldout:
        heldout_halves(args.misses)
        return

    pooled: list[labelled.Accuracy] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            root = Path(tmp) / f"seed-{seed}"
            started = time.monotonic()
            truths = labelled.build(root / "archive", seed=seed, count=args.count)
            accuracy = measure(root / "archive", root / "index", truths)
            pooled.append(accuracy)
            print(f"\n## seed {seed}: {len(truths)} reports ({time.monotonic() - started:.1f} s)")
            print(accuracy.table())
            if args.misses:
                for name in labelled.FIELDS:
                    for path, truth, got in accuracy.misses[name]:
                        print(f"  {name}: {path}: truth {truth!r}, got {got!r}")
        demo = demo_truths()
        accuracy = measure(REPO / "archive", Path(tmp) / "demo-index", demo)
        print(f"\n## demo archive: {len(demo)} reports (an independent set of layouts)")
        print(accuracy.table())
        if args.misses:
            for name in labelled.FIELDS:
                for path, truth, got in accuracy.misses[name]:
                    print(f"  {name}: {path}: truth {truth!r}, got {got!r}")

    total = sum(a.total for a in pooled)
    print(f"\n## all labelled seeds: {total} reports")
    print(f"{'field':<10} {'correct':>8} {'of':>5} {'accuracy':>9}")
    for name in labelled.FIELDS:
        correct = sum(a.correct[name] for a in pooled)
        print(f"{name:<10} {correct:>8} {total:>5} {correct / total:>8.1%}")


if __name__ == "__main__":
    main()
