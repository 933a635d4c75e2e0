"""Following the bank: saved searches (``watch``), ``digest`` and ``stats``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.completion import complete_watch
from kbank.cli.helptext import epilog
from kbank.cli.options import AllOpt, AreaOpt, DataOpt, DnrOpt, IndexOpt, JsonOpt, TypeOpt, UnitOpt, YearOpt
from kbank.cli.render import make_filters
from kbank.config import Settings
from kbank.errors import KbankError, UsageError
from kbank.safetext import printable

watch_app = typer.Typer(
    help="Bevakningar: sparade sökningar som ger utskick (digest) med nya rapporter.",
    no_args_is_help=True,
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
)


@watch_app.command("add", epilog=epilog("watch add"))
@handle_errors
def watch_add(
    name: Annotated[str, typer.Argument(metavar="NAMN", help="Bevakningens namn, t.ex. 'hemlöshet'.")],
    query: Annotated[str, typer.Argument(metavar="SÖKFRÅGA", help="Sökfrågan, som i kbank search.")],
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    every: Annotated[
        str, typer.Option("--every", help="Hur ofta: week, month eller quarter (vecka, månad, kvartal).")
    ] = "week",
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Mottagare av utskick som e-post (flera med komma); adressen kontrolleras.",
            show_default=False,
        ),
    ] = None,
    index: IndexOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Spara en sökning som bevakning."""
    from kbank.search.validate import check_filters_in_index
    from kbank.tasks.watch import add_watch

    settings = settings_from(index=index, data=data)
    filters = make_filters(doc_type, area, unit, dnr, year)
    check_filters_in_index(settings, filters)  # an unknown area or unit would never match
    watch = add_watch(settings, name, query, filters.to_json(), every, to)
    if as_json:
        emit_json(vars(watch))
        return
    out.print(
        f"Bevakningen [bold]{escape(watch.name)}[/] sparad: {escape(watch.query)} ({_EVERY[watch.every]})."
    )


def _recipients(to: str | None) -> list[str]:
    return [a.strip() for a in (to or "").split(",") if a.strip()]


_EVERY = {"week": "varje vecka", "month": "varje månad", "quarter": "varje kvartal"}


