"""Where a command's output goes: the output format, JSON with kbank's version, a pager on a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from kbank import __version__
from kbank.cli.console import out
from kbank.errors import UsageError
from kbank.tasks.export import FORMATS


def output_format(fmt: str | None, as_json: bool) -> str:
    """The format a command writes: ``--format``, with ``--json`` as the contract's alias for json."""
    if fmt is None:
        return "json" if as_json else "table"
    value = fmt.strip().lower()
    if value not in FORMATS:
        raise UsageError(f"okänt format {fmt!r} för --format: välj table, json, jsonl eller csv")
    if as_json and value != "json":
        raise UsageError(f"--json och --format {value} går inte ihop: välj ett av dem")
    return value


def with_version(data: dict) -> dict:
    """A ``--json`` document with the kbank version that wrote it (an added field)."""
    return data | {"kbank_version": __version__}


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@contextlib.contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Send what is printed inside to a pager when it is longer than the terminal (never when piped)."""
    if not enabled or not out.is_terminal or not sys.stdout.isatty():
        yield
        return
    with out.capture() as captured:
        yield
    text = captured.get()
    if text.count("\n") < out.size.height - 1:
        write(text)
        return
    import subprocess

    from kbank.config import pager_command

    try:
        subprocess.run(pager_command(), shell=True, input=text.encode("utf-8"), check=False)
    except OSError:
        write(text)
