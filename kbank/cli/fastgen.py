"""Write ``kbank/cli/fastspec.py``, the fast path's table of options, from the typer app itself.

python -m kbank.cli.fastgen          # rewrite kbank/cli/fastspec.py
python -m kbank.cli.fastgen --check  # exit 1 when it differs from what the app declares now

The fast path (``kbank.cli.fastpath``) parses ``search``, ``list`` and ``show`` without typer,
from this table. It is read here from the click commands typer builds, so it says exactly
what typer would accept; ``tests/test_fastpath.py`` fails when the file is out of date, and
the fast path itself hands a command to typer when the command's declared parameters no
longer match the table's fingerprint (``fastpath.fingerprint``). An option whose kind this
generator does not know is written as ``"typer"``: the fast path hands any command line that
uses it to typer.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: the commands the fast path runs
HOT = ("search", "list", "show", "ingest")
SPEC_FILE = Path(__file__).with_name("fastspec.py")

HEADER = '''"""The fast path's table of the hot commands' options, generated from the typer app.

Do not edit: ``python -m kbank.cli.fastgen`` writes it (see that module). For each command:
``function`` (module:name of the function typer calls), ``context`` (the parameter typer fills
with its Context, or None), ``arguments`` (dest, nargs, required), ``options`` (every name ->
dest, kind, type, min, max; kind is flag, value, multiple or typer), ``defaults`` (every
parameter's default, as typer passes it) and ``fingerprint`` (of the declarations it was read
from: ``kbank.cli.fastpath.fingerprint``). JSON, so that a formatter leaves it as written.
"""

import json

'''


def _kind_and_type(param: Any) -> tuple[str, str]:
    """How the fast path reads an option: (kind, type), or ("typer", "") for anything else."""
    if (
        param.callback is not None
        or param.envvar
        or getattr(param, "prompt", None)
        or getattr(param, "count", False)
        or param.is_eager
        or not param.expose_value
        or param.nargs != 1
        or param.secondary_opts
    ):
        return "typer", ""
    annotation = param.type_descriptor.annotation
    info = param.type_descriptor.parameter_info
    if (
        param.type_descriptor.file_annotation is not None
        or info.parser is not None
        or getattr(info, "click_type", None) is not None
        or info.default_factory is not None
        or info.clamp
    ):
        return "typer", ""
    plain_path = not (
        info.exists
        or info.resolve_path
        or info.allow_dash
        or info.path_type is not None
        or info.writable
        or not (info.file_okay and info.dir_okay and info.readable)
    )
    if getattr(param, "is_flag", False):
        if annotation is bool and param.default is False and not param.multiple:
            return "flag", "bool"
        return "typer", ""
    kind = "value"
    if param.multiple:
        inner: tuple[Any, ...] = getattr(annotation, "__args__", ())
        if getattr(annotation, "__origin__", None) is not list or len(inner) != 1:
            return "typer", ""
        kind, annotation = "multiple", inner[0]
    names = {str: "str", int: "int", Path: "path"}
    if annotation not in names or (annotation is Path and not plain_path):
        return "typer", ""
    if annotation is not int and (param.min is not None or param.max is not None):
        return "typer", ""
    return kind, names[annotation]


def command_spec(command: Any, context: Any) -> dict[str, Any] | None:
    """The fast path's entry for one click command, or None when it cannot parse it at all."""
    from kbank.cli.fastpath import fingerprint

    if command.context_settings or not command.allow_interspersed_args or command.ignore_unknown_options:
        return None
    if command.allow_extra_args:
        return None
    callback = command.callback
    function = callback.__wrapped__  # typer's wrapper around the registered function
    target = f"{function.__module__}:{function.__name__}"
    from typer.utils import get_params_from_function

    declared = get_params_from_function(function)
    context_name = next(
        (name for name, p in declared.items() if getattr(p.annotation, "__name__", "") == "Context"), None
    )
    arguments: list[tuple[str, int, bool, str]] = []
    options: dict[str, tuple[str, str, str, int | None, int | None]] = {}
    defaults: dict[str, Any] = {}
    for param in command.params:
        if param.param_type_name == "argument":
            if param.nargs == -1:
                arguments.append((param.name, param.nargs, bool(param.required), "str"))
            else:  # one value (ingest's ARKIV): read as an option's value of its type would be
                kind, kind_type = _kind_and_type(param)
                if kind != "value" or kind_type == "int":
                    return None
                arguments.append((param.name, param.nargs, bool(param.required), kind_type))
            defaults[param.name] = None
            continue
        kind, kind_type = _kind_and_type(param)
        for name in param.opts:
            options[name] = (param.name, kind, kind_type, param.min, param.max)
        if param.default is not None and type(param.default) not in (bool, int, str):
            return None  # a default the table cannot hold as it is
        defaults[param.name] = param.default
    help_names = command.get_help_option_names(context)
    if set(help_names) != {"-h", "--help"}:
        return None
    return {
        "function": target,
        "context": context_name,
        "arguments": arguments,
        "options": options,
        "defaults": defaults,
        "fingerprint": fingerprint(function),
    }


def render() -> str:
    """The text of fastspec.py for the app as it is declared now."""
    import typer.main

    from kbank.cli import commands

    group: Any = typer.main.get_command(commands.app)
    context = group.make_context("kbank", ["search", "x"], resilient_parsing=True)
    specs = {}
    for name in HOT:
        spec = command_spec(group.commands[name], context)
        if spec is not None:
            specs[name] = spec
    body = _json(specs)
    return HEADER + f'COMMANDS: dict = json.loads(\n    r"""\n{body}\n"""\n)\n'


def _json(specs: dict[str, dict[str, Any]]) -> str:
    """The table as JSON, one option or default per line (readable in a diff)."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(items: dict[str, Any], indent: str) -> str:
        inner = ",\n".join(f"{indent} {one(k)}: {one(v)}" for k, v in items.items())
        return "{\n" + inner + f"\n{indent}}}"

    commands = []
    for name, spec in specs.items():
        fields = [
            f"  {one(key)}: {block(value, '  ') if key in ('options', 'defaults') else one(value)}"
            for key, value in spec.items()
        ]
        commands.append(f" {one(name)}: {{\n" + ",\n".join(fields) + "\n }")
    return "{\n" + ",\n".join(commands) + "\n}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when out of date")
    args = parser.parse_args()
    text = render()
    current = SPEC_FILE.read_text(encoding="utf-8") if SPEC_FILE.exists() else ""
    if args.check:
        sys.exit(0 if current == text else 1)
    if current != text:
        SPEC_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {SPEC_FILE}")


if __name__ == "__main__":
    main()
