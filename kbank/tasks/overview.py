"""``kbank overview``: what the bank knows about a method or topic, project by project.

"Vad vet vi om metoden?" — who tried it, where, when, whether it was evaluated and what they
concluded. The matching reports are grouped by case (project); a project counts when the
method is what it is about, and the reports that only mention it in passing are listed apart.

A project is *central* when any of its reports has the query in its title or the project name
(also inside a compound), its keywords or a summary (the written one or the report's own; there
as whole words), or comes back to it: one report mentions it at least ``MIN_MENTIONS`` times
and either ``MANY_MENTIONS`` times or once per ``WORDS_PER_MENTION`` words, or two or more
reports together more than ``MIN_MENTIONS`` times. For a query of several words a mention is
a place where they stand in the query's order, each within ``WINDOW`` characters of the one
before; for ``A OR B`` any of them. Everything is read through the ``Bank``, so publication
status, the classification ceiling and the filters hold exactly as in ``search``: a document
this user may not see is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kbank.errors import UsageError
from kbank.metadata.cases import Case
from kbank.search.bank import Bank
from kbank.search.query import Or, parse_query, positive_words
from kbank.search.results import Document, Filters, Matches
from kbank.search.snippets import Matcher, make_snippet
from kbank.tasks.conclusions import Conclusion, project_conclusions
from kbank.textutil import fold

#: How many of the best matching reports an overview reads.
DEPTH = 400
MIN_MENTIONS = 3
MANY_MENTIONS = 10
WORDS_PER_MENTION = 1000
#: Characters between one word of a query of several words and the next, in one mention.
WINDOW = 40

EVALUATED, FINISHED, ONGOING, UNKNOWN = "utvärderat", "avslutat", "pågående", "oklart"
#: Evidence first: evaluated, then finished, then ongoing projects.
STATUS_RANK = {EVALUATED: 0, FINISHED: 1, ONGOING: 2, UNKNOWN: 3}


def project_status(doc_types: list[str]) -> str:
    """A project's status from the documents present.

    >>> project_status(["projektplan", "delrapport"]), project_status(["projektplan", "slutrapport"])
    ('pågående', 'avslutat')
    >>> project_status(["projektplan", "utvärdering"]), project_status(["other"])
    ('utvärderat', 'oklart')
    """
    if "utvärdering" in doc_types:
        return EVALUATED
    if "slutrapport" in doc_types:
        return FINISHED
    if {"projektplan", "delrapport", "kommunikationsplan", "strategi"} & set(doc_types):
        return ONGOING
    return UNKNOWN


def count_mentions(text: str, matcher: Matcher, words: int = 1, any_word: bool = False) -> int:
    """How often a text mentions the query: for several words, places where they stand in order, close.

    ``words`` is how many query words the matcher's groups 0..words-1 stand for; a mention of
    "Bostad först" is "bostad" followed by "först" within ``WINDOW`` characters, not "först
    en tillfällig bostad". With ``any_word`` (``A OR B``) every word counts by itself.

    >>> m = Matcher({"bost": 0, "forst": 1}, {})
    >>> count_mentions("Bostad först är en metod. Först fick de en bostad. Bostad, bostad först.", m, 2)
    2
    >>> count_mentions("Bostad först är en metod. Först fick de en bostad.", m, 2, any_word=True)
    4
    """
    spans = sorted(matcher.spans(text))
    if not spans:
        return 0
    present = sorted({g for _, _, g in spans if g < words}) or sorted({g for _, _, g in spans})
    if any_word or len(present) == 1:
        return sum(1 for _, _, g in spans if g in present)
    count = 0
    for i, (_, end, group) in enumerate(spans):
        if group != present[0]:
            continue
        wanted, last_end = 1, end
        for other_start, other_end, other in spans[i + 1 :]:
            if other_start - last_end > WINDOW:
                break
            if other != present[wanted]:
                break  # another query word in between: not this mention
            wanted, last_end = wanted + 1, other_end
            if wanted == len(present):
                count += 1
                break
    return count


@dataclass
class Evidence:
    """Why a project counts: where the query stands in its reports."""

    title: bool = False
    keywords: bool = False
    summary: bool = False
    mentions: int = 0
    #: documents of the project the query matched
    matched: int = 0
    #: whether some report mentions it often enough to be about it
    repeated: bool = False

    @property
    def named(self) -> bool:
        return self.title or self.keywords or self.summary

    @property
    def central(self) -> bool:
        return self.named or self.repeated

    @property
    def level(self) -> int:
        """2: named in title, keywords or summary; 1: repeated mentions; 0: in passing."""
        return 2 if self.named else 1 if self.repeated else 0

    def reasons(self) -> list[str]:
        """Where the query stands, in Swedish: "i titeln", "nämns 14 gånger"."""
        found = [
            label
            for flag, label in (
                (self.title, "i titeln"),
                (self.keywords, "i nyckelorden"),
                (self.summary, "i sammanfattningen"),
            )
            if flag
        ]
        if self.mentions:
            found.append(f"nämns {self.mentions} {'gång' if self.mentions == 1 else 'gånger'}")
        return found

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "keywords": self.keywords,
            "summary": self.summary,
            "mentions": self.mentions,
            "matched_documents": self.matched,
            "level": self.level,
            "central": self.central,
            "reasons": self.reasons(),
        }


@dataclass
class Passage:
    """Where a report mentions the query: the passage and its page."""

    document: Document
    snippet: str
    page: int | None

    def to_json(self) -> dict:
        return {
            "id": self.document.id,
            "title": self.document.title,
            "doc_type": self.document.doc_type,
            "path": self.document.path,
            "snippet": self.snippet,
            "page": self.page,
        }


@dataclass
class Project:
    """One project (case) in an overview."""

    case: Case
    status: str
    evidence: Evidence
    score: float
    #: ids of the project's documents the query matched
    matched: list[str] = field(default_factory=list)
    conclusions: list[Conclusion] = field(default_factory=list)
    #: for a project that mentions the query in passing: where
    passage: Passage | None = None

    @property
    def name(self) -> str:
        docs = self.case.documents
        return self.case.project or (docs[0].title if docs else self.case.key)

    @property
    def period(self) -> str:
        """First to last document, in years: "2014–2017"."""
        years = sorted({int(d[:4]) for d in (self.case.first_date, self.case.last_date) if d})
        if not years:
            years = sorted({d.year for d in self.case.documents if d.year})
        if not years:
            return ""
        return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"

    def to_json(self) -> dict:
        return self.case.to_json() | {
            "name": self.name,
            "status": self.status,
            "period_years": self.period,
            "score": round(self.score, 3),
            "evidence": self.evidence.to_json(),
            "matched": self.matched,
            "conclusions": [c.to_json() for c in self.conclusions],
            "passage": self.passage.to_json() if self.passage else None,
        }


@dataclass
class Overview:
    """What ``kbank overview`` reports: the projects about a query and the ones that mention it."""

    query: str
    filters: Filters
    date: str
    #: matching reports in all
    total: int
    projects: list[Project]
    mentioned: list[Project]
    notes: list[str] = field(default_factory=list)
    suggestion: str | None = None
    #: projects about the query before ``limit`` cut the list
    project_total: int = 0
    #: projects that mention it in passing, before ``mentions_limit`` cut the list
    mentioned_total: int = 0
    #: every project about the query, also those ``limit`` left out (the headline counts them)
    every: list[Project] = field(default_factory=list, repr=False)

    @property
    def headline(self) -> str:
        """The answer in one sentence: "X har prövats i 3 projekt i 2 förvaltningar 2013–2021; …"."""
        return headline(self)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "filters": self.filters.to_json(),
            "date": self.date,
            "headline": self.headline,
            "total": self.total,
            "project_total": self.project_total,
            "status_counts": status_counts(self.every or self.projects),
            "projects": [p.to_json() for p in self.projects],
            "mentioned": [p.to_json() for p in self.mentioned],
            "mentioned_total": self.mentioned_total,
            "notes": self.notes,
            "suggestion": self.suggestion,
        }


def status_counts(projects: list[Project]) -> dict[str, int]:
    counts = {EVALUATED: 0, FINISHED: 0, ONGOING: 0, UNKNOWN: 0}
    for p in projects:
        counts[p.status] += 1
    return counts


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def headline(overview: Overview) -> str:
    """The headline sentence, counting every project about the query (also those ``limit`` left out)."""
    query, shown = overview.query, overview.every or overview.projects
    n = len(shown)
    if n == 0:
        narrowed = " med de valda avgränsningarna" if overview.filters.to_json() else ""
        if overview.mentioned:
            return (
                f"Inget projekt i kunskapsbanken handlar om {query}{narrowed}; det nämns i förbigående i "
                f"{_plural(len(overview.mentioned), 'projekt', 'projekt')}."
            )
        return f"Kunskapsbanken har inga rapporter om {query}{narrowed}."
    units = {fold(p.case.unit) for p in shown if p.case.unit}
    years = sorted(int(y) for p in shown for y in p.period.split("–") if y)
    when = "" if not years else f" {years[0]}" if years[0] == years[-1] else f" {years[0]}–{years[-1]}"
    where = f" i {_plural(len(units), 'förvaltning', 'förvaltningar')}" if units else ""
    counts = status_counts(shown)
    parts = []
    if counts[EVALUATED]:
        parts.append(f"{counts[EVALUATED]} är {'utvärderat' if counts[EVALUATED] == 1 else 'utvärderade'}")
    if counts[FINISHED]:
        parts.append(
            f"{counts[FINISHED]} är {'avslutat' if counts[FINISHED] == 1 else 'avslutade'} utan utvärdering"
        )
    if counts[ONGOING]:
        parts.append(f"{counts[ONGOING]} pågår")
    status = "; " + ", ".join(parts) if parts else ""
    more = f" (visar {len(overview.projects)})" if len(overview.projects) < n else ""
    return f"{query} har prövats i {_plural(n, 'projekt', 'projekt')}{where}{when}{status}.{more}"


def overview(
    bank: Bank,
    query: str,
    filters: Filters | None = None,
    limit: int | None = None,
    mentions_limit: int | None = 15,
    today: date | None = None,
) -> Overview:
    """Build the overview of a query: central projects with status and conclusions, passing mentions apart.

    The publisher calls this too: ``overview(bank, query, filters).to_json()``.
    """
    filters = filters or Filters()
    if not positive_words(parse_query(query)):
        raise UsageError(f"{query!r} säger bara vad som inte ska finnas: ange metoden eller ämnet")
    matches = bank.matches(query, filters, depth=DEPTH)
    named = {
        name: {d.id for d, _ in bank.matches(query, filters, in_field=name, depth=DEPTH).scored}
        for name in ("title", "keywords", "summary")
    }
    any_word = isinstance(parse_query(query), Or)
    by_case: dict[str, list[tuple[Document, float]]] = {}
    for doc, score in matches.scored:
        by_case.setdefault(doc.case["key"], []).append((doc, score))
    projects: list[Project] = []
    for hits in by_case.values():
        projects.append(_project(bank, hits, matches, named, any_word))
    central = [p for p in projects if p.evidence.central]
    central.sort(key=lambda p: -p.score)
    central.sort(key=lambda p: p.case.last_date or "", reverse=True)
    central.sort(key=lambda p: (-p.evidence.level, STATUS_RANK[p.status]))
    passing = sorted((p for p in projects if not p.evidence.central), key=lambda p: -p.score)
    shown = central[:limit] if limit else central
    for project in shown:
        project.conclusions = project_conclusions(project.case.documents, bank.text_of)
    for project in passing[:mentions_limit]:
        project.passage = _passage(bank, project, matches.matcher)
    return Overview(
        query=matches.query,
        filters=filters,
        date=(today or date.today()).isoformat(),
        total=matches.total,
        projects=shown,
        mentioned=passing[:mentions_limit],
        notes=matches.notes,
        suggestion=matches.suggestion,
        project_total=len(central),
        mentioned_total=len(passing),
        every=central,
    )


def _project(
    bank: Bank,
    hits: list[tuple[Document, float]],
    matches: Matches,
    named: dict[str, set[str]],
    any_word: bool,
) -> Project:
    case = bank.case_of(hits[0][0])
    evidence = Evidence(matched=len(hits))
    mentioning = 0
    for doc, _ in hits:
        pages, _, meta = bank.text_of(doc.id)
        own_summary = meta.get("summary") or ""
        evidence.title |= (
            doc.id in named["title"]
            or _names(matches, case.project or "", any_word, parts=True)
            or _names(matches, doc.title, any_word, parts=True)
        )
        evidence.keywords |= doc.id in named["keywords"]
        evidence.summary |= doc.id in named["summary"] or _names(matches, own_summary, any_word)
        text = "\n".join(pages)
        mentions = count_mentions(text, matches.matcher, matches.words, any_word)
        evidence.mentions += mentions
        words = len(text.split())
        if mentions >= MIN_MENTIONS and (mentions >= MANY_MENTIONS or mentions * WORDS_PER_MENTION >= words):
            evidence.repeated = True
        mentioning += mentions > 0
    if mentioning >= 2 and evidence.mentions > MIN_MENTIONS:
        evidence.repeated = True  # the plan and the final report both come back to it
    status = project_status([d.doc_type for d in case.documents])
    score = sum(s for _, s in hits)
    return Project(case, status, evidence, score, matched=[d.id for d, _ in hits])


def _names(matches: Matches, text: str, any_word: bool = False, parts: bool = False) -> bool:
    """Whether a text (a title, a project name, a summary) has every word of the query.

    Inside a compound counts in a title ("Anhörigstöd vid demenssjukdom" is about demens) but
    not in a summary ("metoden prövas i missbruksvården" does not make a summary about
    missbruk); there it counts as a mention.
    """
    if not text or matches.words == 0:
        return False
    matcher = matches.matcher if parts else Matcher(matches.matcher.stems, {}, matches.matcher.prefixes)
    groups = {g for _, _, g in matcher.spans(text)}
    if any_word:
        return bool(groups)
    return all(g in groups for g in range(matches.words))


def _passage(bank: Bank, project: Project, matcher: Matcher) -> Passage | None:
    docs = {d.id: d for d in project.case.documents}
    for doc_id in project.matched:
        if doc_id not in docs:
            continue
        pages, paged, _ = bank.text_of(doc_id)
        snippet, spans, index = make_snippet(pages, matcher)
        if spans:
            return Passage(docs[doc_id], snippet, index + 1 if paged and pages else None)
    return None
