"""Advisory file locks on every platform: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows.

Importing kbank never needs ``fcntl`` or ``pwd``: both are looked up here and only used
when present. On Windows one byte far past the end of the lock file is locked, so that
other processes can still read what the file says about its holder.
"""

from __future__ import annotations

import getpass
import os
import time
from types import ModuleType

from kbank.errors import KbankError


def _optional(name: str) -> ModuleType | None:
    try:
        return __import__(name)
    except ImportError:
        return None


fcntl = _optional("fcntl")
msvcrt = _optional("msvcrt")
pwd = _optional("pwd")

#: Where the Windows lock byte lies: past any holder note, so the note stays readable.
_WINDOWS_OFFSET = 1 << 30


class LockUnsupported(KbankError):
    """This platform offers no file locks kbank knows."""


def try_lock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False when another process holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
    if msvcrt is not None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, position, os.SEEK_SET)
    raise LockUnsupported("den här datorn kan inte låsa filer, så kbank kan inte skriva här")


def lock(fd: int, poll: float = 0.05) -> None:
    """Take an exclusive lock on ``fd``, waiting as long as it takes."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    while not try_lock(fd):
        time.sleep(poll)


def unlock(fd: int) -> None:
    """Release the lock taken on ``fd``."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.lseek(fd, position, os.SEEK_SET)


def user_name() -> str:
    """The user running kbank, for lock notes and the usage log."""
    if pwd is not None and hasattr(os, "getuid"):
        try:
            return pwd.getpwuid(os.getuid()).pw_name
        except (KeyError, OSError):
            return str(os.getuid())
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not worth failing a command for
        return "?"
