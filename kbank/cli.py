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
from .errors import ExitCode, KbankError, UsageError

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


#: Files read faster than this are not named in the ingest summary: a list of
#: files that took 0.0 s tells an admin nothing.
NAME_SLOW_FILES_FROM = 0.1


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
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all", help="Visa också rapporter som inte är publicerade (utkast, granskade), med status."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv ett JSON-dokument till stdout (för skript).")]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Dokumenttyp: projektplan, kommunikationsplan, strategi, delrapport, utvärdering, "
        "slutrapport, tjänsteutlåtande (remissvar), övrigt.",
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
    """Resolve settings once per command from its options."""
    return load_settings(**options)


def _emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _type_cell(doc) -> str:
    """A document's type, with its status when it is not published (only shown with --all)."""
    label = _type_label(doc.doc_type)
    return label if doc.status in (None, "publicerad") else f"{label}\n({doc.status})"


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
    for warning in result.warnings:
        err.print(f"[yellow]Rättelsefil:[/] {escape(str(warning))}", soft_wrap=True)
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
            + f", {result.cached} från cachen."
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
        list[str] | None,
        typer.Argument(
            help='Sökord. Alla ord krävs; "fras", OR, NOT, -ord, ord*, typ:, år:, dnr:, område:, förvaltning:.',
            show_default=False,
        ),
    ] = None,
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Högst så många träffar.")] = 10,
    like: Annotated[
        str | None,
        typer.Option(
            "--like",
            help="Visa rapporter som liknar den här (id, sökväg eller Dnr): har någon prövat detta förut?",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Visa hur sökfrågan tolkades och varför första träffen kom först."),
    ] = False,
    in_field: Annotated[
        str | None,
        typer.Option(
            "--in",
            help="Sök bara i ett fält: summary/sammanfattning, title/titel, keywords/nyckelord eller body/text.",
            show_default=False,
        ),
    ] = None,
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sök i rapporterna: böjningar, sammansättningar, stavfel och OCR-fel hittas också."""
    from .errors import UsageError
    from .search import Bank
    from .usage import log_search

    words = " ".join(query or [])
    if like and words:
        raise UsageError("ange antingen sökord eller --like, inte båda")
    if not like and not words:
        raise UsageError("ange sökord, eller --like REF för rapporter som liknar en annan")
    settings = _settings(index=index)
    filters = _filters(doc_type, area, unit, dnr, year)
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        if like:
            result = bank.like(like, filters, limit=limit)
        else:
            result = bank.search(
                words, filters, limit=limit, explain=explain, in_field=_search_field(in_field)
            )
    log_search(settings, result.query, filters.to_json(), result.total, [h.id for h in result.hits])
    if as_json:
        _emit_json(result.to_json())
        return
    _render_search(result)
    if result.explain is not None:
        _render_explain(result.explain)


KIND_LABELS = {
    "ord": "ordet",
    "exakt": "exakt stavning",
    "böjning": "böjning",
    "sammansättning": "i sammansättning",
    "ocr": "OCR-form",
    "stavning": "rättstavat",
    "fras": "fras/närhet",
}
FIELD_LABELS = {
    "title": "titel",
    "title_sv": "titel",
    "summary": "sammanfattning",
    "keywords": "nyckelord",
    "body": "text",
    "body_sv": "text",
    "parts": "ordled",
    "dnr_key": "Dnr",
}


def _render_explain(explanation) -> None:
    out.rule("Så tolkades sökningen")
    fields = ", ".join(f"{FIELD_LABELS.get(f, f)} ×{b:g}" for f, b in explanation.fields.items())
    out.print(f"[dim]Fält och vikter:[/] {escape(fields)}")
    for word in explanation.words:
        out.print(f"[bold]{escape(word['word'])}[/] (stam {escape(word['stem'])})")
        for form in word["forms"]:
            label = KIND_LABELS.get(form["kind"], form["kind"])
            out.print(f"  {escape(form['form'])}  [dim]{label}, i {form['docs']} rapporter[/]")
        if not word["forms"] or word["forms"][0]["docs"] == 0 and len(word["forms"]) == 1:
            out.print("  [dim]finns inte i indexet[/]")
    top = explanation.top
    if not top:
        return
    out.print(
        f"\n[bold]Första träffen[/]: {escape(top['title'])} — poäng {top['score']:.2f} = "
        f"textpoäng {top['text_score']:.2f} × dokumenttyp {top['type_factor']:.2f} × aktualitet {top['newer_factor']:.2f}"
    )
    for match in top["matches"][:8]:
        label = KIND_LABELS.get(match["kind"], match["kind"])
        where = FIELD_LABELS.get(match["field"], match["field"])
        out.print(f"  {match['score']:6.2f}  {escape(match['term'])} [dim]i {where} ({label})[/]")


def _search_field(name: str | None) -> str | None:
    """Map ``--in`` to a text field; an unknown name is a usage error."""
    from .errors import UsageError
    from .query import TEXT_FIELDS
    from .textutil import fold

    if name is None:
        return None
    field = TEXT_FIELDS.get(fold(name.strip()))
    if field is None:
        raise UsageError(f"okänt fält {name!r} för --in: välj sammanfattning, titel, nyckelord eller text")
    return field


def _render_search(result) -> None:
    for note in result.notes:
        err.print(f"[yellow]{escape(note)}[/]")
    what = f"rapporter som liknar [bold]{escape(result.like.title)}[/]" if result.like else None
    if not result.hits:
        out.print(f"Inga {what or 'träffar för [bold]' + escape(result.query) + '[/]'}.")
        if result.suggestion:
            out.print(f"Menade du [bold]{escape(result.suggestion)}[/]?")
        return
    shown = len(result.hits)
    out.print(
        (
            f"[bold]{result.total}[/] {what}"
            if what
            else f"[bold]{result.total}[/] {'träff' if result.total == 1 else 'träffar'} för [bold]{escape(result.query)}[/]"
        )
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
        if hit.dnr or hit.project:
            cell.append("\nÄrende: " + " ".join(x for x in (hit.dnr, hit.project) if x), style="dim")
        if hit.snippet:
            snippet = Text(hit.snippet)
            for start, end in hit.highlights:
                snippet.stylize("bold yellow", start, end)
            cell.append("\n")
            cell.append_text(snippet)
        table.add_row(
            str(number),
            cell,
            _type_cell(hit),
            hit.date or (str(hit.year) if hit.year else ""),
            hit.dnr or "",
        )
    out.print(table)
    _render_facets(result.facets)


def _render_facets(facets: dict[str, dict[str, int]]) -> None:
    """Print the counts per type, area, administration and year, so a user can narrow down."""
    rows = []
    for key, label, option in (
        ("doc_type", "Typ", "--type"),
        ("area", "Sakområde", "--area"),
        ("unit", "Förvaltning", "--unit"),
        ("year", "År", "--year"),
    ):
        counts = facets.get(key) or {}
        if not counts:
            continue
        items = (
            sorted(counts.items(), key=lambda kv: kv[0], reverse=True) if key == "year" else counts.items()
        )
        shown = [f"{_type_label(k) if key == 'doc_type' else k} ({v})" for k, v in list(items)[:8]]
        more = f" … +{len(counts) - 8}" if len(counts) > 8 else ""
        rows.append((f"{label} [{option}]", ", ".join(shown) + more))
    if not rows:
        return
    table = Table(show_header=False, box=None, pad_edge=False, title="Avgränsa", title_justify="left")
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for label, values in rows:
        table.add_row(escape(label), escape(values))
    out.print(table)


@app.command("list")
@handle_errors
def list_documents(
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            "-g",
            help="Gruppera: 'case' (ärende) listar ärenden med sina dokument i ordning i stället för filer.",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help="Högst så många dokument, eller ärenden med --group case (standard: alla).",
            show_default=False,
        ),
    ] = None,
    missing_summary: Annotated[
        bool,
        typer.Option(
            "--missing-summary",
            help="Projekt som saknar skriven sammanfattning, vart och ett med det dokument som väger tyngst "
            "(slutrapporten).",
        ),
    ] = False,
    index: IndexOpt = None,
    include_unpublished: AllOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Lista dokumenten, nyaste först, med samma filter som search; --group case listar ärenden."""
    from .search import Bank

    if group is not None and group.strip().lower() not in ("case", "arende", "ärende", "ärenden", "cases"):
        raise UsageError(f"okänd gruppering {group!r}: använd --group case")
    if group and missing_summary:
        raise UsageError("--missing-summary listar redan ett dokument per projekt: ange inte --group")
    with Bank(_settings(index=index), include_unpublished=include_unpublished) as bank:
        filters = _filters(doc_type, area, unit, dnr, year)
        if missing_summary:
            result = bank.missing_summaries(filters, limit=limit)
        else:
            result = bank.cases(filters, limit=limit) if group else bank.list(filters, limit=limit)
    if as_json:
        _emit_json(result.to_json())
        return
    if group:
        _render_cases(result)
        return
    if not result.documents:
        out.print("Alla projekt har en sammanfattning." if missing_summary else "Inga dokument matchar.")
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
            _date_label(doc.date, doc.year),
            _type_cell(doc),
            doc.title,
            doc.dnr or "",
        ]
        if wide:
            row.append(doc.unit or "")
        table.add_row(*(escape(str(c)) for c in row), doc.id[:8])
    out.print(table)
    out.print(
        f"{result.total} dokument"
        + (f" (visar {len(result.documents)})" if len(result.documents) < result.total else "")
    )
    _render_facets(result.facets)


