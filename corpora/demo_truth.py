"""The truth about the demo archive's reports, read from the data of its generator.

``tools/make_demo_archive.py`` was written for the backbone, before kbank read metadata
this way: a second, independent set of layouts beside ``tests/labelled.py``.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

from corpora.labelled import Truth

REPO = Path(__file__).resolve().parents[1]

_CONTACT_LABELS = ("Kontaktperson", "Handläggare", "Projektledare")


@lru_cache(maxsize=1)
def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_demo_archive", REPO / "tools" / "make_demo_archive.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_demo_archive", module)
    spec.loader.exec_module(module)
    return module


def _name(value: str) -> str:
    return re.split(r",| och ", value)[0].strip()


def demo_truths() -> list[Truth]:
    """Return one truth per distinct demo report (the byte-for-byte duplicate is not counted twice)."""
    demo = _generator()
    projects = {p.key: p for p in demo.PROJECTS}
    stated: dict[str, str] = {}
    for report in demo.REPORTS:
        found = re.search(r"Dnr ([A-ZÅÄÖ]+ \d{4}/\d+)", report.body)
        if found and projects[report.project].dnr is None:
            stated[report.project] = found.group(1)
    truths = []
    for report in demo.REPORTS:
        project = projects[report.project]
        meta = dict(report.meta)
        date = meta.get("Utgivningsdatum") or meta.get("Datum")
        if date is None and report.cover_date:
            date = f"{report.date.year}-{report.date.month:02d}"
        contact = next((_name(meta[k]) for k in _CONTACT_LABELS if k in meta), None)
        if contact is None and "Författare" in meta:
            contact = _name(meta["Författare"])
        if contact is None and report.byline:
            contact = _name(report.byline[0])
        if contact is None:
            contact = report.author
        truths.append(
            Truth(
                path=f"{project.folder}/{report.filename}",
                dnr=project.dnr or stated.get(report.project),
                doc_type=report.label.split()[0].lower(),
                date=date,
                title=f"{report.label} {report.display_title(project)}",
                unit=project.unit,
                contact=contact,
                areas=[],
                layout=f"demo:{report.kind}:{report.layout}",
            )
        )
    return truths
