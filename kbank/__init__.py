"""kbank: a knowledge bank in the terminal for Swedish social services' development reports.

The public API is imported on first use, so that ``import kbank`` (and ``kbank --help``)
does not pay for whoosh, pypdf and python-docx.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "Bank": "search.bank",
    "ExitCode": "errors",
    "Filters": "search.results",
    "Hit": "search.results",
    "IngestResult": "ingest.run",
    "KbankError": "errors",
    "SearchResult": "search.results",
    "Settings": "config",
    "ingest": "ingest.run",
    "load_settings": "config",
}

__all__ = [
    "Bank",
    "ExitCode",
    "Filters",
    "Hit",
    "IngestResult",
    "KbankError",
    "SearchResult",
    "Settings",
    "ingest",
    "load_settings",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from kbank.config import Settings, load_settings
    from kbank.errors import ExitCode, KbankError
    from kbank.ingest.run import IngestResult, ingest
    from kbank.search.bank import Bank, Filters, Hit, SearchResult


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kbank' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
