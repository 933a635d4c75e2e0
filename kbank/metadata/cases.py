"""The case (ärende): the documents that share a Dnr, in lineage order, and the facts they share.

A case is keyed by its Dnr; documents without one are grouped by their registry folder,
so a folder of plans and reports that never states its Dnr is still one case. Within a
case, a document that names no Dnr takes the one its folder's other documents agree on,
and one that names no administration takes the one the case's other documents agree on.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, TypeVar

from kbank.metadata.dnr import dnr_key
from kbank.metadata.doctypes import DOC_TYPES, PRIMARY_RANK
from kbank.textutil import fold

#: The source of a unit read from a publisher label that names no administration
#: (``kbank.metadata.report.WEAK``): an administration the case's other documents name wins.
WEAK = "weak"
_WEAK = WEAK
#: Sources of a fact that another document's own value may replace.
_BORROWED = "case"
_LINEAGE = {doc_type: rank for rank, doc_type in enumerate(DOC_TYPES)}
_YEAR = re.compile(r"(?:19|20)\d\d")


def case_folder(path: str) -> str | None:
    """Return the registry folder a document is filed in: ``<year>/<project>``, or None.

    Only a folder inside a year folder is a case's folder; a flat folder of unrelated
    files ("pdf/", "Att sortera/") is not.

    >>> case_folder("2016/Trygg hemgång/Bilagor/bilaga.pdf"), case_folder("pdf/rapport.pdf")
    ('2016/Trygg hemgång', None)
    """
    parts = PurePosixPath(path).parts[:-1]
    for i, part in enumerate(parts[:-1]):
        if _YEAR.fullmatch(part):
            return "/".join(parts[: i + 2])
    return None


def case_key(dnr: str | None, path: str) -> str:
    """Return the key of the case a document belongs to: its Dnr, else its registry folder.

    >>> case_key("SN 2014/0123", "2014/x/a.pdf") == case_key("SN.2014.123", "2015/y/b.pdf")
    True
    >>> case_key(None, "2016/Trygg hemgång/rapport.pdf"), case_key(None, "2016/rapport.pdf")
    ('folder:2016/Trygg hemgång', 'doc:2016/rapport.pdf')
    """
    if dnr:
        return f"dnr:{dnr_key(dnr)}"
    folder = case_folder(path)
    return f"folder:{folder}" if folder else f"doc:{path}"


T = TypeVar("T")


def main_document(
    members: Iterable[T], doc_type: Callable[[T], str | None], date: Callable[[T], str | None]
) -> T:
    """The document that counts most in a project: the final report, then the evaluation …, the newest first.

    >>> docs = [("projektplan", "2014-01-01"), ("slutrapport", "2015-06-01"), ("slutrapport", "2016-01-01")]
    >>> main_document(docs, lambda d: d[0], lambda d: d[1])
    ('slutrapport', '2016-01-01')
    """
    ordered = sorted(members, key=lambda d: date(d) or "", reverse=True)
    return min(ordered, key=lambda d: PRIMARY_RANK.get(doc_type(d) or "", 9))


def projects_without_summary(
    docs: Iterable[T],
    case_of: Callable[[T], str],
    has_summary: Callable[[T], bool],
    doc_type: Callable[[T], str | None],
    date: Callable[[T], str | None],
) -> list[T]:
    """The projects (cases) none of whose documents has a written summary, each by its main document."""
    by_case: dict[str, list[T]] = defaultdict(list)
    for doc in docs:
        by_case[case_of(doc)].append(doc)
    return [
        main_document(members, doc_type, date)
        for members in by_case.values()
        if not any(has_summary(d) for d in members)
    ]


def lineage_key(doc_type: str, date: str | None, title: str) -> tuple:
    """Sort key for a case's documents: projektplan → delrapporter → utvärdering → slutrapport.

    >>> sorted(["slutrapport", "projektplan", "utvärdering", "delrapport"], key=lambda t: lineage_key(t, None, ""))
    ['projektplan', 'delrapport', 'utvärdering', 'slutrapport']
    """
    return (_LINEAGE.get(doc_type, len(_LINEAGE)), date or "9999", title.lower())


# --------------------------------------------------------------------------- facts shared in a case


@dataclass(frozen=True)
class Member:
    """What the case rules need to know about one document."""

    id: str
    path: str
    dnr: str | None
    unit: str | None
    project: str | None
    sources: dict[str, str] = field(default_factory=dict)
    contact: str | None = None
    #: the document-property stamp its date is (or would be) taken from
    date_stamp: str | None = None

    def own(self, name: str) -> str | None:
        """The document's own value of a fact, not one borrowed from its case."""
        value = getattr(self, name)
        return None if self.sources.get(name) == _BORROWED else value


#: Where a unit is read with high confidence: such names join the archive's gazetteer.
_CONFIDENT_UNIT = ("label", "cover", "signature", "header")
#: A property stamp (to the second) on this many documents of at least two cases is an archive
#: migration's or a scan run's, not a date: two cases' files are not made in the same second.
BATCH_STAMP_DOCUMENTS = 2


