"""Which banks a command covers: ``--bank NAME`` (repeatable), ``--all-banks``, else ``default_banks``."""

from __future__ import annotations

from kbank.bankconfig import LinkedBank
from kbank.config import Settings
from kbank.errors import UsageError
from kbank.textutil import fold


def choose_banks(settings: Settings, names: list[str] | None, all_banks: bool) -> list[LinkedBank]:
    """The banks to cover, in the configured order; an unknown name is a usage error.

    Without ``names`` and ``all_banks``, ``default_banks`` applies, else this bank alone.
    """
    known = settings.all_banks
    if names and all_banks:
        raise UsageError("ange antingen --bank eller --all-banks, inte båda")
    if all_banks:
        return list(known.values())
    if names:
        by_fold = {fold(k): k for k in known}
        wanted: list[str] = []
        for name in names:
            for part in (p.strip() for p in name.split(",")):
                key = by_fold.get(fold(part))
                if key is None:
                    raise UsageError(
                        f"okänd bank {part!r} för --bank: välj bland {', '.join(known)}"
                        + ("" if settings.banks else " (länkade banker anges som [banks.NAMN] i kbank.toml)")
                    )
                wanted.append(key)
        return [known[k] for k in known if k in wanted]
    if settings.default_banks:
        return [known[k] for k in known if k in settings.default_banks]
    return [local_bank(settings)]


def local_bank(settings: Settings) -> LinkedBank:
    """This installation's own bank."""
    return next(b for b in settings.all_banks.values() if b.local)


def only_local(banks: list[LinkedBank]) -> bool:
    """Whether a command covers this bank alone (and so runs exactly as without linked banks)."""
    return len(banks) == 1 and banks[0].local
