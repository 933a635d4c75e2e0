"""The ``kbank`` command's entry point: ask the resident search process first, else run in-process.

For ``search``, ``list`` and ``show`` the command's arguments, folder, environment and terminal
(width, whether stdout/stderr are terminals) go to ``kbank serve`` over the user's socket; its
answer is the output the same command would print here, byte for byte, and its exit code. When
no server answers within ``serve_timeout`` (none runs, it is busy or wedged, it is another
kbank version), nothing has been printed yet and the command runs in this process as always.
This module imports only the standard library's json (and socket, when the user's socket
exists) until it hands over.

In-process, a plain ``search``, ``list`` or ``show`` runs without typer (``kbank.cli.fastpath``)
and a help page comes from the help cache when it was printed before (``kbank.cli.helpcache``);
anything else goes to typer (``kbank.cli.commands``). the process ends with ``os._exit`` once its output is flushed: the interpreter's
finalization (a garbage collection over every object whoosh and typer made) costs ~70 ms
and does nothing a finished search needs.
"""

from __future__ import annotations

import json
import os
import sys

#: the commands the resident process answers
SERVED = frozenset({"search", "list", "show"})
#: the commands that end with os._exit after flushing (they hold no file open past their output)
FAST_EXIT = SERVED | {"--help", "-h"}
#: the commands the fast path runs that end as usual (they may have workers or files to close)
FAST_ONLY = frozenset({"ingest"})


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] in SERVED and not _asks_help(argv):
        reply = _ask_server(argv)
        if reply is not None:
            sys.stdout.write(reply["stdout"])
            sys.stderr.write(reply["stderr"])
            _exit(int(reply["code"]))
    from kbank.cli.helpcache import is_help

    asks_help = is_help(argv)
    if not asks_help and argv and argv[0] in FAST_ONLY:
        # a nightly ``ingest`` over an unchanged archive answers from one stat walk; without
        # typer's ~200 ms of imports it costs what Recoll's no-op run costs (BENCHMARKS.md).
        # It may run workers and write the index, so it ends as any program does (no os._exit).
        if not _fast(argv):
            _typer()
        return
    if not asks_help and (not argv or argv[0] not in FAST_EXIT):
        from kbank.cli.commands import main as run

        run()
        return
    import gc

    # a short-lived command: collect rarely (~40 ms less CPU for a search; BENCHMARKS.md)
    gc.set_threshold(100_000, 50, 100)
    try:
        if asks_help:
            from kbank.cli import helpcache

            helpcache.show(argv, _program_name(), _typer)
        elif not _fast(argv):
            _typer()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
    _exit(code)


def _typer() -> None:
    """Run the command line with typer (every command, every form)."""
    from kbank.cli.commands import main as run

    run()


def _fast(argv: list[str]) -> bool:
    """Run a search, list or show without typer when its command line is plain; False when typer must."""
    from kbank.cli import fastpath

    return fastpath.run(argv)


def _exit(code: int) -> None:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def _asks_help(argv: list[str]) -> bool:
    return any(a in ("--help", "-h") for a in argv)


def _ask_server(argv: list[str]) -> dict | None:
    """The server's answer to this command, or None when this process must run it itself."""
    if not _utf8(sys.stdout) or not _utf8(sys.stderr):
        return None
    from kbank import __version__
    from kbank.config import load_settings, serve_socket
    from kbank.errors import KbankError

    try:
        settings = load_settings()
        path = serve_socket()
    except KbankError:
        return None  # the in-process run says what is wrong
    request = {
        "protocol": 1,
        "version": __version__,
        "op": "run",
        "argv": argv,
        "prog": _program_name(),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "tty": [_isatty(sys.stdout), _isatty(sys.stderr)],
        "size": _terminal_size(),
    }
    # no socket file: no server runs (and socket, ~5 ms to import, is not needed)
    reply = ask(path, request, settings.serve_timeout) if os.path.exists(path) else None
    if reply is None and settings.serve:
        start_detached()
    if reply is None or reply.get("fallback") or "code" not in reply:
        return None
    return reply


def ask(path, request: dict, timeout: float) -> dict | None:
    """Send one request and read the answer; None when no server answers in time."""
    import socket

    if not hasattr(socket, "AF_UNIX"):
        return None  # Windows: no resident process (the command runs in-process)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.sendall(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        chunks = []
        while True:
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                break
        reply = json.loads(b"".join(chunks))
        return reply if isinstance(reply, dict) else None
    except (OSError, ValueError):
        return None
    finally:
        sock.close()


def start_detached(idle: float | None = None) -> None:
    """Start ``kbank serve`` in the background, detached from this terminal; do not wait for it."""
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-m", "kbank", "serve", *(["--idle", str(idle)] if idle else [])],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        pass  # searching works without it


def _utf8(stream) -> bool:
    return (getattr(stream, "encoding", "") or "").lower().replace("-", "") == "utf8"


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _terminal_size() -> list[int] | None:
    """The terminal size rich would find here (it asks stdin, stdout, stderr in that order)."""
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            continue
        return [size.columns, size.lines]
    return None


def _program_name() -> str:
    """The program name click would show in usage lines (``kbank``, or ``python -m kbank``)."""
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv else "kbank"
    package = getattr(main, "__package__", None)
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"
