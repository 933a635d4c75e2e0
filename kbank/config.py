"""Settings resolved once, each key from the last layer that sets it.

Layers, earliest first (a later one overrides an earlier one key by key):

1. kbank's defaults;
2. the installation's file: ``/etc/kbank/kbank.toml`` on Linux, the platform's site config
   folder elsewhere (``KBANK_SITE_CONFIG`` names another file, for packaging and tests);
3. the user's file: ``kbank.toml`` in the platform's user config folder (platformdirs);
4. the file ``KBANK_CONFIG`` names (it must exist);
5. the project file: ``kbank.toml`` in the working folder or the nearest parent that has one;
6. ``KBANK_*`` variables;
7. command-line options.

No other module reads the environment; functions receive a ``Settings``, whose ``sources``
say where each value came from (``kbank config``).
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kbank.bankconfig import LinkedBank, read_bank_ids, read_banks, with_local
from kbank.configtables import Organisation, Ranking, read_organisation, read_ranking
from kbank.errors import ConfigError, os_reason

CONFIG_FILE_NAME = "kbank.toml"
APP_NAME = "kbank"
#: Where the installation's file is on Linux (the issue's and admins' expectation, not /etc/xdg).
LINUX_SITE_CONFIG = Path("/etc/kbank") / CONFIG_FILE_NAME


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
    #: Field separator of ``--format csv`` (";" is what Swedish Excel expects).
    csv_separator: str = ";"
    #: Status of a report that has none set: utkast, granskad or publicerad.
    default_status: str = "publicerad"
    #: Information classification, lowest first; reports above the ceiling are hidden everywhere.
    classification_scale: tuple[str, ...] = ("öppen", "intern", "begränsad")
    default_classification: str = "öppen"
    #: None: the top of the scale (nothing hidden).
    classification_ceiling: str | None = None
    ranking: Ranking = field(default_factory=Ranking)
    organisation: Organisation = field(default_factory=Organisation)
    #: extraction worker processes for ``ingest``/``reindex``; 0 means one per core
    jobs: int = 0
    #: seconds one file's extraction may take before its worker is killed
    time_limit: float = 60.0
    #: megabytes of memory one file's extraction may use (the worker's address space)
    memory_limit: int = 1024
    #: seconds ``ingest``/``reindex`` wait for another writer to finish; 0 fails at once
    lock_wait: float = 0.0
    #: OCR of scanned PDF pages: "auto" (when Tesseract is installed) or "off"
    ocr: str = "auto"
    #: Tesseract's languages, "+"-separated (Debian packages tesseract-ocr-swe, -eng)
    ocr_languages: str = "swe+eng"
    #: the resolution scanned pages are rendered at for OCR
    ocr_dpi: int = 300
    #: seconds the OCR of one page may take (a scanned file's time limit grows by this per page) ...
    ocr_page_seconds: float = 60.0
    #: ... up to this many seconds for the whole file
    ocr_file_seconds: float = 1800.0
    #: The extraction cache's folder; None: the index folder.
    cache: Path | None = None
    #: The usage log's folder; None: ``usage/`` in the data folder.
    usage_dir: Path | None = None
    #: The saved searches' file; None: ``watches.json`` in the data folder.
    watches: Path | None = None
    #: The share of the index an ``ingest`` may remove without ``--allow-removals`` ...
    removal_share: float = 0.10
    #: ... when it removes more than this many reports.
    removal_min: int = 5
    #: setting -> where its value came from (a file path, a variable, an option or "standard")
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: start the resident search process (``kbank serve``) on the first search when none runs
    serve: bool = False
    #: seconds the resident search process waits for a request before it exits
    serve_idle: float = 900.0
    #: seconds a search waits for the resident process before it searches by itself
    serve_timeout: float = 5.0
    #: the web edition's address (``kbank publish``): canonical links and sitemap.xml
    site_url: str | None = None
    #: a folder of templates (and static/ files) that override the web edition's own
    site_templates: Path | None = None
    #: index a symlinked file whose target lies outside the archive (off: such links are skipped)
    follow_links_outside: bool = False
    #: linked banks by id, ``[banks.NAME]`` (``kbank.bankconfig``); see ``all_banks``
    banks: dict[str, LinkedBank] = field(default_factory=dict)
    #: the banks a search covers without ``--bank``/``--all-banks``; empty: this bank only
    default_banks: tuple[str, ...] = ()
    #: seconds a linked bank (e.g. on a slow share) may take before a search goes on without it
    bank_timeout: float = 5.0

    @property
    def data_dir(self) -> Path:
        return self.data if self.data is not None else self.index

    @property
    def cache_dir(self) -> Path:
        return self.cache if self.cache is not None else self.index

    @property
    def usage_folder(self) -> Path:
        return self.usage_dir if self.usage_dir is not None else self.data_dir / "usage"

    @property
    def watches_file(self) -> Path:
        return self.watches if self.watches is not None else self.data_dir / "watches.json"

    def source(self, key: str) -> str:
        """Where a setting's value came from, in words for ``kbank config`` and messages."""
        return self.sources.get(key, "standard")

    def where_to_set(self, key: str) -> str:
        """Tell a user where to change a setting: "ange index i /etc/kbank/kbank.toml eller KBANK_INDEX"."""
        origin = self.sources.get(key)
        place = origin if origin and origin.endswith(".toml") else str(site_config_path(os.environ))
        var = _ENV_KEYS.get(key)
        return f"ange {key} i {place}" + (f" eller {var}" if var else "")

    def worker_count(self) -> int:
        """Return the number of extraction workers: ``jobs``, or the machine's cores."""
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    @property
    def all_banks(self) -> dict[str, LinkedBank]:
        """Every configured bank by id, the local one included (implicitly ``lokal`` if none is marked)."""
        return with_local(self.banks, self.organisation.name)

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with the non-None values in ``changes`` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_PATH_KEYS = {
    "archive",
    "index",
    "data",
    "summary_template",
    "cache",
    "usage_dir",
    "watches",
    "site_templates",
}
#: Settings a file may not set: computed by kbank itself.
_COMPUTED = {"config_file", "sources"}
_ENV_KEYS = {
    "archive": "KBANK_ARCHIVE",
    "index": "KBANK_INDEX",
    "data": "KBANK_DATA",
    "cache": "KBANK_CACHE",
    "usage_dir": "KBANK_USAGE_DIR",
    "watches": "KBANK_WATCHES",
    "jobs": "KBANK_JOBS",
    "time_limit": "KBANK_TIME_LIMIT",
    "memory_limit": "KBANK_MEMORY_LIMIT",
    "lock_wait": "KBANK_LOCK_WAIT",
    "ocr": "KBANK_OCR",
}
_TRUE = {"1", "true", "yes", "ja", "on"}
#: numeric settings: (type, smallest allowed value, what a bad value is told)
_NUMBERS: dict[str, tuple[type, float, str]] = {
    "jobs": (int, 0, "ett heltal, 0 eller fler (0 = en per processorkärna)"),
    "time_limit": (float, 0.1, "ett antal sekunder, minst 0.1"),
    "memory_limit": (int, 128, "ett antal megabyte, minst 128"),
    "lock_wait": (float, 0, "ett antal sekunder, 0 eller fler"),
    "ocr_dpi": (int, 70, "ett antal punkter per tum, minst 70"),
    "ocr_page_seconds": (float, 0.1, "ett antal sekunder, minst 0.1"),
    "ocr_file_seconds": (float, 0.1, "ett antal sekunder, minst 0.1"),
    "removal_share": (float, 0, "en andel mellan 0 och 1, t.ex. 0.1"),
    "removal_min": (int, 0, "ett heltal, 0 eller fler"),
    "serve_idle": (float, 1, "ett antal sekunder, minst 1"),
    "serve_timeout": (float, 0.05, "ett antal sekunder, minst 0.05"),
    "bank_timeout": (float, 0.05, "ett antal sekunder, minst 0.05"),
}
_OCR_MODES = {"auto": "auto", "on": "auto", "på": "auto", "off": "off", "av": "off"}


