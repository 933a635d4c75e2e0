"""Editorial status and information classification: what may be shown, and to whom.

A report's status is utkast, granskad or publicerad; without one it has the installation's
default (``default_status``, publicerad unless configured, so an existing archive is
searchable as it is). Its classification comes from a configurable scale
(``classification_scale``, default öppen < intern < begränsad); ``classification_ceiling``
hides everything above it from every command. An unknown classification counts as above
the ceiling: a typing mistake must not publish a restricted report.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from kbank.config import Settings
from kbank.errors import ConfigError, UsageError
from kbank.textutil import fold

STATUSES = ("utkast", "granskad", "publicerad")
PUBLISHED = "publicerad"
_STATUS_ALIASES = {
    "draft": "utkast", "reviewed": "granskad", "published": "publicerad", "publicerat": "publicerad",
    "granskat": "granskad",
}  # fmt: skip


def normalise_status(value: str) -> str | None:
    """Map a typed status to one of ``STATUSES``, or None when it is none of them.

    >>> normalise_status("Publicerad"), normalise_status("draft"), normalise_status("klar för tryck")
    ('publicerad', 'utkast', None)
    """
    word = fold(value.strip())
    for status in STATUSES:
        if word == fold(status):
            return status
    return _STATUS_ALIASES.get(word)


@dataclass(frozen=True)
class Visibility:
    """The statuses and classifications a command may show; stored "" means "not set"."""

    statuses: frozenset[str] | None
    classifications: frozenset[str]
    #: an editor repairing a typo (``show --all``, ``set --all``): the scale's values, and every
    #: classification outside it is allowed too (a value on the scale above the ceiling is not)
    off_scale: frozenset[str] | None = None

    def allows(self, status: str | None, classification: str | None) -> bool:
        """Tell whether a document with this status and classification may be shown."""
        status_ok = self.statuses is None or (status or "") in self.statuses
        value = classification or ""
        typo = self.off_scale is not None and bool(value) and value not in self.off_scale
        return status_ok and (value in self.classifications or typo)


def scale(settings: Settings) -> list[str]:
    """The classification scale, lowest first, folded for comparison."""
    return [fold(c) for c in settings.classification_scale]


def visibility(settings: Settings, include_unpublished: bool = False) -> Visibility:
    """What may be shown: published reports (all with ``include_unpublished``) up to the ceiling."""
    levels = scale(settings)
    ceiling = fold(settings.classification_ceiling) if settings.classification_ceiling else levels[-1]
    default = fold(settings.default_classification)
    if ceiling not in levels:
        raise ConfigError(
            f"classification_ceiling {settings.classification_ceiling!r} finns inte i classification_scale"
        )
    if default not in levels:
        raise ConfigError(
            f"default_classification {settings.default_classification!r} finns inte i classification_scale"
        )
    allowed = set(levels[: levels.index(ceiling) + 1])
    if default in allowed:
        allowed.add("")
    if include_unpublished:
        return Visibility(None, frozenset(allowed))
    statuses = {PUBLISHED}
    if normalise_status(settings.default_status) == PUBLISHED:
        statuses.add("")
    return Visibility(frozenset(statuses), frozenset(allowed))


def repairing(seen: Visibility, settings: Settings) -> Visibility:
    """``seen`` widened to reports whose classification is on no scale (a typo an editor must undo)."""
    return replace(seen, off_scale=frozenset(scale(settings)))


def closest(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice a typo most likely meant, for a "menade du" hint.

    >>> closest("intren", ["öppen", "intern", "begränsad"]), closest("xyz", ["öppen"])
    ('intern', None)
    """
    folded = {fold(c): c for c in choices}
    found = difflib.get_close_matches(fold(value.strip()), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else None


def check_classification(settings: Settings, value: str) -> str:
    """Return ``value`` as the scale spells it; refuse a value off the scale or above the ceiling.

    An editor can only set what they can still see, so every change can be undone with kbank.
    """
    levels = list(settings.classification_scale)
    folded = [fold(c) for c in levels]
    word = fold(value.strip())
    if word not in folded:
        guess = closest(value, levels)
        raise UsageError(
            f"okänd klassning {value!r}: välj bland {', '.join(levels)}"
            + (f" — menade du {guess}?" if guess else "")
        )
    ceiling = fold(settings.classification_ceiling) if settings.classification_ceiling else folded[-1]
    if ceiling in folded and folded.index(word) > folded.index(ceiling):
        raise UsageError(
            f"klassningen {levels[folded.index(word)]} ligger över den här installationens tak "
            f"({settings.classification_ceiling}): rapporten skulle döljas också för dig och ändringen "
            "gick inte att ångra; låt en redaktör med högre classification_ceiling göra den"
        )
    return levels[folded.index(word)]


def check_status(value: str) -> str:
    """Return the status ``value`` names; refuse an unknown one with the valid values and a guess."""
    status = normalise_status(value)
    if status is None:
        guess = closest(value, STATUSES)
        raise UsageError(
            f"okänd status {value!r}: välj bland {', '.join(STATUSES)}"
            + (f" — menade du {guess}?" if guess else "")
        )
    return status


def effective_status(settings: Settings, status: str | None) -> str:
    """A report's status, the installation's default when none is set."""
    return status or normalise_status(settings.default_status) or PUBLISHED


def effective_classification(settings: Settings, classification: str | None) -> str:
    """A report's classification as the scale spells it, the default when none is set."""
    value = classification or fold(settings.default_classification)
    return next((c for c in settings.classification_scale if fold(c) == value), value)


def strictest(
    settings: Settings, values: list[tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The strictest (status, classification) among the settings of every path of one content.

    A byte-identical copy of a restricted report in an open folder must not publish it: the
    least published status and the highest classification win. A path that sets nothing has
    the installation's defaults; when every path agrees the value is kept as it is (None
    stays "not set"). An unknown classification is stricter than any on the scale.

    >>> s = Settings()
    >>> strictest(s, [(None, "begransad"), (None, None)])
    (None, 'begransad')
    >>> strictest(s, [("utkast", None), ("publicerad", None)])
    ('utkast', None)
    >>> strictest(s, [(None, None), (None, None)])
    (None, None)
    """
    statuses = {status for status, _ in values}
    classifications = {classification for _, classification in values}
    status = next(iter(statuses)) if len(statuses) == 1 else None
    if len(statuses) > 1:
        order = {s: i for i, s in enumerate(STATUSES)}
        status = min((effective_status(settings, s) for s in statuses), key=lambda s: order.get(s, -1))
    classification = next(iter(classifications)) if len(classifications) == 1 else None
    if len(classifications) > 1:
        levels = scale(settings)
        default = fold(settings.default_classification)
        classification = max(
            (c or default for c in classifications),
            key=lambda c: levels.index(c) if c in levels else len(levels),
        )
    return status, classification
