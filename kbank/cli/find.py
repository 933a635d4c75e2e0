"""Finding reports: ``search``, ``list`` and ``show``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from rich.markup import escape
from rich.table import Table

from kbank.cli.console import emit_json, err, handle_errors, out, settings_from, warn_unlogged
from kbank.cli.hits import FULL_FROM_WIDTH, next_page, render_explain, render_search

# Names the annotations use, imported for type checkers only: kbank.cli.commands gives them to
# typer, so that the fast path (kbank.cli.fastpath) imports this module without typer.
if TYPE_CHECKING:
    import typer

    from kbank.cli.options import (
        AllBanksOpt,
        AllOpt,
        ArchiveOpt,
        AreaOpt,
        BankOpt,
        DnrOpt,
        FormatOpt,
        FromOpt,
        IndexOpt,
        JsonOpt,
        NoPagerOpt,
        ToOpt,
        TypeOpt,
        UnitOpt,
        YearOpt,
    )
from kbank.cli.output import output_format, paged, with_version, write
from kbank.cli.render import (
    CONFIDENCE_LABELS,
    date_label,
    make_filters,
    page_ranges,
    render_case_table,
    render_cases,
    render_facets,
    source_label,
    type_cell,
)
from kbank.errors import UsageError
from kbank.metadata.doctypes import type_label
from kbank.tasks.export import HIT_COLUMNS, hit_row, to_csv, to_jsonl

SORT_NAMES = {"relevans": "relevance", "relevance": "relevance", "datum": "date", "date": "date",
              "titel": "title", "title": "title"}  # fmt: skip


@handle_errors
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SÖKORD",
            help='Sökord. Alla ord krävs; "fras", OR, NOT, -ord, ord*, typ:, år:, dnr:, område:, förvaltning:.',
            show_default=False,
        ),
    ] = None,
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="Så många träffar per sida.")
    ] = 10,
    page: Annotated[
        int | None,
        typer.Option(
            "--page", "-p", metavar="N", min=1, help="Visa sida N av träffarna.", show_default=False
        ),
    ] = None,
    offset: Annotated[
        int | None,
        typer.Option(
            "--offset", metavar="N", min=0, help="Hoppa över de N första träffarna.", show_default=False
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="ORDNING",
            help="relevans, datum (nyaste först) eller titel.",
            show_default=False,
        ),
    ] = "relevans",
    like: Annotated[
        str | None,
        typer.Option(
            "--like",
            metavar="REF",
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
            metavar="FÄLT",
            help="Sök bara i ett fält: summary/sammanfattning, title/titel, keywords/nyckelord eller body/text.",
            show_default=False,
        ),
    ] = None,
    long: Annotated[
        bool, typer.Option("--long", "-l", help="Hela utdrag, sökväg och ärende för varje träff.")
    ] = False,
    include_unpublished: AllOpt = False,
    fmt: FormatOpt = None,
    no_pager: NoPagerOpt = False,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    bank_names: BankOpt = None,
    all_banks: AllBanksOpt = False,
) -> None:
    """Sök i rapporterna: böjningar, sammansättningar, stavfel och OCR-fel hittas också."""
    from kbank.errors import UsageError
    from kbank.search.validate import check_filters
    from kbank.serve.pool import open_bank
    from kbank.tasks.recent import remember_hits
    from kbank.tasks.usage import log_search

    words = " ".join(query or [])
    if like and words:
        raise UsageError("ange antingen sökord eller --like, inte båda")
    if not like and not words:
        raise UsageError("ange sökord, eller --like REF för rapporter som liknar en annan")
    if page is not None and offset is not None:
        raise UsageError("ange antingen --page eller --offset, inte båda")
    order = SORT_NAMES.get(sort.strip().lower())
    if order is None:
        raise UsageError(f"okänd sortering {sort!r} för --sort: välj relevans, datum eller titel")
    fmt = output_format(fmt, as_json)
    skip = offset if offset is not None else ((page or 1) - 1) * limit
    settings = settings_from(index=index)
    filters = make_filters(doc_type, area, unit, dnr, year, date_from, date_to)
    banks = _banks(settings, bank_names, all_banks, like)
    if banks is not None:
        from kbank.cli.linked import search_banks

        return search_banks(
            settings, banks, words, filters, limit=limit, skip=skip, order=order, explain=explain,
            in_field=_search_field(in_field), long=long, fmt=fmt, no_pager=no_pager,
            params=ctx.params, include_unpublished=include_unpublished,
        )  # fmt: skip
    with open_bank(settings, include_unpublished) as bank:
        check_filters(bank, filters)
        if like:
            result = bank.like(like, filters, limit=limit, offset=skip)
        else:
            result = bank.search(
                words,
                filters,
                limit=limit,
                explain=explain,
                in_field=_search_field(in_field),
                offset=skip,
                sort=order,
            )
    people = fmt == "table" and out.is_terminal
    warned = log_search(
        settings,
        result.query,
        filters.to_json(),
        result.total,
        [h.id for h in result.hits],
        script=not people,
        read_as=result.read_as,
        areas=hit_areas(filters, result.hits),
    )
    warn_unlogged(warned)
    ranked = list(enumerate(result.hits, skip + 1))
    if emit_hits(
        result, ranked, fmt, {"offset": skip, "limit": limit, "sort": order}, settings.csv_separator
    ):
        return
    remember_hits(settings, result.query, [(rank, hit.id) for rank, hit in ranked])
    with paged(not no_pager):
        full = long or out.width >= FULL_FROM_WIDTH
        render_search(result, skip + 1, full, next_page(ctx.params, result, skip, limit))
        if result.explain is not None:
            render_explain(result.explain)


def _banks(settings, names, all_banks: bool, like: str | None = None):
    """The banks a command covers when that is more than this one (``kbank.linked``); else None."""
    from kbank.linked.scope import choose_banks, only_local

    banks = choose_banks(settings, names, all_banks)
    if only_local(banks):
        return None
    if like:
        if names or all_banks:
            raise UsageError("--like jämför inom den här banken: ange inte --bank eller --all-banks")
        return None
    return banks


def hit_areas(filters, hits) -> list[str]:
    """The areas a search was about: its --area values, else the top hit's areas (for kbank stats)."""
    return list(filters.areas) or (list(hits[0].areas) if hits else [])


