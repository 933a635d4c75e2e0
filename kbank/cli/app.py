"""The typer app in Swedish: help framing, usage errors, consoles, one error handler for every command."""

from __future__ import annotations

import errno
import functools
import json
import re
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment
from typer import rich_utils

from kbank.cli import completion, helptext
from kbank.cli.dashes import dash_hint
from kbank.config import Settings, debug_requested, load_settings
from kbank.errors import ExitCode, KbankError, os_reason
from kbank.safefs import DiskFull, UnsafeTarget
from kbank.safetext import printable, unicode_safe

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


class SafeConsole(Console):
    """A console that shows control characters in any text it renders instead of obeying them.

    Every segment of text rich is about to write (strings, table cells, ``Text`` objects) is
    escaped; rich's own control segments (colours, cursor moves of a progress bar) are left
    alone. File names, titles and other users' queries cannot recolour the terminal or move
    its cursor.
    """

    def _render_buffer(self, buffer):  # rich's one exit for text
        return super()._render_buffer(
            segment if segment.control else Segment(printable(segment.text), segment.style)
            for segment in buffer
        )


out = SafeConsole(highlight=False)
err = SafeConsole(stderr=True, highlight=False)


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]kbank:[/] {escape(printable(message, one_line=True))}", soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one stderr line and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KbankError as exc:
            hint = dash_hint() if int(exc.exit_code) == ExitCode.USAGE else ""
            fail(str(exc) + (f" ({hint})" if hint else ""), int(exc.exit_code))
        except KeyboardInterrupt:
            fail("avbrutet", 130)
        except typer.Exit:
            raise
        except OSError as exc:  # the system's English text never reaches a user
            if _debug or debug_requested():
                err.print_exception()
            fail(_os_message(exc), ExitCode.FATAL)
        except UnicodeError as exc:
            fail(f"ogiltiga tecken ({exc}): skriv om texten i UTF-8", ExitCode.USAGE)
        except RecursionError:
            fail("indata är för djupt nästlad för att behandlas", ExitCode.USAGE)
        except Exception as exc:  # noqa: BLE001 - a user never sees a traceback, unless they ask
            _unexpected(exc)

    return wrapper


def _os_message(exc: OSError) -> str:
    """One line for a condition of the machine rather than of kbank: a full disk says where."""
    if isinstance(exc, DiskFull | UnsafeTarget):
        return str(exc.strerror)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disken är full{where}: frigör plats och kör kommandot igen"
    return (f"{exc.filename}: " if exc.filename else "") + os_reason(exc)


def _unexpected(exc: BaseException) -> None:
    if _debug or debug_requested():
        err.print_exception()
    fail(
        f"oväntat fel ({type(exc).__name__}: {exc}); kör kbank reindex om det gäller indexet"
        + ("" if _debug or debug_requested() else " (KBANK_DEBUG=1 eller --debug visar var felet uppstod)"),
        ExitCode.FATAL,
    )


_debug = False


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
    global _debug
    _debug = debug


def settings_from(**options: Any) -> Settings:
    """Resolve settings once per command from its options."""
    return load_settings(**options)


def warn_unlogged(problem: str | None) -> None:
    """One Swedish stderr line when the usage log could not be written (the command itself worked)."""
    if problem:
        err.print(f"[yellow]kbank:[/] {escape(problem)}", soft_wrap=True)


def emit_json(data: Any) -> None:
    if isinstance(data, dict) and "kbank_version" not in data:
        from kbank import __version__

        data = data | {"kbank_version": __version__}  # an added field: which kbank wrote this
    sys.stdout.write(unicode_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def progress_bar():
    if not err.is_terminal:
        from kbank.ingest.run import no_progress

        return no_progress
    from rich.progress import track

    def wrap(items, label):
        return track(items, description=label, console=err, transient=True) if items else items

    return wrap
