"""The ``kbank`` command: parse options, call one library function, render. The only home of typer and rich."""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from typer import rich_utils

from .config import Settings, load_settings
from .errors import ExitCode, KbankError

app = typer.Typer(
    name="kbank",
    help="kbank — en kunskapsbank i terminalen för socialtjänstens utvecklingsprojekt.\n\n"
    "Läs in arkivets rapporter med 'kbank ingest' och sök i dem med 'kbank search'.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_USAGE_MESSAGES = [
    (
        re.compile(r"^No such option: (\S+)(?:\s+Did you mean (\S+)\?)?"),
        lambda m: f"okänd flagga {m.group(1)}" + (f" — menade du {m.group(2)}?" if m.group(2) else ""),
    ),
    (re.compile(r"^No such command '?([^'.]+)'?\.?"), lambda m: f"okänt kommando {m.group(1)!r}"),
    (re.compile(r"^Missing argument '?([^'.]+)'?\.?"), lambda m: f"argumentet {m.group(1)} saknas"),
    (re.compile(r"^Missing option '?([^'.]+)'?\.?"), lambda m: f"flaggan {m.group(1)} saknas"),
    (
        re.compile(r"^Option '?([^']+)'? requires an argument\.?"),
        lambda m: f"flaggan {m.group(1)} kräver ett värde",
    ),
    (
        re.compile(r"^Got unexpected extra arguments? \((.*)\)"),
        lambda m: f"oväntade extra argument: {m.group(1)}",
    ),
    (
        re.compile(r"^Invalid value for '?([^':]+)'?(?: / '?[^':]+'?)?: .*(?:integer|heltal)"),
        lambda m: f"ogiltigt värde för {m.group(1)}: ange ett heltal",
    ),
    (
        re.compile(r"^Invalid value for '?([^':]+)'?(?: / '?[^':]+'?)?: (.*)"),
        lambda m: f"ogiltigt värde för {m.group(1)}: {m.group(2)}",
    ),
]


def _usage_error(exc) -> None:
    """Print a usage error as one Swedish line (replaces typer's English error panel)."""
    if exc.__class__.__name__ == "NoArgsIsHelpError":
        return
    message = " ".join(exc.format_message().split())
    for pattern, render in _USAGE_MESSAGES:
        match = pattern.match(message)
        if match:
            message = render(match)
            break
    ctx = getattr(exc, "ctx", None)
    hint = f" (se {ctx.command_path} --help)" if ctx is not None else ""
    Console(stderr=True, highlight=False).print(
        f"[bold red]kbank:[/] {escape(message)}{hint}", soft_wrap=True
    )


rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
rich_utils.OPTIONS_PANEL_TITLE = "Flaggor"
rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"
rich_utils.ERRORS_PANEL_TITLE = "Fel"
rich_utils.ABORTED_TEXT = "Avbrutet."
rich_utils.DEFAULT_STRING = "[standard: {}]"
rich_utils.REQUIRED_LONG_STRING = "[krävs]"
rich_utils.rich_format_error = _usage_error

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

TYPE_LABELS = {"other": "övrigt"}

IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Indexmapp (annars $KBANK_INDEX, annars ./index).", show_default=False),
]
ArchiveOpt = Annotated[
    Path | None,
    typer.Option(
        "--archive", help="Arkivmapp (annars $KBANK_ARCHIVE, annars ./archive).", show_default=False
    ),
]
ArchiveArg = Annotated[
    Path | None, typer.Argument(help="Arkivmappen med diarieförda rapporter.", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv ett JSON-dokument till stdout (för skript).")]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Dokumenttyp: projektplan, delrapport, slutrapport, utvärdering, övrigt.",
        show_default=False,
    ),
]
AreaOpt = Annotated[
    list[str] | None,
    typer.Option("--area", "-a", help="Sakområde, t.ex. missbruk eller 'barn och unga'.", show_default=False),
]
UnitOpt = Annotated[
    list[str] | None,
    typer.Option("--unit", "-u", help="Förvaltning, t.ex. socialförvaltningen.", show_default=False),
]
DnrOpt = Annotated[
    list[str] | None,
    typer.Option("--dnr", "-d", help="Diarienummer, t.ex. 3.2-614/2013.", show_default=False),
]
YearOpt = Annotated[
    list[str] | None,
    typer.Option("--year", "-y", help="År eller intervall: 2014 eller 2012..2015.", show_default=False),
]


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]kbank:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one stderr line and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KbankError as exc:
            _fail(str(exc), int(exc.exit_code))
        except KeyboardInterrupt:
            _fail("avbrutet", 130)
        except typer.Exit:
            raise
        except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
            _fail(
                f"oväntat fel ({type(exc).__name__}: {exc}); kör kbank reindex om det gäller indexet",
                ExitCode.FATAL,
            )

    return wrapper


def _settings(**options: Any) -> Settings:
    return load_settings(**options)


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _type_label(doc_type: str) -> str:
    return TYPE_LABELS.get(doc_type, doc_type)


