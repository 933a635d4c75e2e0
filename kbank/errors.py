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


class ArchiveRefused(KbankError):
    """An ingest would remove reports by mistake (empty, wrong or unreadable archive): nothing was done."""


_ERRNO_WORDS = {
    "EACCES": "saknar behörighet",
    "EPERM": "saknar behörighet",
    "ENOENT": "finns inte",
    "ENOTDIR": "är ingen mapp",
    "EISDIR": "är en mapp",
    "EROFS": "skrivskyddat filsystem",
    "ENOSPC": "disken är full",
    "EDQUOT": "diskkvoten är slut",
    "EEXIST": "finns redan",
    "ELOOP": "är en symbolisk länk",
    "EBUSY": "används av ett annat program",
    "ENAMETOOLONG": "för långt namn",
}


def os_reason(exc: OSError) -> str:
    """An OSError's cause in Swedish, never the system's English text.

    >>> os_reason(PermissionError(13, "Permission denied"))
    'saknar behörighet'
    >>> os_reason(FileNotFoundError(2, "No such file or directory"))
    'finns inte'
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _ERRNO_WORDS.get(name, f"systemfel {name or type(exc).__name__}")
