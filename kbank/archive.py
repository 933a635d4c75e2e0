"""Walk registry folders and yield candidate report files in a stable order; no parsing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kbank.errors import ArchiveNotFound

#: Formats kbank reads.
REPORT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".odt", ".rtf"})

#: Document formats a registry holds that kbank cannot read yet: reported, not skipped.
UNSUPPORTED_SUFFIXES = frozenset({".docm", ".dot", ".dotx", ".wpd", ".pages", ".xps", ".wps"})

#: System litter that is never a report.
_LITTER = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})


@dataclass(frozen=True)
class ArchiveFile:
    """One file in the archive, as the walk saw it."""

    abspath: Path
    rel: str
    size: int
    mtime_ns: int

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.rel)[1].lower()

    @property
    def supported(self) -> bool:
        return self.suffix in REPORT_SUFFIXES


def display_path(raw: str) -> str:
    """Return ``raw`` as valid Unicode; undecodable bytes in file names become ``\\xNN``.

    >>> display_path("2014/rapport.pdf")
    '2014/rapport.pdf'
    >>> display_path("2014/v\\udce4xj\\udcf6.pdf")
    '2014/v\\\\xe4xj\\\\xf6.pdf'
    """
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _inside(path: Path, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def is_litter(name: str) -> bool:
    """Tell whether a file name is system or editor litter that is never a report.

    >>> [is_litter(n) for n in ["Thumbs.db", "~$apport.docx", ".hidden.pdf", "~WRL0001.tmp", "a.pdf"]]
    [True, True, True, True, False]
    """
    lower = name.lower()
    return (
        lower in _LITTER
        or name.startswith((".", "~$"))
        or (lower.startswith("~wrl") and lower.endswith(".tmp"))
    )


#: Summaries written from the template: read with their reports, never indexed as reports.
SUMMARY_NAMES = frozenset({"sammanfattning.md", "sammanfattning.docx"})


def is_summary(name: str) -> bool:
    """Tell whether a file is a summary written from the template (``sammanfattning.md``/``.docx``)."""
    return name.lower() in SUMMARY_NAMES


def is_candidate(name: str) -> bool:
    """Tell whether a file is a report kbank reads or a document format it must report."""
    if is_litter(name) or is_summary(name):
        return False
    suffix = os.path.splitext(name)[1].lower()
    return suffix in REPORT_SUFFIXES or suffix in UNSUPPORTED_SUFFIXES


def check_archive(root: Path) -> None:
    """Raise ``ArchiveNotFound`` unless ``root`` is a folder."""
    if not root.is_dir():
        raise ArchiveNotFound(f"arkivet {root} finns inte eller är ingen mapp")


def walk(
    root: Path, unreadable: list[str] | None = None, links_outside: bool = False
) -> Iterator[ArchiveFile]:
    """Yield the archive's candidate files, sorted by relative path; hidden folders are skipped.

    Folders that cannot be read (permissions) are appended to ``unreadable`` as
    archive-relative paths ("." for the root), so a caller can keep what it knew of them.
    A symlinked file is yielded only when it resolves inside the archive, unless
    ``links_outside`` (a link to ``/etc/hostname`` must not be read and indexed).
    """
    check_archive(root)
    real_root = os.path.realpath(root)

    def folder_failed(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append(_rel_folder(root, Path(exc.filename or root)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=folder_failed):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if not is_candidate(name):
                continue
            path = base / name
            try:
                st = path.stat()
            except FileNotFoundError:
                continue  # vanished or a dangling link: not a file we can read
            except OSError:
                folder_failed(OSError(0, "", str(base)))  # listed but not searchable (no x bit)
                break
            if not path.is_file():
                continue
            if not links_outside and path.is_symlink() and not _inside(path, real_root):
                continue
            rel = display_path(path.relative_to(root).as_posix())
            yield ArchiveFile(abspath=path, rel=rel, size=st.st_size, mtime_ns=st.st_mtime_ns)


def _rel_folder(root: Path, folder: Path) -> str:
    try:
        rel = folder.relative_to(root).as_posix()
    except ValueError:
        return "."
    return display_path(rel) if rel else "."
