"""Settings resolved once: command-line option > ``KBANK_*`` variable > config file > default.

No other module reads the environment; functions receive a ``Settings``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kbank.errors import ConfigError

CONFIG_FILE_NAME = "kbank.toml"


def _default_type_boosts() -> dict[str, float]:
    return {"slutrapport": 1.15, "utvärdering": 1.15, "delrapport": 1.0, "projektplan": 0.9, "other": 0.95}


def _default_field_boosts() -> dict[str, float]:
    return {"title": 3.0, "summary": 2.5, "keywords": 2.0, "body": 1.0}


@dataclass(frozen=True)
class Ranking:
    """How search ranks beyond text relevance; ``[ranking]`` in kbank.toml overrides the defaults."""

    #: the newest reports in the index get up to this much extra score (0.15 = +15 %) ...
    newer_boost: float = 0.15
    #: ... fading to nothing for reports this many years older than the newest
    newer_years: int = 10
    #: a factor per document type: final reports and evaluations above plans
    type_boosts: dict[str, float] = field(default_factory=_default_type_boosts)
    #: a factor per text field (fields the index lacks are ignored): title and keywords above body
    field_boosts: dict[str, float] = field(default_factory=_default_field_boosts)


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where and how to work."""

    archive: Path = Path("archive")
    index: Path = Path("index")
    config_file: Path | None = None
    #: The summary template (TOML); None means the one kbank ships.
    summary_template: Path | None = None
    #: Saved searches and the usage log; by default inside the index folder (reindex keeps them).
    data: Path | None = None
    #: Log every search for ``kbank stats`` (``KBANK_NO_LOG=1`` turns it off).
    usage_log: bool = True
    #: Put the user name in the usage log (off by default).
    usage_log_user: bool = False
    #: Rotate the usage log when it grows past this many bytes.
    usage_log_max_bytes: int = 5_000_000
    #: Sender of digests written as .eml.
    mail_from: str = "kbank@localhost"
    #: Status of a report that has none set: utkast, granskad or publicerad.
    default_status: str = "publicerad"
    #: Information classification, lowest first; reports above the ceiling are hidden everywhere.
    classification_scale: tuple[str, ...] = ("öppen", "intern", "begränsad")
    default_classification: str = "öppen"
    #: None: the top of the scale (nothing hidden).
    classification_ceiling: str | None = None
    ranking: Ranking = field(default_factory=Ranking)
    #: extraction worker processes for ``ingest``/``reindex``; 0 means one per core
    jobs: int = 0
    #: seconds one file's extraction may take before its worker is killed
    time_limit: float = 60.0
    #: megabytes of memory one file's extraction may use (the worker's address space)
    memory_limit: int = 1024
    #: seconds ``ingest``/``reindex`` wait for another writer to finish; 0 fails at once
    lock_wait: float = 0.0
    #: index a symlinked file whose target lies outside the archive (off: such links are skipped)
    follow_links_outside: bool = False

    @property
    def data_dir(self) -> Path:
        return self.data if self.data is not None else self.index

    def worker_count(self) -> int:
        """Return the number of extraction workers: ``jobs``, or the machine's cores."""
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with the non-None values in ``changes`` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_PATH_KEYS = {"archive", "index", "data", "summary_template"}
_ENV_KEYS = {
    "archive": "KBANK_ARCHIVE",
    "index": "KBANK_INDEX",
    "data": "KBANK_DATA",
    "jobs": "KBANK_JOBS",
    "time_limit": "KBANK_TIME_LIMIT",
    "memory_limit": "KBANK_MEMORY_LIMIT",
    "lock_wait": "KBANK_LOCK_WAIT",
}
_TRUE = {"1", "true", "yes", "ja", "on"}
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
    if env.get("KBANK_NO_LOG", "").strip().lower() in _TRUE:
        values["usage_log"] = False
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


_VALUE_KINDS = {bool: "true eller false", int: "ett heltal", str: "en text i citattecken"}


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
    defaults = Settings()
    for key, value in data.items():
        if key in _NUMBERS:
            values[key] = _number(key, value, f"{path}: {key}")
            continue
        expected = type(getattr(defaults, key))
        if key not in _PATH_KEYS and expected in (bool, int, str) and type(value) is not expected:
            raise ConfigError(f"{path}: {key} ska vara {_VALUE_KINDS[expected]}")
        if expected is tuple:
            if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                raise ConfigError(f'{path}: {key} ska vara en lista av texter, t.ex. ["öppen", "intern"]')
            value = tuple(value)
        if key == "classification_ceiling" and not isinstance(value, str):
            raise ConfigError(f"{path}: {key} ska vara en text i citattecken")
        if key in _PATH_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{path}: {key} ska vara en sökväg i citattecken")
            p = Path(value).expanduser()
            values[key] = p if p.is_absolute() else path.parent / p
        elif key == "ranking":
            values[key] = _read_ranking(path, value)
        else:
            values[key] = value
    return values


_TYPE_NAMES = {"övrigt": "other", "ovrigt": "other", "utvardering": "utvärdering"}


def _read_ranking(path: Path, data: Any) -> Ranking:
    """Read ``[ranking]``: numbers only; boosts for types and fields are merged over the defaults."""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: ranking ska vara en tabell, [ranking]")
    default = Ranking()
    unknown = sorted(set(data) - {f.name for f in fields(Ranking)})
    if unknown:
        raise ConfigError(f"{path}: okänd inställning ranking.{', ranking.'.join(unknown)}")

    def number(name: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{path}: ranking.{name} ska vara ett tal som inte är negativt")
        return float(value)

    def table(name: str, defaults: dict[str, float], rename: dict[str, str]) -> dict[str, float]:
        given = data.get(name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"{path}: ranking.{name} ska vara en tabell")
        merged = dict(defaults)
        for key, value in given.items():
            merged[rename.get(key.lower(), key.lower())] = number(f"{name}.{key}", value)
        return merged

    years = data.get("newer_years", default.newer_years)
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ConfigError(f"{path}: ranking.newer_years ska vara ett heltal, minst 1")
    return Ranking(
        newer_boost=number("newer_boost", data.get("newer_boost", default.newer_boost)),
        newer_years=years,
        type_boosts=table("type_boosts", default.type_boosts, _TYPE_NAMES),
        field_boosts=table("field_boosts", default.field_boosts, {}),
    )


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


def debug_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``KBANK_DEBUG`` asks for tracebacks of unexpected errors (1, true, ja, yes).

    >>> debug_requested({"KBANK_DEBUG": "1"}), debug_requested({"KBANK_DEBUG": "0"}), debug_requested({})
    (True, False, False)
    """
    env = os.environ if environ is None else environ
    return env.get("KBANK_DEBUG", "").strip().lower() in ("1", "true", "ja", "yes", "on")
