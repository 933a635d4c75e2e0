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

    @property
    def data_dir(self) -> Path:
        return self.data if self.data is not None else self.index

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with the non-None values in ``changes`` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_PATH_KEYS = {"archive", "index", "data"}
_ENV_KEYS = {"archive": "KBANK_ARCHIVE", "index": "KBANK_INDEX", "data": "KBANK_DATA"}
_TRUE = {"1", "true", "yes", "ja", "on"}


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
            values[key] = Path(env[var])
    if env.get("KBANK_NO_LOG", "").strip().lower() in _TRUE:
        values["usage_log"] = False
    values.update({k: v for k, v in options.items() if v is not None})
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


_TYPE_NAMES = {bool: "true eller false", int: "ett heltal", str: "en text i citattecken"}


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
        expected = type(getattr(defaults, key))
        if key not in _PATH_KEYS and expected in (bool, int, str) and type(value) is not expected:
            raise ConfigError(f"{path}: {key} ska vara {_TYPE_NAMES[expected]}")
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
        else:
            values[key] = value
    return values
