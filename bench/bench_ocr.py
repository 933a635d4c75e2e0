"""OCR benchmarks: speed, word accuracy, and what OCR adds to a first ingest of an archive.

python -m bench.bench_ocr speed --files 8 --pages 4 --jobs 2   # OCR pages per second (ingest)
python -m bench.bench_ocr engines                               # tesseract program vs pytesseract, one page
python -m bench.bench_ocr accuracy                              # words recovered / words on a page
python -m bench.bench_ocr orientation                           # page segmentation 3 against 1 (with OSD)
python -m bench.bench_ocr corpus ../shared/corpus --jobs 2      # first ingest, OCR off vs on

Needs tesseract with Swedish data, pypdfium2, Pillow and fpdf2 (the test extra) and DejaVu Sans.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from corpora.scans import page_image, scanned_pdf  # noqa: E402
from kbank.config import load_settings  # noqa: E402
from kbank.extract import OcrOptions, extract  # noqa: E402
from kbank.ingest.run import ingest  # noqa: E402

#: Running text of a Swedish report: the words the accuracy page is drawn from.
SENTENCES = [
    "Projektet har pågått i tre år och riktat sig till familjer med barn i förskoleåldern.",
    "Socialtjänsten och barnhälsovården har samverkat kring tidiga insatser i hemmet.",
    "Utvärderingen visar att föräldrarna upplevde stödet som värdefullt och lättillgängligt.",
    "Handläggarna fick utbildning i motiverande samtal och strukturerad bedömning.",
    "Väntetiderna för en första kontakt minskade från sex veckor till tolv dagar.",
    "Äldreförvaltningen följde upp hemtjänstens insatser med brukarundersökningar.",
    "Målgruppen var unga vuxna med missbruk och psykisk ohälsa som saknade bostad.",
    "Förvaltningens ledningsgrupp beslutade att arbetssättet ska införas i ordinarie verksamhet.",
    "Kostnaderna för placeringar i hem för vård eller boende minskade med en femtedel.",
    "Samtliga deltagare erbjöds en kontaktperson och stöd i kontakten med arbetsförmedlingen.",
    "Rapporten beskriver genomförandet, resultaten och de lärdomar som projektgruppen dragit.",
    "Skolsköterskor och kuratorer uppmärksammade elever med hög frånvaro på ett tidigare stadium.",
]


def report_pages(seed: int, pages: int, lines: int = 30) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for number in range(pages):
        body = [f"Sida {number + 1}"]
        while len(body) < lines:
            sentence = rng.choice(SENTENCES)
            words = sentence.split()
            cut = rng.randint(6, 9)
            body += [" ".join(words[:cut]), " ".join(words[cut:])]
        out.append(body[:lines])
    return out


def speed(args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        for i in range(args.files):
            folder = archive / "2009" / f"SN 2009-{i:04d} Projekt {i}"
            folder.mkdir(parents=True)
            scanned_pdf(folder / "rapport.pdf", report_pages(i, args.pages))
        settings = load_settings(archive=archive, index=Path(tmp) / "index", jobs=args.jobs, environ={})
        started = time.perf_counter()
        result = ingest(settings)
        seconds = time.perf_counter() - started
    pages = args.files * args.pages
    print("| files × pages | jobs | OCR'd pages | ingest | pages per second |")
    print("|---|---|---|---|---|")
    print(
        f"| {args.files} × {args.pages} | {args.jobs} | {result.ocr_pages} | {seconds:.1f} s | "
        f"{pages / seconds:.2f} |"
    )


def engines(args) -> None:
    """One A4 page at 300 dpi, single thread: the tesseract program through stdin, and pytesseract."""
    import os
    import shutil
    import subprocess

    image = page_image(report_pages(1, 1)[0]).resize((2480, 3508))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    pgm = b"P5\n%d %d\n255\n" % image.size + image.tobytes()
    argv = [shutil.which("tesseract"), "stdin", "stdout", "-l", "swe+eng", "--psm", "3", "--dpi", "300"]
    runs = {"tesseract program, PGM on stdin (kbank)": lambda: subprocess.run(
        argv, input=pgm, capture_output=True, check=True, env=env)}  # fmt: skip
    try:
        import pytesseract
    except ImportError:
        print("pytesseract is not installed: pip install pytesseract", file=sys.stderr)
    else:
        os.environ["OMP_THREAD_LIMIT"] = "1"
        runs["pytesseract (temporary PNG files)"] = lambda: pytesseract.image_to_string(
            image, lang="swe+eng", config="--psm 3 --dpi 300"
        )
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # interleaved, so a busy moment of the machine costs both
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    rows = [(name, sorted(t)[len(t) // 2]) for name, t in times.items()]
    print("| engine | seconds per page (median) |")
    print("|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def accuracy(args) -> None:
    """Words recovered / words on the page (a multiset: each word on the page found once)."""
    print("| page | words on page | recovered | accuracy |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, size, skew, worn in [
            ("12 pt, straight", 34, 0.0, False),
            ("10 pt, skewed 1°", 28, 1.0, False),
            ("12 pt, upside down", 34, 180.0, False),
            ("10 pt, worn photocopy (grey, blurred, speckled, JPEG)", 28, 0.5, True),
        ]:
            lines = report_pages(7, 1)[0]
            path = Path(tmp) / "sida.pdf"
            from fpdf import FPDF

            image = page_image(lines, size=size, skew=skew)
            if worn:
                image = _worn(image)
            pdf = FPDF(unit="mm", format="A4")
            pdf.add_page()
            pdf.image(image, x=0, y=0, w=210, h=297)
            pdf.output(str(path))
            got = extract(path, OcrOptions()).text
            truth = collections.Counter(_WORD.findall(" ".join(lines)))
            found = collections.Counter(_WORD.findall(got))
            recovered = sum(min(n, found[w]) for w, n in truth.items())
            total = sum(truth.values())
            print(f"| {label} | {total} | {recovered} | {recovered / total:.1%} |")


def orientation(args) -> None:
    """Pages scanned upright, sideways and upside down, read with --psm 3 and --psm 1 (orientation detection)."""
    import os
    import shutil
    import subprocess

    lines = report_pages(3, 1)[0]
    image = page_image(lines).resize((2480, 3508))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    truth = collections.Counter(_WORD.findall(" ".join(lines)))
    print("| page | psm | seconds | accuracy |")
    print("|---|---|---|---|")
    pages = [
        ("upright", image),
        ("sideways", image.rotate(90, expand=True)),
        ("upside down", image.rotate(180)),
    ]
    for label, page in pages:
        pgm = b"P5\n%d %d\n255\n" % page.size + page.tobytes()
        for psm in ("3", "1"):
            argv = [
                shutil.which("tesseract"),
                "stdin",
                "stdout",
                "-l",
                "swe+eng",
                "--psm",
                psm,
                "--dpi",
                "300",
            ]
            started = time.perf_counter()
            out = subprocess.run(argv, input=pgm, capture_output=True, env=env, check=True).stdout.decode()
            seconds = time.perf_counter() - started
            found = collections.Counter(_WORD.findall(out))
            recovered = sum(min(n, found[w]) for w, n in truth.items()) / sum(truth.values())
            print(f"| {label} | {psm} | {seconds:.2f} | {recovered:.0%} |")


def _worn(image):
    """A photocopy of a photocopy: grey paper, soft edges, speckles, saved as a rough JPEG."""
    import io

    from PIL import Image, ImageChops, ImageFilter

    noise = Image.effect_noise(image.size, 40).point(lambda v: 255 if v > 10 else 90)  # 0.2 % specks
    worn = ImageChops.multiply(image.filter(ImageFilter.GaussianBlur(1.1)), noise)
    worn = worn.point(lambda v: 60 + v * 170 // 255)  # grey paper, grey ink
    buffer = io.BytesIO()
    worn.save(buffer, "JPEG", quality=35)
    return Image.open(io.BytesIO(buffer.getvalue()))


def corpus(args) -> None:
    """First ingest of an archive with OCR off and on (fresh index each), and what OCR made searchable."""
    from kbank.search.bank import Bank

    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("off", "auto"):
            settings = load_settings(
                archive=args.archive, index=Path(tmp) / mode, jobs=args.jobs, ocr=mode, environ={}
            )
            started = time.perf_counter()
            result = ingest(settings)
            rows[mode] = (settings, result, time.perf_counter() - started)
        off, on = rows["off"][1], rows["auto"][1]
        scans = sorted(f.path for f in off.failed if f.reason == "needs_ocr")
        still = {f.path: f for f in on.failed}
        searchable, details = 0, []
        with Bank(rows["auto"][0]) as bank:
            for path in scans:
                if path in still:
                    details.append((path, f"{still[path].reason}: {still[path].error}"))
                    continue
                detail = bank.show(path)
                words = [w for w in _WORD.findall(" ".join(detail.pages)) if len(w) >= 4]
                probe = max(words, key=lambda w: (sum(c in "åäö" for c in w), len(w)), default=None)
                hit = probe is not None and any(
                    h.id == detail.document.id for h in bank.search(probe, limit=50).hits
                )
                searchable += hit
                chars = sum(len(p) for p in detail.pages)
                details.append((path, f"{len(detail.meta.get('ocr_pages') or [])} pages OCR'd, {chars} chars, "
                                      f"found by '{probe}': {'yes' if hit else 'no'}"))  # fmt: skip
    print("| OCR | first ingest | documents | failed | needs OCR | OCR'd pages |")
    print("|---|---|---|---|---|---|")
    for mode, (_, result, seconds) in rows.items():
        needs = sum(f.reason == "needs_ocr" for f in result.failed)
        print(
            f"| {mode} | {seconds:.1f} s | {result.documents} | {len(result.failed)} | {needs} | {result.ocr_pages} |"
        )
    print()
    print(f"Needs-OCR files with OCR off: {len(scans)}; searchable with OCR on: {searchable}.")
    if args.details:
        print()
        for path, what in details:
            print(f"- `{path}`: {what}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("speed")
    p.add_argument("--files", type=int, default=8)
    p.add_argument("--pages", type=int, default=4)
    p.add_argument("--jobs", type=int, default=2)
    p = sub.add_parser("engines")
    p.add_argument("--repeat", type=int, default=5)
    sub.add_parser("accuracy")
    sub.add_parser("orientation")
    p = sub.add_parser("corpus")
    p.add_argument("archive", type=Path)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--details", action="store_true")
    args = parser.parse_args()
    commands = {"speed": speed, "engines": engines, "accuracy": accuracy, "orientation": orientation}
    commands["corpus"] = corpus
    commands[args.command](args)


if __name__ == "__main__":
    main()
