"""kbank: a knowledge bank in the terminal for Swedish social services' development reports."""

from .config import Settings, load_settings
from .errors import ExitCode, KbankError
from .ingest import IngestResult, ingest
from .search import Bank, Filters, Hit, SearchResult

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
