"""An editor's quality report: what is missing, what disagrees, what is duplicated, what could not be read.

The report is a list of named sections, each a list of findings, so that new checks are
new sections: ``check(settings) -> CheckReport``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kbank.config import Settings
from kbank.editorial.sidecar import FOLDER_FILE, Sidecars
from kbank.editorial.status import PUBLISHED, effective_status, scale, visibility
from kbank.editorial.summaries import Summaries, lint, load_template
from kbank.index.records import read_records
from kbank.metadata.cases import case_folder, case_key, main_document, projects_without_summary
from kbank.metadata.confidence import low_confidence
from kbank.metadata.dnr import dnr_key
from kbank.metadata.report import WEAK
from kbank.textutil import fold


@dataclass
class Finding:
    """One thing an editor should look at: where, what, and machine-readable details."""

    path: str
    message: str = ""
    id: str | None = None
    details: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"path": self.path, "id": self.id, "message": self.message, **self.details}


@dataclass
class Section:
    """A named group of findings ("missing_dnr": "Saknar Dnr")."""

    key: str
    title: str
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "count": len(self.findings),
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class CheckReport:
    """Everything ``kbank check`` reports."""

    documents: int
    files: int
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(len(s.findings) for s in self.sections)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "files": self.files,
            "total": self.total,
            "sections": [s.to_json() for s in self.sections],
        }


def check(settings: Settings) -> CheckReport:
    """Check the index (and the archive's correction files) and report what an editor should fix."""
    records = read_records(settings.index)
    everything = visibility(settings, include_unpublished=True)
    all_docs = sorted(records["doc"], key=lambda d: d.get("path", ""))
    # the classification ceiling hides reports from every command, this one too
    docs = [d for d in all_docs if everything.allows(None, d.get("classification"))]
    hidden = {d["id"] for d in all_docs} - {d["id"] for d in docs}
    files = sorted(
        (f for f in records["file"] if f.get("doc_id") not in hidden), key=lambda f: f.get("path", "")
    )
    sections = [builder(docs, files, settings) for builder in SECTIONS]
    hidden_paths = {f["path"] for f in records["file"] if f.get("doc_id") in hidden}
    if hidden_paths:
        for section in sections:
            section.findings = [
                f for f in section.findings if not _beside_hidden(f.path, hidden_paths, files)
            ]
    sections.append(_unknown_classifications(all_docs, settings))
    sections.append(_unreadable_folders(settings))
    return CheckReport(len(docs), len(files), sections)


def _unreadable_folders(settings: Settings) -> Section:
    """Archive folders the last ingest could not read: their reports are kept as they were."""
    from kbank.ingest.guard import remembered_root

    section = Section("unreadable_folders", "Mappar som inte kunde läsas")
    for folder in remembered_root(settings.index).get("unreadable") or []:
        section.findings.append(
            Finding(folder, "mappen gick inte att läsa vid senaste inläsningen; dess rapporter finns kvar")
        )
    return section


def _beside_hidden(path: str, hidden_paths: set[str], files: list[dict]) -> bool:
    """Tell whether a finding's file belongs to a report above the ceiling: its correction file,
    or a summary or correction file in its folder. Such files are as hidden as the report."""
    if any(f["path"] == path for f in files):
        return False  # a report this user may see
    if path in hidden_paths or any(path.startswith(h + ".") for h in hidden_paths):
        return True
    folder = PurePosixPath(path).parent
    # the report's own folder, or a case folder above it (not the archive root or a year folder)
    return any(
        folder == PurePosixPath(h).parent or (len(folder.parts) >= 2 and folder in PurePosixPath(h).parents)
        for h in hidden_paths
    )


# --------------------------------------------------------------------------- sections

_FIX = f"rätta i {FOLDER_FILE} i ärendets mapp"


def _meta(doc: dict) -> dict:
    return doc.get("meta") or {}


def _unreadable(docs, files, settings) -> Section:
    section = Section("unreadable", "Filer som inte kunde läsas")
    for f in files:
        if not f.get("doc_id") and f.get("reason"):
            section.findings.append(
                Finding(
                    f["path"], f.get("error") or "", None, {"reason": f["reason"], "error": f.get("error")}
                )
            )
    return section


def _missing(key: str, title: str, empty: Callable[[dict], bool], message: str):
    def build(docs, files, settings) -> Section:
        section = Section(key, title)
        for doc in docs:
            if empty(doc):
                section.findings.append(Finding(doc["path"], message, doc["id"], {"title": doc.get("title")}))
        return section

    return build


def _case_conflicts(docs, files, settings) -> Section:
    section = Section("case_conflicts", "Ärenden vars dokument inte stämmer överens")
    for doc in docs:
        meta = _meta(doc)
        folder, text = meta.get("dnr_folder"), meta.get("dnr_text")
        if folder and text and dnr_key(folder) != dnr_key(text):
            section.findings.append(
                Finding(
                    doc["path"],
                    f"texten anger Dnr {text} men mappen {folder}",
                    doc["id"],
                    {"kind": "dnr", "dnr_folder": folder, "dnr_text": text},
                )
            )
    by_folder: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        folder = case_folder(doc["path"])
        if folder and not _meta(doc).get("dnr_folder"):
            by_folder[folder].append(doc)
    for folder, members in sorted(by_folder.items(), key=lambda kv: kv[0]):
        stated = Counter(
            d.get("dnr") for d in members if d.get("dnr") and _meta(d).get("sources", {}).get("dnr") != "case"
        )
        if len({dnr_key(str(x)) for x in stated}) > 1:
            listed = ", ".join(f"{dnr} ({n})" for dnr, n in stated.most_common())
            section.findings.append(
                Finding(
                    folder,
                    f"dokumenten i mappen anger olika Dnr: {listed}",
                    None,
                    {"kind": "dnr", "dnrs": sorted(stated)},
                )
            )
    by_case: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        by_case[case_key(doc.get("dnr"), doc["path"])].append(doc)
    for _key, members in sorted(by_case.items(), key=lambda kv: kv[0]):
        units = Counter(
            d.get("unit")
            for d in members
            if d.get("unit") and _meta(d).get("sources", {}).get("unit") not in ("case", WEAK)
        )
        if len({fold(str(u)) for u in units}) > 1:
            listed = ", ".join(f"{u} ({n})" for u, n in units.most_common())
            where = members[0].get("dnr") or str(PurePosixPath(members[0]["path"]).parent)
            section.findings.append(
                Finding(
                    where,
                    f"ärendets dokument anger olika förvaltningar: {listed}",
                    None,
                    {"kind": "unit", "units": sorted(units)},
                )
            )
    return section


def _duplicates(docs, files, settings) -> Section:
    section = Section("duplicates", "Samma fil på flera ställen")
    paths: dict[str, list[str]] = defaultdict(list)
    for f in files:
        if f.get("doc_id"):
            paths[f["doc_id"]].append(f["path"])
    for doc in docs:
        found = sorted(paths.get(doc["id"], []))
        if len(found) > 1:
            section.findings.append(
                Finding(
                    found[0],
                    f"samma innehåll (SHA-256) finns också i {', '.join(found[1:])}",
                    doc["id"],
                    {"paths": found},
                )
            )
    return section


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", fold(title or "")))


def _possible_duplicates(docs, files, settings) -> Section:
    section = Section("possible_duplicates", "Troliga dubbletter med olika innehåll")
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for doc in docs:
        groups[
            (
                _title_key(doc.get("title", "")),
                doc.get("doc_type"),
                dnr_key(doc.get("dnr") or ""),
                doc.get("date"),
            )
        ].append(doc)
    for members in groups.values():
        if len(members) > 1:
            listed = sorted(d["path"] for d in members)
            section.findings.append(
                Finding(
                    listed[0],
                    f"samma titel, typ, Dnr och datum som {', '.join(listed[1:])}",
                    members[0]["id"],
                    {"paths": listed},
                )
            )
    section.findings.sort(key=lambda f: f.path)
    return section


def _awaiting_review(docs, files, settings) -> Section:
    section = Section("awaiting_review", "Väntar på granskning eller publicering")
    for doc in docs:
        status = effective_status(settings, doc.get("status"))
        if status != PUBLISHED:
            message = (
                f"status {status}: sätt status=publicerad med kbank set när redaktionsrådet har beslutat"
            )
            section.findings.append(
                Finding(doc["path"], message, doc["id"], {"title": doc.get("title"), "status": status})
            )
    return section


def _unknown_classifications(all_docs, settings) -> Section:
    """Classifications outside the scale: hidden everywhere until corrected, so listed by path only."""
    section = Section("unknown_classification", "Okänd informationsklass (dold tills den rättas)")
    known = set(scale(settings))
    for doc in all_docs:
        value = doc.get("classification") or ""
        if value and value not in known:
            message = f"klassningen {value!r} finns inte i skalan {', '.join(settings.classification_scale)}"
            section.findings.append(Finding(doc["path"], message, doc["id"], {"classification": value}))
    return section


def _missing_summaries(docs, files, settings) -> Section:
    section = Section("missing_summary", "Projekt utan skriven sammanfattning")

    def key(d: dict) -> str:
        return case_key(d.get("dnr"), d.get("path", ""))

    sizes = Counter(key(d) for d in docs)
    wanting = projects_without_summary(
        docs,
        key,
        lambda d: bool(_meta(d).get("written_summary")),
        lambda d: d.get("doc_type"),
        lambda d: d.get("date"),
    )
    untouched = {
        folder: written.path
        for folder, written in Summaries.load(
            settings.archive, load_template(settings.summary_template)
        ).files.items()
        if written.untouched
    }
    for main in wanting:
        message = f"ingen sammanfattning: skriv en med kbank summary-template {main['id'][:8]} --save"
        saved = untouched.get(str(PurePosixPath(main["path"]).parent))
        if saved:
            message = (
                f"mallen är inte ifylld: {saved} är sparad men inte redigerad; skriv sammanfattningen i den"
            )
        details = {"title": main.get("title"), "documents": sizes[key(main)]}
        section.findings.append(Finding(main["path"], message, main["id"], details))
    section.findings.sort(key=lambda f: f.path)
    return section


def _summary_problems(docs, files, settings) -> Section:
    """Summaries against the template and their reports: sections missing, unfilled, too long, wrong Dnr."""
    section = Section("summary_problems", "Sammanfattningar som inte följer mallen")
    template = load_template(settings.summary_template)
    by_file: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        if _meta(doc).get("summary_file"):
            by_file[_meta(doc)["summary_file"]].append(doc)
    for written in Summaries.load(settings.archive, template).files.values():
        for other in written.conflicts:
            message = (
                f"konflikt: både {PurePosixPath(written.path).name} och {other} finns i mappen; "
                f"kbank läser bara {PurePosixPath(written.path).name} — ta bort den ena"
            )
            section.findings.append(
                Finding(written.path, message, None, {"kind": "conflict", "other": other})
            )
        if written.error:
            section.findings.append(Finding(written.path, f"kan inte läsas: {written.error}"))
            continue
        if written.untouched:
            continue  # reported under missing_summary: the template is not filled in
        members = by_file.get(written.path)
        if not members:
            section.findings.append(Finding(written.path, "ingen rapport i mappen hör till sammanfattningen"))
            continue
        main = main_document(members, lambda d: d.get("doc_type"), lambda d: d.get("date"))
        for problem in lint(
            written.sections, template, main.get("dnr"), main.get("title") or "", _meta(main).get("project")
        ):
            section.findings.append(
                Finding(written.path, problem.message, main["id"], {"section": problem.section})
            )
    return section


def _sidecar_problems(docs, files, settings) -> Section:
    section = Section("sidecar_problems", "Rättelsefiler med fel")
    for warning in Sidecars.load(settings.archive).warnings:
        section.findings.append(Finding(warning.path, warning.message, None, {"line": warning.line}))
    return section


#: The report's sections, in the order they are shown.
_FIELD_NAMES = {
    "title": ("titel", "titel"), "dnr": ("Dnr", "dnr"), "doc_type": ("typ", "typ"), "date": ("datum", "datum"),
    "unit": ("förvaltning", "forvaltning"), "contact": ("kontaktperson", "kontaktperson"),
}  # fmt: skip
_SOURCE_WORDS = {
    "properties": "dokumentegenskaperna", "filename": "filnamnet", "text": "texten", "weak": "en utgivaretikett",
    "default": "ingenstans",
}  # fmt: skip


def _low_confidence(docs, files, settings) -> Section:
    section = Section("low_confidence", "Osäkra uppgifter att bekräfta")
    for doc in docs:
        meta = _meta(doc)
        values = {name: doc.get(name) for name in ("title", "dnr", "doc_type", "date", "unit")}
        values["contact"] = meta.get("contact")
        values["doc_type"] = None if values["doc_type"] == "other" else values["doc_type"]
        low = low_confidence(values, meta.get("sources") or {})
        if not low:
            continue
        said = "; ".join(f"{_FIELD_NAMES[n][0]} {v} (från {_SOURCE_WORDS.get(s, s)})" for n, v, s in low)
        keys = " ".join(f'{_FIELD_NAMES[n][1]}="{v}"' for n, v, _ in low)
        section.findings.append(
            Finding(
                doc["path"],
                f"{said}: bekräfta med kbank set {doc['id'][:8]} {keys}",
                doc["id"],
                {
                    "fields": [{"field": n, "value": v, "source": s} for n, v, s in low],
                    "title": doc.get("title"),
                },
            )
        )
    return section


SECTIONS: list[Callable[[list[dict], list[dict], Settings], Section]] = [
    _unreadable,
    _missing(
        "missing_dnr",
        "Saknar Dnr",
        lambda d: not d.get("dnr"),
        f"inget Dnr i texten eller mappnamnet: {_FIX}",
    ),
    _missing(
        "missing_date",
        "Saknar datum",
        lambda d: not d.get("date"),
        "inget utgivningsdatum hittat: rätta i <fil>.kbank.toml",
    ),
    _missing(
        "missing_unit", "Saknar förvaltning", lambda d: not d.get("unit"), f"ingen förvaltning hittad: {_FIX}"
    ),
    _missing(
        "missing_area", "Saknar sakområde", lambda d: not d.get("areas"), f"inget sakområde passar: {_FIX}"
    ),
    _low_confidence,
    _missing_summaries,
    _summary_problems,
    _awaiting_review,
    _case_conflicts,
    _duplicates,
    _possible_duplicates,
    _sidecar_problems,
]
