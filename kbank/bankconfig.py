"""Linked banks: ``[banks.NAME]`` tables in kbank.toml (read by ``kbank.config``).

Each administration keeps its own bank (editors, rules, index); a bank may name its
neighbours so that a search covers them too::

    default_banks = ["sof", "utbf"]   # what a search covers without --bank (default: this bank)
    bank_timeout = 5                   # seconds a linked bank may take before it is skipped

    [banks.sof]
    name = "Socialförvaltningen"
    local = true                       # this installation's own bank (its index and archive)

    [banks.utbf]
    name = "Utbildningsförvaltningen"
    index = "/mnt/utbf/kbank/index"    # its index folder, typically a read-only share
    archive = "/mnt/utbf/arkiv"        # optional: where its reports' files are, for show/open
    site = "https://utbf.example.se/kunskapsbank/"   # optional: its published web edition (URL or folder)

No table marked ``local`` means the local bank is implicit, with the id ``lokal``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbank.errors import ConfigError

#: The local bank's id when no ``[banks.NAME]`` table is marked ``local = true``.
LOCAL_ID = "lokal"
_ID = re.compile(r"^[^\W_][\w-]*$")
_KEYS = {"name", "local", "index", "archive", "site"}


@dataclass(frozen=True)
class LinkedBank:
    """One bank a search may cover: its id (``--bank``), display name and where it lives.

    For the local bank ``index`` and ``archive`` are None: the installation's own settings apply.
    ``site`` is a URL (``http(s)://``) or a folder path, as text.
    """

    id: str
    name: str
    local: bool = False
    index: Path | None = None
    archive: Path | None = None
    site: str | None = None


def read_banks(path: Path, data: Any) -> dict[str, LinkedBank]:
    """Read the ``[banks]`` table of the config file at ``path``; relative paths are taken from its folder.

    >>> b = read_banks(Path("/etc/kbank/kbank.toml"), {"utbf": {"name": "UTBF", "index": "utbf/index"}})
    >>> b["utbf"].index, b["utbf"].local
    (PosixPath('/etc/kbank/utbf/index'), False)
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: banks ska vara tabeller, [banks.NAMN]")
    banks: dict[str, LinkedBank] = {}
    for bank_id, table in data.items():
        where = f"{path}: banks.{bank_id}"
        if not _ID.match(bank_id):
            raise ConfigError(
                f"{path}: banknamnet {bank_id!r} ska vara ett ord (bokstäver, siffror, - och _)"
            )
        if not isinstance(table, dict):
            raise ConfigError(f"{where} ska vara en tabell, [banks.{bank_id}]")
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ConfigError(f"{where}: okänd inställning {', '.join(unknown)}")
        name = table.get("name", bank_id)
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}.name ska vara en text i citattecken")
        local = table.get("local", False)
        if not isinstance(local, bool):
            raise ConfigError(f"{where}.local ska vara true eller false")
        folders: dict[str, Path | None] = {}
        for key in ("index", "archive"):
            value = table.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ConfigError(f"{where}.{key} ska vara en sökväg i citattecken")
            folders[key] = _folder(path, value) if value is not None else None
        site = table.get("site")
        if site is not None and (not isinstance(site, str) or not site.strip()):
            raise ConfigError(f"{where}.site ska vara en adress eller sökväg i citattecken")
        if local and folders["index"] is not None:
            raise ConfigError(f"{where}: den lokala banken använder index-inställningen, ange inte index här")
        if not local and folders["index"] is None:
            raise ConfigError(f"{where}.index saknas: ange var bankens index finns")
        if site is not None and not _is_url(site):
            site = str(_folder(path, site))
        banks[bank_id] = LinkedBank(bank_id, name.strip(), local, folders["index"], folders["archive"], site)
    if sum(b.local for b in banks.values()) > 1:
        raise ConfigError(f"{path}: bara en bank kan ha local = true")
    return banks


def read_bank_ids(path: Path, key: str, value: Any) -> tuple[str, ...]:
    """Read a list of bank ids (``default_banks``)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f'{path}: {key} ska vara en lista av banknamn, t.ex. ["sof", "utbf"]')
    return tuple(dict.fromkeys(value))


def with_local(banks: dict[str, LinkedBank], local_name: str | None) -> dict[str, LinkedBank]:
    """All banks, the local one included (an implicit ``lokal`` when no table is marked local).

    >>> list(with_local({}, None))
    ['lokal']
    """
    if any(b.local for b in banks.values()):
        return dict(banks)
    local = LinkedBank(LOCAL_ID, local_name or "Den här banken", local=True)
    return {LOCAL_ID: local, **banks}


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _folder(config: Path, value: str) -> Path:
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else config.parent / folder
