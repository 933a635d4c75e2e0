"""Shell completion: ``kbank completion bash|zsh|fish|powershell`` and the names completed from the index.

Completion runs kbank with ``_KBANK_COMPLETE`` set; the callbacks below read the index
(areas, administrations) or the saved searches and never fail: a missing index completes nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kbank.errors import UsageError

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_KBANK_COMPLETE"


def _matching(values, incomplete: str) -> list[str]:
    from kbank.textutil import fold

    wanted = fold(incomplete)
    return sorted({v for v in values if fold(v).startswith(wanted)}, key=fold)


def _index_values(ctx: typer.Context, field: str) -> list[str]:
    try:
        from kbank.config import load_settings
        from kbank.search.bank import Bank
        from kbank.search.validate import index_values

        settings = load_settings(index=ctx.params.get("index"))  # the --index typed so far, if any
        with Bank(settings, include_unpublished=True) as bank:
            return index_values(bank.searcher, field)
    except Exception:  # noqa: BLE001 - completion must never print an error into the shell
        return []


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    """Areas: the vocabulary and the index's."""
    from kbank.metadata.areas import load_vocabulary

    return _matching([a.name for a in load_vocabulary()] + _index_values(ctx, "areas"), incomplete)


def complete_unit(ctx: typer.Context, incomplete: str) -> list[str]:
    """Administrations the index holds."""
    return _matching(_index_values(ctx, "unit"), incomplete)


def complete_type(incomplete: str) -> list[str]:
    """Document types."""
    from kbank.search.validate import known_types

    return _matching(known_types(), incomplete)


def complete_watch(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names of saved searches."""
    try:
        from kbank.config import load_settings
        from kbank.tasks.watch import load_watches

        settings = load_settings(index=ctx.params.get("index"), data=ctx.params.get("data"))
        return _matching([w.name for w in load_watches(settings)], incomplete)
    except Exception:  # noqa: BLE001 - as above
        return []


def completion(
    shell: Annotated[
        str, typer.Argument(metavar="SKAL", help="bash, zsh, fish eller powershell.", show_default=False)
    ],
) -> None:
    """Skriv skriptet för kompletteringar med Tab i skalet (kommandon, flaggor, sakområden, förvaltningar).

    Lägg det i skalets startfil, till exempel:

      kbank completion bash >> ~/.bashrc

      kbank completion zsh >> ~/.zshrc

      kbank completion fish > ~/.config/fish/completions/kbank.fish

      kbank completion powershell >> $PROFILE
    """
    from typer._completion_shared import get_completion_script

    name = shell.strip().lower()
    if name not in SHELLS:
        raise UsageError(f"okänt skal {shell!r}: välj bash, zsh, fish eller powershell")
    script = get_completion_script(prog_name="kbank", complete_var=COMPLETE_VAR, shell=name)
    typer.echo(script)


def enable() -> None:
    """Register typer's completion classes for every shell (kbank does without its --install-completion)."""
    from typer._completion_classes import completion_init

    completion_init()
