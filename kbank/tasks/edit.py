"""``kbank set``: editors change a report's metadata, status or classification in its correction file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kbank.config import Settings
from kbank.editorial.sidecar import FOLDER_FILE, SUFFIX
from kbank.editorial.status import check_classification, check_status
from kbank.editorial.writing import SidecarError, field_of, write_values
from kbank.errors import KbankError, UsageError, os_reason
from kbank.search.bank import Bank


@dataclass
class SetResult:
    """Which correction file was written, with which fields, for which documents."""

    sidecar: str
    fields: list[str]
    documents: list[str]
    #: the archive paths of the edited case's documents (what applying the correction re-settles)
    paths: list[str] = field(default_factory=list)

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


def check_values(settings: Settings, assignments: dict[str, str]) -> dict[str, str]:
    """Refuse a status or classification off the installation's scales (exit 2, with a guess)."""
    checked = dict(assignments)
    for key, value in assignments.items():
        name = field_of(key)
        if name == "classification":
            checked[key] = check_classification(settings, value)
        elif name == "status":
            checked[key] = check_status(value)
    return checked


def set_values(
    settings: Settings,
    ref: str,
    assignments: dict[str, str],
    whole_case: bool = False,
    repair: bool = False,
) -> SetResult:
    """Write ``assignments`` to the report's own correction file (or its case folder's with ``whole_case``).

    ``repair`` (``set --all``) also reaches a report hidden by a classification that is on no
    scale, so a typo can be undone with kbank.
    """
    assignments = check_values(settings, assignments)
    with Bank(settings, include_unpublished=True, repair=repair) as bank:
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
        raise KbankError(f"kan inte skriva {rel}: {os_reason(exc)}") from None
    paths = sorted({m.path for m in members} | {detail.document.path})
    return SetResult(rel, fields, documents, paths)


#: Fields that move a report between cases: applying them needs the whole archive's settle.
_MOVES_CASES = {"dnr"}


def apply_set(settings: Settings, result: SetResult) -> None:
    """Bring the index in line with a written correction: only the edited case, when that is enough."""
    if _MOVES_CASES & set(result.fields):
        from kbank.ingest.run import ingest

        ingest(settings)
        return
    from kbank.ingest.apply import apply_case

    apply_case(settings, result.paths)
