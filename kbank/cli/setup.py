"""``kbank config``: the effective settings and where each comes from; ``kbank config init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.helptext import epilog
from kbank.cli.options import ArchiveOpt, DataOpt, IndexOpt, JsonOpt

config_app = typer.Typer(
    help="Inställningarna som gäller och varifrån de kommer; 'kbank config init' skriver en startfil.",
    invoke_without_command=True,
)


@config_app.callback(invoke_without_command=True)
@handle_errors
def config_show(
    ctx: typer.Context,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Visa varje inställning som gäller och filen (variabeln, flaggan) den kommer från."""
    if ctx.invoked_subcommand is not None:
        return
    from kbank.tasks.configure import describe

    report = describe(settings_from(index=index, archive=archive, data=data))
    if as_json:
        emit_json(report)
        return
    if report["files"]:
        out.print("[bold]Konfigurationsfiler[/] (en senare vinner):")
        for f in report["files"]:
            out.print(f"  {escape(f['layer'])}: {escape(f['path'])}")
    else:
        out.print(
            "Ingen konfigurationsfil hittades (installationens: "
            f"{escape(report['site_config'])}, användarens: {escape(report['user_config'])})."
        )
    table = Table()
    table.add_column("Inställning", no_wrap=True)
    table.add_column("Värde", overflow="fold")
    table.add_column("Från", overflow="fold")
    for row in report["settings"]:
        table.add_row(escape(row["key"]), escape(_show(row["value"])), escape(row["source"]))
    out.print(table)


def _show(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dict):
        if all(isinstance(v, dict) for v in value.values()):
            return (
                "\n".join(
                    f"{k}: " + ", ".join(f"{n}={_show(v)}" for n, v in t.items() if v is not None)
                    for k, t in value.items()
                )
                or "–"
            )
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items()) or "–"
    return str(value)


@config_app.command("init", epilog=epilog("config init"))
@handle_errors
def config_init(
    path: Annotated[
        Path | None,
        typer.Argument(help="Filen att skriva (annars användarens kbank.toml).", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil.")] = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
) -> None:
    """Skriv en kommenterad startfil för inställningarna (--index och --archive fylls i)."""
    from kbank.tasks.configure import write_starter

    written = write_starter(path, force, index=index, archive=archive)
    err.print(f"Skrev {escape(str(written))}; ta bort # framför de inställningar du vill ändra.")
