"""Editors' correction files (sidecars): TOML files beside the reports whose values override extraction.

Two kinds, both ending in ``.kbank.toml`` so that one rule finds them:

- ``arende.kbank.toml`` in a folder corrects every report in that folder and its
  subfolders (a nearer folder's file wins): the case's Dnr, project name,
  administration, contact person, subject areas and keywords;
- ``<report file name>.kbank.toml`` (``slutrapport.pdf.kbank.toml``) corrects one report,
  and may also set its title, document type and date.

Keys are Swedish without å/ä/ö, so they need no quotes in TOML (``forvaltning``,
``sakomraden``); the English field names and quoted Swedish spellings work too. A file
that is not valid TOML, an unknown key or a value that cannot be used is reported as a
warning with the file and line; the report is still indexed from what extraction found.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from kbank.archive import display_path
from kbank.editorial.problems import SidecarWarning
from kbank.editorial.status import normalise_status
from kbank.errors import os_reason
from kbank.metadata.areas import load_vocabulary, resolve_area
from kbank.metadata.content import split_keywords
from kbank.metadata.dates import first_date
from kbank.metadata.dnr import normalise_dnr
from kbank.metadata.doctypes import DOC_TYPES, TYPE_LABELS, normalise_doc_type
from kbank.textutil import fold

SUFFIX = ".kbank.toml"
FOLDER_FILE = "arende" + SUFFIX


@dataclass
class Sidecar:
    """One correction file: the values it sets (Report field names) and its problems."""

    path: str
    folder: bool
    values: dict[str, object] = field(default_factory=dict)
    warnings: list[SidecarWarning] = field(default_factory=list)
    digest: str = ""


@dataclass(frozen=True)
class Corrections:
    """The values that apply to one document, the files they come from and a fingerprint."""

    values: dict[str, object]
    files: tuple[str, ...]
    #: field -> the file that set it
    origins: dict[str, str]
    fingerprint: str


NO_CORRECTIONS = Corrections({}, (), {}, "")


# --------------------------------------------------------------------------- fields


class _Invalid(ValueError):
    """A value an editor wrote that kbank cannot use; the message is Swedish."""


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("ska vara en text inom citattecken")
    return " ".join(value.split())


def _dnr(value: object) -> str:
    text = _text(value)
    found = normalise_dnr(text) or normalise_dnr(text, from_folder=True)
    return found.canonical if found else text  # an unusual registry format is the editor's call


def _doc_type(value: object) -> str:
    doc_type = normalise_doc_type(_text(value))
    if doc_type not in DOC_TYPES:
        shown = ", ".join(TYPE_LABELS.get(t, t) for t in DOC_TYPES)
        raise _Invalid(f"okänd dokumenttyp {value!r}: välj bland {shown}")
    return doc_type


def _date(value: object) -> tuple[str, str]:
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    text = _text(value)
    found = first_date(text)
    if found is None or len(text) - (found.end - found.start) > 3:
        raise _Invalid(f'{text!r} är inget datum: skriv 2015-08-25 eller "augusti 2015"')
    return found.value.isoformat(), found.precision


def _words(value: object) -> list[str]:
    if isinstance(value, str):
        return split_keywords(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [" ".join(v.split()) for v in value if v.strip()]
    raise _Invalid('ska vara en lista, t.ex. ["hemlöshet", "Bostad först"]')


def _areas(value: object) -> list[str]:
    names = {a.name for a in load_vocabulary()}
    areas = []
    for word in _words(value):
        area = resolve_area(word)
        if area not in names:
            raise _Invalid(f"okänt sakområde {word!r}: välj bland {', '.join(sorted(names))}")
        if area not in areas:
            areas.append(area)
    return areas


def _status(value: object) -> str:
    status = normalise_status(_text(value))
    if status is None:
        raise _Invalid(f"okänd status {value!r}: välj utkast, granskad eller publicerad")
    return status


def _classification(value: object) -> str:
    return fold(_text(value))  # checked against the installation's scale where it is used


#: Known keys: each alias maps to (Report field, parser, allowed in a folder file).
_FIELDS: dict[str, tuple[str, Callable[[object], object], bool]] = {}
for _aliases, _name, _parse, _in_folder in (
    (("titel", "title"), "title", _text, False),
    (("dnr", "diarienummer"), "dnr", _dnr, True),
    (("typ", "type", "dokumenttyp", "doc_type"), "doc_type", _doc_type, False),
    (("datum", "date"), "date", _date, False),
    (("forvaltning", "förvaltning", "unit"), "unit", _text, True),
    (("kontaktperson", "kontakt", "contact"), "contact", _text, True),
    (("sakomraden", "sakområden", "sakomrade", "sakområde", "areas"), "areas", _areas, True),
    (("nyckelord", "keywords"), "keywords", _words, True),
    (("projekt", "project"), "project", _text, True),
    (("status",), "status", _status, True),
    (("sammanfattning", "summary"), "written_summary", _text, True),
    (
        ("klassning", "klassificering", "informationsklass", "classification"),
        "classification",
        _classification,
        True,
    ),
):
    for _alias in _aliases:
        _FIELDS[_alias] = (_name, _parse, _in_folder)


# --------------------------------------------------------------------------- reading


def read_sidecar(path: Path, rel: str) -> Sidecar:
    """Read one correction file; problems become warnings, never exceptions."""
    folder = PurePosixPath(rel).name == FOLDER_FILE
    sidecar = Sidecar(rel, folder)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        sidecar.warnings.append(SidecarWarning(rel, None, f"kan inte läsas ({os_reason(exc)})"))
        return sidecar
    except UnicodeDecodeError:
        sidecar.warnings.append(SidecarWarning(rel, None, "är inte sparad som UTF-8: spara om den som UTF-8"))
        return sidecar
    sidecar.digest = hashlib.sha256(raw).hexdigest()
    try:
        data = tomllib.loads(text)
    except RecursionError:
        sidecar.warnings.append(
            SidecarWarning(rel, None, "är för djupt nästlad för att läsas (listor i listor)")
        )
        return sidecar
    except tomllib.TOMLDecodeError as exc:
        line = _error_line(str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        sidecar.warnings.append(
            SidecarWarning(rel, line, f'felaktig TOML ({reason}); skriv t.ex. dnr = "SN 2014/0123"')
        )
        return sidecar
    for key, value in data.items():
        known = _FIELDS.get(fold(key).replace(" ", "")) or _FIELDS.get(key.lower())
        line = _key_line(text, key)
        if known is None:
            choices = "titel, dnr, typ, datum, forvaltning, kontaktperson, sakomraden, nyckelord, projekt, status, klassning"
            sidecar.warnings.append(SidecarWarning(rel, line, f"okänd nyckel {key!r} (kända: {choices})"))
            continue
        name, parse, in_folder = known
        if folder and not in_folder:
            sidecar.warnings.append(
                SidecarWarning(
                    rel,
                    line,
                    f"{key} gäller ett enskilt dokument: skriv det i <filnamn>{SUFFIX} bredvid rapporten",
                )
            )
            continue
        try:
            parsed = parse(value)
        except _Invalid as exc:
            sidecar.warnings.append(SidecarWarning(rel, line, f"{key}: {exc}"))
            continue
        if name == "date":
            sidecar.values["date"], sidecar.values["date_precision"] = parsed  # type: ignore[misc]
        else:
            sidecar.values[name] = parsed
    return sidecar


def _error_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(
        rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=", re.MULTILINE
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


# --------------------------------------------------------------------------- the archive's sidecars


class Sidecars:
    """Every correction file in an archive, and the corrections that apply to each document."""

    def __init__(self, files: dict[str, Sidecar], orphans: list[SidecarWarning] | None = None):
        self.files = files
        self.orphans = orphans or []

    @classmethod
    def load(cls, archive: Path) -> Sidecars:
        """Find and read every ``*.kbank.toml`` under ``archive`` (hidden folders skipped)."""
        files: dict[str, Sidecar] = {}
        orphans: list[SidecarWarning] = []
        if not archive.is_dir():
            return cls(files)
        for dirpath, dirnames, filenames in os.walk(archive):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith((".", "~$")) or not name.lower().endswith(".toml"):
                    continue
                path = Path(dirpath) / name
                rel = display_path(path.relative_to(archive).as_posix())
                if not name.lower().endswith(SUFFIX):
                    if name.lower() != "kbank.toml":  # kbank's own configuration file
                        orphans.append(
                            SidecarWarning(
                                rel,
                                None,
                                f"kbank läser bara rättelsefiler som heter {FOLDER_FILE} "
                                f"eller <filnamn>{SUFFIX}",
                            )
                        )
                    continue
                if name != FOLDER_FILE and not (Path(dirpath) / name[: -len(SUFFIX)]).is_file():
                    orphans.append(
                        SidecarWarning(
                            rel, None, f"det finns ingen fil {name[: -len(SUFFIX)]!r} i mappen att rätta"
                        )
                    )
                    continue
                files[rel] = read_sidecar(path, rel)
        return cls(files, orphans)

    @property
    def warnings(self) -> list[SidecarWarning]:
        found = [w for sidecar in self.files.values() for w in sidecar.warnings]
        return sorted(found + self.orphans, key=lambda w: (w.path, w.line or 0))

    def for_document(self, rel_path: str) -> Corrections:
        """Return the corrections for the report at ``rel_path``: folder files outside in, then its own."""
        parts = PurePosixPath(rel_path).parts
        chain = [str(PurePosixPath(*parts[:depth], FOLDER_FILE)) for depth in range(len(parts))]
        chain.append(rel_path + SUFFIX)
        values: dict[str, object] = {}
        origins: dict[str, str] = {}
        used: list[Sidecar] = []
        for rel in chain:
            sidecar = self.files.get(rel)
            if sidecar is None or not sidecar.values:
                continue  # a file with nothing usable in it changes nothing (its warnings say why)
            used.append(sidecar)
            for name, value in sidecar.values.items():
                values[name] = value
                origins[name] = sidecar.path
        if not used:
            return NO_CORRECTIONS
        fingerprint = hashlib.sha256(
            "\n".join(f"{s.path}:{s.digest}" for s in used).encode("utf-8")
        ).hexdigest()[:16]
        return Corrections(values, tuple(s.path for s in used), origins, fingerprint)
