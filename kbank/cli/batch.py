"""Batch commands: ``ingest`` and ``reindex``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from rich.markup import escape

from kbank.cli.console import emit_json, err, handle_errors, out, progress_bar, settings_from

# Names the annotations use, imported for type checkers only: kbank.cli.commands gives them to
# typer, so that the fast path (kbank.cli.fastpath) runs a no-op ``ingest`` without typer.
if TYPE_CHECKING:
    import typer

    from kbank.cli.options import (
        AllowRemovalsOpt,
        ArchiveArg,
        ArchiveOpt,
        IndexOpt,
        JobsOpt,
        JsonOpt,
        MemoryLimitOpt,
        MovedOpt,
        NoCacheOpt,
        OcrOpt,
        QuietOpt,
        TimeLimitOpt,
        WaitOpt,
    )
from kbank.errors import ExitCode
from kbank.safetext import printable

#: Files read faster than this are not named in the ingest summary: a list of
#: files that took 0.0 s tells an admin nothing.
NAME_SLOW_FILES_FROM = 0.1


def _run_ingest(
    archive: Path | None,
    index: Path | None,
    as_json: bool,
    full: bool,
    retry_failed: bool,
    batch: BatchOptions,
) -> None:
    # a run over an unchanged archive is answered from one walk of stat results, without
    # importing the readers and whoosh (kbank.ingest.unchanged); only a real run imports them
    from kbank.ingest import unchanged
    from kbank.ingest.result import IngestScope

    settings = settings_from(
        archive=archive,
        index=index,
        jobs=batch.jobs,
        time_limit=batch.time_limit,
        memory_limit=batch.memory_limit,
        lock_wait=batch.wait,
        ocr=None if batch.ocr is None else ("auto" if batch.ocr else "off"),
    )
    quiet = batch.quiet or as_json
    scope = IngestScope(batch.archive_moved, batch.only, batch.allow_removals)
    found = unchanged.check(settings, full, retry_failed, scope)
    result = unchanged.quick_ingest(settings, found)
    if result is None:
        from kbank.ingest.run import ingest

        result = ingest(
            settings,
            full=full,
            retry_failed=retry_failed,
            use_cache=not batch.no_cache,
            progress=no_progress_bar() if quiet else progress_bar(),
            on_failed=_log_failed,
            scope=scope,
            found=found,
        )
    for folder in result.unreadable_folders:
        err.print(
            f"[red]kbank:[/] {escape(folder)}/: mappen går inte att läsa (saknar behörighet); "
            "dess rapporter finns kvar i indexet som de var",
            soft_wrap=True,
            highlight=False,
        )
    if result.stale_lock and not batch.quiet:
        err.print(
            f"[yellow]Ett lås som en avbruten körning lämnat efter sig togs bort:[/] {escape(result.stale_lock)}"
        )
    if as_json:
        emit_json(result.to_json())
    elif not batch.quiet:
        _render_ingest(result)
    if not as_json:
        for hint in result.hints:  # one line per run, also in a nightly job's log
            err.print(f"[yellow]kbank: tips:[/] {escape(hint)}", soft_wrap=True, highlight=False)
    if result.failed or result.unreadable_folders:
        raise SystemExit(int(ExitCode.PARTIAL))


def _log_failed(failed) -> None:
    """One stderr line per file that could not be read, as it happens (for batch logs)."""
    err.print(
        f"[red]kbank:[/] {escape(printable(failed.path, one_line=True))}: "
        f"{escape(printable(failed.error, one_line=True))}",
        soft_wrap=True,
        highlight=False,
    )


def no_progress_bar():
    from kbank.ingest.run import no_progress

    return no_progress


def _render_ingest(result) -> None:
    if result.rebuild_reason:
        err.print(f"[yellow]Indexet byggdes om:[/] {escape(result.rebuild_reason)}")
    for warning in result.warnings:
        err.print(f"[yellow]Rättelsefil:[/] {escape(printable(str(warning), one_line=True))}", soft_wrap=True)
    failed = len(result.failed)
    out.print(
        f"[bold]Klart[/] på {result.seconds:.1f} s: {result.added} nya, {result.updated} ändrade, "
        f"{result.removed} borttagna, {result.unchanged} oförändrade"
        + (f", [red]{failed} kunde inte läsas[/]" if failed else "")
        + (f", {result.known_failed} olästa sedan tidigare" if result.known_failed else "")
        + f". Indexet har {result.documents} dokument."
        + (
            f" {result.metadata_updated} fick nya uppgifter från rättelsefiler, sammanfattningar eller sitt ärende."
            if result.metadata_updated
            else ""
        ),
        soft_wrap=True,  # one line in a batch job's log
    )
    if result.extracted or result.cached:
        out.print(
            f"Lästa filer: {result.extracted}"
            + (f" ({result.jobs} läsprocesser, PDF-läsare {result.pdf_reader})" if result.jobs else "")
            + f", {result.cached} från cachen"
            + (f", {result.ocr_pages} inskannade sidor lästa med OCR." if result.ocr_pages else ".")
        )
    slow = [f for f in result.slowest if f.seconds >= NAME_SLOW_FILES_FROM]
    if slow:
        out.print("Långsammast att läsa:")
        for f in slow:
            out.print(f"  {f.seconds:6.1f} s  {escape(f.path)}", soft_wrap=True)
    if failed:
        files = "fil" if failed == 1 else "filer"
        out.print(f"[red]{failed} {files} kunde inte läsas[/] (se raderna ovan).")


@dataclass(frozen=True)
class BatchOptions:
    """The options ``ingest`` and ``reindex`` share."""

    jobs: int | None = None
    time_limit: float | None = None
    memory_limit: int | None = None
    wait: float | None = None
    quiet: bool = False
    no_cache: bool = False
    #: --ocr / --no-ocr; None: the setting (kbank.toml, KBANK_OCR, default auto)
    ocr: bool | None = None
    archive_moved: bool = False
    only: str | None = None
    allow_removals: bool = False


@handle_errors
def ingest(
    archive_arg: ArchiveArg = None,
    archive: ArchiveOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed", help="Försök igen med filer som inte gick att läsa förra gången."),
    ] = False,
    jobs: JobsOpt = None,
    time_limit: TimeLimitOpt = None,
    memory_limit: MemoryLimitOpt = None,
    wait: WaitOpt = None,
    quiet: QuietOpt = False,
    no_cache: NoCacheOpt = False,
    ocr: OcrOpt = None,
    archive_moved: MovedOpt = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Läs om bara den här undermappen i arkivet (t.ex. 2014); resten av indexet lämnas som det är.",
            show_default=False,
        ),
    ] = None,
    allow_removals: AllowRemovalsOpt = False,
) -> None:
    """Läs in nya och ändrade rapporter i arkivet och ta bort borttagna ur indexet."""
    batch = BatchOptions(
        jobs, time_limit, memory_limit, wait, quiet, no_cache, ocr, archive_moved, only, allow_removals
    )
    _run_ingest(archive_arg or archive, index, as_json, full=False, retry_failed=retry_failed, batch=batch)


@handle_errors
def reindex(
    archive_arg: ArchiveArg = None,
    archive: ArchiveOpt = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    jobs: JobsOpt = None,
    time_limit: TimeLimitOpt = None,
    memory_limit: MemoryLimitOpt = None,
    wait: WaitOpt = None,
    quiet: QuietOpt = False,
    no_cache: NoCacheOpt = False,
    ocr: OcrOpt = None,
    archive_moved: MovedOpt = False,
    allow_removals: AllowRemovalsOpt = False,
) -> None:
    """Bygg om hela indexet från arkivet; det gamla gäller tills det nya är klart."""
    batch = BatchOptions(
        jobs, time_limit, memory_limit, wait, quiet, no_cache, ocr, archive_moved, None, allow_removals
    )
    _run_ingest(archive_arg or archive, index, as_json, full=True, retry_failed=True, batch=batch)
