"""Swap a finished site in for the live one in one step, so a web server never serves half a site."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_in(staging: Path, live: Path) -> None:
    """Put ``staging`` where ``live`` is and remove the old site.

    On Linux the two folders are exchanged in one system call; elsewhere the old folder is
    renamed aside and the new one renamed in, a moment apart.
    """
    if not live.exists():
        os.rename(staging, live)
        return
    if _exchange(staging, live):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    aside = live.with_name(f".{live.name}.gammal-{os.getpid()}")
    os.rename(live, aside)
    os.rename(staging, live)
    shutil.rmtree(aside, ignore_errors=True)