def batch_stamps(members: list[Member]) -> set[str]:
    """Return the document-property date stamps one batch of files shares (a migration, a scan run).

    >>> docs = [Member(str(i), f"201{i}/P{i}/r.pdf", None, None, None, {"date": "properties"}, date_stamp="D:20191105101200Z")
    ...         for i in range(2)]
    >>> batch_stamps(docs)
    {'D:20191105101200Z'}
    """
    folders: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for m in members:
        if key := stamp_key(m.date_stamp):  # every file's stamp counts, whether its date came from it or not
            counts[key] += 1
            folders[key].add(case_folder(m.path) or m.path)
    junk = {k for k, n in counts.items() if n >= BATCH_STAMP_DOCUMENTS and len(folders[k]) >= 2}
    return {m.date_stamp for m in members if m.date_stamp and stamp_key(m.date_stamp) in junk}


def stamp_key(stamp: str | None) -> str | None:
    """Return a property stamp to the second, in one form for PDF and DOCX.

    >>> stamp_key("D:20191105101200Z") == stamp_key("2019-11-05T10:12:00+00:00")
    True
    """
    digits = re.sub(r"\D", "", stamp or "")[:14]
    return digits if len(digits) == 14 else None


def shared_facts(
    members: Iterable[Member], administrations: dict[str, Iterable[str]] | None = None
) -> dict[str, dict[str, str]]:
    """Return, per document id, the facts it should borrow from its case (dnr, unit, project, contact).

    A unit is first resolved against the gazetteer (``administrations`` from kbank.toml plus the
    names read with high confidence in the archive), so "Vantörs stadsdelsförvaltning" becomes
    "Enskede-Årsta-Vantörs stadsdelsförvaltning". A date taken from a property stamp that a
    whole batch of files shares is dropped (``date`` borrowed as "").

    >>> docs = [Member("a", "2016/Hemgång/plan.pdf", "ÄN 2016/77", "Äldreförvaltningen", "Hemgång"),
    ...         Member("b", "2016/Hemgång/delrapport.docx", None, None, "Hemgång")]
    >>> shared_facts(docs)
    {'b': {'dnr': 'ÄN 2016/77', 'unit': 'Äldreförvaltningen'}}
    """
    from kbank.metadata.administrations import Gazetteer

    members = list(members)
    borrowed: dict[str, dict[str, str]] = defaultdict(dict)
    junk = batch_stamps(members)
    for m in members:
        if m.date_stamp in junk and m.sources.get("date") in ("properties", None):
            borrowed[m.id]["date"] = ""
    gazetteer = Gazetteer.build(
        {k: list(v) for k, v in (administrations or {}).items()},
        [
            m.unit
            for m in members
            if m.unit and m.sources.get("unit", "").startswith(_CONFIDENT_UNIT + ("sidecar",))
        ],
    )
    resolved: dict[str, str] = {}
    for m in members:
        own = m.own("unit")
        if own and m.sources.get("unit") != _WEAK:
            full = gazetteer.resolve(own)
            if full and full != own:
                resolved[m.id] = full
                borrowed[m.id]["unit"] = full
    members = [replace(m, unit=resolved[m.id]) if m.id in resolved else m for m in members]
    by_folder: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        folder = case_folder(m.path)
        if folder:
            by_folder[folder].append(m)
    dnr_of: dict[str, str | None] = {m.id: m.own("dnr") for m in members}
    for docs in by_folder.values():
        stated = {dnr_key(d): d for m in docs if (d := m.own("dnr"))}
        if len(stated) == 1:
            dnr = next(iter(stated.values()))
            for m in docs:
                if not m.own("dnr"):
                    borrowed[m.id]["dnr"] = dnr
                    dnr_of[m.id] = dnr
    for doc_id, spelled in _registry_spellings(members).items():
        borrowed[doc_id]["dnr"] = spelled
    by_case: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_case[case_key(dnr_of[m.id], m.path)].append(m)
    for key, docs in by_case.items():
        if key.startswith("doc:"):
            continue
        for name, weak in (("unit", _WEAK), ("project", None), ("contact", None)):
            votes = Counter(
                v for m in docs if (v := m.own(name)) and m.sources.get(name) not in (weak, _BORROWED)
            )
            if len({fold(v) for v in votes}) != 1:
                continue  # none, or the documents disagree: kbank check lists it
            value = votes.most_common(1)[0][0]
            for m in docs:
                own = m.own(name)
                if not own or (weak and m.sources.get(name) == weak):
                    if own != value:
                        borrowed[m.id][name] = value
    return {doc_id: dict(sorted(facts.items())) for doc_id, facts in sorted(borrowed.items()) if facts}


_ALL_UNDERSCORES = re.compile(r"(?:^|[/ ])([A-Za-zÅÄÖåäö]{2,6})_((?:19|20)\d\d)_(\d{1,6})(?:[_ ]|$)")


def _dnr_style(dnr: str) -> str | None:
    if re.fullmatch(r"[A-Za-zÅÄÖåäö]+-(?:19|20)\d\d-\d+", dnr):
        return "-"
    if re.fullmatch(r"[A-Za-zÅÄÖåäö]+\.(?:19|20)\d\d\.\d+", dnr):
        return "."
    if re.fullmatch(r"[A-Za-zÅÄÖåäö]+ (?:19|20)\d\d/\d+", dnr):
        return " "
    return None


