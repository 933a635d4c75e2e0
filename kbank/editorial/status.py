"""Editorial status and information classification: what may be shown, and to whom.

A report's status is utkast, granskad or publicerad; without one it has the installation's
default (``default_status``, publicerad unless configured, so an existing archive is
searchable as it is). Its classification comes from a configurable scale
(``classification_scale``, default öppen < intern < begränsad); ``classification_ceiling``
hides everything above it from every command. An unknown classification counts as above
the ceiling: a typing mistake must not publish a restricted report.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbank.config import Settings
from kbank.errors import ConfigError
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

    def allows(self, status: str | None, classification: str | None) -> bool:
        """Tell whether a document with this status and classification may be shown."""
        status_ok = self.statuses is None or (status or "") in self.statuses
        return status_ok and (classification or "") in self.classifications


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