def emit_hits(result, ranked, fmt: str, paging: dict, separator: str, bank_column: bool = False) -> bool:
    """Print ranked hits as JSON, JSON Lines or CSV; False for the table, which the caller draws.

    ``bank_column`` adds the bank's name as the last CSV column (a search over linked banks).
    """
    if fmt == "json":
        data = result.to_json()
        for (rank, _), hit in zip(ranked, data["hits"], strict=True):
            hit["rank"] = rank
        emit_json(with_version(data | paging))
    elif fmt == "jsonl":
        write(to_jsonl({"rank": rank} | hit.to_json() for rank, hit in ranked))
    elif fmt == "csv":
        columns = [*HIT_COLUMNS, "bank"] if bank_column else HIT_COLUMNS
        rows = (
            [*hit_row(rank, hit), *([getattr(hit, "bank_name", "")] if bank_column else [])]
            for rank, hit in ranked
        )
        write(to_csv(columns, rows, separator))
    else:
        return False
    return True


def _search_field(name: str | None) -> str | None:
    """Map ``--in`` to a text field; an unknown name is a usage error."""
    from kbank.errors import UsageError
    from kbank.search.query import TEXT_FIELDS
    from kbank.textutil import fold

    if name is None:
        return None
    field = TEXT_FIELDS.get(fold(name.strip()))
    if field is None:
        raise UsageError(f"okänt fält {name!r} för --in: välj sammanfattning, titel, nyckelord eller text")
    return field


