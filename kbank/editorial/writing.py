"""Writing correction files for ``kbank set``: a round-trip TOML edit, written safely.

The file is edited with tomlkit, so comments, multi-line arrays, quoting and layout outside
the changed keys stay byte for byte. It is written through a new temporary file in its own
folder (``tempfile``: a random name opened with ``O_EXCL``, so a planted file or symlink is
never followed) and moved into place atomically; a correction file that is itself a symbolic
link is refused, never written through.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from pathlib import Path, PurePosixPath

import tomlkit
from tomlkit.exceptions import TOMLKitError

from kbank.editorial.sidecar import _FIELDS, FOLDER_FILE, _Invalid
from kbank.errors import os_reason
from kbank.metadata.content import split_keywords
from kbank.textutil import fold

#: The key each field is written under (Swedish, no quotes needed in TOML).
WRITE_KEYS = {
    "title": "titel", "dnr": "dnr", "doc_type": "typ", "date": "datum", "unit": "forvaltning",
    "contact": "kontaktperson", "areas": "sakomraden", "keywords": "nyckelord", "project": "projekt",
    "status": "status", "classification": "klassning", "written_summary": "sammanfattning",
}  # fmt: skip
LIST_FIELDS = {"areas", "keywords"}


class SidecarError(ValueError):
    """A value ``kbank set`` cannot write; the message is Swedish."""


def field_of(key: str) -> str | None:
    """The Report field a correction key names (any spelling), or None."""
    known = _FIELDS.get(fold(key).replace(" ", "")) or _FIELDS.get(key.lower())
    return known[0] if known else None


def write_values(path: Path, rel: str, assignments: dict[str, str]) -> list[str]:
    """Set ``key = value`` pairs in a correction file, keeping everything else; return the fields set.

    Each key is checked as ``read_sidecar`` would check it; nothing is written when one is wrong.
    A key already present (under any of its spellings) gets its new value where it stands.
    """
    folder = PurePosixPath(rel).name == FOLDER_FILE
    if path.is_symlink():
        raise SidecarError(f"{rel} är en symbolisk länk: kbank skriver inte genom den")
    try:
        text = path.read_text("utf-8-sig") if path.exists() else ""
    except OSError as exc:
        raise SidecarError(f"{rel} kan inte läsas ({os_reason(exc)})") from None
    except UnicodeDecodeError:
        raise SidecarError(f"{rel} är inte sparad som UTF-8: spara om den som UTF-8") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" (rad {line.group(1)})" if line else ""
        raise SidecarError(f"{rel} är inte giltig TOML{where} och rättas inte automatiskt") from None
    written: list[str] = []
    for key, raw in assignments.items():
        known = _FIELDS.get(fold(key).replace(" ", "")) or _FIELDS.get(key.lower())
        if known is None:
            raise SidecarError(
                f"okänd nyckel {key!r}: välj bland {', '.join(sorted(set(WRITE_KEYS.values())))}"
            )
        name, parse, in_folder = known
        if folder and not in_folder:
            raise SidecarError(f"{key} gäller ett enskilt dokument, inte hela ärendet")
        value: object = split_keywords(raw) if name in LIST_FIELDS else raw
        try:
            parse(value)
        except _Invalid as exc:
            raise SidecarError(f"{key}: {exc}") from None
        spellings = {alias for alias, (field_name, _, _) in _FIELDS.items() if field_name == name}
        existing = next(
            (
                k
                for k in document
                if fold(str(k)).replace(" ", "") in spellings or str(k).lower() in spellings
            ),
            None,
        )
        item = _array(value) if isinstance(value, list) else tomlkit.string(str(value))
        if existing is not None:
            document[existing] = item
        else:
            document.add(WRITE_KEYS.get(name, name), item)
        written.append(name)
    content = tomlkit.dumps(document)
    if content and not content.endswith("\n"):
        content += "\n"
    try:
        tomllib.loads(content)
    except tomllib.TOMLDecodeError:
        raise SidecarError(f"{rel} blev inte giltig TOML och skrevs inte") from None
    write_safely(path, content)
    return written


def _array(values: list) -> object:
    array = tomlkit.array()
    array.extend(values)
    return array


def write_safely(path: Path, content: str) -> None:
    """Replace ``path`` atomically through a fresh temporary file in its folder; never follow a link."""
    if path.is_symlink():
        raise SidecarError(f"{path.name} är en symbolisk länk: kbank skriver inte genom den")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
