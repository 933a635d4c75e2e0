"""Subject areas (sakområden) from a controlled vocabulary, assigned by weighted terms."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kbank.data import read_text
from kbank.errors import ConfigError
from kbank.textutil import fold

#: An area is assigned when its score reaches this; a title mention counts three times.
THRESHOLD = 8.0
MAX_AREAS = 3


@dataclass(frozen=True)
class Area:
    """One subject area and the weighted terms that point to it."""

    name: str
    aliases: tuple[str, ...]
    terms: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class AreaScore:
    """Why an area was assigned: its score and the terms found, with counts."""

    name: str
    score: float
    terms: dict[str, int]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> tuple[Area, ...]:
    """Load the vocabulary shipped with kbank, or the one at ``path``."""
    try:
        data = tomllib.loads(read_text("sakomraden.toml", path))
        return tuple(
            Area(
                name=entry["name"],
                aliases=tuple(entry.get("aliases", ())),
                terms=tuple((term, float(w)) for term, w in entry["terms"].items()),
            )
            for entry in data["area"]
        )
    except (OSError, KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"kan inte läsa sakområdeslistan {path or 'sakomraden.toml'}: {exc}") from None


@lru_cache(maxsize=512)
def _term_pattern(term: str) -> re.Pattern[str]:
    folded = re.escape(fold(term)).replace(r"\ ", r"\s+")
    if len(term) <= 4:
        return re.compile(rf"\b{folded}\b")  # short words and acronyms (lss, hvb) stand alone
    return re.compile(rf"{folded}")  # inside compounds: alkoholmissbruk, missbruksvården


def score_areas(text: str, title: str = "", vocabulary: tuple[Area, ...] | None = None) -> list[AreaScore]:
    """Score every area against a report, best first; only areas with a hit are returned."""
    vocabulary = load_vocabulary() if vocabulary is None else vocabulary
    body, head = fold(text), fold(title)
    scores = []
    for area in vocabulary:
        found: dict[str, int] = {}
        score = 0.0
        for term, weight in area.terms:
            pattern = _term_pattern(term)
            count = len(pattern.findall(body)) + 3 * len(pattern.findall(head))
            if count:
                found[term] = count
                score += weight * math.log2(1 + count)
        if found:
            scores.append(AreaScore(area.name, round(score, 2), found))
    return sorted(scores, key=lambda s: -s.score)


def assign_areas(text: str, title: str = "", vocabulary: tuple[Area, ...] | None = None) -> list[str]:
    """Return the subject areas a report is about."""
    return [s.name for s in score_areas(text, title, vocabulary) if s.score >= THRESHOLD][:MAX_AREAS]


def resolve_area(value: str, vocabulary: tuple[Area, ...] | None = None) -> str:
    """Map what a user types ("missbruk", "aldreomsorg") to an area name; unknown stays as typed."""
    vocabulary = load_vocabulary() if vocabulary is None else vocabulary
    wanted = fold(value.strip())
    for area in vocabulary:
        if wanted == fold(area.name) or wanted in (fold(a) for a in area.aliases):
            return area.name
    for area in vocabulary:
        if fold(area.name).startswith(wanted):
            return area.name
    return value.strip().lower()
