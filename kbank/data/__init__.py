"""Data files kbank ships: word lists, the subject-area vocabulary and the summary template."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_text(name: str, own: Path | None = None) -> str:
    """The text of the shipped data file ``name``, or of an admin's own replacement at ``own``."""
    if own is not None:
        return Path(own).read_text("utf-8")
    return resources.files(__name__).joinpath(name).read_text("utf-8")
