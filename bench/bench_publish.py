"""The web edition: build time and size, the web search's recall against the CLI's, the browser test's time.

python -m bench.bench_publish                       # demo archive, 1,000 synthetic reports, recall
python -m bench.bench_publish --reports 1000 10000  # also 10,000 (about 20 minutes on 2 cores)
python -m bench.bench_publish --no-browser          # builds only

The web search runs Pagefind's own JavaScript in headless Chromium against the built site
(corpora/browser.py); a query's field syntax becomes the site's filters where it has one
(typ:, år:) and is dropped where it has none (titel:, nyckelord:, dnr:).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from corpora.browser import browser_available, chromium, serve
from corpora.evaluation.run import CATEGORIES, Evaluation, evaluate, load_queries, relevant_docs, scores
from corpora.synth import write_archive
from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.publish.site import publish

REPO = Path(__file__).resolve().parents[1]


def site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def build_row(name: str, archive: Path, work: Path, jobs: int) -> str:
    settings = load_settings(archive=archive, index=work / "index", jobs=jobs, cwd=work)
    ingest(settings)
    cells = []
    for audience in ("public", "intern"):
        site = work / f"site-{audience}"
        first = publish(settings, site, audience)
        again = publish(settings, site, audience)
        files, size = site_size(site)
        cells.append((audience, first, again, files, size))
    audience, first, again, files, size = cells[1]
    return (
        f"| {name} | {first.reports} | {first.seconds:.1f} s | {again.seconds:.1f} s | "
        f"{cells[0][1].seconds:.1f} s | {files} | {size / 1e6:.1f} MB | {first.index_bytes / 1e6:.1f} MB | "
        f"{(size - first.index_bytes) / 1e6:.1f} MB |"
    )


def web_query(text: str) -> tuple[str, dict]:
    """kbank's query syntax as the site's search box and filters take it."""
    filters: dict[str, list[str]] = {}
    m = re.search(r"\btyp:(\S+)", text)
    if m:
        filters["typ"] = [m.group(1).lower()]
        text = text.replace(m.group(0), "")
    m = re.search(r"år:(\d{4})(?:\.\.(\d{4}))?", text)
    if m:
        last = int(m.group(2) or m.group(1))
        filters["år"] = [str(y) for y in range(int(m.group(1)), last + 1)]
        text = text.replace(m.group(0), "")
    text = re.sub(r"\b(titel|nyckelord|text|dnr|förvaltning|område):", "", text)
    return " ".join(text.split()), {k: {"any": v} for k, v in filters.items()}


SEARCH = (
    "const done = arguments[arguments.length - 1];"
    "(async () => {"
    " const pf = await import(new URL('../pagefind/pagefind.js', document.baseURI).href);"
    " await pf.options({baseUrl: '/'});"
    " const s = await pf.search(arguments[0] || null, {filters: arguments[1]});"
    " const data = await Promise.all(s.results.slice(0, 10).map(r => r.data()));"
    " done(JSON.stringify(data.map(d => d.url)));"
    "})().catch(e => done(JSON.stringify({error: String(e)})));"
)


def recall_table(work: Path) -> list[str]:
    import json

    queries = load_queries()
    evaluation = Evaluation(work)
    try:
        cli = evaluate(evaluation, queries)["kbank"]
        site = work / "site"
        publish(evaluation.settings, site, "intern")
        key_of = {doc_id[:16]: key for doc_id, key in evaluation.key_of.items()}
        web: dict[str, list[float]] = defaultdict(list)
        with serve(site) as url, chromium() as driver:
            driver.get(url + "sok/")
            for query in queries:
                text, filters = web_query(query.q)
                found = json.loads(driver.execute_async_script(SEARCH, text, filters))
                if isinstance(found, dict):
                    raise RuntimeError(found["error"])
                ranked = [key_of.get(u.strip("/").split("/")[-1], u) for u in found]
                web[query.category].append(scores(ranked, relevant_docs(query, evaluation.docs))[1])
    finally:
        evaluation.close()
    lines = [
        f"{len(queries)} judged queries over {len(evaluation.docs)} reports (corpora/evaluation), recall at 10.",
        "",
        "| category | queries | recall kbank search | recall web (Pagefind) |",
        "|---|---|---|---|",
    ]
    all_cli: list[float] = []
    all_web: list[float] = []
    for category in CATEGORIES:
        c = [o.metrics[1] for o in cli[category]]
        w = web[category]
        all_cli += c
        all_web += w
        lines.append(f"| {category} | {len(c)} | {sum(c) / len(c):.3f} | {sum(w) / len(w):.3f} |")
    lines.append(
        f"| **all** | {len(all_cli)} | **{sum(all_cli) / len(all_cli):.3f}** | **{sum(all_web) / len(all_web):.3f}** |"
    )
    return lines


def browser_test_time() -> str:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_publish_browser.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    last = (done.stdout.strip().splitlines() or ["?"])[-1]
    return f"tests/test_publish_browser.py: {seconds:.1f} s wall clock, pytest included ({last})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, nargs="*", default=[1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the synthetic archives here (reused next time)")
    args = parser.parse_args()
    print(
        "| archive | reports (intern) | first build | rebuild, nothing changed | public edition | files | site | search index | pages and copied reports |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo"
        shutil.copytree(REPO / "archive", demo / "archive")
        print(build_row("demo (archive/)", demo / "archive", demo, args.jobs), flush=True)
        for n in args.reports:
            root = (args.keep or work) / f"synth-{n}"
            write_archive(root, n)
            out = work / f"w-{n}"
            out.mkdir()
            print(build_row(f"synthetic {n:,}", root, out, args.jobs), flush=True)
            shutil.rmtree(out, ignore_errors=True)
        if not args.no_browser:
            missing = browser_available()
            if missing:
                print(f"\nno browser: {missing}")
                return
            recall_dir = work / "recall"
            recall_dir.mkdir()
            print()
            print("\n".join(recall_table(recall_dir)), flush=True)
            print()
            print(browser_test_time())


if __name__ == "__main__":
    main()