def _filters(types, areas, units, dnrs, years):
    from .search import Filters

    return Filters(
        types=types or [], areas=areas or [], units=units or [], dnrs=dnrs or [], years=years or []
    )


def _progress():
    if not err.is_terminal:
        from .ingest import no_progress

        return no_progress
    from rich.progress import track

    def wrap(items, label):
        return track(items, description=label, console=err, transient=True) if items else items

    return wrap


# --------------------------------------------------------------------------- ingest, reindex


def _run_ingest(
    archive: Path | None,
    index: Path | None,
    as_json: bool,
    full: bool,
    retry_failed: bool,
    batch: BatchOptions,
) -> None:
    from .ingest import ingest

    settings = _settings(
        archive=archive,
        index=index,
        jobs=batch.jobs,
        time_limit=batch.time_limit,
        memory_limit=batch.memory_limit,
        lock_wait=batch.wait,
    )
    quiet = batch.quiet or as_json
    result = ingest(
        settings,
        full=full,
        retry_failed=retry_failed,
        use_cache=not batch.no_cache,
        progress=_no_progress() if quiet else _progress(),
        on_failed=_log_failed,
    )
    if result.stale_lock and not batch.quiet:
        err.print(
            f"[yellow]Ett lås som en avbruten körning lämnat efter sig togs bort:[/] {escape(result.stale_lock)}"
        )
    if as_json:
        _emit_json(result.to_json())
    elif not batch.quiet:
        _render_ingest(result)
    if result.failed:
        raise typer.Exit(ExitCode.PARTIAL)


def _log_failed(failed) -> None:
    """One stderr line per file that could not be read, as it happens (for batch logs)."""
    err.print(
        f"[red]kbank:[/] {escape(failed.path)}: {escape(failed.error)}", soft_wrap=True, highlight=False
    )


def _no_progress():
    from .ingest import no_progress

    return no_progress


def _render_ingest(result) -> None:
    if result.rebuild_reason:
        err.print(f"[yellow]Indexet byggdes om:[/] {escape(result.rebuild_reason)}")
    failed = len(result.failed)
    out.print(
        f"[bold]Klart[/] på {result.seconds:.1f} s: {result.added} nya, {result.updated} ändrade, "
        f"{result.removed} borttagna, {result.unchanged} oförändrade"
        + (f", [red]{failed} kunde inte läsas[/]" if failed else "")
        + (f", {result.known_failed} olästa sedan tidigare" if result.known_failed else "")
        + f". Indexet har {result.documents} dokument.",
        soft_wrap=True,  # one line in a batch job's log
    )
    if result.extracted or result.cached:
        out.print(
            f"Lästa filer: {result.extracted}"
            + (f" ({result.jobs} läsprocesser, PDF-läsare {result.pdf_reader})" if result.jobs else "")
            + f", {result.cached} från cachen."
        )
    if result.slowest:
        out.print("Långsammast att läsa:")
        for f in result.slowest:
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


JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Antal processer som läser filer (standard: en per kärna).",
        show_default=False,
    ),
]
TimeLimitOpt = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Sekunder en fil får ta att läsa innan den hoppas över (standard 60).",
        show_default=False,
    ),
]
MemoryLimitOpt = Annotated[
    int | None,
    typer.Option(
        "--memory-limit",
        min=128,
        help="Megabyte minne läsningen av en fil får använda (standard 1024).",
        show_default=False,
    ),
]
WaitOpt = Annotated[
    float | None,
    typer.Option(
        "--wait",
        min=0,
        help="Vänta så många sekunder om en annan kbank redan skriver i indexet (standard: avbryt direkt).",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Skriv bara ut filer som inte kunde läsas, och fel.")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Läs varje fil på nytt i stället för att ta texten ur cachen.")
]


@app.command()
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
) -> None:
    """Läs in nya och ändrade rapporter i arkivet och ta bort borttagna ur indexet."""
    batch = BatchOptions(jobs, time_limit, memory_limit, wait, quiet, no_cache)
    _run_ingest(archive_arg or archive, index, as_json, full=False, retry_failed=retry_failed, batch=batch)


@app.command()
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
) -> None:
    """Bygg om hela indexet från arkivet; det gamla gäller tills det nya är klart."""
    batch = BatchOptions(jobs, time_limit, memory_limit, wait, quiet, no_cache)
    _run_ingest(archive_arg or archive, index, as_json, full=True, retry_failed=True, batch=batch)


# --------------------------------------------------------------------------- search, list, show


@app.command()
@handle_errors
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Sökord. Alla ord krävs; "fras", OR, NOT, -ord, ord*, typ:, år:, dnr:, område:, förvaltning:.',
            show_default=False,
        ),
    ],
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Högst så många träffar.")] = 10,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sök i rapporterna: böjningar, sammansättningar och stavning utan å/ä/ö hittas också."""
    from .search import Bank

    with Bank(_settings(index=index)) as bank:
        result = bank.search(" ".join(query), _filters(doc_type, area, unit, dnr, year), limit=limit)
    if as_json:
        _emit_json(result.to_json())
        return
    _render_search(result)


