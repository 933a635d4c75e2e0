"""Word 97–2003 (.doc): the text with Debian's ``antiword``, the properties with ``olefile``.

``antiword`` (a C program, GPL) reads Word 2, 6, 7, 97, 2000, 2002 and 2003 files and writes
the text as UTF-8 with the ``-m UTF-8.txt`` mapping; it runs in a child process under the
worker's time and memory limits. ``catdoc`` was tried too: it prints a random file's bytes as
text instead of failing. The title, author, keywords and dates are in the file's OLE
"SummaryInformation" stream, which ``olefile`` reads with its code page (the only module
that imports olefile). Without antiword a .doc is "stöds inte här: installera antiword".
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import olefile

from .model import Extracted, ExtractionError, Reason
from .text import clean, letter_count

#: A .doc larger than this is not read (Word 97–2003 files over 512 MB do not exist).
MAX_DOC_BYTES = 512 * 1024 * 1024
#: Seconds antiword may take on one file (the worker's own limit is the backstop).
ANTIWORD_SECONDS = 120
INSTALL_HINT = "installera antiword (apt-get install antiword)"


def available() -> bool:
    """Tell whether the ``antiword`` program is installed."""
    return shutil.which("antiword") is not None


def extract_doc(path: Path) -> Extracted:
    """Read a Word 97–2003 file's text (antiword) and properties (olefile)."""
    program = shutil.which("antiword")
    if program is None:
        raise ExtractionError(
            Reason.UNSUPPORTED, f"formatet Word 97–2003 (.doc) stöds inte här: {INSTALL_HINT}"
        )
    size = path.stat().st_size
    if size > MAX_DOC_BYTES:
        raise ExtractionError(Reason.TOO_LARGE, f"för stor: filen är {size // 2**20} MB")
    properties = _properties(path)
    proc = subprocess.Popen(
        [program, "-m", "UTF-8.txt", "-w", "0", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=ANTIWORD_SECONDS)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ExtractionError(
            Reason.TIMEOUT, f"tog för lång tid: antiword avbröts efter {ANTIWORD_SECONDS} s"
        ) from None
    except BaseException:
        _kill(proc)
        raise
    message = err.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise _failure(proc.returncode, message)
    text = clean(out.decode("utf-8", "replace").replace("[pic]", ""))  # antiword's picture marks
    if letter_count(text) == 0:
        raise ExtractionError(Reason.EMPTY, "dokumentet innehåller ingen text")
    return Extracted(pages=[text], paged=False, properties=properties, headings=[])


def _failure(code: int, message: str) -> ExtractionError:
    lower = message.lower()
    if code < 0:
        if code == -signal.SIGKILL or "alloc" in lower:
            return ExtractionError(Reason.MEMORY, "för stor: antiword fick slut på minne")
        return ExtractionError(
            Reason.CORRUPT, f"antiword kraschade på filen (signal {-code}): filen är troligen skadad"
        )
    if "encrypt" in lower:
        return ExtractionError(
            Reason.ENCRYPTED, "krypterat Word-dokument: lås upp det eller lägg en olåst kopia i mappen"
        )
    if "not a word document" in lower or "is not a" in lower:
        return ExtractionError(Reason.CORRUPT, "trasig .doc: filen är inget Word-dokument")
    last = message.splitlines()[-1][:120] if message else f"slutkod {code}"
    return ExtractionError(Reason.CORRUPT, f"trasig .doc: antiword kunde inte läsa den ({last})")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.wait()


_PROPERTY_NAMES = {
    "title": "title",
    "subject": "subject",
    "author": "author",
    "keywords": "keywords",
    "last_saved_by": "last_modified_by",
}


def _properties(path: Path) -> dict[str, str]:
    """The SummaryInformation stream's title, author, keywords and dates; {} when it cannot be read."""
    props: dict[str, str] = {}
    try:
        with olefile.OleFileIO(str(path)) as ole:
            meta = ole.get_metadata()
    except Exception:  # noqa: BLE001 - broken properties are not a broken report; antiword judges the file
        return props
    encoding = _encoding(getattr(meta, "codepage", None))
    for attribute, name in _PROPERTY_NAMES.items():
        value = getattr(meta, attribute, None)
        if isinstance(value, bytes):
            value = value.decode(encoding, "replace")
        if isinstance(value, str) and clean(value):
            props[name] = clean(value)
    for attribute, name in (("create_time", "created"), ("last_saved_time", "modified")):
        value = getattr(meta, attribute, None)
        if value is not None and hasattr(value, "isoformat") and value.year > 1980:
            props[name] = value.isoformat()
    return props


def _encoding(codepage: int | None) -> str:
    """The Python codec of an OLE property set's code page (65001 is stored as -535).

    >>> _encoding(-535), _encoding(1252), _encoding(None), _encoding(99999)
    ('utf-8', 'cp1252', 'cp1252', 'cp1252')
    """
    if codepage is None:
        return "cp1252"
    number = codepage % 65536
    if number == 65001:
        return "utf-8"
    if number == 1200:
        return "utf-16-le"
    import codecs

    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "cp1252"
