"""Linked banks on the web: what linking another bank's site costs a publish, and a search in the browser.

python -m bench.bench_publish_linked                 # demo halves, and a 200-report synthetic bank B
python -m bench.bench_publish_linked --reports 500   # a bigger B
python -m bench.bench_publish_linked --no-browser    # builds only

Bank A is the demo archive's 2013–2016 half; bank B is its 2017–2021 half (and then a synthetic
archive). B is published once; A is then published with B linked (a folder site: copied) and
without (``linked=False``), first build and a no-change rebuild, each the median of ``--runs``.
CPU time is this process's plus its children's (Pagefind's indexer), as the machine is shared;
the load average is printed beside the wall-clock figures. In the browser, the search page's
own code (static/search.js) runs each query; the time from submitting to the results list is
read with performance.now(), median over the queries.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from corpora.browser import browser_available, chromium, serve
from corpora.synth import write_archive
from kbank.bankconfig import LinkedBank
from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.publish.site import publish

REPO = Path(__file__).resolve().parents[1]
QUERIES = [
    "missbruk",
    "utvärdering",
    "barn",
    "bostad",
    "familjehem",
    "stöd",
    "samverkan",
    "ekonomiskt bistånd",
]


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(call, *args, **kwargs):
    c, w = cpu(), time.perf_counter()
    result = call(*args, **kwargs)
    return cpu() - c, time.perf_counter() - w, result


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_bank(work: Path, name: str, archive: Path):
    settings = load_settings(archive=archive, index=work / name / "index", cwd=work)
    ingest(settings)
    return settings


def measure(settings_a, b_site: Path, work: Path, runs: int) -> dict[str, list[float]]:
    linked = {"b": LinkedBank("b", "Bank B", index=work / "b-index-unused", site=str(b_site))}
    with_b = settings_a.with_overrides(banks=linked)
    figures: dict[str, list[float]] = {}
    for label, settings, flag in (("utan", settings_a, False), ("med", with_b, True)):
        for run in range(runs):
            site = work / f"a-site-{label}-{run}"
            shutil.rmtree(site, ignore_errors=True)
            c1, w1, first = timed(publish, settings, site, "public", linked=flag)
            c2, w2, _ = timed(publish, settings, site, "public", linked=flag)
            figures.setdefault(f"{label} first cpu", []).append(c1)
            figures.setdefault(f"{label} first wall", []).append(w1)
            figures.setdefault(f"{label} again cpu", []).append(c2)
            figures.setdefault(f"{label} again wall", []).append(w2)
            figures.setdefault(f"{label} size", []).append(size(site))
            figures.setdefault(f"{label} reports", []).append(first.reports)
    return figures


def browser_times(site: Path) -> list[float]:
    times = []
    with serve(site) as url, chromium() as driver:
        driver.get(url + "sok/")
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 30).until(lambda d: d.find_element("id", "status").text)
        for query in QUERIES:
            took = driver.execute_async_script(
                "const done = arguments[arguments.length - 1]; const q = arguments[0];"
                "const box = document.getElementById('q'); const status = document.getElementById('status');"
                "const start = performance.now();"
                "const seen = () => status.textContent.indexOf('för ' + q + '.') >= 0 ||"
                "  status.textContent.indexOf('för ' + q + ',') >= 0;"
                "const wait = () => seen() ? done(performance.now() - start) : setTimeout(wait, 5);"
                "box.value = q; document.getElementById('sokform').requestSubmit(); wait();",
                query,
            )
            times.append(float(took))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=200, help="the synthetic bank B's size")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ["KBANK_NO_LOG"] = "1"
    work = Path(tempfile.mkdtemp(prefix="kbank-bench-linked-"))
    try:
        for year in ("2013", "2014", "2015", "2016"):
            shutil.copytree(REPO / "archive" / year, work / "a-archive" / year)
        for year in ("2017", "2018", "2019", "2020", "2021"):
            shutil.copytree(REPO / "archive" / year, work / "b-archive" / year)
        write_archive(work / "s-archive", args.reports)
        settings_a = build_bank(work, "a", work / "a-archive")
        rows = []
        sites = {}
        for label, archive in (
            ("demo 2017–2021", work / "b-archive"),
            (f"syntetisk {args.reports}", work / "s-archive"),
        ):
            settings_b = build_bank(work, f"b-{len(rows)}", archive)
            b_site = work / f"b-site-{len(rows)}"
            b = publish(settings_b, b_site, "public")
            f = measure(settings_a, b_site, work / f"m-{len(rows)}", args.runs)
            med = {k: statistics.median(v) for k, v in f.items()}
            sites[label] = work / f"m-{len(rows)}" / "a-site-med-0"
            rows.append(
                f"| {label} ({b.reports} rapporter, {size(b_site) / 1e6:.1f} MB) | "
                f"{med['utan first cpu']:.2f} / {med['med first cpu']:.2f} s | "
                f"{med['utan first wall']:.2f} / {med['med first wall']:.2f} s | "
                f"{med['utan again cpu']:.2f} / {med['med again cpu']:.2f} s | "
                f"{med['utan again wall']:.2f} / {med['med again wall']:.2f} s | "
                f"{(med['med size'] - med['utan size']) / 1e6:.2f} MB |"
            )
        load = os.getloadavg()
        print(f"Bank A: {int(med['utan reports'])} rapporter (demo 2013–2016); medians of {args.runs} runs; "
              f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")  # fmt: skip
        print()
        print(
            "| linked bank B | first build CPU without / with | wall | rebuild CPU without / with | wall | size added |"
        )
        print("|---|---|---|---|---|---|")
        print("\n".join(rows))
        if not args.no_browser and browser_available() is None:
            print()
            print(
                "| site searched | search in the browser, median (min–max) over "
                + str(len(QUERIES))
                + " queries |"
            )
            print("|---|---|")
            for label, site in (
                ("A alone", work / "m-0" / "a-site-utan-0"),
                *((f"A + {k}", v) for k, v in sites.items()),
            ):
                t = browser_times(site)
                print(f"| {label} | {statistics.median(t):.0f} ms ({min(t):.0f}–{max(t):.0f}) |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
