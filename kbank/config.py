"""Settings resolved once: command-line option > ``KBANK_*`` variable > config file > default.

No other module reads the environment; functions receive a ``Settings``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE_NAME = "kbank.toml"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where and how to work."""

    archive: Path = Path("archive")
    index: Path = Path("index")
    config_file: Path | None = None
    #: extraction worker processes for ``ingest``/``reindex``; 0 means one per core
    jobs: int = 0
    #: seconds one file's extraction may take before its worker is killed
    time_limit: float = 60.0
    #: megabytes of memory one file's extraction may use (the worker's address space)
    memory_limit: int = 1024
    #: seconds ``ingest``/``reindex`` wait for another writer to finish; 0 fails at once
    lock_wait: float = 0.0

    def worker_count(self) -> int:
        """Return the number of extraction workers: ``jobs``, or the machine's cores."""
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with the non-None values in ``changes`` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_PATH_KEYS = {"archive", "index"}
_ENV_KEYS = {
    "archive": "KBANK_ARCHIVE",
    "index": "KBANK_INDEX",
    "jobs": "KBANK_JOBS",
    "time_limit": "KBANK_TIME_LIMIT",
    "memory_limit": "KBANK_MEMORY_LIMIT",
    "lock_wait": "KBANK_LOCK_WAIT",
}
#: numeric settings: (type, smallest allowed value, what a bad value is told)
_NUMBERS: dict[str, tuple[type, float, str]] = {
    "jobs": (int, 0, "ett heltal, 0 eller fler (0 = en per processorkärna)"),
    "time_limit": (float, 0.1, "ett antal sekunder, minst 0.1"),
    "memory_limit": (int, 128, "ett antal megabyte, minst 128"),
    "lock_wait": (float, 0, "ett antal sekunder, 0 eller fler"),
}


def load_settings(
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **options: Any,
) -> Settings:
    """Resolve settings from options, the environment, a config file and defaults."""
    env = os.environ if environ is None else environ
    base = Path.cwd() if cwd is None else cwd
    config_path = _find_config(env, base)
    values: dict[str, Any] = {}
    if config_path is not None:
        values.update(_read_config(config_path))
    for key, var in _ENV_KEYS.items():
        if env.get(var):
            values[key] = Path(env[var]) if key in _PATH_KEYS else _number(key, env[var], var)
    values.update({k: v for k, v in options.items() if v is not None})
    for key in _NUMBERS:
        if key in values:
            values[key] = _number(key, values[key], key)
    values["config_file"] = config_path
    for key in _PATH_KEYS:
        if key in values:
            path = Path(values[key]).expanduser()
            values[key] = path if path.is_absolute() else base / path
    values.setdefault("archive", base / Settings.archive)
    values.setdefault("index", base / Settings.index)
    return Settings(**values)


def _find_config(env: Mapping[str, str], base: Path) -> Path | None:
    explicit = env.get("KBANK_CONFIG")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"konfigurationsfilen {path} finns inte (KBANK_CONFIG)")
        return path
    candidate = base / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: kan inte läsa konfigurationen ({exc})") from None
    known = {f.name for f in fields(Settings)} - {"config_file"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: okänd inställning {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _PATH_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{path}: {key} ska vara en sökväg i citattecken")
            p = Path(value).expanduser()
            values[key] = p if p.is_absolute() else path.parent / p
        else:
            values[key] = _number(key, value, f"{path}: {key}")
    return values


def _number(key: str, value: Any, where: str) -> int | float:
    """Check one numeric setting; ``where`` names its source in the error.

    >>> _number("jobs", "4", "KBANK_JOBS"), _number("time_limit", 30, "time_limit")
    (4, 30.0)
    """
    kind, smallest, expected = _NUMBERS[key]
    try:
        if isinstance(value, bool) or (kind is int and isinstance(value, float)):
            raise ValueError
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where} ska vara {expected}, inte {value!r}") from None
    if number < smallest:
        raise ConfigError(f"{where} ska vara {expected}, inte {value!r}")
    return number
