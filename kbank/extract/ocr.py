"""OCR of scanned PDF pages with Tesseract (the ``tesseract`` program; the only module that runs it).

A page without a text layer (fewer letters than a stamp or a header, and an image on it) is
rendered to a grey-scale bitmap by PDFium (``pdfium.py``) and read by ``tesseract`` in a
child process: the bitmap goes in on stdin as PGM, the text comes out on stdout, so nothing
is written to disk. Pages with a real text layer are never OCR'd, so a mixed PDF keeps its
text. Each page runs under a time cap (``OcrOptions.page_seconds``) and the whole file under
another (``file_seconds``); the child inherits the worker's memory limit (``RLIMIT_AS``).

The program is called directly rather than through ``pytesseract``: that wrapper runs the
same program, through temporary image and text files, and measured as fast (BENCHMARKS.md), so
it would only add a dependency; ``tesserocr`` needs a C++ build against the library, and a
crash inside it would take the worker along instead of one child process.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .model import ExtractionError, Reason
from .text import clean, letter_count

#: A rendered page larger than this many pixels is rendered at a lower resolution (an A2
#: page at 300 dpi is 35 megapixels; Tesseract needs several bytes per pixel) ...
MAX_PIXELS = 40_000_000
#: ... but not below this resolution: a page that would need less is too large to read.
MIN_DPI = 100
#: Tesseract's page segmentation: 1 = automatic layout analysis (columns, headings) with
#: orientation detection, so a page scanned sideways or upside down is read too (it needs
#: the "osd" data, which Debian's tesseract-ocr installs); 3 = the same without it.
PAGE_SEGMENTATION = "1"
PAGE_SEGMENTATION_WITHOUT_OSD = "3"
_LANGUAGES = re.compile(r"[A-Za-z_]+(?:\+[A-Za-z_]+)*")


@dataclass(frozen=True)
class OcrOptions:
    """How to OCR: Tesseract's languages (``swe+eng``), the resolution and the time caps."""

    languages: str = "swe+eng"
    dpi: int = 300
    #: seconds one page may take; past it the page is left without text
    page_seconds: float = 60.0
    #: seconds the OCR of one file may take in all
    file_seconds: float = 1800.0

    def budget(self, pages: int) -> float:
        """Seconds ``pages`` pages of OCR may take: per page, capped per file."""
        return min(pages * self.page_seconds, self.file_seconds)


@dataclass(frozen=True)
class OcrStatus:
    """Whether OCR can run here; ``engine`` names it (for cache keys), ``missing`` says how to install it."""

    engine: str | None
    missing: str | None = None
    #: the page segmentation mode to use: with orientation detection when its data is installed
    psm: str = PAGE_SEGMENTATION


def valid_languages(languages: str) -> bool:
    """Tell whether a language setting has Tesseract's shape.

    >>> valid_languages("swe+eng"), valid_languages("swe; rm -rf"), valid_languages("")
    (True, False, False)
    """
    return bool(_LANGUAGES.fullmatch(languages))


@lru_cache(maxsize=8)
def status(languages: str) -> OcrStatus:
    """Find the ``tesseract`` program, its version and the languages' data (once per process)."""
    program = shutil.which("tesseract")
    if program is None:
        return OcrStatus(
            None, "installera Tesseract med svenska: apt-get install tesseract-ocr tesseract-ocr-swe"
        )
    try:
        version = _run_quick([program, "--version"]).splitlines()[0].split()[-1]
        listed = _run_quick([program, "--list-langs"]).splitlines()[1:]
    except (OSError, subprocess.SubprocessError, IndexError):
        return OcrStatus(None, f"programmet {program} går inte att köra: installera om tesseract-ocr")
    have = {line.strip() for line in listed}
    lacking = [lang for lang in languages.split("+") if lang not in have]
    if lacking:
        packages = " ".join(f"tesseract-ocr-{lang.lower().replace('_', '-')}" for lang in lacking)
        return OcrStatus(
            None, f"Tesseract saknar språkdata för {', '.join(lacking)}: apt-get install {packages}"
        )
    psm = PAGE_SEGMENTATION if "osd" in have else PAGE_SEGMENTATION_WITHOUT_OSD
    return OcrStatus(f"tesseract-{version}", psm=psm)


def _run_quick(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, timeout=30, check=False, env=_child_env())
    return (done.stdout or done.stderr).decode("utf-8", "replace")


