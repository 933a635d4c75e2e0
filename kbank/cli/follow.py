"""Following the bank: saved searches (``watch``), ``digest`` and ``stats``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.options import AllOpt, AreaOpt, DataOpt, DnrOpt, IndexOpt, JsonOpt, TypeOpt, UnitOpt, YearOpt
from kbank.cli.render import make_filters
from kbank.config import Settings
from kbank.errors import KbankError, UsageError

watch_app = typer.Typer(
    help="Bevakningar: sparade sökningar som ger utskick (digest) med nya rapporter.",
    no_args_is_help=True,
)


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
    from kbank.tasks.watch import add_watch

    settings = settings_from(index=index, data=data)
    watch = add_watch(
        settings, name, query, make_filters(doc_type, area, unit, dnr, year).to_json(), every, to
    )
    if as_json:
        emit_json(vars(watch))
        return
    out.print(
        f"Bevakningen [bold]{escape(watch.name)}[/] sparad: {escape(watch.query)} ({_EVERY[watch.every]})."
    )


_EVERY = {"week": "varje vecka", "month": "varje månad", "quarter": "varje kvartal"}


@watch_app.command("list")
@handle_errors
def watch_list(index: IndexOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Lista bevakningarna och när nästa utskick är dags."""
    from kbank.tasks.watch import load_watches

    watches = load_watches(settings_from(index=index, data=data))
    if as_json:
        emit_json(
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
    from kbank.tasks.watch import remove_watch

    remove_watch(settings_from(index=index, data=data), name)
    out.print(f"Bevakningen [bold]{escape(name)}[/] är borttagen.")


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
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil (--out).")] = False,
) -> None:
    """Skriv utskicket för bevakningar: nya och nyversionerade rapporter sedan förra utskicket."""
    from kbank.search.bank import Bank
    from kbank.tasks import digest as digests
    from kbank.tasks.watch import get_watch, load_watches
    from kbank.tasks.watch import mark_sent as record_sent
    from kbank.timeutil import parse_user_date, utc_now

    if fmt not in ("text", "md", "json", "eml"):
        raise UsageError(f"okänt format {fmt!r}: välj text, md, json eller eml")
    settings = settings_from(index=index, data=data)
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
        _write_out(out_file, payload, force)
    elif built or fmt == "json":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        err.print("Inga bevakningar är dags för utskick (se kbank watch list, eller ange --all-watches).")
    if mark_sent:
        for w in watches:
            record_sent(settings, w.name, now)


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
    from kbank.tasks.usage import compute_stats
    from kbank.timeutil import parse_user_date

    settings = settings_from(index=index, data=data)
    result = compute_stats(settings, parse_user_date(since).date() if since else None, top)
    if as_json:
        emit_json(result.to_json())
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


def _write_out(path: Path, payload: bytes, force: bool) -> None:
    """Write a digest file: never over an existing file without ``force``, never through a link."""
    from kbank.safefs import write_atomic

    if path.exists() and not force:
        raise KbankError(f"{path} finns redan: använd --force för att skriva över den")
    try:
        write_atomic(path, payload, overwrite=force)
    except FileExistsError:
        raise KbankError(f"{path} finns redan: använd --force för att skriva över den") from None


def _titles(settings: Settings, ids: list[str]) -> dict[str, str]:
    """Titles of shown reports, when the index is there to tell."""
    from kbank.search.bank import Bank

    if not ids:
        return {}
    titles: dict[str, str] = {}
    try:
        with Bank(settings) as bank:
            for i in ids:
                try:
                    titles[i] = bank.show(i).document.title
                except KbankError:
                    continue  # one report gone since must not turn the others into raw ids
    except KbankError:
        pass
    return titles
