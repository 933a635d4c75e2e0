"""Domain errors and exit codes; only ``cli`` turns them into output."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes from the CLI contract."""

    OK = 0
    FATAL = 1
    USAGE = 2
    PARTIAL = 3


class KbankError(Exception):
    """A failure the user can act on; its message is one Swedish line."""

    exit_code = ExitCode.FATAL


class ConfigError(KbankError):
    """The configuration is missing or invalid."""


class ArchiveNotFound(KbankError):
    """The archive folder does not exist."""


class IndexMissing(KbankError):
    """No index has been built yet."""


class IndexOutdated(KbankError):
    """The index was built by another schema version."""


class IndexDamaged(KbankError):
    """The index cannot be opened or read."""


class IndexLocked(KbankError):
    """Another process is writing to the index."""


class WorkerStartError(KbankError):
    """A worker process for reading files could not start."""


class DocumentNotFound(KbankError):
    """No document matches the reference."""


class UsageError(KbankError):
    """The user asked for something malformed."""

    exit_code = ExitCode.USAGE


class QueryError(UsageError):
    """The search query cannot be parsed."""
