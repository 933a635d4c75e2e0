"""Time `kbank ingest` (first run and no-op re-run) on an archive; print a Markdown row.

python -m bench.bench_ingest archive
python -m bench.bench_ingest ../shared/corpus --failures
"""

from __future__ import annotations

import argparse
import collections
import resource
import tempfile
import time
from pathlib import Path

from kbank.config import load_settings
from kbank.ingest.run import ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--failures", action="store_true", help="list the files that failed, with reasons")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(archive=args.archive, index=Path(tmp) / "index")
        started = time.perf_counter()
        first = ingest(settings)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = ingest(settings)
        second_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reasons = collections.Counter(f.reason for f in first.failed)
    print("| archive | files | documents | failed | first ingest | no-op re-run | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    files = first.added + len(first.failed)
    print(
        f"| {args.archive} | {files} | {first.documents} | {len(first.failed)} "
        f"({', '.join(f'{k} {v}' for k, v in reasons.most_common())}) | {first_s:.1f} s | "
        f"{second_s:.2f} s ({second.unchanged} unchanged, {second.known_failed} known failures) | {rss_mb:.0f} MB |"
    )
    if args.failures:
        print()
        print("| file | reason | message |")
        print("|---|---|---|")
        for f in sorted(first.failed, key=lambda f: (f.reason, f.path)):
            print(f"| `{f.path}` | {f.reason} | {f.error} |")


if __name__ == "__main__":
    main()
