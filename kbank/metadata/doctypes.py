"""Document types: what a report is, from its declared type, title, cover and file name."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from kbank.textutil import fold

#: The document types, in case order: a case's documents are listed in this order.
DOC_TYPES = (
    "projektplan",
    "kommunikationsplan",
    "strategi",
    "delrapport",
    "utvärdering",
    "slutrapport",
    "tjänsteutlåtande",
    "other",
)

# Patterns over folded text (å/ä/ö → a/o), so OCR'd text without diacritics matches too.
_TYPE_PATTERNS = [
    (
        "tjänsteutlåtande",
        r"tjansteutlatande|tjansteskrivelse|remissvar|svar pa remiss|remissyttrande|yttrande over|"
        r"forvaltningens forslag till beslut",
    ),
    ("kommunikationsplan", r"kommunikationsplan|informationsplan|kommunikationsplanering"),
    ("strategi", r"strategi(?:n|er|erna|dokument|dokumentet)?\b"),
    ("slutrapport", r"slut\s?rapport|slutredovisning|slutrapportering|final report"),
    (
        "delrapport",
        r"del\s?rapport|lagesrapport|delredovisning|mellanrapport|statusrapport|halvtidsrapport|"
        r"delarsrapport|progress report",
    ),
    (
        "utvärdering",
        r"utvardering|effektstudie|uppfoljningsrapport|evaluation|foljeforskning|effektutvardering",
    ),
    ("projektplan", r"projekt\s?plan|projektbeskrivning|projektdirektiv|projektansokan"),
]
_TYPE_RE = [(name, re.compile(pattern)) for name, pattern in _TYPE_PATTERNS]
_TYPE_ONLY = re.compile(
    r"^(?:slut\s?rapport|slutredovisning|del\s?rapport(?:\s+(?:nr\.?\s*)?\d+)?|lagesrapport(?:\s+\d+)?|"
    r"delredovisning(?:\s+\d+)?|mellanrapport|halvtidsrapport|statusrapport|projektdirektiv|"
    r"projekt\s?plan|projektbeskrivning|utvardering(?:srapport)?|kommunikationsplan|strategi|"
    r"tjansteutlatande|tjansteskrivelse|remissvar|rapport)$"
)

#: What users type for each type, besides the type itself.
TYPE_ALIASES = {
    "annat": "other", "övrigt": "other", "ovrigt": "other", "ovrig": "other", "övrig": "other",
    "utvardering": "utvärdering", "plan": "projektplan", "slut": "slutrapport",
    "tjansteutlatande": "tjänsteutlåtande", "remissvar": "tjänsteutlåtande", "remiss": "tjänsteutlåtande",
    "tu": "tjänsteutlåtande", "tjänsteskrivelse": "tjänsteutlåtande", "lägesrapport": "delrapport",
    "lagesrapport": "delrapport", "kommunikation": "kommunikationsplan", "strategier": "strategi",
    "utvärderingsrapport": "utvärdering", "projektbeskrivning": "projektplan",
}  # fmt: skip

#: How the CLI shows a type.
TYPE_LABELS = {"other": "övrigt"}

#: Which of a project's documents counts most, first to last: the final report, then the evaluation …
PRIMARY_RANK = {
    "slutrapport": 0, "utvärdering": 1, "delrapport": 2, "projektplan": 3, "tjänsteutlåtande": 4,
    "kommunikationsplan": 5, "strategi": 6, "other": 7,
}  # fmt: skip


def type_label(doc_type: str) -> str:
    """A document type as people read it (``other`` is "övrigt").

    >>> type_label("other"), type_label("slutrapport")
    ('övrigt', 'slutrapport')
    """
    return TYPE_LABELS.get(doc_type, doc_type)


def normalise_doc_type(value: str) -> str:
    """Map what a user types to a document type.

    >>> normalise_doc_type("Utvardering"), normalise_doc_type("övrigt"), normalise_doc_type("remissvar")
    ('utvärdering', 'other', 'tjänsteutlåtande')
    """
    value = " ".join(value.strip().lower().split())
    return TYPE_ALIASES.get(value, value)


_PLURAL = re.compile(r"(?:er|ar|erna|arna|ingar|ingarna)\b")


def type_in(text: str, singular: bool = False) -> str | None:
    """Return the type a text names first, or None; ``singular`` skips plural mentions.

    >>> type_in("Utvärdering av Trygg hemgång – slutrapport")
    'utvärdering'
    >>> type_in("Strategiska frågor") is None
    True
    >>> type_in("projektplaner och slutrapporter samlas här", singular=True) is None
    True
    """
    folded = fold(text)
    best: tuple[int, str] | None = None
    for name, pattern in _TYPE_RE:
        for match in pattern.finditer(folded):
            if singular and _PLURAL.match(folded, match.end()):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), name)
            break
    return best[1] if best else None


def is_type_only(line: str) -> bool:
    """Tell whether a cover line is a document type and nothing else ("Slutrapport", "DELRAPPORT 2").

    >>> [is_type_only(s) for s in ["Slutrapport", "Delrapport 2", "DELREDOVISNING", "Slutrapport Trygg hemgång"]]
    [True, True, True, False]
    """
    return bool(_TYPE_ONLY.match(" ".join(fold(line).strip(" :.").split())))


def detect_doc_type(
    filename: str,
    title: str,
    cover_lines: list[str],
    declared: str | None = None,
    property_title: str | None = None,
    cover: str = "",
) -> tuple[str, str]:
    """Classify a report; return (type, where it was read).

    In order: a declared type ("Dokumenttyp: Strategi"), a cover line that is only a
    type ("Tjänsteutlåtande"), the title, the file name, the title property (even a junk
    one: "Microsoft Word - slutrapport.docx" names a type), then the cover's text.

    >>> detect_doc_type("slutrapport.pdf", "", [])
    ('slutrapport', 'filename')
    >>> detect_doc_type("rapport.pdf", "Utvärdering av Trygg hemgång", [])
    ('utvärdering', 'title')
    >>> detect_doc_type("r.pdf", "Slutredovisning av projektet", ["Tjänsteutlåtande"])
    ('tjänsteutlåtande', 'cover')
    >>> detect_doc_type("r.pdf", "Trygg hemgång", [], cover="Den här delrapporten beskriver")
    ('delrapport', 'text')
    >>> detect_doc_type("r.pdf", "Årsberättelse", [])
    ('other', 'default')
    """
    if declared:
        found = type_in(declared) or _declared(declared)
        if found:
            return found, "label"
    for line in cover_lines:
        if is_type_only(line):
            found = type_in(line)
            if found:
                return found, "cover"
    if _addressed_to_board(cover_lines):
        return "tjänsteutlåtande", "cover"  # a case officer's letter "Till socialnämnden"
    sources = (
        (title, "title"),
        (PurePosixPath(filename).stem.replace("_", " "), "filename"),
        (property_title or "", "properties"),
        (cover[:1500], "text"),
    )
    for text, source in sources:
        # in running text a plural ("projektplaner och slutrapporter") names other documents
        found = type_in(text, singular=source == "text") if text else None
        if found:
            return found, source
    return "other", "default"


_TO_BOARD = re.compile(r"^till\s+(?:[a-zåäö\-]+\s+)?[a-zåäö\-]*n[äa]mnd(?:en)?\s*$")
_OFFICER = re.compile(r"^handl[äa]ggare\b")


def _addressed_to_board(cover_lines: list[str]) -> bool:
    """Tell whether a cover is a case officer's letter to a board: a "Handläggare" and "Till …nämnden".

    >>> _addressed_to_board(["Socialförvaltningen", "Handläggare: Karin Berg", "Till socialnämnden", "X"])
    True
    >>> _addressed_to_board(["Rapport till socialnämnden"])
    False
    """
    lines = [fold(" ".join(line.split())) for line in cover_lines[:20]]
    return any(_TO_BOARD.match(line) for line in lines) and any(_OFFICER.match(line) for line in lines)


def _declared(value: str) -> str | None:
    value = normalise_doc_type(value)
    return value if value in DOC_TYPES else None


def type_named(word: str) -> str | None:
    """Return the document type a single query word names ("slutrapport", "utvärdering", "lägesrapport").

    >>> type_named("Slutrapport"), type_named("utvardering"), type_named("lägesrapport"), type_named("slut")
    ('slutrapport', 'utvärdering', 'delrapport', None)
    """
    return type_in(word) if is_type_only(word) else None
