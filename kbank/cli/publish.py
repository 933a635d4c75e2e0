"""The web edition: ``publish``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kbank.cli.app import emit_json, err, handle_errors, out, settings_from
from kbank.cli.options import ArchiveOpt, IndexOpt, JsonOpt
from kbank.safetext import printable


@handle_errors
def publish(
    directory: Annotated[
        Path, typer.Argument(help="Mappen där webbplatsen ska ligga (skapas eller uppdateras).")
    ],
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help="public: bara publicerade rapporter med den öppna (lägsta) klassningen; "
            "intern: publicerade rapporter upp till installationens tak.",
        ),
    ] = "public",
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Webbplatsens adress, t.ex. https://www.example.se/kunskapsbank/ (för sitemap.xml och "
            "kanoniska länkar; annars site_url i kbank.toml).",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Mapp med egna mallar och static/-filer som ersätter kbanks (annars site_templates i kbank.toml).",
            show_default=False,
        ),
    ] = None,
    no_linked: Annotated[
        bool,
        typer.Option(
            "--no-linked",
            help="Bygg utan länkade bankers webbplatser i sökningen (annars ingår varje [banks.NAMN] med site).",
        ),
    ] = False,
    index: IndexOpt = None,
    archive: ArchiveOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Bygg en statisk webbplats med sökning för allmänheten eller intranätet."""
    from kbank.publish.site import publish as build

    settings = settings_from(index=index, archive=archive, site_templates=templates, site_url=base_url)
    result = build(
        settings, directory, audience, settings.site_url, settings.site_templates, linked=not no_linked
    )
    for skipped in result.linked.skipped:
        line = printable(f"{skipped.error} – den lämnas utanför sökningen", one_line=True)
        err.print(f"[yellow]kbank: varning:[/] {escape(line)}", soft_wrap=True)
    if as_json:
        emit_json(result.to_json())
        return
    for warning in result.warnings:
        err.print(f"[yellow]kbank:[/] {escape(warning)}", soft_wrap=True)
    p, r = result.report_pages, result.pages
    out.print(
        f"Webbplatsen för {'allmänheten' if result.audience == 'public' else 'intranätet'} finns i "
        f"[bold]{escape(result.site)}[/]: {result.reports} rapporter i {result.cases} ärenden."
    )
    out.print(
        f"Rapportsidor: {p.written} skrivna, {p.unchanged} oförändrade, {p.removed} borttagna. "
        f"Alla sidor: {r.written} skrivna, {r.unchanged} oförändrade, {r.removed} borttagna."
    )
    out.print(
        f"Filer: {result.files_copied} kopierade, {result.files_unchanged} oförändrade, "
        f"{result.files_removed} borttagna. Storlek {_mb(result.bytes)} (sökindex {_mb(result.index_bytes)}), "
        f"{result.seconds:.1f} s."
    )
    for site in result.linked.included:
        how = f"kopierad, {_mb(site.bytes)}" if site.mode == "copied" else f"sökindex från {site.bundle}"
        out.print(
            f"Länkad bank i sökningen: {escape(printable(f'{site.bank.name} ({how})', one_line=True))}."
        )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
