"""Finding reports: ``search``, ``list`` and ``show``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.options import (
    AllOpt,
    ArchiveOpt,
    AreaOpt,
    DnrOpt,
    IndexOpt,
    JsonOpt,
    TypeOpt,
    UnitOpt,
    YearOpt,
)
from kbank.cli.render import (
    date_label,
    make_filters,
    render_case_table,
    render_cases,
    render_facets,
    source_label,
    type_cell,
)
from kbank.errors import UsageError
from kbank.metadata.doctypes import type_label


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
    from kbank.errors import UsageError
    from kbank.serve.pool import open_bank
    from kbank.tasks.usage import log_search

    words = " ".join(query or [])
    if like and words:
        raise UsageError("ange antingen sökord eller --like, inte båda")
    if not like and not words:
        raise UsageError("ange sökord, eller --like REF för rapporter som liknar en annan")
    settings = settings_from(index=index)
    filters = make_filters(doc_type, area, unit, dnr, year)
    with open_bank(settings, include_unpublished) as bank:
        if like:
            result = bank.like(like, filters, limit=limit)
        else:
            result = bank.search(
                words, filters, limit=limit, explain=explain, in_field=_search_field(in_field)
            )
    log_search(settings, result.query, filters.to_json(), result.total, [h.id for h in result.hits])
    if as_json:
        emit_json(result.to_json())
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
    from kbank.errors import UsageError
    from kbank.search.query import TEXT_FIELDS
    from kbank.textutil import fold

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
            type_cell(hit),
            hit.date or (str(hit.year) if hit.year else ""),
            hit.dnr or "",
        )
    out.print(table)
    render_facets(result.facets)


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
    from kbank.serve.pool import open_bank

    if group is not None and group.strip().lower() not in ("case", "arende", "ärende", "ärenden", "cases"):
        raise UsageError(f"okänd gruppering {group!r}: använd --group case")
    if group and missing_summary:
        raise UsageError("--missing-summary listar redan ett dokument per projekt: ange inte --group")
    with open_bank(settings_from(index=index), include_unpublished) as bank:
        filters = make_filters(doc_type, area, unit, dnr, year)
        if group:
            cases = bank.cases(filters, limit=limit)
        elif missing_summary:
            result = bank.missing_summaries(filters, limit=limit)
        else:
            result = bank.list(filters, limit=limit)
    if group:
        emit_json(cases.to_json()) if as_json else render_cases(cases)
        return
    if as_json:
        emit_json(result.to_json())
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
            date_label(doc.date, doc.year),
            type_cell(doc),
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
    render_facets(result.facets)


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
    from kbank.serve.pool import open_bank

    settings = settings_from(index=index, archive=archive)
    with open_bank(settings, include_unpublished) as bank:
        detail = bank.show(" ".join(ref))
    from kbank.tasks.usage import log_show

    log_show(settings, detail.document.id)
    if as_json:
        emit_json(detail.to_json())
        return
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
    if case is not None and len(case.documents) > 1:
        others = ", ".join(f"{type_label(d.doc_type)} {d.id[:8]}" for d in case.documents if d.id != doc.id)
        rows.append(("Ärende", f"{len(case.documents)} dokument: {others}", ""))
    for f in detail.files:
        rows.append(("Fil", str(settings.archive / f.path), ""))
    for label, value, key in rows:
        if value:
            table.add_row(label, escape(str(value)), escape(source_label(sources.get(key))) if key else "")
    out.print(table)
    out.rule("Början av texten")
    out.print(escape(detail.preview()))


def _render_summary(detail) -> None:
    source = detail.summary_source
    where = {"report": "rapportens egen", "sidecar": "rättelsefilen"}.get(source or "", source or "")
    out.rule(f"Sammanfattning ({escape(where)})" if where else "Sammanfattning")
    out.print(escape(detail.summary))
    out.rule()
