"""``kbank --help`` and ``kbank COMMAND --help`` from a cache of what typer printed, without typer.

Typer renders help with rich's panels after importing typer, click, pydantic and
rich.markdown: ~150 ms of CPU for a page of text. The first time a help page is asked for
in a given setting, typer prints it as always and the text is kept in the user's cache
folder (``$XDG_CACHE_HOME/kbank/help``, else ``~/.cache/kbank/help``); later the same page is
printed from there. An entry holds, on its first line, everything the text depends on, and is
used only when all of it is the same again: the command line, kbank's version, the size and
kind (terminal or not) of stdin, stdout and stderr, the environment (every variable but the
ones that change per shell or per folder, such as PWD), and the modification times and sizes
of the modules the help text comes from (``kbank/cli`` and typer's and rich's packages), so
an edit or an upgrade is never answered with an old page. Only a run that exited 0 with
nothing on stderr and wrote only through ``write`` is kept. Not on Windows, nor when stdout
does not encode UTF-8: typer then prints every time.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: variables that differ between shells and folders but do not change a help page
_VOLATILE = frozenset(
    {
        "_", "PWD", "OLDPWD", "SHLVL", "WINDOWID", "TERM_SESSION_ID", "ITERM_SESSION_ID",
        "KITTY_WINDOW_ID", "TMUX_PANE", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_CLIENT",
        "SSH_CONNECTION", "SSH_TTY", "XDG_SESSION_ID", "GPG_AGENT_INFO", "INVOCATION_ID",
        "JOURNAL_STREAM", "MANAGERPID", "PYTEST_CURRENT_TEST",
    }
)  # fmt: skip
#: at most this many pages are kept (one per command, terminal size and environment seen)
KEEP = 64
_CLI = Path(__file__).resolve().parent


def is_help(argv: list[str]) -> bool:
    """``kbank -h``, ``kbank --help``, ``kbank COMMAND -h``, ``kbank COMMAND --help``."""
    if len(argv) == 1:
        return argv[0] in ("-h", "--help")
    return len(argv) == 2 and argv[1] in ("-h", "--help") and not argv[0].startswith("-")


def show(argv: list[str], prog: str, run: Callable[[], None]) -> None:
    """Print the help page for ``argv``: from the cache, else by ``run`` (typer), keeping what it printed."""
    entry = _entry(argv, prog)
    if entry is not None:
        path, header = entry
        text = _read(path, header)
        if text is not None:
            sys.stdout.write(text)
            return
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err
    code: Any = "unfinished"
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
        if entry is not None and code in (0, None) and out.exact and err.exact and not "".join(err.parts):
            _store(entry[0], entry[1], "".join(out.parts))


class _Tee:
    """A stream that passes everything on and keeps what went through ``write``."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.parts: list[str] = []
        self.exact = True  # False once something may have written around ``write``

    def write(self, text: str) -> int:
        written = self.stream.write(text)  # click probes with bytes: a text stream refuses them
        if isinstance(text, str):
            self.parts.append(text)
        else:
            self.exact = False
        return written

    def __getattr__(self, name: str) -> Any:
        if name in ("buffer", "writelines", "fileno", "detach", "reconfigure"):
            self.exact = False
        return getattr(self.stream, name)


def _entry(argv: list[str], prog: str) -> tuple[Path, str] | None:
    """Where this help page is kept and the header that must match, or None when it is not kept."""
    if os.name != "posix" or (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8":
        return None
    from kbank import __version__

    streams = []
    for fd in (0, 1, 2):
        try:
            size: list[int] | None = list(os.get_terminal_size(fd))
        except (OSError, ValueError):
            size = None
        streams.append([os.isatty(fd), size])
    environment = sorted([k, v] for k, v in os.environ.items() if k not in _VOLATILE)
    header = json.dumps(
        [__version__, prog, argv, streams, sys.stdout.errors, environment, _code()], ensure_ascii=True
    )
    folder = _folder()
    if folder is None:
        return None
    return folder / f"{zlib.crc32(header.encode('ascii')):08x}.txt", header


def _code() -> list[Any]:
    """Modification times and sizes of the help text's sources: kbank's CLI modules, typer, rich."""
    stamps: list[Any] = []
    with os.scandir(_CLI) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                stamps.append([entry.name, info.st_mtime_ns, info.st_size])
    import importlib.util

    for package in ("kbank", "typer", "rich"):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        if origin:
            info = os.stat(origin)
            stamps.append([package, origin, info.st_mtime_ns, info.st_size])
    return stamps


def _folder() -> Path | None:
    """The user's cache folder for help pages (the one kbank keeps its word list in)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "kbank" / "help"
    home = Path.home()
    return home / ".cache" / "kbank" / "help" if home.is_dir() else None


def _read(path: Path, header: str) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(fd, "rb") as handle:
        data = handle.read()
    first, newline, text = data.partition(b"\n")
    if not newline or first.decode("ascii", "replace") != header:
        return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _store(path: Path, header: str, text: str) -> None:
    """Keep a page (never failing the command: a cache that cannot be written is only slower)."""
    from kbank.safefs import write_atomic

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, header.encode("ascii") + b"\n" + text.encode("utf-8"))
        pages = sorted(path.parent.glob("*.txt"), key=lambda p: p.stat().st_mtime)
        for old in pages[: max(0, len(pages) - KEEP)]:
            old.unlink(missing_ok=True)
    except (OSError, UnicodeError):
        pass
