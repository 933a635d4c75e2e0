"""Editors' commands: ``summary-template``, ``check`` and ``set``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.options import ArchiveOpt, FormatOpt, IndexOpt, JsonOpt
from kbank.safetext import printable


@handle_errors
def summary_template(
    ref: Annotated[
        list[str],
        typer.Argument(
            metavar="REF",
            help="Numret på en träff i din senaste sökning, rapportens id, sökväg i arkivet eller Dnr.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="md (Markdown) eller docx (Word); annars efter filändelsen i --out.",
            show_default=False,
        ),
    ] = None,
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
    from kbank.tasks.prefill import write_template
    from kbank.tasks.recent import resolve_rank

    settings = settings_from(index=index, archive=archive)
    reference = " ".join(ref)
    written = write_template(
        settings, resolve_rank(settings, reference) or reference, fmt, out_file, save, force
    )
    if written.path is None:
        sys.stdout.write(written.markdown)
        return
    err.print(
        f"Skrev {escape(str(written.path))} ({len(written.filled)} av {written.total} avsnitt förifyllda)."
    )


@handle_errors
def check(
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Visa alla fynd, inte bara de första i varje del.")
    ] = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Kvalitetsrapport för redaktörer: saknade uppgifter, motstridiga ärenden, dubbletter, olästa filer."""
    from kbank.cli.output import output_format, with_version, write
    from kbank.tasks.check import check as run_check
    from kbank.tasks.export import FINDING_COLUMNS, finding_rows, to_csv, to_jsonl

    fmt = output_format(fmt, as_json)
    settings = settings_from(index=index, archive=archive)
    report = run_check(settings)
    if fmt == "json":
        emit_json(with_version(report.to_json()))
        return
    if fmt == "jsonl":
        write(to_jsonl({"section": s.key} | f.to_json() for s in report.sections for f in s.findings))
        return
    if fmt == "csv":
        write(to_csv(FINDING_COLUMNS, finding_rows(report), settings.csv_separator))
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
                f"{escape(printable(finding.path, one_line=True))}"
                + (
                    f"  [dim]{escape(printable(finding.message, one_line=True))}[/]"
                    if finding.message
                    else ""
                )
            )
        if limit and len(section.findings) > limit:
            out.print(f"[dim]… och {len(section.findings) - limit} till (kbank check --all)[/]")


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
    repair: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Nå också en rapport som döljs av en felstavad klassning (inom din egen tak-klassning).",
        ),
    ] = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rätta en rapports uppgifter, status eller klassning i dess rättelsefil (rapporten ändras inte)."""
    from kbank.errors import IndexLocked
    from kbank.tasks.edit import apply_set, parse_assignments, set_values

    settings = settings_from(index=index, archive=archive)
    ref, assignments = parse_assignments(words)
    result = set_values(settings, ref, assignments, whole_case, repair)
    applied, busy = False, None
    if not no_ingest:
        try:
            apply_set(settings, result)
            applied = True
        except IndexLocked as exc:
            busy = str(exc)
    if as_json:
        emit_json(result.to_json() | {"ingested": applied, "pending": busy is not None})
        return
    done = f"Skrev {escape(', '.join(assignments))} i [bold]{escape(result.sidecar)}[/]"
    if busy is not None:
        out.print(
            f"{done}. Indexet används just nu ({escape(busy.split(': försök igen')[0])}); "
            "rättelsen gäller från nästa kbank ingest.",
            soft_wrap=True,
        )
        return
    out.print(done + ("." if no_ingest else "; indexet är uppdaterat."))
