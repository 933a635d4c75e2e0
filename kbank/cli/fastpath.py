"""Run ``search``, ``list``, ``show`` and ``ingest`` without typer: a small parser over the typer app's own table.

A fresh ``kbank search`` spent ~130 ms of its ~300 ms CPU importing typer, click's vendored
copy, pydantic (typer's value conversion) and rich.markdown (typer's help), and parsing with
them (BENCHMARKS.md). This module reads the command line from ``fastspec.COMMANDS``, which
``kbank.cli.fastgen`` generates from the click commands typer builds, and calls the very
function typer would call (``kbank.cli.find.search`` …) with the same values, so the output,
the errors and the exit code are those of the typer path, byte for byte
(``tests/test_fastpath.py`` runs a table of command lines through both).

It parses only the plain forms and gives anything else to typer before printing a thing
(``run`` returns False): an option or dashed word it does not know (so an option added to a
command after the table was generated is never misread), ``-h``/``--help``, a value that
starts with a dash or does not convert exactly as typer would, a repeated single-value
option, a missing required argument, shell completion, Windows' argument globbing, and a
command whose declarations no longer match the table's fingerprint (the table is stale).
"""

from __future__ import annotations

import importlib
import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kbank.cli.fastspec import COMMANDS

#: typer's shell completion runs when this variable is set (kbank.cli.completion.COMPLETE_VAR)
COMPLETE_VAR = "_KBANK_COMPLETE"
#: the integers the fast path converts itself: exactly the ones whose conversion nobody can doubt
_INTEGER = re.compile(r"0|[1-9][0-9]{0,17}")
_OPTIONS_SOURCE = Path(__file__).with_name("options.py")


class Context:
    """What a command reads from typer's Context on the fast path: the values of its parameters."""

    def __init__(self, params: dict[str, Any]):
        self.params = params


def run(argv: list[str]) -> bool:
    """Run the command in ``argv`` as typer would; False (nothing done) when typer must run it."""
    try:
        parsed = parse(argv)
    except Exception:  # noqa: BLE001 - the fast path's own trouble: typer parses instead
        return False
    if parsed is None:
        return False
    from kbank.cli import console, dashes

    console.debug = False  # what typer's callback sets without --debug
    dashes.AMBIGUOUS.clear()  # no dashed word was read as an option (such a line goes to typer)
    function, kwargs = parsed
    function(**kwargs)
    return True


def parse(argv: list[str]) -> tuple[Callable[..., Any], dict[str, Any]] | None:
    """The function typer would call for ``argv`` and its keyword arguments, or None."""
    if not argv or os.name == "nt" or os.environ.get(COMPLETE_VAR):
        return None
    spec = COMMANDS.get(argv[0])
    if spec is None:
        return None
    values = _read(argv[1:], spec)
    if values is None:
        return None
    module_name, _, name = spec["function"].partition(":")
    function = getattr(importlib.import_module(module_name), name)
    if fingerprint(function) != spec["fingerprint"]:
        return None  # the command's declarations changed since fastspec.py was generated
    kwargs = dict(spec["defaults"]) | values
    if spec["context"]:
        kwargs[spec["context"]] = Context(dict(kwargs))
    return function, kwargs


def _read(args: list[str], spec: dict[str, Any]) -> dict[str, Any] | None:
    """The values of the parameters given in ``args`` (typer's conversions), or None for typer."""
    options = spec["options"]
    values: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not _plain(arg):
            return None
        if arg == "--":
            positional.extend(args[i:])
            break
        if not arg.startswith("-"):
            positional.append(arg)
            continue
        name, equals, raw = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = options.get(name)
        if option is None:
            return None  # unknown, a help option, a dashed query word, short flags run together
        dest, kind, kind_type, low, high = option
        if kind == "flag":
            if equals:
                return None
            values[dest] = True
            continue
        if kind not in ("value", "multiple"):
            return None
        if not equals:
            if i >= len(args) or args[i].startswith("-") or not _plain(args[i]):
                return None
            raw = args[i]
            i += 1
        value = _convert(raw, kind_type, low, high)
        if value is None:
            return None
        if kind == "multiple":
            values.setdefault(dest, []).append(value)
        elif dest in values:
            return None  # given twice: typer's rule (the last wins) is left to typer
        else:
            values[dest] = value
    arguments = spec["arguments"]
    if not arguments:
        return None if positional else values
    (dest, nargs, required, kind_type), *more = arguments
    if more or (required and not positional):
        return None
    if nargs == -1:
        values[dest] = positional or None
        return values
    if len(positional) > 1:
        return None  # typer's message about the extra argument
    if positional:
        value = _convert(positional[0], kind_type, None, None)
        if value is None:
            return None
        values[dest] = value
    return values


def _plain(arg: str) -> bool:
    """Text typer reads as it is: no bytes of another encoding (surrogates), no NUL."""
    if "\0" in arg:
        return False
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _convert(raw: str, kind_type: str, low: int | None, high: int | None) -> Any:
    """A value as typer converts it, or None when typer must judge it (an error, an unusual form)."""
    if raw == "":
        return None
    if kind_type == "str":
        return raw
    if kind_type == "int":
        if not _INTEGER.fullmatch(raw):
            return None
        number = int(raw)
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return number
    if kind_type == "path":
        path = Path(raw)
        try:
            os.stat(path)
        except OSError:
            return path  # need not exist
        return path if os.access(path, os.R_OK) else None  # typer refuses one it cannot read
    return None


def fingerprint(function: Callable[..., Any]) -> str:
    """A checksum of a command's declarations: parameters, defaults, annotations, the shared options.

    Annotations are the source text of each parameter's declaration (``from __future__ import
    annotations``), and the shared option types are read from ``options.py``'s source, so any
    change to what typer would accept changes it, without importing typer.
    """
    inner = function
    while hasattr(inner, "__wrapped__"):
        inner = inner.__wrapped__
    code = inner.__code__
    parts = [
        f"{inner.__module__}:{inner.__qualname__}",
        repr(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]),
        repr(inner.__defaults__),
        repr(inner.__kwdefaults__),
        repr(inner.__annotations__),
    ]
    try:
        shared = _OPTIONS_SOURCE.read_bytes()
    except OSError:
        shared = b""  # no source to compare: the table cannot be trusted, typer parses
    return f"{zlib.crc32(shared, zlib.crc32(chr(10).join(parts).encode('utf-8'))):08x}"