def site_config_path(environ: Mapping[str, str]) -> Path:
    """The installation's config file: ``/etc/kbank/kbank.toml`` on Linux, the site folder elsewhere."""
    if environ.get("KBANK_SITE_CONFIG"):
        return Path(environ["KBANK_SITE_CONFIG"]).expanduser()
    if sys.platform.startswith("linux"):
        return LINUX_SITE_CONFIG
    import platformdirs

    return platformdirs.site_config_path(APP_NAME, appauthor=False) / CONFIG_FILE_NAME


def user_config_path() -> Path:
    """The user's config file in the platform's user config folder."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE_NAME


def find_project_config(base: Path) -> Path | None:
    """``kbank.toml`` in ``base`` or the nearest parent folder that has one, as git finds ``.git``."""
    for folder in (base, *base.parents):
        candidate = folder / CONFIG_FILE_NAME
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


def config_files(environ: Mapping[str, str], base: Path) -> list[tuple[str, Path]]:
    """The config files that apply, earliest (weakest) first, as (layer, path)."""
    found: list[tuple[str, Path]] = []
    site = site_config_path(environ)
    if _readable_file(site):
        found.append(("system", site))
    user = user_config_path()
    if _readable_file(user):
        found.append(("användare", user))
    explicit = environ.get("KBANK_CONFIG")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute():
            path = base / path
        if not path.is_file():
            raise ConfigError(f"konfigurationsfilen {path} finns inte (KBANK_CONFIG)")
        found.append(("KBANK_CONFIG", path))
    project = find_project_config(base)
    if project is not None and all(project.resolve() != p.resolve() for _, p in found):
        found.append(("projekt", project))
    return found


def _readable_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def load_settings(
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    **options: Any,
) -> Settings:
    """Resolve settings from defaults, the config files, the environment and options (later wins)."""
    env = os.environ if environ is None else environ
    base = Path.cwd() if cwd is None else cwd
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    files = config_files(env, base)
    for _layer, path in files:
        for key, value in _read_config(path).items():
            values[key] = value
            sources[key] = str(path)
    for key, var in _ENV_KEYS.items():
        if env.get(var):
            if key == "ocr":
                values[key] = _ocr_mode(env[var], var)
                continue
            values[key] = Path(env[var]) if key in _PATH_KEYS else _number(key, env[var], var)
            sources[key] = var
    if env.get("KBANK_NO_LOG", "").strip().lower() in _TRUE:
        values["usage_log"] = False
        sources["usage_log"] = "KBANK_NO_LOG"
    for key, value in options.items():
        if value is not None:
            values[key] = value
            sources[key] = "--" + key.replace("_", "-")
    for key in _NUMBERS:
        if key in values:
            values[key] = _number(key, values[key], key)
    if "ocr" in values:
        values["ocr"] = _ocr_mode(values["ocr"], "ocr")
    if "removal_share" in values and values["removal_share"] > 1:
        raise ConfigError("removal_share ska vara en andel mellan 0 och 1, t.ex. 0.1")
    values["config_file"] = files[-1][1] if files else None
    for key in _PATH_KEYS:
        if key in values:
            path = Path(values[key]).expanduser()
            values[key] = path if path.is_absolute() else base / path
    values.setdefault("archive", base / Settings.archive)
    values.setdefault("index", base / Settings.index)
    values["sources"] = sources
    known_banks = with_local(values.get("banks", {}), None)
    missing = [b for b in values.get("default_banks", ()) if b not in known_banks]
    if missing:
        raise ConfigError(f"default_banks: okänd bank {', '.join(missing)} (finns: {', '.join(known_banks)})")
    return Settings(**values)


def _find_config(env: Mapping[str, str], base: Path) -> Path | None:
    """The strongest config file that applies (kept for callers that want one file)."""
    files = config_files(env, base)
    return files[-1][1] if files else None


_VALUE_KINDS = {bool: "true eller false", int: "ett heltal", str: "en text i citattecken"}


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: kan inte läsa konfigurationen ({os_reason(exc)})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: kan inte läsa konfigurationen (inte sparad som UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        where = f" på rad {line.group(1)}" if line else ""
        raise ConfigError(f"{path}: kan inte läsa konfigurationen (felaktig TOML{where})") from None
    known = {f.name for f in fields(Settings)} - _COMPUTED
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
        if (
            key not in _PATH_KEYS
            and key != "classification_ceiling"
            and expected in (bool, int, str)
            and type(value) is not expected
        ):
            raise ConfigError(f"{path}: {key} ska vara {_VALUE_KINDS[expected]}")
        if expected is tuple and key != "default_banks":
            if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                raise ConfigError(f'{path}: {key} ska vara en lista av texter, t.ex. ["öppen", "intern"]')
            value = tuple(value)
        if key == "ocr":
            value = _ocr_mode(value, f"{path}: ocr")
        if key == "ocr_languages" and not _valid_languages(value):
            raise ConfigError(f'{path}: ocr_languages ska vara Tesseracts språkkoder, t.ex. "swe+eng"')
        if key in ("classification_ceiling", "site_url") and not isinstance(value, str):
            raise ConfigError(f"{path}: {key} ska vara en text i citattecken")
        if key in _PATH_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{path}: {key} ska vara en sökväg i citattecken")
            p = Path(value).expanduser()
            values[key] = p if p.is_absolute() else path.parent / p
        elif key == "ranking":
            values[key] = read_ranking(path, value)
        elif key == "organisation":
            values[key] = read_organisation(path, value)
        elif key == "banks":
            values[key] = read_banks(path, value)
        elif key == "default_banks":
            values[key] = read_bank_ids(path, key, value)
        else:
            values[key] = value
    return values


def _ocr_mode(value: Any, where: str) -> str:
    """Read the OCR setting: "auto" or "off" (also on/off, på/av).

    >>> _ocr_mode("AV", "KBANK_OCR"), _ocr_mode("auto", "ocr")
    ('off', 'auto')
    """
    mode = _OCR_MODES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if mode is None:
        raise ConfigError(f'{where} ska vara "auto" eller "off", inte {value!r}')
    return mode


def _valid_languages(value: str) -> bool:
    from kbank.extract.ocr import valid_languages

    return valid_languages(value)


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


def pager_command(environ: Mapping[str, str] | None = None) -> str:
    """The pager for long output on a terminal: ``KBANK_PAGER``, else ``PAGER``, else ``less -R``.

    >>> pager_command({"PAGER": "more"}), pager_command({"KBANK_PAGER": "most", "PAGER": "more"})
    ('more', 'most')
    >>> pager_command({})
    'less -R'
    """
    env = os.environ if environ is None else environ
    return (env.get("KBANK_PAGER") or env.get("PAGER") or "less -R").strip()


def serve_socket(environ: Mapping[str, str] | None = None) -> Path:
    """The current user's socket of the resident search process (``kbank serve``).

    ``KBANK_SERVE_SOCKET`` names it; else ``$XDG_RUNTIME_DIR/kbank/serve.sock``, else
    ``/tmp/kbank-<uid>/serve.sock`` (the folder is the user's own, mode 0700).

    >>> serve_socket({"KBANK_SERVE_SOCKET": "/run/x.sock"}), serve_socket({"XDG_RUNTIME_DIR": "/run/user/7"})
    (PosixPath('/run/x.sock'), PosixPath('/run/user/7/kbank/serve.sock'))
    """
    env = os.environ if environ is None else environ
    if env.get("KBANK_SERVE_SOCKET"):
        return Path(env["KBANK_SERVE_SOCKET"]).expanduser()
    if env.get("XDG_RUNTIME_DIR"):
        return Path(env["XDG_RUNTIME_DIR"]) / "kbank" / "serve.sock"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path("/tmp") / f"kbank-{uid}" / "serve.sock"
