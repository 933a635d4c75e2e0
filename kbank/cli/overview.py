"""``kbank overview`` (``kbank kunskapsläge``): what the bank knows about a method, project by project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.options import AllOpt, AreaOpt, DnrOpt, IndexOpt, JsonOpt, TypeOpt, UnitOpt, YearOpt
from kbank.cli.render import date_label, make_filters, type_cell
from kbank.errors import UsageError

#: Projects shown in the terminal and the memo unless --limit says otherwise.
DEFAULT_LIMIT = 20
_STATUS_STYLE = {
    "utvärderat": "bold green",
    "avslutat": "bold cyan",
    "pågående": "bold yellow",
    "oklart": "dim",
}


@handle_errors
def overview(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Metoden eller ämnet, som i kbank search: "Bostad först", IPS, "hemlöshet OR bostadslöshet".',
            show_default=False,
        ),
    ],
    doc_type: TypeOpt = None,
    area: AreaOpt = None,
    unit: UnitOpt = None,
    dnr: DnrOpt = None,
    year: YearOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help="Högst så många projekt (standard: 20 i terminalen och PM:et, alla med --json).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text (terminalen), md (PM i Markdown), docx (PM i Word) eller json."
        ),
    ] = "text",
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Skriv PM:et till filen (krävs för docx).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
    include_unpublished: AllOpt = False,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Kunskapsläget om en metod: vilka projekt som prövat den, var, när, status och vad de kom fram till."""
    from kbank.search.bank import Bank
    from kbank.tasks.memo import write_memo
    from kbank.tasks.overview import overview as build_overview

    words = " ".join(query).strip()
    if not words:
        raise UsageError('ange en metod eller ett ämne, t.ex. kbank overview "Bostad först"')
    fmt = "json" if as_json else fmt.strip().lower()
    if fmt not in ("text", "md", "docx", "json"):
        raise UsageError(f"okänt format {fmt!r}: välj text, md, docx eller json")
    if out_file is not None and fmt in ("text", "json"):
        raise UsageError("--out skriver ett PM: ange --format md eller --format docx")
    settings = settings_from(index=index)
    with Bank(settings, include_unpublished=include_unpublished) as bank:
        filters = make_filters(doc_type, area, unit, dnr, year)
        # scripts get every passing mention; people the first 15
        if limit is None and fmt != "json":
            limit = DEFAULT_LIMIT
        result = build_overview(
            bank, words, filters, limit=limit, mentions_limit=None if fmt == "json" else 15
        )
    if fmt == "json":
        emit_json(result.to_json())
        return
    if fmt in ("md", "docx"):
        markdown = write_memo(result, fmt, out_file, force)
        if markdown is not None:
            out.print(markdown, markup=False, soft_wrap=True, end="")
        else:
            err.print(f"PM:et är sparat i {escape(str(out_file))}")
        return
    _render(result)


def _render(result) -> None:
    for note in result.notes:
        err.print(f"[yellow]{escape(note)}[/]")
    out.print(f"[bold]{escape(result.headline)}[/]")
    if result.suggestion and not result.projects:
        out.print(f"Menade du [bold]{escape(result.suggestion)}[/]?")
    if result.projects:
        out.print(
            f"[dim]{result.total} rapporter matchade. Centralt ämne först, sedan utvärderade och avslutade "
            "före pågående, sedan nyast. • = rapporten nämner sökordet. Citaten är rapporternas egna "
            "meningar.[/]"
        )
    for number, project in enumerate(result.projects, 1):
        out.print()
        _render_project(number, project)
    if result.mentioned:
        out.print()
        out.rule("Nämns också i", align="left")
        for project in result.mentioned:
            _render_mention(project)
        if result.mentioned_total > len(result.mentioned):
            out.print(
                f"[dim]… och {result.mentioned_total - len(result.mentioned)} projekt till (se --json)[/]"
            )


def _indent(renderable, left: int = 3) -> Padding:
    return Padding(renderable, (0, 0, 0, left), expand=False)


def _render_project(number: int, project) -> None:
    case = project.case
    head = Text(f"{number}. ", style="bold")
    head.append(project.name, style="bold")
    head.append("  ")
    head.append(project.status, style=_STATUS_STYLE.get(project.status, ""))
    out.print(head)
    dnr = f"Dnr {case.dnr}" if case.dnr else "utan Dnr"
    out.print(_indent(Text(" · ".join(x for x in (dnr, case.unit, project.period) if x))))
    out.print(_indent(Text("Varför med: " + ", ".join(project.evidence.reasons()), style="dim")))
    table = Table(box=None, pad_edge=False, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold", ratio=1)
    table.add_column(no_wrap=True, style="dim")
    for doc in case.documents:
        mark = "•" if doc.id in project.matched else " "
        table.add_row(
            escape(f"{mark} {type_cell(doc)}"),
            escape(date_label(doc.date, doc.year)),
            escape(doc.title),
            doc.id[:8],
        )
    out.print(_indent(table))
    if not project.conclusions:
        out.print(_indent(Text("Inga avsnitt om resultat, slutsatser eller erfarenheter.", style="dim")))
        return
    label = "Hittills:" if project.status == "pågående" else "Kom fram till:"
    out.print(_indent(Text(label, style="bold")))
    for conclusion in project.conclusions:
        line = Text("– " + conclusion.text + " ")
        line.append(f"({conclusion.cite})", style="dim")
        out.print(_indent(line, 5))


def _render_mention(project) -> None:
    line = Text("• ")
    line.append(project.name, style="bold")
    line.append(
        f"  {project.case.dnr or 'utan Dnr'}" + (f" · {project.case.unit}" if project.case.unit else "")
    )
    passage = project.passage
    if passage is not None:
        where = type_cell(passage.document) + (f" s. {passage.page}" if passage.page else "")
        line.append(f"\n  {where}, {passage.document.id[:8]}: ", style="dim")
        line.append(passage.snippet)
    out.print(line)
