"""``kbank serve``: the resident search process, its status and stop; and the handler that runs a
client's command inside it with the client's folder, environment and terminal."""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import time
from typing import Annotated, Any

import typer
from rich.console import Console

from kbank.cli.app import app, emit_json, handle_errors, out
from kbank.cli.options import IndexOpt, JsonOpt
from kbank.errors import KbankError

app_module = importlib.import_module("kbank.cli.app")  # the module (kbank.cli.app is also the Typer object)

#: environment variables a request may not bring into the server process
_KEEP = ("KBANK_SERVE_SOCKET", "XDG_RUNTIME_DIR")


@handle_errors
def serve(
    status: Annotated[
        bool, typer.Option("--status", help="Visa om sökprocessen körs och hur mycket den har svarat.")
    ] = False,
    stop: Annotated[bool, typer.Option("--stop", help="Stoppa sökprocessen.")] = False,
    detach: Annotated[
        bool, typer.Option("--detach", "-d", help="Starta i bakgrunden och återvänd när den svarar.")
    ] = False,
    idle: Annotated[
        float | None,
        typer.Option(
            "--idle",
            min=1,
            help="Avsluta efter så många sekunder utan sökningar (standard: serve_idle i kbank.toml, 900).",
            show_default=False,
        ),
    ] = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Håll indexet öppet i en sökprocess så att search, list och show svarar direkt (per användare)."""
    from kbank import __version__
    from kbank.config import load_settings, serve_socket
    from kbank.serve.client import ask, start_detached

    path = serve_socket()
    settings = load_settings()
    if status or stop:
        reply = ask(path, {"protocol": 1, "version": __version__, "op": "stop" if stop else "status"}, 2.0)
        if reply is None or "pid" not in reply:
            reply = None
        running = reply is not None
        if as_json:
            emit_json({"running": running, "socket": str(path)} | (reply or {}))
        elif reply is None:
            out.print(f"Ingen sökprocess svarar på {path}.")
        elif stop:
            out.print(f"Sökprocessen (process {reply['pid']}) stoppas.")
        else:
            started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(reply["started"]))
            out.print(
                f"Sökprocessen körs: process {reply['pid']}, startad {started}, {reply['served']} svar, "
                f"avslutas efter {reply['idle_timeout']:g} s utan sökningar ({path})."
            )
        if status and not running:
            raise typer.Exit(1)
        return
    if detach:
        start_detached(idle)
        for _ in range(100):
            reply = ask(path, {"protocol": 1, "version": __version__, "op": "status"}, 1.0)
            if reply is not None and "pid" in reply:
                out.print(f"Sökprocessen körs (process {reply['pid']}, {path}).")
                return
            time.sleep(0.05)
        raise KbankError(f"sökprocessen startade inte ({path})")
    from kbank.serve import pool
    from kbank.serve.server import Server

    pool.keep_open()
    server = Server(path, run_request, idle if idle is not None else settings.serve_idle, __version__)
    server.bind()
    if index is not None:  # open that index now, so that even the first search finds it warm
        with contextlib.suppress(KbankError), pool.open_bank(load_settings(index=index)) as bank:
            bank.search("kbank", limit=1)
    try:
        server.run()
    finally:
        pool.close_all()


def run_request(request: dict[str, Any]) -> dict[str, Any]:
    """Run one client's command as its own process would, and return what it printed and its exit code."""
    env = {k: str(v) for k, v in dict(request.get("env") or {}).items()}
    for key in _KEEP:
        env.pop(key, None)
        if key in os.environ:
            env[key] = os.environ[key]
    size = request.get("size")
    if size and "COLUMNS" not in env:
        env["COLUMNS"], env["LINES"] = str(size[0]), str(size[1])
    tty = request.get("tty") or [False, False]
    stdout, stderr = _Capture(bool(tty[0])), _Capture(bool(tty[1]))
    with _client_context(request["cwd"], env, stdout, stderr):
        try:
            app(args=list(request["argv"]), prog_name=str(request.get("prog") or "kbank"))
            code = 0
        except SystemExit as exc:
            if isinstance(exc.code, str):
                stderr.write(exc.code + "\n")
                code = 1
            else:
                code = int(exc.code or 0)
    return {"stdout": stdout.getvalue(), "stderr": stderr.getvalue(), "code": code}


class _Capture(io.StringIO):
    """A client's stdout or stderr: text kept for the answer, a terminal when the client's is one."""

    encoding = "utf-8"

    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@contextlib.contextmanager
def _client_context(cwd: str, env: dict[str, str], stdout: _Capture, stderr: _Capture):
    """Run with the client's folder, environment, streams and freshly made consoles; restore after."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams = sys.stdout, sys.stderr
    old_out, old_err = app_module.out, app_module.err
    os.environ.clear()
    os.environ.update(env)
    try:
        os.chdir(cwd)
        sys.stdout, sys.stderr = stdout, stderr
        _rebind(old_out, old_err, Console(highlight=False), Console(stderr=True, highlight=False))
        yield
    finally:
        _rebind(app_module.out, app_module.err, old_out, old_err)
        sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)


def _rebind(old_out: Console, old_err: Console, new_out: Console, new_err: Console) -> None:
    """Point every CLI module's ``out`` and ``err`` at other consoles (made for the client's terminal)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("kbank.cli") or module is None:
            continue
        if getattr(module, "out", None) is old_out:
            module.out = new_out  # type: ignore[attr-defined]
        if getattr(module, "err", None) is old_err:
            module.err = new_err  # type: ignore[attr-defined]
