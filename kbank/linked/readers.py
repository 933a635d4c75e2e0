"""One bank opened for reading, under its own rules and the reader's, or the reason it was skipped.

A linked bank's drafts and classified reports stay hidden by its own settings, never shown by
the reader's: its index stores each report's status and classification, and its editorial
settings (``default_status``, ``classification_scale``, ``default_classification``,
``classification_ceiling``) are read from a ``kbank.toml`` in its index folder or the folder
above it (where an installation keeps its project file beside its index). A report is shown
only when both rules allow it: the linked bank's own and the reader's ceiling, the strictest
of the two. ``--all`` (unpublished reports) reaches the local bank only: another bank's
drafts belong to its editors.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kbank.bankconfig import LinkedBank
from kbank.config import Settings
from kbank.editorial.status import Visibility, visibility
from kbank.errors import ConfigError, DocumentNotFound, IndexDamaged, IndexMissing, IndexOutdated, KbankError
from kbank.search.bank import Bank
from kbank.textutil import fold

#: the editorial settings a linked bank's own kbank.toml may set, and their types
EDITORIAL_KEYS = {
    "default_status": str,
    "classification_scale": list,
    "default_classification": str,
    "classification_ceiling": str,
}

#: why a bank was skipped: a stable English code, as ``--json``'s ``skipped_banks`` gives it
REASONS = ("missing", "locked", "schema", "damaged", "unreadable", "config", "timeout")


@dataclass(frozen=True)
class Skipped:
    """A bank a command could not cover, and why."""

    bank: LinkedBank
    reason: str
    message: str

    def line(self) -> str:
        """The one warning line (Swedish) a person sees."""
        return f"varning: banken {self.bank.id} ({self.bank.name}) hoppades över: {self.message}"

    def to_json(self) -> dict:
        return {"bank": self.bank.id, "name": self.bank.name, "reason": self.reason, "message": self.message}


class BankSkipped(KbankError):
    """A bank cannot be read now; carries the ``Skipped`` to report."""

    def __init__(self, skipped: Skipped):
        super().__init__(skipped.message)
        self.skipped = skipped


class LinkedReader(Bank):
    """A linked bank's index, showing only what both its rules and the reader's allow."""

    def _check_visible(self, stored: dict, ref: str) -> None:
        # another bank's hidden report is not there at all: no "not published" hint, no --all
        if not self._visible(stored):
            raise DocumentNotFound(
                f"hittar inget dokument med id, sökväg eller Dnr {ref!r}: sök med kbank search"
            )


def open_reader(
    settings: Settings, bank: LinkedBank, include_unpublished: bool = False, repair: bool = False
) -> Bank:
    """Open one bank for reading; raise ``BankSkipped`` with the reason when it cannot be read.

    ``include_unpublished`` and ``repair`` (``--all``) reach the local bank only.
    """
    if bank.local:
        return _guarded(
            bank,
            settings.index,
            lambda: Bank(settings, include_unpublished=include_unpublished, repair=repair),
        )
    assert bank.index is not None
    own = own_settings(settings, bank)
    try:
        seen = combined(visibility(settings), visibility(own), own)
    except ConfigError as exc:  # its own kbank.toml names a ceiling off its scale: nothing can be judged
        raise BankSkipped(Skipped(bank, "config", str(exc))) from None
    return _guarded(bank, bank.index, lambda: LinkedReader(own, seen=seen))


def own_settings(settings: Settings, bank: LinkedBank) -> Settings:
    """The settings a linked bank is read with: its index and archive, its editorial rules, the reader's ranking."""
    assert bank.index is not None
    editorial: dict = {}
    for candidate in (bank.index / "kbank.toml", bank.index.parent / "kbank.toml"):
        try:
            data = tomllib.loads(candidate.read_text("utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            message = f"{candidate} går inte att läsa ({type(exc).__name__})"
            raise BankSkipped(Skipped(bank, "config", message)) from None
        for key, kind in EDITORIAL_KEYS.items():
            value = data.get(key)
            if value is None:
                continue
            if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) for v in value)):
                raise BankSkipped(Skipped(bank, "config", f"{candidate}: {key} har fel typ"))
            editorial[key] = tuple(value) if kind is list else value
        break
    return dataclasses.replace(
        settings, index=bank.index, archive=archive_root(bank) or bank.index, data=None, **editorial
    )


def archive_root(bank: LinkedBank) -> Path | None:
    """Where a linked bank's report files are: its ``archive`` setting, else the root its index was built from."""
    if bank.archive is not None:
        return bank.archive
    from kbank.ingest.guard import remembered_root

    assert bank.index is not None
    try:
        root = remembered_root(bank.index).get("root")
    except (OSError, ValueError, KbankError):
        return None
    return Path(root) if isinstance(root, str) and root else None


def combined(reader: Visibility, own: Visibility, own_settings_: Settings) -> Visibility:
    """Both rules at once: a report is shown when the linked bank's rules and the reader's allow it.

    A classification left unset in the linked bank means the linked bank's default; the
    reader's ceiling judges that value.
    """
    if reader.statuses is None or own.statuses is None:
        statuses = reader.statuses if own.statuses is None else own.statuses
    else:
        statuses = reader.statuses & own.statuses
    classifications = {c for c in own.classifications if c and c in reader.classifications}
    if "" in own.classifications and fold(own_settings_.default_classification) in reader.classifications:
        classifications.add("")
    return Visibility(statuses, frozenset(classifications))


def _guarded(bank: LinkedBank, index: Path, opener) -> Bank:
    """Open, turning every way an index can be unreadable into ``BankSkipped``."""
    try:
        return opener()
    except BankSkipped:
        raise
    except (IndexMissing, IndexOutdated, IndexDamaged, OSError) as exc:
        held = _rebuilding(index)
        if held:
            raise BankSkipped(Skipped(bank, "locked", f"indexet byggs om just nu ({held})")) from None
        if isinstance(exc, IndexMissing):
            reason = "missing"
            # the local bank's hint (set index in kbank.toml) is wrong for a neighbour's bank
            exc = IndexMissing(f"det finns inget index i {index} (se banks.{bank.id}.index i kbank.toml)")
        elif isinstance(exc, IndexOutdated):
            reason = "schema"
        elif isinstance(exc, IndexDamaged):
            reason = "damaged"
        else:
            reason = "unreadable"
        message = (
            str(exc) if isinstance(exc, KbankError) else f"indexet går inte att läsa ({exc.strerror or exc})"
        )
        raise BankSkipped(Skipped(bank, reason, message)) from None


def _rebuilding(index: Path) -> str | None:
    """Who holds the bank's writer lock, when an ingest or reindex is building it; else None."""
    from kbank.ingest.lock import current_holder

    try:
        holder = current_holder(index)
    except (OSError, KbankError):
        return None
    return holder.describe() if holder is not None else None