def _registry_spellings(members: list[Member]) -> dict[str, str]:
    """Respell a Dnr a folder name wrote with underscores only ("SOF_2016_0123") as the registry does.

    "SOF_2016_0123" may stand for "SOF 2016/0123" or "SOF-2016-0123"; the other cases of the
    archive with the same prefix tell which.

    >>> docs = [Member("a", "2016/SOF_2016_0123_Se_barnet/r.pdf", "SOF 2016/0123", None, None, {"dnr": "folder"}),
    ...         Member("b", "2015/SOF-2015-0077 Tak/r.pdf", "SOF-2015-0077", None, None, {"dnr": "folder"})]
    >>> _registry_spellings(docs)
    {'a': 'SOF-2016-0123'}
    """
    candidates: dict[str, tuple[str, str, str]] = {}
    for m in members:
        found = _ALL_UNDERSCORES.search(PurePosixPath(m.path).parent.as_posix())
        if found and m.dnr and dnr_key(m.dnr) == dnr_key("-".join(found.groups())):
            prefix, year, number = found.groups()
            candidates[m.id] = (prefix, year, number)
    styles: dict[str, Counter[str]] = defaultdict(Counter)
    for m in members:
        own = m.own("dnr")
        if own and m.id not in candidates and (style := _dnr_style(own)):
            styles[fold(re.split(r"[ .\-]", own)[0])][style] += 1
    spelled: dict[str, str] = {}
    for doc_id, (prefix, year, number) in candidates.items():
        seen = styles.get(fold(prefix))
        if not seen:
            continue
        style = seen.most_common(1)[0][0]
        prefix = prefix.upper() if prefix.isupper() or prefix.islower() else prefix
        spelled[doc_id] = (
            f"{prefix} {year}/{number}" if style == " " else f"{prefix}{style}{year}{style}{number}"
        )
    return spelled


def apply_shared(report: Any, facts: dict[str, str]) -> Any:
    """Return a ``metadata.Report`` with the facts it borrows from its case."""
    if not facts:
        return report
    sources = dict(report.sources)
    changes: dict[str, Any] = {}
    for name, value in facts.items():
        if name == "date":
            # a batch's property stamp is no publication date
            year = re.search(r"(?:19|20)\d\d", report.dnr or "") or _YEAR.search(
                case_folder(report.path) or ""
            )
            changes.update(date=None, date_precision=None, year=int(year.group()) if year else None)
            sources.pop("date", None)
            continue
        changes[name] = value
        own = getattr(report, name, None)
        resolved = name == "unit" and own and report.sources.get(name) != _WEAK
        if name == "dnr" and own and dnr_key(own) == dnr_key(value):
            continue  # the registry's spelling of the report's own Dnr: its source stands
        sources[name] = "gazetteer" if resolved else _BORROWED
    if "dnr" in facts:
        changes["dnr_raw"] = facts["dnr"]
        if report.year is None:
            changes["year"] = int(facts["dnr"][-4:]) if facts["dnr"][-4:].isdigit() else None
    return replace(report, **changes, sources=sources)


# --------------------------------------------------------------------------- the case as a unit


@dataclass
class Case:
    """A case and its documents in lineage order (``documents`` are ``search.Document`` objects)."""

    key: str
    dnr: str | None
    project: str | None
    unit: str | None
    units: list[str]
    first_date: str | None
    last_date: str | None
    documents: list[Any]

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "dnr": self.dnr,
            "project": self.project,
            "unit": self.unit,
            "units": self.units,
            "period": {"from": self.first_date, "to": self.last_date},
            "document_count": len(self.documents),
            "documents": [d.to_json() for d in self.documents],
        }


def build_cases(documents: Iterable[Any]) -> list[Case]:
    """Group documents into cases, newest case first; each case's documents in lineage order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for doc in documents:
        groups[case_key(doc.dnr, doc.path)].append(doc)
    cases = [_case(key, docs) for key, docs in groups.items()]
    cases.sort(key=lambda c: (c.last_date or "", c.key), reverse=True)
    cases.sort(key=lambda c: c.last_date is None)
    return cases


def _case(key: str, docs: list[Any]) -> Case:
    docs = sorted(docs, key=lambda d: lineage_key(d.doc_type, d.date, d.title))
    units = Counter(d.unit for d in docs if d.unit)
    projects = Counter(d.project for d in docs if getattr(d, "project", None))
    dnrs = Counter(d.dnr for d in docs if d.dnr)
    # the case's period: from the dates its documents state confidently, when any do
    confident = [d.date for d in docs if d.date and getattr(d, "date_source", None) != "properties"]
    dates = sorted(confident or [d.date for d in docs if d.date])
    return Case(
        key=key,
        dnr=dnrs.most_common(1)[0][0] if dnrs else None,
        project=projects.most_common(1)[0][0] if projects else None,
        unit=units.most_common(1)[0][0] if units else None,
        units=sorted(units),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        documents=docs,
    )
