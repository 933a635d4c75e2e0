"""The typer app in Swedish: help framing, usage errors, consoles, one error handler for every command."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer import rich_utils
from typer.core import TyperCommand

from kbank.cli import completion, console, helptext
from kbank.cli.console import (  # noqa: F401 - the commands import them from here
    SafeConsole,
    emit_json,
    err,
    fail,
    handle_errors,
    out,
    settings_from,
    warn_unlogged,
)
from kbank.cli.dashes import dash_hint, query_words_behind_dashes

helptext.install()
completion.enable()

app = typer.Typer(
    name="kbank",
    help="kbank — en kunskapsbank i terminalen för socialtjänstens utvecklingsprojekt.\n\n"
    "Läs in arkivets rapporter med 'kbank ingest' och sök i dem med 'kbank search'.",
    epilog='[bold]Exempel[/]\n\n  kbank search "bostad först"\n\n  kbank show 1\n\n  kbank open 1',
    no_args_is_help=True,
    add_completion=False,  # kbank completion SHELL prints the script instead
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _closest(typed: str, listed: str) -> str:
    import difflib

    options = [o.strip() for o in listed.split(",")]
    return (difflib.get_close_matches(typed, options, n=1, cutoff=0) or options)[0]


_USAGE_MESSAGES = [
    (
        re.compile(r"^No such option: (\S+)(?:\s+Did you mean (\S+)\?)?(?:\s*\(Possible options: (.*)\))?"),
        lambda m: (
            f"okänd flagga {m.group(1)}"
            + (
                f" — Menade du {m.group(2) or _closest(m.group(1), m.group(3))}?"
                if m.group(2) or m.group(3)
                else ""
            )
            + (f" (möjliga flaggor: {m.group(3)})" if m.group(3) else "")
        ),
    ),
    (
        re.compile(r"^No such command '?([^'.]+)'?\.?(?:\s*Did you mean (.+)\?)?"),
        lambda m: f"okänt kommando {m.group(1)!r}" + (f" — Menade du {m.group(2)}?" if m.group(2) else ""),
    ),
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
    if message.startswith("okänt kommando") and ctx is not None and hasattr(ctx.command, "commands"):
        hint = f" (kommandon: {', '.join(ctx.command.commands)})"
    dashed = dash_hint(exc)
    if dashed:
        hint += f"; {dashed}"
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
rich_utils.rich_format_error = _usage_error  # type: ignore[assignment]  # typer's own hook


class QueryCommand(TyperCommand):
    """A command whose free words are a query: dashed words that are no options become query words."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, query_words_behind_dashes(self, args))


def _show_version(value: bool) -> None:
    if value:
        from kbank import __version__

        out.print(f"kbank {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Visa var ett oväntat fel uppstod (som KBANK_DEBUG=1).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help="Visa kbanks version och avsluta.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """kbank — en kunskapsbank i terminalen för socialtjänstens utvecklingsprojekt."""
    console.debug = debug
