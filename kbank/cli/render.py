"""Rendering shared by commands: type labels, facets, dates, case tables, source labels."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kbank.cli.console import out
from kbank.metadata.doctypes import type_label


def type_cell(doc) -> str:
    """A document's type, with its status when it is not published (only shown with --all)."""
    label = type_label(doc.doc_type)
    return label if doc.status in (None, "publicerad") else f"{label}\n({doc.status})"


def make_filters(types, areas, units, dnrs, years, date_from=None, date_to=None):
    from kbank.search.results import Filters

    return Filters(
        types=types or [],
        areas=areas or [],
        units=units or [],
        dnrs=dnrs or [],
        years=years or [],
        date_from=date_from,
        date_to=date_to,
    )


def render_facets(facets: dict[str, dict[str, int]], compact: bool = False) -> None:
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
        shown = [f"{type_label(k) if key == 'doc_type' else k} ({v})" for k, v in list(items)[:8]]
        more = f" … +{len(counts) - 8}" if len(counts) > 8 else ""
        rows.append((f"{label} [{option}]", ", ".join(shown) + more))
    if not rows:
        return
    table = Table(
        show_header=False, box=None, pad_edge=False, title="Avgränsa", title_justify="left", expand=compact
    )
    table.add_column(style="dim", no_wrap=True, min_width=max(len(label) for label, _ in rows))
    if compact:  # one line a facet, cut with an ellipsis
        table.add_column(overflow="ellipsis", no_wrap=True, ratio=1)
    else:
        table.add_column(overflow="fold")
    for label, values in rows:
        table.add_row(escape(label), escape(values))
    out.print(table)


def date_label(date: str | None, year: int | None, precision: str | None = None) -> str:
    if date and precision == "month":
        return date[:7]
    return date or (str(year) if year else "")


def render_cases(result) -> None:
    if not result.cases:
        out.print("Inga ärenden matchar.")
        return
    for case in result.cases:
        render_case_table(case)
    out.print(
        f"{result.total} ärenden med {result.documents} dokument"
        + (f" (visar {len(result.cases)} ärenden)" if len(result.cases) < result.total else "")
    )
    render_facets(result.facets)


def case_heading(case) -> str:
    name = case.project or (case.documents[0].title if case.documents else "")
    head = " – ".join(x for x in (case.dnr or "utan Dnr", name) if x)
    period = ""
    if case.first_date:
        period = (
            case.first_date if case.first_date == case.last_date else f"{case.first_date} – {case.last_date}"
        )
    details = ", ".join(x for x in (case.unit, period) if x)
    return f"[bold]Ärende {escape(head)}[/]" + (f"  [dim]{escape(details)}[/]" if details else "")


def render_case_table(case, files: bool = False) -> None:
    out.print(case_heading(case))
    table = Table(box=None, pad_edge=False, show_header=True, header_style="dim", expand=True)
    table.add_column("Typ", no_wrap=True)
    table.add_column("Datum", no_wrap=True)
    table.add_column("Dokument", overflow="fold", ratio=1)
    table.add_column("Id", no_wrap=True, style="dim")
    for doc in case.documents:
        cell = Text(doc.title)
        if files:
            cell.append("\n" + doc.path, style="dim")
        table.add_row(escape(type_cell(doc)), escape(date_label(doc.date, doc.year)), cell, doc.id[:8])
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
#: How sure kbank is of a value (kbank.metadata.confidence), as shown after its source.
CONFIDENCE_LABELS = {"high": "", "medium": "trolig", "low": "osäker – bekräfta med kbank set"}


def source_label(source: str | None) -> str:
    if not source or source == "default":
        return ""
    if source.startswith("sidecar:"):
        return f"rättad i {source.rsplit('/', 1)[-1]}"
    return _SOURCE_LABELS.get(source, source)


def page_ranges(pages: list[int]) -> str:
    """Name pages compactly: "sidan 3", "sidorna 1–3, 7".

    >>> page_ranges([3]), page_ranges([1, 2, 3, 7])
    ('sidan 3', 'sidorna 1–3, 7')
    """
    spans: list[list[int]] = []
    for page in sorted(pages):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    text = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)
    return f"sidan {text}" if len(pages) == 1 else f"sidorna {text}"