@watch_app.command("list", epilog=epilog("watch list"))
@handle_errors
def watch_list(index: IndexOpt = None, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Lista bevakningarna och när nästa utskick är dags."""
    from kbank.tasks.watch import load_watches

    watches = load_watches(settings_from(index=index, data=data))
    if as_json:
        emit_json(
            {
                "watches": [
                    vars(w)
                    | {
                        "next_due": w.next_due().isoformat(timespec="seconds"),
                        "recipients": _recipients(w.to),
                    }
                    for w in watches
                ]
            }
        )
        return
    if not watches:
        out.print("Inga bevakningar. Lägg till en med kbank watch add NAMN SÖKFRÅGA.")
        return
    table = Table()
    for column in ("Namn", "Sökfråga", "Filter", "Mottagare", "Intervall", "Senaste utskick", "Nästa"):
        table.add_column(column)
    for w in watches:
        filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in w.filters.items())
        table.add_row(
            escape(w.name),
            escape(w.query),
            escape(filters),
            escape(", ".join(_recipients(w.to)) or "–"),
            _EVERY[w.every],
            (w.last_sent or "aldrig")[:10],
            f"{w.next_due():%Y-%m-%d}",
        )
    out.print(table)


@watch_app.command("remove", epilog=epilog("watch remove"))
@handle_errors
def watch_remove(
    name: Annotated[
        str, typer.Argument(metavar="NAMN", help="Bevakningens namn.", autocompletion=complete_watch)
    ],
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
        str | None,
        typer.Argument(
            metavar="NAMN",
            help="En bevakning (annars alla som är dags).",
            show_default=False,
            autocompletion=complete_watch,
        ),
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
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Visa bara vem som skulle få vad; inget skrivs och inget noteras."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv över befintliga filer med --out.")] = False,
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    data: DataOpt = None,
) -> None:
    """Skriv utskicket för bevakningar: nya och nyversionerade rapporter sedan förra utskicket.

    Med --format eml får varje mottagare ett eget meddelande med bara sina bevakningar;
    --out MAPP skriver en .eml-fil per meddelande, --out FIL.mbox en mbox.
    """
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
    built, failed = [], []
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        for w in watches:
            try:  # one bad saved search fails alone
                built.append(digests.build_digest(settings, bank, w, now, start, include_edits))
            except KbankError as exc:
                failed.append((w, exc))
                err.print(f"[red]kbank:[/] bevakningen {escape(w.name)}: {escape(str(exc))}", soft_wrap=True)
    if fmt == "eml":
        for watch_name, problem in _write_mail(settings, built, now, out_file, force, dry_run):
            built = [d for d in built if d.watch.name != watch_name]
            failed.append((get_watch(settings, watch_name), problem))
            err.print(
                f"[red]kbank:[/] bevakningen {escape(watch_name)}: {escape(str(problem))}", soft_wrap=True
            )
    elif dry_run:
        for d in built:
            out.print(f"{escape(d.watch.name)}: {len(d.entries)} rapporter")
    else:
        render = {"text": digests.render_text, "md": digests.render_markdown, "json": digests.render_json}[
            fmt
        ]
        text = render(built)
        # titles, paths and passages come from the archive: no control character reaches a terminal
        payload = (text if fmt == "json" else printable(text)).encode("utf-8")
        if out_file:
            _write_out(out_file, payload, force)
        elif built or fmt == "json":
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        elif not failed:
            err.print("Inga bevakningar är dags för utskick (se kbank watch list, eller ange --all-watches).")
    if mark_sent and not dry_run:
        for d in built:
            record_sent(settings, d.watch.name, now)
    if failed:
        raise typer.Exit(int(failed[0][1].exit_code))


def _write_mail(settings: Settings, built, now, out_file: Path | None, force: bool, dry_run: bool) -> list:
    """One message per recipient with only their watches; none when nothing is new.

    Return the watches that could not be mailed (a stored address that is not one), with why.
    """
    import mailbox

    from kbank.tasks.mailing import build_message, plan_mail, write_messages

    mails, problems = plan_mail(built)
    if dry_run:
        if not mails:
            out.print("Inget nytt: inga meddelanden skulle skrivas.")
        for mail in mails:
            who = mail.recipient or "(ingen mottagare)"
            what = ", ".join(f"{d.watch.name} ({len(d.entries)})" for d in mail.digests)
            out.print(f"{escape(who)}: {escape(what)}")
        return problems
    if not mails:
        err.print("Inget nytt sedan förra utskicket: inga meddelanden skrevs.")
        return problems
    messages = [(m, build_message(m, settings.mail_from, now, settings.archive)) for m in mails]
    if out_file is not None:
        written = write_messages(messages, out_file, force)
        err.print(f"Skrev {len(messages)} meddelanden till {escape(str(out_file))} ({len(written)} filer).")
    elif len(messages) == 1:
        sys.stdout.buffer.write(bytes(messages[0][1]))
    else:  # several messages on stdout: an mbox, each message after its own From_ line
        for _, message in messages:
            sys.stdout.buffer.write(mailbox.mboxMessage(message).as_bytes(unixfrom=True) + b"\n")
    sys.stdout.flush()
    return problems


@handle_errors
def stats(
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATUM", help="Från detta datum (2026-01-01).", show_default=False),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", metavar="N", min=1, help="Så många rader i topplistorna.")
    ] = 10,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (skärmen), json eller csv (för Excel).",
            show_default=False,
        ),
    ] = None,
    index: IndexOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Visa hur kunskapsbanken används: sökningar per vecka och sakområde, vanliga sökningar, sökningar utan träff.

    Sökningar räknas ihop oavsett versaler, å/ä/ö och stavfel som kbank rättade; sökningar
    från skript (--json, --format, utdata till ett program) räknas för sig.
    """
    from kbank.cli.output import output_format
    from kbank.tasks.export import to_csv
    from kbank.tasks.usage import compute_stats
    from kbank.timeutil import parse_user_date

    fmt = output_format(fmt, as_json)
    if fmt == "jsonl":
        raise UsageError("kbank stats skriver table, json eller csv")
    settings = settings_from(index=index, data=data)
    result = compute_stats(settings, parse_user_date(since).date() if since else None, top)
    if fmt == "json":
        emit_json(result.to_json())
        return
    if fmt == "csv":
        csv_rows = (
            [("vecka", w, n) for w, n in result.per_week.items()]
            + [("sökning", q, n) for q, n in result.top_queries]
            + [("utan träff", q, n) for q, n in result.zero_hit_queries]
            + [("sakområde", a, n) for a, n in result.per_area]
            + [("visad rapport", i, n) for i, n in result.most_shown]
            + [("bara i andra banker", q, n) for q, n, _ in result.only_elsewhere]
            + [("skriptsökningar", "", result.script_searches)]
        )
        sys.stdout.write(to_csv(["vad", "värde", "antal"], csv_rows, settings.csv_separator))
        return
    if not result.searches and not result.shows:
        out.print(
            "Sökloggen är tom"
            + (f" sedan {since}" if since else "")
            + (f" (utom {result.script_searches} sökningar från skript)" if result.script_searches else "")
            + "."
        )
        return
    out.print(
        f"[bold]{result.searches}[/] sökningar, [bold]{result.shows}[/] visade rapporter; "
        f"{result.searches_opened} sökningar ledde till att en träff öppnades."
        + (f" [dim](+ {result.script_searches} sökningar från skript)[/]" if result.script_searches else "")
    )
    _bar_chart("Sökningar per vecka", list(result.per_week.items()))
    _bar_chart("Sakområden i sökningarna", result.per_area)
    titles = _titles(settings, [doc_id for doc_id, _ in result.most_shown])
    for title, rows, header in (
        ("Vanligaste sökningarna", result.top_queries, "Sökning"),
        ("Sökningar utan träffar (det banken saknar)", result.zero_hit_queries, "Sökning"),
        ("Mest visade rapporter", [(titles.get(i, i), n) for i, n in result.most_shown], "Rapport"),
        (
            "Träffar bara i andra banker (det grannarna har som banken saknar)",
            [(f"{q} ({', '.join(banks)})", n) for q, n, banks in result.only_elsewhere],
            "Sökning (banker)",
        ),
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


def _bar_chart(title: str, rows: list[tuple[str, int]]) -> None:
    """A horizontal bar chart: a label, a bar scaled to the largest count, the count."""
    from rich.bar import Bar

    if not rows:
        return
    peak = max(n for _, n in rows) or 1
    out.print(f"\n[bold]{title}[/]")
    chart = Table(box=None, show_header=False, pad_edge=False)
    chart.add_column(no_wrap=True, max_width=28, overflow="ellipsis")
    chart.add_column(ratio=1)
    chart.add_column(justify="right", no_wrap=True)
    for label, count in rows:
        chart.add_row(escape(label), Bar(peak, 0, count, color="cyan"), str(count))
    out.print(chart, width=min(out.width, 100))


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