@handle_errors
def list_documents(
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
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
    fmt: FormatOpt = None,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
    bank_names: BankOpt = None,
    all_banks: AllBanksOpt = False,
) -> None:
    """Lista dokumenten, nyaste först, med samma filter som search; --group case listar ärenden."""
    from kbank.search.validate import check_filters
    from kbank.serve.pool import open_bank
    from kbank.tasks.export import DOCUMENT_COLUMNS, document_row

    fmt = output_format(fmt, as_json)

    if group is not None and group.strip().lower() not in ("case", "arende", "ärende", "ärenden", "cases"):
        raise UsageError(f"okänd gruppering {group!r}: använd --group case")
    if group and missing_summary:
        raise UsageError("--missing-summary listar redan ett dokument per projekt: ange inte --group")
    settings = settings_from(index=index)
    banks = _banks(settings, bank_names, all_banks)
    if banks is not None:
        from kbank.cli.linked import list_banks

        filters = make_filters(doc_type, area, unit, dnr, year, date_from, date_to)
        return list_banks(
            settings, banks, filters, group=group, limit=limit, missing_summary=missing_summary, fmt=fmt,
            no_pager=no_pager, include_unpublished=include_unpublished,
        )  # fmt: skip
    with open_bank(settings, include_unpublished) as bank:
        filters = make_filters(doc_type, area, unit, dnr, year, date_from, date_to)
        check_filters(bank, filters)
        if group:
            cases = bank.cases(filters, limit=limit)
        elif missing_summary:
            result = bank.missing_summaries(filters, limit=limit)
        else:
            result = bank.list(filters, limit=limit)
    separator = bank.settings.csv_separator
    if group:
        if fmt == "json":
            emit_json(with_version(cases.to_json()))
        elif fmt == "jsonl":
            write(to_jsonl(c.to_json() for c in cases.cases))
        elif fmt == "csv":
            rows = ([c.dnr or "", *document_row(d)] for c in cases.cases for d in c.documents)
            write(to_csv(["ärende", *DOCUMENT_COLUMNS], rows, separator))
        else:
            with paged(not no_pager):
                render_cases(cases)
        return
    if fmt == "json":
        emit_json(with_version(result.to_json()))
        return
    if fmt == "jsonl":
        write(to_jsonl(d.to_json() for d in result.documents))
        return
    if fmt == "csv":
        write(to_csv(DOCUMENT_COLUMNS, (document_row(d) for d in result.documents), separator))
        return
    with paged(not no_pager):
        _render_list(result, missing_summary)


def _render_list(result, missing_summary: bool) -> None:
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
    banked = any(getattr(d, "bank_name", "") for d in result.documents)  # several banks (kbank.linked)
    if banked:
        table.add_column("Bank", no_wrap=True)
    table.add_column("Id", no_wrap=True)
    for doc in result.documents:
        row = [
            date_label(doc.date, doc.year),
            type_cell(doc),
            doc.title,
            doc.dnr or "",
        ]
        if wide:
            row.append(doc.unit or "")
        if banked:
            row.append(doc.bank)
        table.add_row(*(escape(str(c)) for c in row), doc.id[:8])
    out.print(table)
    out.print(
        f"{result.total} dokument"
        + (f" (visar {len(result.documents)})" if len(result.documents) < result.total else "")
    )
    render_facets(result.facets)


@handle_errors
def show(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF",
            help="Numret på en träff i din senaste sökning (3), dokument-id (eller dess början), "
            "sökväg i arkivet eller Dnr (visar hela ärendet).",
            show_default=False,
        ),
    ],
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
    bank_names: BankOpt = None,
    all_banks: AllBanksOpt = False,
) -> None:
    """Visa ett dokument: alla uppgifter, var filen ligger och början av texten; med ett Dnr hela ärendet.

    REF kan vara numret på en träff i din senaste sökning: kbank show 3.
    """
    from kbank.serve.pool import open_bank

    settings = settings_from(index=index, archive=archive)
    if settings.banks or bank_names or all_banks:
        from kbank.cli.linked import show_banks
        from kbank.linked.scope import choose_banks

        chosen = choose_banks(settings, bank_names, all_banks)
        explicit = bool(bank_names or all_banks)
        return show_banks(settings, chosen, explicit, " ".join(ref), include_unpublished, as_json, no_pager)
    with open_bank(settings, include_unpublished, repair=include_unpublished) as bank:
        detail = bank.show(_from_last_search(settings, " ".join(ref)))
    from kbank.tasks.usage import log_show

    warn_unlogged(log_show(settings, detail.document.id))
    if as_json:
        emit_json(detail.to_json())
        return
    with paged(not no_pager):
        _render_detail(detail, settings)