def _date_label(date: str | None, year: int | None, precision: str | None = None) -> str:
    if date and precision == "month":
        return date[:7]
    return date or (str(year) if year else "")


def _render_cases(result) -> None:
    if not result.cases:
        out.print("Inga ärenden matchar.")
        return
    for case in result.cases:
        _render_case_table(case)
    out.print(
        f"{result.total} ärenden med {result.documents} dokument"
        + (f" (visar {len(result.cases)} ärenden)" if len(result.cases) < result.total else "")
    )
    _render_facets(result.facets)


def _case_heading(case) -> str:
    name = case.project or (case.documents[0].title if case.documents else "")
    head = " – ".join(x for x in (case.dnr or "utan Dnr", name) if x)
    period = ""
    if case.first_date:
        period = (
            case.first_date if case.first_date == case.last_date else f"{case.first_date} – {case.last_date}"
        )
    details = ", ".join(x for x in (case.unit, period) if x)
    return f"[bold]Ärende {escape(head)}[/]" + (f"  [dim]{escape(details)}[/]" if details else "")


def _render_case_table(case, files: bool = False) -> None:
    out.print(_case_heading(case))
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim", expand=True)
    table.add_column("Typ", no_wrap=True)
    table.add_column("Datum", no_wrap=True)
    table.add_column("Dokument", overflow="fold", ratio=1)
    table.add_column("Id", no_wrap=True, style="dim")
    for doc in case.documents:
        cell = Text(doc.title)
        if files:
            cell.append("\n" + doc.path, style="dim")
        table.add_row(escape(_type_cell(doc)), escape(_date_label(doc.date, doc.year)), cell, doc.id[:8])
    out.print(table)
    out.print()