def _render_search(result) -> None:
    for note in result.notes:
        err.print(f"[yellow]{escape(note)}[/]")
    if not result.hits:
        out.print(f"Inga träffar för [bold]{escape(result.query)}[/].")
        if result.suggestion:
            out.print(f"Menade du [bold]{escape(result.suggestion)}[/]?")
        return
    shown = len(result.hits)
    out.print(
        f"[bold]{result.total}[/] {'träff' if result.total == 1 else 'träffar'} för [bold]{escape(result.query)}[/]"
        + (f" (visar {shown})" if shown < result.total else "")
    )
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("Rapport och träff", ratio=5, overflow="fold")
    table.add_column("Typ", no_wrap=True)
    table.add_column("Datum", no_wrap=True)
    table.add_column("Dnr", no_wrap=True)
    for number, hit in enumerate(result.hits, 1):
        cell = Text()
        cell.append(hit.title, style="bold")
        where = hit.path + (f"  s. {hit.page}" if hit.page else "")
        cell.append("\n" + where, style="dim")
        if hit.snippet:
            snippet = Text(hit.snippet)
            for start, end in hit.highlights:
                snippet.stylize("bold yellow", start, end)
            cell.append("\n")
            cell.append_text(snippet)
        table.add_row(
            str(number),
            cell,
            _type_label(hit.doc_type),
            hit.date or (str(hit.year) if hit.year else ""),
            hit.dnr or "",
        )
    out.print(table)
    facets = result.facets
    parts = []
    for key, label in (("doc_type", "Typ"), ("area", "Område"), ("year", "År")):
        if facets.get(key):
            values = ", ".join(
                f"{_type_label(k) if key == 'doc_type' else k} {v}" for k, v in list(facets[key].items())[:6]
            )
            parts.append(f"{label}: {values}")
    if parts:
        out.print("[dim]" + escape(" · ".join(parts)) + "[/]")


@app.command("list")
@handle_errors
def list_documents(
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", min=1, help="Högst så många dokument (standard: alla).", show_default=False
        ),
    ] = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Lista dokumenten, nyaste först, med samma filter som search."""
    from .search import Bank

    with Bank(_settings(index=index)) as bank:
        result = bank.list(_filters(doc_type, area, unit, dnr, year), limit=limit)
    if as_json:
        _emit_json(result.to_json())
        return
    if not result.documents:
        out.print("Inga dokument matchar.")
        return
    wide = out.width >= 120  # the administration column only where it has room
    table = Table(expand=True)
    table.add_column("Datum", no_wrap=True)
    table.add_column("Typ", no_wrap=True)
    table.add_column("Titel", ratio=4, overflow="fold")
    table.add_column("Dnr", no_wrap=True)
    if wide:
        table.add_column("Förvaltning", ratio=2, overflow="fold")
    table.add_column("Id", no_wrap=True)
    for doc in result.documents:
        row = [
            doc.date or (str(doc.year) if doc.year else ""),
            _type_label(doc.doc_type),
            doc.title,
            doc.dnr or "",
        ]
        if wide:
            row.append(doc.unit or "")
        table.add_row(*row, doc.id[:8])
    out.print(table)
    out.print(
        f"{result.total} dokument"
        + (f" (visar {len(result.documents)})" if len(result.documents) < result.total else "")
    )


@app.command()
@handle_errors
def show(
    ref: Annotated[
        list[str],
        typer.Argument(
            help="Dokument-id (eller dess början), sökväg i arkivet eller Dnr.", show_default=False
        ),
    ],
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Visa ett dokument: alla uppgifter, var filen ligger och början av texten."""
    from .search import Bank

    settings = _settings(index=index, archive=archive)
    with Bank(settings) as bank:
        detail = bank.show(" ".join(ref))
    if as_json:
        _emit_json(detail.to_json())
        return
    doc, meta = detail.document, detail.meta
    out.print(f"[bold]{escape(doc.title)}[/]")
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    rows = [
        ("Id", doc.id),
        ("Dnr", doc.dnr or "okänt"),
        ("Typ", _type_label(doc.doc_type)),
        ("Datum", doc.date or (str(doc.year) if doc.year else "okänt")),
        ("Förvaltning", doc.unit or ""),
        ("Kontaktperson", meta.get("contact") or ""),
        ("Projekt", meta.get("project") or ""),
        ("Sakområden", ", ".join(doc.areas)),
        ("Nyckelord", ", ".join(doc.keywords)),
        (
            "Omfång",
            f"{len(detail.pages)} sidor, {detail.text_chars} tecken"
            if detail.paged
            else f"{detail.text_chars} tecken",
        ),
    ]
    for f in detail.files:
        rows.append(("Fil", str(settings.archive / f.path)))
    if detail.same_dnr:
        rows.append(("Samma Dnr", ", ".join(i[:8] for i in detail.same_dnr)))
    for label, value in rows:
        if value:
            table.add_row(label, escape(str(value)))
    out.print(table)
    if detail.summary:
        out.rule("Sammanfattning")
        out.print(escape(detail.summary))
    out.rule("Början av texten")
    out.print(escape(detail.preview()))


def main() -> None:
    """Run the command line."""
    app()
