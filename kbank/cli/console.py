"""The consoles and the error handling every command shares, without typer.

``out`` and ``err`` draw on the terminal (control characters escaped); ``handle_errors``
turns a library error into one Swedish line and the contract's exit code. Nothing here
imports typer, so the fast path (``kbank.cli.fastpath``) can run a command with these very
objects; ``kbank.cli.app`` re-exports them for the typer commands.
"""

from __future__ import annotations

import errno
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

from kbank.config import Settings, debug_requested, load_settings
from kbank.errors import ExitCode, KbankError, os_reason
from kbank.safefs import DiskFull, UnsafeTarget
from kbank.safetext import printable, unicode_safe


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

#: set by ``kbank --debug`` (the typer app's callback)
debug = False


def fail(message: str, code: int) -> None:
    """One ``kbank: …`` line on stderr, then exit with ``code``."""
    err.print(f"[bold red]kbank:[/] {escape(printable(message, one_line=True))}", soft_wrap=True)
    raise SystemExit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one stderr line and the contract's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KbankError as exc:
            hint = _dash_hint() if int(exc.exit_code) == ExitCode.USAGE else ""
            fail(str(exc) + (f" ({hint})" if hint else ""), int(exc.exit_code))
        except KeyboardInterrupt:
            fail("avbrutet", 130)
        except OSError as exc:  # the system's English text never reaches a user
            if debug or debug_requested():
                err.print_exception()
            fail(_os_message(exc), ExitCode.FATAL)
        except UnicodeError as exc:
            fail(f"ogiltiga tecken ({exc}): skriv om texten i UTF-8", ExitCode.USAGE)
        except RecursionError:
            fail("indata är för djupt nästlad för att behandlas", ExitCode.USAGE)
        except Exception as exc:  # noqa: BLE001 - a user never sees a traceback, unless they ask
            if _typer_exit(exc):
                raise  # a command's own typer.Exit(code)
            _unexpected(exc)

    return wrapper


def _typer_exit(exc: BaseException) -> bool:
    """Whether ``exc`` is typer's Exit (only possible once typer is imported)."""
    typer = sys.modules.get("typer")
    return typer is not None and isinstance(exc, typer.Exit)


def _dash_hint() -> str:
    """How to write a dashed query word typer read as an option ("" on the fast path, which reads none)."""
    from kbank.cli.dashes import dash_hint

    return dash_hint()


def _os_message(exc: OSError) -> str:
    """One line for a condition of the machine rather than of kbank: a full disk says where."""
    if isinstance(exc, DiskFull | UnsafeTarget):
        return str(exc.strerror)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disken är full{where}: frigör plats och kör kommandot igen"
    return (f"{exc.filename}: " if exc.filename else "") + os_reason(exc)


def _unexpected(exc: BaseException) -> None:
    if debug or debug_requested():
        err.print_exception()
    fail(
        f"oväntat fel ({type(exc).__name__}: {exc}); kör kbank reindex om det gäller indexet"
        + ("" if debug or debug_requested() else " (KBANK_DEBUG=1 eller --debug visar var felet uppstod)"),
        ExitCode.FATAL,
    )


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