_SOURCE_LABELS = {
    "properties": "dokumentegenskaper",
    "heading": "rubrik",
    "label": "etikett",
    "cover": "framsidan",
    "title": "titeln",
    "text": "texten",
    "header": "sidhuvud",
    "filename": "filnamnet",
    "folder": "mappnamnet",
    "case": "ärendets andra dokument",
    "weak": "utgivare",
    "terms": "vanliga ord i texten",
    "signature": "underskriften",
    "gazetteer": "förvaltningsregistret",
}
#: How sure kbank is of a value (kbank.confidence), as shown after its source.
_CONFIDENCE_LABELS = {"high": "", "medium": "trolig", "low": "osäker – bekräfta med kbank set"}


def _source_label(source: str | None) -> str:
    if not source or source == "default":
        return ""
    if source.startswith("sidecar:"):
        return f"rättad i {source.rsplit('/', 1)[-1]}"
    return _SOURCE_LABELS.get(source, source)


@app.command()
@handle_errors
def show(
    ref: Annotated[
        list[str],
        typer.Argument(
            help="Dokument-id (eller dess början), sökväg i arkivet eller Dnr (visar hela ärendet).",
            show_default=False,
        ),
    ],
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Visa ett dokument: alla uppgifter, var filen ligger och början av texten; med ett Dnr hela ärendet."""
    from .search import Bank

    settings = _settings(index=index, archive=archive)
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        detail = bank.show(" ".join(ref))
    from .usage import log_show

    log_show(settings, detail.document.id)
    if as_json:
        _emit_json(detail.to_json())
        return
    if detail.matched_by == "dnr" and detail.case is not None and len(detail.case.documents) > 1:
        if detail.summary and detail.summary_source != "report":
            _render_summary(detail)
        _render_case_table(detail.case, files=True)
        out.print(
            "[dim]Visa ett av dokumenten med kbank show ID, t.ex. "
            f"kbank show {escape(detail.case.documents[0].id[:8])}[/]"
        )
        return
    doc, meta = detail.document, detail.meta
    sources = meta.get("sources") or {}
    out.print(f"[bold]{escape(doc.title)}[/]")
    if detail.summary:
        _render_summary(detail)  # staff read the summary, not the 80-page report
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(style="dim", overflow="fold")
    areas = ", ".join(
        f"{e['area']} ({', '.join(list(e.get('terms', {}))[:3])})" for e in meta.get("area_evidence") or []
    ) or ", ".join(doc.areas)
    case = detail.case
    rows = [
        ("Id", doc.id, ""),
        ("Dnr", doc.dnr or "okänt", "dnr"),
        ("Typ", _type_label(doc.doc_type), "doc_type"),
        ("Status", f"{doc.status}, {doc.classification}", "status"),
        ("Datum", _date_label(doc.date, doc.year, meta.get("date_precision")) or "okänt", "date"),
        ("Förvaltning", doc.unit or "", "unit"),
        ("Kontaktperson", meta.get("contact") or "", "contact"),
        ("Projekt", meta.get("project") or "", "project"),
        ("Sakområden", areas, "areas"),
        ("Nyckelord", ", ".join(doc.keywords), "keywords"),
        (
            "Omfång",
            f"{len(detail.pages)} sidor, {detail.text_chars} tecken"
            if detail.paged
            else f"{detail.text_chars} tecken",
            "",
        ),
    ]
    if case is not None and len(case.documents) > 1:
        others = ", ".join(f"{_type_label(d.doc_type)} {d.id[:8]}" for d in case.documents if d.id != doc.id)
        rows.append(("Ärende", f"{len(case.documents)} dokument: {others}", ""))
    for f in detail.files:
        rows.append(("Fil", str(settings.archive / f.path), ""))
    levels = detail.to_json()["confidence"]
    for label, value, key in rows:
        if value:
            where = _source_label(sources.get(key)) if key else ""
            sure = _CONFIDENCE_LABELS.get(levels.get(key, "high"), "")
            where = f"{where}, {sure}" if where and sure else where or sure
            table.add_row(label, escape(str(value)), escape(where))
    out.print(table)
    out.rule("Början av texten")
    out.print(escape(detail.preview()))


def _render_summary(detail) -> None:
    source = detail.summary_source
    where = {"report": "rapportens egen", "sidecar": "rättelsefilen"}.get(source or "", source or "")
    out.rule(f"Sammanfattning ({escape(where)})" if where else "Sammanfattning")
    out.print(escape(detail.summary))
    out.rule()


@app.command("summary-template")
@handle_errors
def summary_template(
    ref: Annotated[
        list[str], typer.Argument(help="Rapportens id, sökväg i arkivet eller Dnr.", show_default=False)
    ],
    fmt: Annotated[str, typer.Option("--format", help="md (Markdown) eller docx (Word).")] = "md",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Skriv till filen.", show_default=False)
    ] = None,
    save: Annotated[
        bool,
        typer.Option("--save", help="Skriv sammanfattning.md (eller .docx) i rapportens mapp i arkivet."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
) -> None:
    """Skriv mallen för en sammanfattning av rapporten, förifylld ur rapporten (Markdown på stdout)."""
    from .summary import write_template

    settings = _settings(index=index, archive=archive)
    written = write_template(settings, " ".join(ref), fmt, out_file, save, force)
    if written.path is None:
        sys.stdout.write(written.markdown)
        return
    err.print(
        f"Skrev {escape(str(written.path))} ({len(written.filled)} av {written.total} avsnitt förifyllda)."
    )


# --------------------------------------------------------------------------- saved searches, digests, stats

watch_app = typer.Typer(
    help="Bevakningar: sparade sökningar som ger utskick (digest) med nya rapporter.",
    no_args_is_help=True,
)
app.add_typer(watch_app, name="watch")
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Mapp för bevakningar och sökloggen (annars $KBANK_DATA, annars indexmappen).",
        show_default=False,
    ),
]


@watch_app.command("add")
@handle_errors
def watch_add(
    name: Annotated[str, typer.Argument(help="Bevakningens namn, t.ex. 'hemlöshet'.")],
    query: Annotated[str, typer.Argument(help="Sökfrågan, som i kbank search.")],
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    every: Annotated[
        str, typer.Option("--every", help="Hur ofta: week, month eller quarter (vecka, månad, kvartal).")
    ] = "week",
    to: Annotated[
        str | None, typer.Option("--to", help="Mottagare i utskick som .eml.", show_default=False)
    ] = None,
    index: IndexOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Spara en sökning som bevakning."""
    from .watch import add_watch

    settings = _settings(index=index, data=data)
    watch = add_watch(settings, name, query, _filters(doc_type, area, unit, dnr, year).to_json(), every, to)
    if as_json:
        _emit_json(vars(watch))
        return
    out.print(
        f"Bevakningen [bold]{escape(watch.name)}[/] sparad: {escape(watch.query)} ({_EVERY[watch.every]})."
    )


_EVERY = {"week": "varje vecka", "month": "varje månad", "quarter": "varje kvartal"}


@watch_app.command("list")
@handle_errors
def watch_list(index: IndexOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Lista bevakningarna och när nästa utskick är dags."""
    from .watch import load_watches

    watches = load_watches(_settings(index=index, data=data))
    if as_json:
        _emit_json(
            {"watches": [vars(w) | {"next_due": w.next_due().isoformat(timespec="seconds")} for w in watches]}
        )
        return
    if not watches:
        out.print("Inga bevakningar. Lägg till en med kbank watch add NAMN SÖKFRÅGA.")
        return
    table = Table()
    for column in ("Namn", "Sökfråga", "Filter", "Intervall", "Senaste utskick", "Nästa"):
        table.add_column(column)
    for w in watches:
        filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in w.filters.items())
        table.add_row(
            escape(w.name),
            escape(w.query),
            escape(filters),
            _EVERY[w.every],
            (w.last_sent or "aldrig")[:10],
            f"{w.next_due():%Y-%m-%d}",
        )
    out.print(table)


@watch_app.command("remove")
@handle_errors
def watch_remove(
    name: Annotated[str, typer.Argument(help="Bevakningens namn.")],
    index: IndexOpt = None,
    data: DataOpt = None,
) -> None:
    """Ta bort en bevakning."""
    from .watch import remove_watch

    remove_watch(_settings(index=index, data=data), name)
    out.print(f"Bevakningen [bold]{escape(name)}[/] är borttagen.")


# --------------------------------------------------------------------------- check


@app.command()
@handle_errors
def digest(
    name: Annotated[
        str | None, typer.Argument(help="En bevakning (annars alla som är dags).", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Från detta datum i stället för förra utskicket (2026-01-31).", show_default=False
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, md, json eller eml.")] = "text",
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Skriv till filen i stället för till stdout.", show_default=False),
    ] = None,
    mark_sent: Annotated[
        bool, typer.Option("--mark-sent", help="Notera utskicket som skickat (nästa utskick börjar här).")
    ] = False,
    include_edits: Annotated[
        bool, typer.Option("--include-edits", help="Ta också med rapporter vars uppgifter har ändrats.")
    ] = False,
    all_watches: Annotated[
        bool, typer.Option("--all-watches", help="Alla bevakningar, även de som inte är dags.")
    ] = False,
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    data: DataOpt = None,
) -> None:
    """Skriv utskicket för bevakningar: nya och nyversionerade rapporter sedan förra utskicket."""
    from . import digest as digests
    from .errors import UsageError
    from .search import Bank
    from .timeutil import parse_user_date, utc_now
    from .watch import get_watch, load_watches
    from .watch import mark_sent as record_sent

    if fmt not in ("text", "md", "json", "eml"):
        raise UsageError(f"okänt format {fmt!r}: välj text, md, json eller eml")
    settings = _settings(index=index, data=data)
    now = utc_now()
    start = parse_user_date(since) if since else None
    if name:
        watches = [get_watch(settings, name)]
    else:
        watches = [w for w in load_watches(settings) if all_watches or start or w.is_due(now)]
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        built = [digests.build_digest(settings, bank, w, now, start, include_edits) for w in watches]
    if fmt == "eml":
        recipients = ", ".join(sorted({w.to for w in watches if w.to}))
        payload = digests.render_eml(built, settings.mail_from, recipients or None, now)
    else:
        render = {"text": digests.render_text, "md": digests.render_markdown, "json": digests.render_json}[
            fmt
        ]
        payload = render(built).encode("utf-8")
    if out_file:
        out_file.write_bytes(payload)
    elif built or fmt == "json":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        err.print("Inga bevakningar är dags för utskick (se kbank watch list, eller ange --all-watches).")
    if mark_sent:
        for w in watches:
            record_sent(settings, w.name, now)


@app.command()
@handle_errors
def stats(
    since: Annotated[
        str | None, typer.Option("--since", help="Från detta datum (2026-01-01).", show_default=False)
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Så många rader i topplistorna.")] = 10,
    index: IndexOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Visa hur kunskapsbanken används: sökningar per vecka, vanliga sökningar, sökningar utan träff."""
    from .timeutil import parse_user_date
    from .usage import compute_stats

    settings = _settings(index=index, data=data)
    result = compute_stats(settings, parse_user_date(since).date() if since else None, top)
    if as_json:
        _emit_json(result.to_json())
        return
    if not result.searches and not result.shows:
        out.print("Sökloggen är tom" + (f" sedan {since}" if since else "") + ".")
        return
    out.print(
        f"[bold]{result.searches}[/] sökningar, [bold]{result.shows}[/] visade rapporter; "
        f"{result.searches_opened} sökningar ledde till att en träff öppnades."
    )
    peak = max(result.per_week.values(), default=0) or 1
    out.print("\n[bold]Sökningar per vecka[/]")
    chart = Table(box=None, show_header=False)
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)
    chart.add_column(justify="right")
    width = max(10, min(50, out.width - 25))
    for week, count in result.per_week.items():
        chart.add_row(week, "█" * max(1 if count else 0, round(count / peak * width)), str(count))
    out.print(chart)
    titles = _titles(settings, [doc_id for doc_id, _ in result.most_shown])
    for title, rows, header in (
        ("Vanligaste sökningarna", result.top_queries, "Sökning"),
        ("Sökningar utan träffar (det banken saknar)", result.zero_hit_queries, "Sökning"),
        ("Mest visade rapporter", [(titles.get(i, i), n) for i, n in result.most_shown], "Rapport"),
    ):
        if not rows:
            continue
        out.print(f"\n[bold]{title}[/]")
        table = Table()
        table.add_column(header, overflow="fold")
        table.add_column("Antal", justify="right")
        for value, count in rows:
            table.add_row(escape(value), str(count))
        out.print(table)


def _titles(settings: Settings, ids: list[str]) -> dict[str, str]:
    """Titles of shown reports, when the index is there to tell."""
    from .search import Bank

    if not ids:
        return {}
    try:
        with Bank(settings) as bank:
            return {i: bank.show(i).document.title for i in ids}
    except KbankError:
        return {}


@app.command()
@handle_errors
def check(
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Visa alla fynd, inte bara de första i varje del.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Kvalitetsrapport för redaktörer: saknade uppgifter, motstridiga ärenden, dubbletter, olästa filer."""
    from .check import check as run_check

    report = run_check(_settings(index=index, archive=archive))
    if as_json:
        _emit_json(report.to_json())
        return
    out.print(
        f"[bold]Kvalitetskontroll[/] av {report.documents} dokument och {report.files} filer: "
        + (f"{report.total} fynd." if report.total else "inget att anmärka.")
    )
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(no_wrap=True)
    summary.add_column(justify="right")
    for section in report.sections:
        style = "bold" if section.findings else "dim"
        summary.add_row(f"[{style}]{escape(section.title)}[/]", f"[{style}]{len(section.findings)}[/]")
    out.print(summary)
    limit = None if show_all else 10
    for section in report.sections:
        if not section.findings:
            continue
        out.rule(f"{section.title} ({len(section.findings)})")
        for finding in section.findings[:limit]:
            out.print(
                f"{escape(finding.path)}"
                + (f"  [dim]{escape(finding.message)}[/]" if finding.message else "")
            )
        if limit and len(section.findings) > limit:
            out.print(f"[dim]… och {len(section.findings) - limit} till (kbank check --all)[/]")


@app.command("set")
@handle_errors
def set_command(
    words: Annotated[
        list[str],
        typer.Argument(
            help="Dokumentet (id, sökväg eller Dnr) följt av nyckel=värde, t.ex. status=publicerad "
            'klassning=intern titel="…" dnr=… typ=… datum=… forvaltning=… sakomraden="a; b".',
            show_default=False,
        ),
    ],
    whole_case: Annotated[
        bool, typer.Option("--case", help="Ändra hela ärendet (arende.kbank.toml i ärendets mapp).")
    ] = False,
    no_ingest: Annotated[
        bool,
        typer.Option(
            "--no-ingest", help="Skriv bara rättelsefilen; uppdatera indexet senare med kbank ingest."
        ),
    ] = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rätta en rapports uppgifter, status eller klassning i dess rättelsefil (rapporten ändras inte)."""
    from .edit import parse_assignments, set_values

    settings = _settings(index=index, archive=archive)
    ref, assignments = parse_assignments(words)
    result = set_values(settings, ref, assignments, whole_case)
    if not no_ingest:
        from .ingest import ingest

        ingest(settings)
    if as_json:
        _emit_json(result.to_json() | {"ingested": not no_ingest})
        return
    out.print(
        f"Skrev {escape(', '.join(assignments))} i [bold]{escape(result.sidecar)}[/]"
        + ("." if no_ingest else "; indexet är uppdaterat.")
    )


def main() -> None:
    """Run the command line."""
    app()
