"""The tables of kbank.toml: ``[ranking]`` and ``[organisation]`` (read by ``kbank.config``)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kbank.errors import ConfigError


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
class Organisation:
    """The installation's organisation; ``[organisation]`` in kbank.toml names its administrations.

    ``administrations`` maps each administration's full name to its aliases ("SDF
    Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör"): partial, abbreviated and OCR-damaged
    names read from reports resolve to the full name, and ``--unit`` matches any alias.
    """

    name: str | None = None
    administrations: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_organisation(path: Path, data: Any) -> Organisation:
    """Read ``[organisation]``: ``name`` and ``[organisation.administrations]`` (full name = [aliases])."""
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: organisation ska vara en tabell, [organisation]")
    unknown = sorted(set(data) - {"name", "administrations"})
    if unknown:
        raise ConfigError(f"{path}: okänd inställning organisation.{', organisation.'.join(unknown)}")
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{path}: organisation.name ska vara en text i citattecken")
    table = data.get("administrations", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: organisation.administrations ska vara en tabell")
    administrations: dict[str, tuple[str, ...]] = {}
    for full, aliases in table.items():
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError(
                f'{path}: organisation.administrations."{full}" ska vara en lista av alias, t.ex. ["SDF X"]'
            )
        administrations[full] = tuple(aliases)
    return Organisation(name, administrations)


_TYPE_NAMES = {"övrigt": "other", "ovrigt": "other", "utvardering": "utvärdering"}


def read_ranking(path: Path, data: Any) -> Ranking:
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
