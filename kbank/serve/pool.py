"""Open banks kept between requests in the resident search process, never one older than the index.

Outside the server ``open_bank`` opens a bank for one command and closes it, as always. In
the server (``keep_open()`` called once) it hands out the bank it opened before for the same
settings, after checking that nothing committed to the index since: ``kbank.json`` (a
reindex's swap) and whoosh's table of contents (an ingest's batch) are compared with what
the bank was opened on, and a bank that is behind is closed and opened again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kbank.config import Settings
from kbank.errors import KbankError
from kbank.index.generations import META_FILE, read_info

#: banks kept open at most (one per index and settings a user searches with)
MAX_OPEN = 4
_open: dict[str, tuple[Any, tuple]] | None = None


def keep_open() -> None:
    """Keep banks open between commands in this process (the resident server only)."""
    global _open
    if _open is None:
        _open = {}


def close_all() -> None:
    """Close every bank kept open."""
    if _open:
        for bank, _ in _open.values():
            bank.close()
        _open.clear()


def kept() -> int:
    """How many banks are open."""
    return len(_open or {})


@contextlib.contextmanager
def open_bank(settings: Settings, include_unpublished: bool = False, repair: bool = False) -> Iterator[Any]:
    """A ``Bank`` for one command: a fresh one, or in the server one kept open and up to date."""
    from kbank.search.bank import Bank

    if _open is None:
        with Bank(settings, include_unpublished=include_unpublished, repair=repair) as bank:
            yield bank
        return
    key = repr((settings, include_unpublished, repair))
    state = index_state(settings.index)
    entry = _open.get(key)
    if entry is not None and (entry[1] != state or not entry[0].searcher.up_to_date()):
        entry[0].close()
        del _open[key]
        entry = None
    if entry is None:
        while len(_open) >= MAX_OPEN:  # the least recently used bank goes first
            oldest = next(iter(_open))
            _open.pop(oldest)[0].close()
        bank = Bank(settings, include_unpublished=include_unpublished, repair=repair)
        entry = (bank, state)
    _open.pop(key, None)
    _open[key] = entry  # most recently used last
    try:
        yield entry[0]
    except KbankError:
        raise  # an answer for the user (not found, bad query): the bank is sound
    except BaseException:
        # a failure halfway may leave the bank's caches half filled: the next command opens anew
        _open.pop(key, None)
        entry[0].close()
        raise


def index_state(index_dir: Path) -> tuple:
    """What identifies the live generation: ``kbank.json``'s content and identity on disk."""
    try:
        stat = os.stat(index_dir / META_FILE)
    except OSError:
        return ()
    info = read_info(index_dir)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size, info)