def _render_detail(detail, settings) -> None:
    if detail.matched_by == "dnr" and detail.case is not None and len(detail.case.documents) > 1:
        if detail.summary and detail.summary_source != "report":
            _render_summary(detail)
        render_case_table(detail.case, files=True)
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
        ("Typ", type_label(doc.doc_type), "doc_type"),
        ("Status", f"{doc.status}, {doc.classification}", "status"),
        ("Datum", date_label(doc.date, doc.year, meta.get("date_precision")) or "okänt", "date"),
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
    ocr_pages = meta.get("ocr_pages") or []
    if ocr_pages:
        rows.append(("OCR", f"{page_ranges(ocr_pages)} lästes med OCR: stavningen kan vara fel", ""))
    if case is not None and len(case.documents) > 1:
        others = ", ".join(f"{type_label(d.doc_type)} {d.id[:8]}" for d in case.documents if d.id != doc.id)
        rows.append(("Ärende", f"{len(case.documents)} dokument: {others}", ""))
    for f in detail.files:
        rows.append(("Fil", str(settings.archive / f.path), ""))
    levels = detail.to_json()["confidence"]
    for label, value, key in rows:
        if value:
            where = source_label(sources.get(key)) if key else ""
            sure = CONFIDENCE_LABELS.get(levels.get(key, "high"), "")
            where = f"{where}, {sure}" if where and sure else where or sure
            table.add_row(label, escape(str(value)), escape(where))
    out.print(table)
    out.rule("Början av texten")
    out.print(escape(detail.preview()))


def _from_last_search(settings, ref: str) -> str:
    """A rank of the user's last search (``kbank show 3``) as the id it showed; other references as given."""
    from kbank.tasks.recent import resolve_rank

    return resolve_rank(settings, ref) or ref


@handle_errors
def open_document(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF",
            help="Numret på en träff i din senaste sökning, dokument-id, sökväg i arkivet eller Dnr.",
            show_default=False,
        ),
    ],
    print_path: Annotated[
        bool,
        typer.Option("--print", help="Skriv bara filens fullständiga sökväg (för skript), öppna den inte."),
    ] = False,
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    bank_names: BankOpt = None,
    all_banks: AllBanksOpt = False,
) -> None:
    """Öppna rapportens fil i datorns visningsprogram (PDF-läsaren, Word)."""
    from kbank.search.bank import Bank
    from kbank.tasks.opener import open_file
    from kbank.tasks.usage import log_show

    settings = settings_from(index=index, archive=archive)
    if settings.banks or bank_names or all_banks:
        from kbank.cli.linked import open_from_banks
        from kbank.linked.scope import choose_banks

        chosen = choose_banks(settings, bank_names, all_banks)
        explicit = bool(bank_names or all_banks)
        return open_from_banks(settings, chosen, explicit, " ".join(ref), include_unpublished, print_path)
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        detail = bank.show(_from_last_search(settings, " ".join(ref)))
    path = (settings.archive / detail.document.path).resolve()
    log_show(settings, detail.document.id)
    if print_path:
        write(f"{path}\n")
        return
    program = open_file(path)
    err.print(f"Öppnar {escape(str(path))} ({program}).", soft_wrap=True)


def _render_summary(detail) -> None:
    source = detail.summary_source
    where = {"report": "rapportens egen", "sidecar": "rättelsefilen"}.get(source or "", source or "")
    out.rule(f"Sammanfattning ({escape(where)})" if where else "Sammanfattning")
    out.print(escape(detail.summary))
    out.rule()
