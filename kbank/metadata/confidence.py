"""How far to trust each fact kbank read: a confidence per field from where the value was read.

A value an editor set (a correction file) or one a report states in a label, on its cover or
under its signature is trusted ("high"); one read from prose, a running header, another
document of the case or the gazetteer is likely right ("medium"); a date or a person taken
only from the document properties, a title made from the file name, a type guessed from the
running text and a publisher label that names no administration are guesses ("low").
``kbank check`` lists the low ones for an editor to confirm with ``kbank set``.
"""

from __future__ import annotations

FIELDS = ("title", "dnr", "doc_type", "date", "unit", "contact")
HIGH, MEDIUM, LOW = "high", "medium", "low"

_BY_SOURCE = {
    "label": HIGH,
    "cover": HIGH,
    "heading": HIGH,
    "signature": HIGH,
    "folder": HIGH,
    "title": HIGH,
    "header": MEDIUM,
    "text": MEDIUM,
    "case": MEDIUM,
    "gazetteer": MEDIUM,
    "properties": MEDIUM,
    "filename": MEDIUM,
    "weak": LOW,
    "default": LOW,
}
#: Exceptions to the table above, per field.
_BY_FIELD = {
    ("date", "properties"): LOW,  # the day a file was exported, scanned or copied, as often as not
    ("contact", "properties"): LOW,
    ("title", "filename"): LOW,
    ("doc_type", "text"): LOW,
    ("title", "text"): MEDIUM,
}


def confidence(field: str, source: str | None) -> str | None:
    """Return how far a value read from ``source`` can be trusted: high, medium or low (None: no value).

    >>> confidence("date", "signature"), confidence("date", "properties"), confidence("unit", "sidecar:a.toml")
    ('high', 'low', 'high')
    """
    if not source:
        return None
    if source.startswith("sidecar:"):
        return HIGH  # an editor set or confirmed it
    return _BY_FIELD.get((field, source), _BY_SOURCE.get(source, MEDIUM))


def confidences(values: dict, sources: dict[str, str]) -> dict[str, str]:
    """Return the confidence of each field that has a value.

    >>> confidences({"date": "2015-08-01", "unit": None}, {"date": "properties", "doc_type": "default"})
    {'date': 'low'}
    """
    found = {}
    for name in FIELDS:
        level = confidence(name, sources.get(name) or ("default" if name == "doc_type" else None))
        if values.get(name) and level:
            found[name] = level
    return found


def low_confidence(values: dict, sources: dict[str, str]) -> list[tuple[str, object, str]]:
    """Return (field, value, source) for each value read with low confidence."""
    levels = confidences(values, sources)
    return [(n, values[n], sources.get(n) or "default") for n in FIELDS if levels.get(n) == LOW]
