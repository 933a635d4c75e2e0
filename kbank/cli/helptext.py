"""Swedish help framing: usage line, type names, the help option, and examples for every command.

Typer and its vendored click print English framing ("Usage:", "Show this message and exit.",
``<list[str]>``); kbank's users read Swedish, so the few places that print it are set here,
once, before the app is built.
"""

from __future__ import annotations

from typing import Any

from typer import _click, core, rich_utils

#: Examples shown under each command's help (what the README shows).
EXAMPLES: dict[str, list[str]] = {
    "ingest": ["kbank ingest /srv/diarium", "kbank ingest --quiet --json"],
    "reindex": ["kbank reindex --jobs 2 --wait 600"],
    "search": [
        'kbank search "bostad först"',
        "kbank search hemloshet --type slutrapport --from 2014-03 --to 2016",
        "kbank search missbruk --sort datum --page 2",
        "kbank search barn -familjehem           # barn, men inte familjehem",
        "kbank search familjehem --format csv > träffar.csv",
    ],
    "list": ["kbank list --area missbruk", "kbank list --group case --format csv > ärenden.csv"],
    "show": ["kbank show 3                # träff 3 i din senaste sökning", "kbank show SN2014/123"],
    "open": ["kbank open 3", "kbank open --print a1b2c3d4"],
    "summary-template": [
        "kbank summary-template 3 --save",
        "kbank summary-template 3 --out sammanfattning.docx",
    ],
    "watch": ['kbank watch add hemlöshet "bostad först" --every month'],
    "watch add": ['kbank watch add hemlöshet "bostad först" --area hemlöshet --every month'],
    "watch list": ["kbank watch list"],
    "watch remove": ["kbank watch remove hemlöshet"],
    "digest": [
        "kbank digest --format md",
        "kbank digest --format eml --out utskick/ --mark-sent",
        "kbank digest --format eml --dry-run",
    ],
    "overview": [
        'kbank overview "bostad först"',
        'kbank kunskapsläge "motiverande samtal" --format docx --out pm.docx',
    ],
    "stats": ["kbank stats --since 2026-01-01", "kbank stats --format csv > statistik.csv"],
    "check": ["kbank check --all", "kbank check --format csv > kontroll.csv"],
    "set": ["kbank set 3 status=publicerad", 'kbank set SN2014/123 --case sakomraden="hemlöshet; missbruk"'],
    "completion": ["kbank completion bash >> ~/.bashrc"],
    "publish": [
        "kbank publish /var/www/kunskapsbank --audience public --base-url https://example.se/kunskapsbank",
        "kbank publish /srv/intranat/kbank --audience intern --json",
    ],
    "serve": ["kbank serve --detach", "kbank serve --status", "kbank serve --stop"],
    "config": ["kbank config", "kbank config --json"],
    "config init": ["kbank config init", "kbank config init /etc/kbank/kbank.toml --index /srv/kbank/index"],
}


def epilog(name: str) -> str | None:
    """The examples of a command as its help's epilog."""
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    return "[bold]Exempel[/]\n\n" + "\n\n".join(f"  {line}" for line in lines)


def _type_label(self: Any, ctx: Any) -> str | None:
    """A value's kind in Swedish (TEXT, N, SÖKVÄG), nothing for flags and arguments."""
    if isinstance(self, core.TyperArgument) or getattr(self, "is_flag", False):
        return None
    if getattr(self, "metavar", None):
        return self.metavar
    bare = self.bare_type()
    if "bool" in bare:
        return None
    if "int" in bare:
        return "N"
    if "float" in bare:
        return "TAL"
    if "Path" in bare or "path" in bare.lower():
        return "SÖKVÄG"
    return "TEXT"


def _number_range(self: Any) -> str | None:
    low, high = getattr(self, "min", None), getattr(self, "max", None)
    if low is not None and high is None:
        return f"minst {low}"
    if high is not None and low is None:
        return f"högst {high}"
    if low is not None and high is not None:
        return f"{low}–{high}"
    return None


def _argument_name(self: Any) -> str:
    return self.metavar or (self.name or "").upper()


def _usage_name(self: Any) -> str:
    name = _argument_name(self)
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


_original_write_usage = _click.formatting.HelpFormatter.write_usage
_original_help_option = _click.core.Command.get_help_option
_original_usage_pieces = _click.core.Command.collect_usage_pieces


def _write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
    _original_write_usage(self, prog, args, "Användning: " if prefix is None else prefix)


def _help_option(self: Any, ctx: Any) -> Any:
    option = _original_help_option(self, ctx)
    if option is not None:
        option.help = "Visa den här hjälpen och avsluta."
    return option


def _usage_pieces(self: Any, ctx: Any) -> list[str]:
    words = {"[OPTIONS]": "[FLAGGOR]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENT]..."}
    return [words.get(p, p) for p in _original_usage_pieces(self, ctx)]


def install() -> None:
    """Put the Swedish framing in place (idempotent)."""
    core._TyperParameter.display_type_rich = _type_label  # type: ignore[method-assign]
    core.TyperOption.display_type_rich = _type_label  # type: ignore[method-assign]
    core._TyperParameter._get_number_range_help_str = _number_range  # type: ignore[attr-defined]
    core.TyperOption._get_number_range_help_str = _number_range  # type: ignore[method-assign]
    core.TyperArgument.display_name_raw = property(_argument_name)  # type: ignore[assignment,method-assign]
    core.TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]
    _click.formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]
    _click.core.Command.get_help_option = _help_option  # type: ignore[method-assign]
    _click.core.Command.collect_usage_pieces = _usage_pieces  # type: ignore[method-assign]
    rich_utils.RANGE_STRING = " [{}]"
    rich_utils.DEPRECATED_STRING = "(föråldrad) "
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.ENVVAR_STRING = "[miljövariabel: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[krävs]"
