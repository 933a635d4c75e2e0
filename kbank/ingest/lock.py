"""One writer at a time: an exclusive lock on ``<index>/kbank.lock`` that names its holder.

The lock is the kernel's ``flock`` on the lock file, so it is released when its holder
exits or is killed, whatever the way: a lock cannot outlive its process. The file also
records who holds it (process, host, user, command, since when), for the message a second
writer shows. Holder facts found in the file by a process that *did* get the lock are
what a killed writer left behind: a stale lock, reported and overwritten.

The file is never deleted: deleting a lock file lets two processes lock two different
files of the same name.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kbank import locking, timeutil
from kbank.errors import IndexLocked, os_reason

LOCK_FILE = "kbank.lock"
#: How often a waiting writer tries again.
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock."""

    pid: int
    host: str
    user: str
    command: str
    since: str

    def describe(self) -> str:
        """Say who holds the lock, in Swedish.

        >>> Holder(42, "srv1", "anna", "ingest", "2024-05-01T02:00:00").describe()
        'kbank ingest (process 42 på srv1, användare anna) sedan 2024-05-01 02:00:00'
        """
        return (
            f"kbank {self.command} (process {self.pid} på {self.host}, användare {self.user}) "
            f"sedan {self.since.replace('T', ' ')}"
        )


@dataclass
class Lock:
    """A held lock; ``stale`` describes the dead holder it replaced, if any."""

    path: Path
    holder: Holder
    stale: Holder | None = None


@contextmanager
def writer_lock(index_dir: Path, command: str, wait: float = 0.0):
    """Hold the index's writer lock for the ``with`` block; wait up to ``wait`` seconds for it."""
    path = index_dir / LOCK_FILE
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise IndexLocked(f"kan inte skapa låsfilen {path}: {os_reason(exc)}") from None
    try:
        _acquire(fd, path, wait)
        previous = _read_holder(fd)
        me = Holder(
            pid=os.getpid(),
            host=socket.gethostname(),
            user=_user(),
            command=command,
            since=timeutil.local_timestamp(),
        )
        _write(fd, json.dumps(me.__dict__))
        try:
            yield Lock(path, me, previous)
        finally:
            _write(fd, "")  # released: an empty file means nobody holds it
    finally:
        os.close(fd)  # closing the last descriptor releases the flock


def current_holder(index_dir: Path) -> Holder | None:
    """Return who holds the writer lock now, or None when it is free."""
    path = index_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        if not locking.try_lock(fd):
            return _read_holder(fd) or Holder(0, "?", "?", "?", "?")
        locking.unlock(fd)
        return None
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            if locking.try_lock(fd):
                return
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP):
                raise IndexLocked(
                    f"filsystemet där {path.parent} ligger kan inte låsa filer: lägg indexet på en lokal disk"
                ) from None
            raise
        if time.monotonic() >= deadline:
            holder = _read_holder(fd)
            who = holder.describe() if holder else "en annan kbank-process"
            waited = f" (väntade {wait:g} s)" if wait > 0 else ""
            raise IndexLocked(
                f"indexet {path.parent} används av {who}{waited}: försök igen senare eller vänta med --wait SEKUNDER"
            )
        time.sleep(POLL_SECONDS)


def _read_holder(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        data = json.loads(raw) if raw.strip() else None
        return Holder(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def _write(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))


def _user() -> str:
    return locking.user_name()
