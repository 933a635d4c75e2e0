"""``kbank set``: editors change a report's metadata, status or classification in its correction file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kbank.config import Settings
from kbank.editorial.sidecar import FOLDER_FILE, SUFFIX, SidecarError, write_values
from kbank.errors import UsageError
from kbank.search.bank import Bank


@dataclass
class SetResult:
    """Which correction file was written, with which fields, for which documents."""

    sidecar: str
    fields: list[str]
    documents: list[str]

    def to_json(self) -> dict:
        return {"sidecar": self.sidecar, "fields": self.fields, "documents": self.documents}


def parse_assignments(words: list[str]) -> tuple[str, dict[str, str]]:
    """Split ``REF key=value …`` into the reference and the assignments.

    >>> parse_assignments(["SN", "2014/0123", "status=publicerad", "klassning=intern"])
    ('SN 2014/0123', {'status': 'publicerad', 'klassning': 'intern'})
    """
    ref_words: list[str] = []
    assignments: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key.strip() and not ref_words[-1:] == ["="]:
            assignments[key.strip()] = value.strip()
        elif assignments:
            raise UsageError(f"{word!r}: skriv rättelserna som nyckel=värde efter dokumentet")
        else:
            ref_words.append(word)
    if not ref_words or not assignments:
        raise UsageError("skriv kbank set DOKUMENT nyckel=värde, t.ex. kbank set 05f4eb93 status=publicerad")
    return " ".join(ref_words), assignments


def set_values(
    settings: Settings, ref: str, assignments: dict[str, str], whole_case: bool = False
) -> SetResult:
    """Write ``assignments`` to the report's own correction file (or its case folder's with ``whole_case``)."""
    with Bank(settings, include_unpublished=True) as bank:
        detail = bank.show(ref)
    members = [d for d in detail.case.documents] if detail.case else []
    if detail.matched_by == "dnr" and len(members) > 1 and not whole_case:
        raise UsageError(
            f"Dnr {ref} har {len(members)} dokument: ange ett id eller en sökväg, "
            "eller --case för att ändra hela ärendet"
        )
    primary = PurePosixPath(detail.document.path)
    if whole_case:
        rel = str(primary.parent / FOLDER_FILE)
        documents = [m.id for m in members] or [detail.document.id]
    else:
        rel = str(primary) + SUFFIX
        documents = [detail.document.id]
    target = settings.archive / Path(rel)
    try:
        fields = write_values(target, rel, assignments)
    except SidecarError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"kan inte skriva {rel}: {exc.strerror}") from None
    return SetResult(rel, fields, documents)
