"""The resident search process's socket loop: one request at a time, per user, idling out.

The socket is the user's own (its folder 0700, the socket 0600) and a connection from
another user is refused by its peer credentials. A request is one line of JSON, the answer
one line of JSON. ``{"op": "status"}`` and ``{"op": "stop"}`` are answered here; every other
request goes to the handler the command line gives (it runs the command and returns its
output). The server holds ``serve.lock`` beside the socket while it runs, so two servers
started at once (two first searches) leave one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kbank.errors import KbankError

#: the protocol's version; a client and a server that differ do not talk (the client searches itself)
PROTOCOL = 1
#: seconds a connected client has to send its request
READ_TIMEOUT = 5.0
MAX_REQUEST = 4 << 20

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class ServerRunning(KbankError):
    """Another resident search process already answers on this socket."""


def prepare_folder(path: Path) -> None:
    """Create the socket's folder for this user only (0700); refuse one another user owns."""
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise KbankError(f"mappen {folder} för kbank serve tillhör en annan användare")
    if info.st_mode & 0o077 and folder.name.startswith("kbank"):
        os.chmod(folder, 0o700)


class Server:
    """Answer requests on ``path`` until stopped or idle for ``idle`` seconds."""

    def __init__(self, path: Path, handler: Handler, idle: float, version: str):
        self.path = path
        self.handler = handler
        self.idle = idle
        self.version = version
        self.started = time.time()
        self.served = 0
        self.last = time.monotonic()
        self._stop = False
        self._lock_fd: int | None = None
        self._sock: socket.socket | None = None
        self._inode: int | None = None

    def bind(self) -> None:
        """Take the lock and the socket; raise ServerRunning when another server has them."""
        prepare_folder(self.path)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ServerRunning(f"kbank serve körs redan ({self.path})") from None
        self._lock_fd = fd
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # left by a server that was killed: the lock says none runs
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        sock.listen(16)
        self._sock = sock
        self._inode = self.path.stat().st_ino

    def run(self) -> None:
        """Serve until ``stop`` or the idle time passes; then remove the socket."""
        if self._sock is None:
            self.bind()
        assert self._sock is not None
        try:
            while not self._stop:
                remaining = self.idle - (time.monotonic() - self.last)
                if remaining <= 0:
                    break
                self._sock.settimeout(remaining)
                try:
                    conn, _ = self._sock.accept()
                except TimeoutError:
                    continue
                with conn:
                    if self._answer(conn):
                        self.last = time.monotonic()  # only commands keep it alive, not --status
        finally:
            self.close()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            with contextlib.suppress(OSError):
                if self.path.stat().st_ino == self._inode:
                    self.path.unlink()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _answer(self, conn: socket.socket) -> bool:
        """Answer one connection; whether it was a command (not a status or stop)."""
        if not _same_user(conn):
            return False
        conn.settimeout(READ_TIMEOUT)
        try:
            request = json.loads(_read_line(conn))
        except (OSError, ValueError):
            return False
        if not isinstance(request, dict):
            return False
        reply = self._reply(request)
        with contextlib.suppress(OSError):
            conn.sendall(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
        return request.get("op") == "run"

    def _reply(self, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("protocol") != PROTOCOL or request.get("version") != self.version:
            # another kbank (an upgrade): this server is out of date, the client searches itself
            self._stop = True
            return {"fallback": True}
        op = request.get("op")
        if op == "status":
            return self.status()
        if op == "stop":
            self._stop = True
            return {"stopped": True, "pid": os.getpid()}
        self.served += 1
        try:
            return self.handler(request)
        except Exception:  # noqa: BLE001 - the client then runs the command itself and reports
            return {"fallback": True}

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "socket": str(self.path),
            "started": self.started,
            "served": self.served,
            "idle_timeout": self.idle,
            "idle_for": round(time.monotonic() - self.last, 1),
        }


def _same_user(conn: socket.socket) -> bool:
    """Whether the peer runs as this user (Linux: SO_PEERCRED; elsewhere the socket's 0600 decides)."""
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None:
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return uid == os.getuid()


def _read_line(conn: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n") or size > MAX_REQUEST:
            break
    return b"".join(chunks)