def engine_id(options: OcrOptions) -> str:
    """Name what OCR would give, for the extraction cache: engine, version, languages, resolution.

    A change of any of them (or Tesseract installed where it was missing) reads scans again.
    """
    found = status(options.languages)
    if found.engine is None:
        return "ocr=none"
    return f"ocr={found.engine}:{options.languages}:{options.dpi}dpi:psm{found.psm}"


@dataclass
class PageImage:
    """A rendered page: 8-bit grey pixels, row by row (``width`` bytes a row)."""

    width: int
    height: int
    pixels: bytes
    dpi: int

    def pgm(self) -> bytes:
        return b"P5\n%d %d\n255\n" % (self.width, self.height) + self.pixels


#: render(page_index, dpi) -> PageImage; raises ExtractionError for a page it cannot render
Renderer = Callable[[int, int], PageImage]
#: page_size(page_index) -> (width, height) in points
PageSize = Callable[[int], tuple[float, float]]


def render_dpi(width_pt: float, height_pt: float, dpi: int) -> int | None:
    """The resolution to render a page at: ``dpi``, lower for a large page, None when too large.

    >>> render_dpi(595, 842, 300)        # A4
    300
    >>> render_dpi(1684, 2384, 300)      # A1: rendered at less
    227
    >>> render_dpi(14400, 14400, 300) is None   # 5 x 5 m: no
    True
    """
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= MAX_PIXELS:
        return dpi
    lower = int(dpi * (MAX_PIXELS / pixels) ** 0.5)
    return lower if lower >= MIN_DPI else None


def read_pages(
    numbers: list[int],
    page_size: PageSize,
    render: Renderer,
    options: OcrOptions,
    on_start: Callable[[float], None] | None = None,
) -> dict[int, str]:
    """OCR the pages ``numbers`` (0-based); return their text by page.

    ``on_start`` is told how many seconds the OCR may take before it starts (the worker
    extends its deadline by that much). A page too large, too slow or that Tesseract fails
    on is left out; when every page fails, the first failure is raised.
    """
    found = status(options.languages)
    if found.engine is None:
        raise ExtractionError(Reason.NEEDS_OCR, "behöver OCR: PDF-filen saknar textlager (inskannad bild?)")
    budget = options.budget(len(numbers))
    if on_start is not None:
        on_start(budget)
    deadline = time.monotonic() + budget
    texts: dict[int, str] = {}
    first_failure: ExtractionError | None = None
    for number in numbers:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ExtractionError(
                Reason.TIMEOUT,
                f"tog för lång tid: OCR av {len(numbers)} sidor avbröts efter {budget:g} s",
            )
        try:
            width, height = page_size(number)
            dpi = render_dpi(width, height, options.dpi)
            if dpi is None:
                raise ExtractionError(
                    Reason.TOO_LARGE,
                    f"för stor: sidan {number + 1} är {width / 72 * 2.54:.0f} × {height / 72 * 2.54:.0f} cm,"
                    " för stor för OCR",
                )
            image = render(number, dpi)
            texts[number] = _tesseract(image, options, min(options.page_seconds, left), number, found.psm)
        except ExtractionError as exc:
            first_failure = first_failure or exc
    if not texts and first_failure is not None:
        raise first_failure
    return texts


def _tesseract(image: PageImage, options: OcrOptions, seconds: float, number: int, psm: str) -> str:
    program = shutil.which("tesseract") or "tesseract"
    argv = [
        program, "stdin", "stdout",
        "-l", options.languages,
        "--psm", psm,
        "--dpi", str(image.dpi),
    ]  # fmt: skip
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(image.pgm(), timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ExtractionError(
            Reason.TIMEOUT, f"tog för lång tid: OCR av sidan {number + 1} tog mer än {seconds:g} s"
        ) from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        if proc.returncode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL) or any(
            "alloc" in line.lower() for line in message
        ):
            raise ExtractionError(Reason.MEMORY, f"för stor: OCR av sidan {number + 1} fick slut på minne")
        detail = message[-1][:120] if message else f"slutkod {proc.returncode}"
        raise ExtractionError(Reason.CORRUPT, f"OCR av sidan {number + 1} misslyckades ({detail})")
    return clean(out.decode("utf-8", "replace"))


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # one thread per page: kbank's workers already use every core, and Tesseract's OpenMP
    # threads would fight over them (it is slower in total, not faster)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def has_text(text: str) -> bool:
    """Tell whether OCR found any words on a page (not only specks read as letters)."""
    return letter_count(text) >= 3
