"""Digests of saved searches: what became visible or got a new version since the last digest.

A digest keeps the context users miss in other systems: each entry has its case (Dnr),
title, type, date, a summary line and the passage that matched the saved search.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from kbank.config import Settings
from kbank.ingest.history import load_history
from kbank.search.bank import Bank, Filters
from kbank.tasks.watch import Watch
from kbank.timeutil import parse_instant

NO_AREA = "Utan sakområde"
NO_UNIT = "Okänd förvaltning"
TYPE_LABELS = {"other": "övrigt"}


@dataclass
class DigestEntry:
    """One report in a digest."""

    id: str
    news: str
    when: str | None
    title: str
    doc_type: str
    date: str | None
    dnr: str | None
    project: str | None
    unit: str | None
    areas: list[str]
    path: str
    status: str | None
    summary: str | None
    snippet: str
    page: int | None

    def to_json(self) -> dict:
        return dict(vars(self))


@dataclass
class Digest:
    """The digest of one saved search over one window of time."""

    watch: Watch
    start: datetime
    end: datetime
    entries: list[DigestEntry] = field(default_factory=list)

    def groups(self) -> list[tuple[str, str, list[DigestEntry]]]:
        """Entries grouped by subject area, then administration, in a stable order."""
        grouped: dict[tuple[str, str], list[DigestEntry]] = {}
        for entry in self.entries:
            key = (entry.areas[0] if entry.areas else NO_AREA, entry.unit or NO_UNIT)
            grouped.setdefault(key, []).append(entry)
        order = sorted(grouped, key=lambda k: (k[0] == NO_AREA, k[0], k[1] == NO_UNIT, k[1]))
        return [(area, unit, grouped[(area, unit)]) for area, unit in order]

    def to_json(self) -> dict:
        return {
            "watch": self.watch.name,
            "query": self.watch.query,
            "filters": self.watch.filters,
            "from": self.start.isoformat(timespec="seconds"),
            "to": self.end.isoformat(timespec="seconds"),
            "total": len(self.entries),
            "groups": [
                {"area": area, "unit": unit, "entries": [e.to_json() for e in entries]}
                for area, unit, entries in self.groups()
            ],
        }


def build_digest(
    settings: Settings,
    bank: Bank,
    watch: Watch,
    end: datetime,
    since: datetime | None = None,
    include_edits: bool = False,
) -> Digest:
    """Collect the reports matching ``watch`` that are news between its window start (or ``since``) and ``end``."""
    start = since or watch.window_start()
    times, _ = load_history(settings)
    news: dict[str, tuple[str, str | None]] = {}

    def within(stamp: str | None) -> bool:
        return stamp is not None and start < parse_instant(stamp) <= end

    unpublished_too = bank.visibility.statuses is None  # the bank was opened with --all
    for doc_id, timeline in times.items():
        if within(timeline.visible_since):
            news[doc_id] = (timeline.news, timeline.visible_since)
        elif unpublished_too and within(timeline.first_indexed):
            news[doc_id] = (timeline.news, timeline.first_indexed)
        elif include_edits and timeline.edited and start < parse_instant(timeline.edited) <= end:
            news[doc_id] = ("ändrad", timeline.edited)
    digest = Digest(watch, start, end)
    if not news:
        return digest
    filters = Filters.from_json(watch.filters)
    filters.ids = sorted(news)
    result = bank.search(watch.query, filters, limit=len(news))
    for hit in result.hits:
        detail = bank.show(hit.id)
        kind, when = news[hit.id]
        digest.entries.append(
            DigestEntry(
                id=hit.id,
                news=kind,
                when=when,
                title=hit.title,
                doc_type=hit.doc_type,
                date=hit.date,
                dnr=hit.dnr,
                project=detail.meta.get("project"),
                unit=hit.unit,
                areas=hit.areas,
                path=hit.path,
                status=hit.status,
                summary=_first_sentence(detail.summary),
                snippet=hit.snippet,
                page=hit.page,
            )
        )
    digest.entries.sort(key=lambda e: (e.date or "", e.title), reverse=True)
    return digest


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    flat = " ".join(text.split())
    end = next((i for i, c in enumerate(flat) if c in ".!?" and i > 40), None)
    return flat[: end + 1] if end is not None else flat[:240]


# --------------------------------------------------------------------------- rendering


def _heading(digest: Digest) -> str:
    return (
        f"Bevakning \u201d{digest.watch.name}\u201d ({digest.watch.query}): "
        f"{len(digest.entries)} {'rapport' if len(digest.entries) == 1 else 'rapporter'} "
        f"{digest.start:%Y-%m-%d} \u2013 {digest.end:%Y-%m-%d}"
    )


def _entry_lines(entry: DigestEntry) -> list[str]:
    kind = TYPE_LABELS.get(entry.doc_type, entry.doc_type)
    case = (
        f"Dnr {entry.dnr}" + (f" \u2013 {entry.project}" if entry.project else "")
        if entry.dnr
        else (entry.project or "")
    )
    status = f", {entry.status}" if entry.status and entry.status != "publicerad" else ""
    lines = [f"{entry.title} ({kind}, {entry.date or 'odaterad'}{status}) [{entry.news}]"]
    if case:
        lines.append(case)
    if entry.summary:
        lines.append(f"Sammanfattning: {entry.summary}")
    if entry.snippet:
        lines.append(f"Träff{f' s. {entry.page}' if entry.page else ''}: {entry.snippet}")
    lines.append(f"Fil: {entry.path}  (kbank show {entry.id[:8]})")
    return lines


def render_text(digests: list[Digest]) -> str:
    """Plain text, for a terminal or a mail body."""
    out: list[str] = []
    for digest in digests:
        out.append(_heading(digest))
        out.append("=" * min(len(out[-1]), 78))
        if not digest.entries:
            out.append("Inga nya rapporter sedan förra utskicket.")
        for area, unit, entries in digest.groups():
            out.append("")
            out.append(f"{area} \u2013 {unit}")
            out.append("-" * min(len(out[-1]), 78))
            for entry in entries:
                out.extend(["", *("  " + line if i else line for i, line in enumerate(_entry_lines(entry)))])
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(digests: list[Digest]) -> str:
    """Markdown, for an intranet page or a wiki."""
    out: list[str] = []
    for digest in digests:
        out += [f"# {_heading(digest)}", ""]
        if not digest.entries:
            out += ["Inga nya rapporter sedan förra utskicket.", ""]
        for area, unit, entries in digest.groups():
            out += [f"## {area} \u2013 {unit}", ""]
            for entry in entries:
                first, *rest = _entry_lines(entry)
                out.append(f"- **{first}**")
                out += [f"  {line}  " for line in rest]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_json(digests: list[Digest]) -> str:
    return json.dumps({"digests": [d.to_json() for d in digests]}, ensure_ascii=False, indent=2) + "\n"
