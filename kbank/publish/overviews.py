"""The web edition's "Vad vet vi om …?" pages: an overview per subject area and per method.

Each page is ``tasks.overview.overview`` run through the edition's own ``Bank`` (the audience's
visibility), so a page can only show what the edition may show. The pages carry no date: a page
is rewritten only when what it says changes.

Which keywords count as methods: the keywords a report's author or editor *stated* (a
"Nyckelord:" line, the file's keywords property or a correction file), not the distinctive terms kbank derives when
a report states none ("augusti", "används" are not methods). A keyword that names a subject area
is left out (the area has its own page). They are ranked by how many projects state them, then
alphabetically, and at most ``MAX_METHODS`` are published; a method gets a page only when its
overview finds at least one project about it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kbank.errors import UsageError
from kbank.metadata.cases import case_key
from kbank.publish.content import Edition, ReportEntry, slug
from kbank.tasks.overview import Overview, overview
from kbank.textutil import fold

#: At most this many method pages (the areas are few and all get one).
MAX_METHODS = 40
#: Passing mentions listed per page.
MENTIONS = 15
#: Where stated keywords come from (besides an editor's correction file, "sidecar:…").
STATED = ("label", "properties")
ROOT = "kunskapslage/"


@dataclass
class OverviewPage:
    """One "Vad vet vi om …?" page."""

    kind: str  # "omrade" or "metod"
    label: str
    url: str
    overview: Overview
    #: the edition's report pages by document id (a document without one is not linked)
    reports: dict[str, ReportEntry] = field(default_factory=dict, repr=False)
    #: the edition's case pages by case key
    cases: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def project_count(self) -> int:
        return self.overview.project_total


def overview_url(label: str) -> str:
    """The page of a subject area or method.

    >>> overview_url("Bostad först")
    'kunskapslage/bostad-forst/'
    """
    return f"{ROOT}{slug(label)}/"


def stated_methods(edition: Edition) -> list[tuple[str, int]]:
    """The keywords reports state, with how many projects state them, most first; areas left out."""
    if edition.bank is None:
        return []
    areas = {fold(g.value) for g in edition.groups.get("omrade", [])}
    projects: dict[str, set[str]] = defaultdict(set)
    spelling: dict[str, str] = {}
    for entry in edition.reports:
        _, _, meta = edition.bank.text_of(entry.doc.id)
        source = (meta.get("sources") or {}).get("keywords") or ""
        if source not in STATED and not source.startswith("sidecar"):
            continue
        for word in entry.doc.keywords:
            key = fold(word).strip()
            if not key or key in areas:
                continue
            spelling.setdefault(key, word.strip())
            projects[key].add(case_key(entry.doc.dnr, entry.doc.path))
    ranked = sorted(projects, key=lambda k: (-len(projects[k]), k))
    return [(spelling[k], len(projects[k])) for k in ranked]


def overview_pages(edition: Edition) -> list[OverviewPage]:
    """The overview pages of an edition: every subject area, then the methods (capped)."""
    bank = edition.bank
    if bank is None:
        return []
    reports = {e.doc.id: e for e in edition.reports}
    cases = {case.key: url for case, url, _ in edition.cases}
    pages: list[OverviewPage] = []
    taken: set[str] = set()

    def add(kind: str, label: str, keep_empty: bool) -> None:
        url = overview_url(label)
        if url in taken:
            return
        try:
            found = overview(bank, label, mentions_limit=MENTIONS)
        except UsageError:
            return  # a keyword the query language cannot read as a method ("-", "NOT x")
        if not found.projects and not keep_empty:
            return
        taken.add(url)
        pages.append(OverviewPage(kind, label, url, found, reports, cases))

    for group in edition.groups.get("omrade", []):
        add("omrade", group.value, keep_empty=True)
    methods = 0
    for label, _ in stated_methods(edition):
        if methods >= MAX_METHODS:
            break
        before = len(pages)
        add("metod", label, keep_empty=False)
        methods += len(pages) > before
    return pages
