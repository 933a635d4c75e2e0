"""Safe file writes: a new file in the target's own folder, created exclusively, then renamed over it.

Every file kbank writes goes through ``write_atomic`` (or ``write_new``): the temporary file
is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name, so a planted symlink
at a predictable temporary name cannot redirect the write, and ``os.replace`` swaps it in
atomically, so readers see the old or the new file, never half of one. A target that is
itself a symlink (dangling or not) is refused: kbank never writes through a link.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class UnsafeTarget(OSError):
    """The target is a symlink (or not a regular file): kbank does not write through it."""


class DiskFull(OSError):
    """The file system holding the target is full (or over quota)."""

    def __init__(self, path: Path):
        super().__init__(errno.ENOSPC, f"disken är full: {path.parent} (frigör plats och försök igen)")
        self.path = path


def refuse_link(path: Path) -> None:
    """Raise ``UnsafeTarget`` when ``path`` is a symlink (dangling or not) or an existing non-file."""
    if path.is_symlink():
        raise UnsafeTarget(errno.ELOOP, f"{path} är en symbolisk länk: kbank skriver inte genom länkar")
    if path.exists() and not path.is_file():
        raise UnsafeTarget(errno.EISDIR, f"{path} är ingen vanlig fil")


def _temp_in(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o644), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, f"kan inte skapa en tillfällig fil i {folder}")


@contextmanager
def _replacing(tmp: Path, path: Path, overwrite: bool) -> Iterator[None]:
    """Swap ``tmp`` in over ``path`` once the body has filled it; remove ``tmp`` on any failure."""
    try:
        yield
        refuse_link(path)
        if not overwrite and path.exists():
            raise FileExistsError(errno.EEXIST, f"{path} finns redan")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(path) from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _prepare(path: Path, overwrite: bool) -> tuple[int, Path]:
    refuse_link(path)
    if not overwrite and path.exists():
        raise FileExistsError(errno.EEXIST, f"{path} finns redan")
    return _temp_in(path.parent, path.name)


def write_with(path: Path, write: Callable[[Path], None], *, overwrite: bool = True) -> None:
    """Write ``path`` atomically with ``write(tmp)``, a function that fills a temporary file.

    For writers that want a path (python-docx): the temporary file is created exclusively
    first, so ``write`` only replaces the content of a file kbank itself just made.
    """
    path = Path(path)
    fd, tmp = _prepare(path, overwrite)
    os.close(fd)
    with _replacing(tmp, path, overwrite):
        write(tmp)
        if tmp.is_symlink():  # the writer must not have swapped a link in
            raise UnsafeTarget(errno.ELOOP, f"{tmp} blev en symbolisk länk")


def write_atomic(path: Path, data: bytes | str, *, overwrite: bool = True, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically, never following a symlink at the target or temp name."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    fd, tmp = _prepare(path, overwrite)
    with _replacing(tmp, path, overwrite), os.fdopen(fd, "wb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())


def inside(path: Path, root: Path) -> bool:
    """Tell whether ``path``, with every symlink resolved, lies inside ``root`` (also resolved)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True
