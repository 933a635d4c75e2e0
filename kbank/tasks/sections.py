"""A report's own sections, found by their headings ("1.2 Syfte", "Resultat", "Syfte:"), and key sentences.

Pure functions over page texts; no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kbank.textutil import fold

#: Headings that start a section even without a number.
KNOWN_HEADINGS = frozenset(
    fold(h)
    for h in (
        "sammanfattning", "inledning", "bakgrund", "syfte", "syftet", "mål", "målen", "projektmål",
        "effektmål", "målgrupp", "målgrupper", "målgruppen", "metod", "metoder", "arbetssätt",
        "genomförande", "resultat", "resultaten", "utfall", "måluppfyllelse", "erfarenheter", "lärdomar",
        "diskussion", "slutsatser", "reflektioner", "analys", "bedömning", "nästa steg", "fortsättning",
        "fortsatt arbete", "implementering", "rekommendationer", "tidsplan", "budget", "organisation",
        "projektorganisation", "risker", "riskanalys", "bilagor", "bilaga", "referenser", "litteratur",
        "innehåll", "innehållsförteckning", "förord", "frågeställningar", "avgränsningar", "deltagare",
        "urval", "uppföljning", "kommunikation", "aktiviteter", "nästa utvecklingsfas",
    )
)  # fmt: skip

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖ][^\n]{1,78})$")
_LABEL = re.compile(r"^([A-ZÅÄÖ][a-zåäöé/ ]{2,40}):\s+(\S.*)$")
_PAGE_MARK = re.compile(
    r"^(?:sida|page|s\.)?\s*\d{1,4}(?:\s*\(\d{1,4}\))?$|^(?:sida|page)\s+\d+\s+(?:av|of)\s+\d+$", re.I
)
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|\t)\s*\d{1,3}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”–-])")
_CONNECTORS = {"och", "med", "for", "i", "av", "inom", "samt", "till", "under", "fran", "efter", "om"}
_BULLET = re.compile(r"^\s*(?:[-–•*]|\d{1,2}[.)])\s+")


@dataclass
class Section:
    """A part of a report under one heading."""

    heading: str
    number: str | None
    #: 1-based page of the heading; None for formats without pages
    page: int | None
    lines: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return heading_key(self.heading)

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines)

    @property
    def words(self) -> int:
        return len(self.text.split())


def heading_key(heading: str) -> str:
    """Normalise a heading for matching: no numbering, no colon, folded.

    >>> heading_key("1.2 Syfte:"), heading_key("Erfarenheter och Lärdomar")
    ('syfte', 'erfarenheter och lardomar')
    """
    text = re.sub(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+", "", heading.strip())
    return " ".join(fold(text).rstrip(":").split())


def _running_lines(pages: list[str]) -> set[str]:
    """Lines repeated on most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({re.sub(r"\d+", "#", line.strip()) for line in page.splitlines() if line.strip()})
    return {line for line, n in counts.items() if n >= max(3, len(pages) // 2)}


def _is_heading(line: str) -> tuple[str, str | None] | None:
    if len(line) > 90 or _TOC_LINE.search(line):
        return None
    numbered = _NUMBERED.match(line)
    if numbered:
        title = numbered.group(2).strip()
        if title.endswith((".", ",", ";")) or len(title.split()) > 10 or re.search(r"\s\d{1,3}$", title):
            return None
        return title, numbered.group(1)
    key = heading_key(line)
    if key in KNOWN_HEADINGS:
        return line.strip().rstrip(":"), None
    # "Syfte med projektet", "Resultat och analys"; not a table header such as "Mål Utfall"
    words = key.split()
    if (
        2 <= len(words) <= 6
        and not line.rstrip().endswith((".", ","))
        and any(
            key.startswith(h + " ") and key[len(h) + 1 :].split()[0] in _CONNECTORS for h in KNOWN_HEADINGS
        )
    ):
        return line.strip().rstrip(":"), None
    return None


def find_sections(pages: list[str], paged: bool = True) -> list[Section]:
    """Split a report into sections at its headings; text before the first heading is dropped."""
    running = _running_lines(pages) if paged else set()
    sections: list[Section] = []
    for index, page in enumerate(pages):
        page_number = index + 1 if paged else None
        for raw in page.splitlines():
            line = raw.strip()
            if not line or _PAGE_MARK.match(line) or re.sub(r"\d+", "#", line) in running:
                continue
            heading = _is_heading(line)
            if heading:
                sections.append(Section(heading[0], heading[1], page_number))
                continue
            label = _LABEL.match(line)
            if label and heading_key(label.group(1)) in KNOWN_HEADINGS:
                sections.append(Section(label.group(1), None, page_number, [(label.group(2), page_number)]))
                continue
            if sections:
                sections[-1].lines.append((line, page_number))
    return sections


def with_subsections(sections: list[Section], index: int) -> Section:
    """Return section ``index`` with the text of its numbered subsections ("3" takes "3.1", "3.2")."""
    parent = sections[index]
    if parent.number is None:
        return parent
    merged = Section(parent.heading, parent.number, parent.page, list(parent.lines))
    for child in sections[index + 1 :]:
        if child.number is None or not child.number.startswith(parent.number + "."):
            break
        merged.lines.extend(child.lines)
    return merged


def match_section(sections: list[Section], aliases: list[str]) -> Section | None:
    """Find the section for the first alias that has one: exact heading, then "alias …", then "… alias".

    Among sections with the same heading the fullest wins: a table of contents lists the
    headings with no text under them.
    """
    tiers = (
        lambda key, a: key == a,
        lambda key, a: key.startswith(a + " "),
        lambda key, a: key.endswith(" " + a),
    )
    for matches in tiers:
        for alias in (fold(a) for a in aliases):
            found = [with_subsections(sections, i) for i, s in enumerate(sections) if matches(s.key, alias)]
            found = [s for s in found if s.lines]
            if found:
                return max(found, key=lambda s: s.words)
    return None


# --------------------------------------------------------------------------- key sentences

#: Words that mark a sentence as carrying what a summary section is about.
CUES = {
    "syfte": r"syfte|syftet|ska |för att|pröva|undersöka",
    "mål": r"mål|ska |minst|senast|procent|%|minska|öka",
    "målgrupp": r"personer|barn|unga|ungdomar|vuxna|kvinnor|män|familjer|äldre|år|målgrupp",
    "metod": r"metod|arbetssätt|modell|team|arbetade|genomför|intervju|enkät",
    "resultat": r"\d|procent|%|visade|minskade|ökade|uppnå|resultat|nådde|bodde kvar",
    "erfarenhet": r"lärdom|erfarenhet|viktig|fungerade|svår|framgång|hinder|behöv",
    "nästa": r"införs|ordinarie|fortsätt|beslut|permanent|avslut|nästa|plan",
    "bakgrund": r"behov|problem|ökat|saknade|fanns|kartlägg|uppdrag",
}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a section with its page and the score that chose it."""

    text: str
    page: int | None
    position: int
    score: float


def sentences(section: Section) -> list[tuple[str, int | None]]:
    """Split a section into sentences; list items and table rows count as sentences of their own."""
    result: list[tuple[str, int | None]] = []
    buffer: list[str] = []
    buffer_page: int | None = None

    def flush() -> None:
        nonlocal buffer, buffer_page
        if buffer:
            for part in _SENTENCE_END.split(" ".join(buffer)):
                if part.strip():
                    result.append((part.strip(), buffer_page))
        buffer, buffer_page = [], None

    lines = section.lines
    for i, (line, page) in enumerate(lines):
        if _BULLET.match(line):
            flush()  # a list item starts a sentence of its own; its wrapped lines follow
            buffer, buffer_page = [_BULLET.sub("", line).strip()], page
            if line.endswith((".", "!", "?")):
                flush()
            continue
        following = lines[i + 1][0] if i + 1 < len(lines) else ""
        previous_short = not buffer or len(buffer[-1]) < 80
        if (
            previous_short
            and len(line) < 80
            and not line.endswith((".", "!", "?", ","))
            and following[:1].isupper()
        ):
            flush()
            result.append((line, page))  # a table row or a short list line, not wrapped prose
            continue
        if buffer_page is None:
            buffer_page = page
        buffer.append(line)
        if line.endswith((".", "!", "?", ":")):
            flush()
    flush()
    return result


def key_sentences(section: Section, cue: str | None, max_words: int) -> list[Sentence]:
    """Choose a section's key sentences, verbatim and in their order, within ``max_words``.

    Score = position (1 / (1 + 0.3 * index): earlier sentences carry the point) + 0.5 per
    cue word of the summary section (at most 1.5) − 0.5 for fragments under five words
    − 0.3 for sentences over 45 words. The best sentences are taken until the length guide
    is reached, then put back in the report's order.
    """
    pattern = re.compile(CUES.get(cue or "", r"(?!x)x"), re.IGNORECASE)
    scored = []
    for i, (text, page) in enumerate(sentences(section)):
        words = len(text.split())
        score = 1 / (1 + 0.3 * i) + min(1.5, 0.5 * len(pattern.findall(text)))
        score -= 0.5 if words < 5 else 0.0
        score -= 0.3 if words > 45 else 0.0
        scored.append(Sentence(text, page, i, round(score, 3)))
    chosen: list[Sentence] = []
    used = 0
    for sentence in sorted(scored, key=lambda s: (-s.score, s.position)):
        words = len(sentence.text.split())
        if chosen and used + words > max_words:
            continue
        chosen.append(sentence)
        used += words
    return sorted(chosen, key=lambda s: s.position)
