"""``kbank config``: every effective setting with the file (or variable, option) it came from,
and ``kbank config init``, a commented starting file."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

from kbank.config import Settings, config_files, site_config_path, user_config_path
from kbank.errors import KbankError, UsageError, os_reason

#: Not settings a user sets: computed or internal.
_HIDDEN = {"sources", "config_file"}

STARTER = """\
# kbank.toml — kbanks inställningar.
#
# kbank läser, i den här ordningen (en senare fil vinner, nyckel för nyckel):
#   1. installationens fil: /etc/kbank/kbank.toml (Linux)
#   2. användarens fil: {user}
#   3. filen som KBANK_CONFIG pekar ut
#   4. kbank.toml i arbetsmappen eller närmaste överliggande mapp (projektfilen)
# och sedan variablerna KBANK_* och flaggorna. "kbank config" visar vad som gäller och varifrån.
# Relativa sökvägar räknas från den här filens mapp.

# Arkivet med diarieförda rapporter (PDF och DOCX):
# archive = "/srv/diarium"

# Indexet som alla söker i:
# index = "/srv/kbank/index"

# Bevakningar, tidslinjer och söklogg (standard: indexmappen):
# data = "/srv/kbank/data"

# Extraktionscachen (standard: indexmappen), sökloggens mapp och bevakningarnas fil:
# cache = "/var/cache/kbank"
# usage_dir = "/srv/kbank/data/usage"
# watches = "/srv/kbank/data/watches.json"

# Söklogg för kbank stats:
# usage_log = true
# usage_log_user = false

# Avsändare för utskick (digest):
# mail_from = "kbank@kommun.se"

# Redaktionellt: status utan angivet värde, klassningsskalan och taket för vad som visas:
# default_status = "publicerad"
# classification_scale = ["öppen", "intern", "begränsad"]
# default_classification = "öppen"
# classification_ceiling = "intern"

# Inläsning: processer (0 = en per kärna), tid och minne per fil, väntan på låset:
# jobs = 0
# time_limit = 60
# memory_limit = 1024
# lock_wait = 0

# En inläsning som skulle ta bort mer än removal_share av indexet och fler än removal_min
# rapporter stoppas innan något tas bort (kbank ingest --allow-removals tillåter det):
# removal_share = 0.1
# removal_min = 5

# [ranking]
# newer_boost = 0.15
# newer_years = 10
"""


def describe(settings: Settings) -> dict:
    """Every effective setting, its value and where it came from (JSON-ready)."""
    rows = []
    for f in fields(Settings):
        if f.name in _HIDDEN:
            continue
        value = getattr(settings, f.name)
        rows.append({"key": f.name, "value": _plain(value), "source": settings.source(f.name)})
    derived = {
        "data": settings.data_dir,
        "cache": settings.cache_dir,
        "usage_dir": settings.usage_folder,
        "watches": settings.watches_file,
    }
    for row in rows:
        if row["key"] in derived and row["value"] is None:
            row["value"] = str(derived[row["key"]])
            row["source"] = "standard"
    files = [{"layer": layer, "path": str(path)} for layer, path in config_files(os.environ, Path.cwd())]
    return {
        "settings": rows,
        "files": files,
        "site_config": str(site_config_path(os.environ)),
        "user_config": str(user_config_path()),
    }


def _plain(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def write_starter(
    path: Path | None, force: bool = False, index: Path | None = None, archive: Path | None = None
) -> Path:
    """Write a commented starting file (the user's config file by default); never overwrite without force."""
    target = path if path is not None else user_config_path()
    text = STARTER.format(user=user_config_path())
    for key, value in (("archive", archive), ("index", index)):
        if value is not None:
            line = next(li for li in text.splitlines() if li.startswith(f"# {key} = "))
            text = text.replace(line, f"{key} = {json.dumps(str(value.resolve()), ensure_ascii=False)}", 1)
    if target.is_symlink():
        raise UsageError(f"{target} är en symbolisk länk: kbank skriver inte genom den")
    if target.exists() and not force:
        raise UsageError(f"{target} finns redan: ange --force för att skriva över den")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise KbankError(f"kan inte skriva {target}: {os_reason(exc)}") from None
    return target
