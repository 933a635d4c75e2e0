"""What a project concluded: key sentences of its final report's and evaluation's results, conclusions
and experience sections, verbatim and page-cited; a written summary's "Resultat" and "Slutsatser" first.

Pure functions over texts already read from the index; the sections and key sentences are those
of ``summary-template`` (``tasks/sections.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kbank.metadata.doctypes import type_label
from kbank.tasks.sections import Section, find_sections, key_sentences, match_section
from kbank.textutil import fold

#: The kinds of section a conclusion comes from, in the order shown: (kind, headings, cue words).
KINDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("resultat", ("resultat", "resultaten", "utfall", "måluppfyllelse", "effekter", "resultat och analys"),
     "resultat"),
    ("slutsatser", ("slutsatser", "slutsats", "sammanfattande bedömning", "bedömning", "diskussion",
                    "rekommendationer", "analys", "slutsatser och rekommendationer"), "nästa"),
    ("erfarenheter", ("erfarenheter", "lärdomar", "erfarenheter och lärdomar", "reflektioner"),
     "erfarenhet"),
)  # fmt: skip
#: Words per section taken from one report.
SECTION_WORDS = 45
#: Words of a written summary's section shown before it is cut at a sentence.
SUMMARY_WORDS = 80
#: The written summary's sections shown, by folded name prefix.
SUMMARY_SECTIONS = ("resultat", "slutsats")
#: Where a project without final report or evaluation says what it is about.
INTERIM_KINDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("resultat", ("resultat", "hittills i projektet", "hittills", "lägesbeskrivning", "utfall"), "resultat"),
    ("syfte", ("syfte", "syftet", "syfte och mål", "projektets syfte"), "syfte"),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


@dataclass
class Conclusion:
    """Sentences of one section of one document (or of the written summary), verbatim."""

    text: str
    kind: str
    #: the section heading as the report writes it
    section: str
    doc_id: str | None
    #: the document type, or "sammanfattning" for the written summary
    source: str
    pages: tuple[int, ...] = ()

    @property
    def cite(self) -> str:
        """Where the sentences stand: "Slutrapport, s. 12", "Utvärdering, avsnitt 4 Resultat"."""
        label = type_label(self.source).capitalize()
        if self.source == "sammanfattning":
            return f"{label}, {self.section}"
        if self.pages:
            first, last = self.pages[0], self.pages[-1]
            return f"{label}, s. {first}" if first == last else f"{label}, s. {first}–{last}"
        return f"{label}, avsnitt {self.section}"

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "section": self.section,
            "doc_id": self.doc_id,
            "source": self.source,
            "pages": list(self.pages),
            "cite": self.cite,
        }


def summary_sections(written: str) -> dict[str, str]:
    """Split a written summary's stored text ("Resultat: …" per section) into its sections.

    >>> summary_sections("Projektnamn: X\\nResultat: Det gick bra.\\nMer text.\\nNästa steg: Införs.")
    {'Projektnamn': 'X', 'Resultat': 'Det gick bra.\\nMer text.', 'Nästa steg': 'Införs.'}
    """
    sections: dict[str, str] = {}
    current: str | None = None
    for line in written.splitlines():
        head = re.match(r"^([A-ZÅÄÖ][\wåäöÅÄÖ/ -]{1,40}):\s?(.*)$", line)
        if head:
            current = head.group(1).strip()
            sections[current] = head.group(2).strip()
        elif current is not None and line.strip():
            sections[current] = (sections[current] + "\n" + line.strip()).strip()
    return sections


def from_summary(written: str | None) -> list[Conclusion]:
    """The written summary's "Resultat" and "Slutsatser", cut at a sentence near ``SUMMARY_WORDS``."""
    if not written:
        return []
    found = []
    for name, body in summary_sections(written).items():
        if not body or not fold(name).startswith(SUMMARY_SECTIONS):
            continue
        kept: list[str] = []
        for sentence in _SENTENCE.split(" ".join(body.split())):
            if kept and len(" ".join(kept + [sentence]).split()) > SUMMARY_WORDS:
                break
            kept.append(sentence)
        kind = "resultat" if fold(name).startswith("resultat") else "slutsatser"
        found.append(Conclusion(" ".join(kept), kind, name, None, "sammanfattning"))
    return found


def from_report(
    doc_id: str, doc_type: str, pages: list[str], paged: bool, kinds=KINDS, seen: set[str] | None = None
) -> list[Conclusion]:
    """Key sentences of a report's results, conclusions and experience sections (else its summary)."""
    seen = seen if seen is not None else set()
    sections = find_sections(pages, paged)
    found: list[Conclusion] = []
    used: list[Section] = []
    for kind, headings, cue in kinds:
        section = match_section(sections, list(headings))
        if section is None or any(_same(section, u) for u in used):
            continue
        used.append(section)
        conclusion = _condense(section, kind, cue, doc_id, doc_type, seen)
        if conclusion:
            found.append(conclusion)
    if not found and kinds is KINDS:
        section = match_section(sections, ["sammanfattning"])
        if section is not None:
            conclusion = _condense(section, "sammanfattning", "resultat", doc_id, doc_type, seen)
            if conclusion:
                found.append(conclusion)
    return found


_NUMBER = re.compile(r"^[\d.,:%–-]+$")


def table_like(text: str) -> bool:
    """Whether a "sentence" is a table row, or rows run together: numbers side by side, no full stop.

    >>> table_like("Läsförståelse 14 av 22 15 av 20 Avkodning 11 av 22 14 av 20")
    True
    >>> table_like("Område Mätning 1 Mätning 2"), table_like("Bostad och boendeval 2,6 3,2")
    (True, True)
    >>> table_like("Av de 23 hyresgästerna bodde 20 kvar tolv månader efter inflyttningen och 19 i mars 2017.")
    False
    """
    words = text.split()
    pairs = sum(1 for a, b in zip(words, words[1:], strict=False) if _NUMBER.match(a) and _NUMBER.match(b))
    if pairs >= 2:
        return True
    unfinished = not text.rstrip().endswith((".", "!", "?", ":", "»", '"', "”"))
    return unfinished and (pairs >= 1 or bool(words and _NUMBER.match(words[-1])))


def _same(a: Section, b: Section) -> bool:
    return a.heading == b.heading and a.page == b.page


def _condense(
    section: Section, kind: str, cue: str, doc_id: str, doc_type: str, seen: set[str]
) -> Conclusion | None:
    chosen = [s for s in key_sentences(section, cue, SECTION_WORDS) if fold(s.text) not in seen]
    # a table row, a heading or a line that introduces a list left out is no conclusion
    chosen = [
        s for s in chosen if len(s.text.split()) >= 4 and not table_like(s.text) and not s.text.endswith(":")
    ]
    if not chosen:
        return None
    seen.update(fold(s.text) for s in chosen)
    pages = tuple(sorted({s.page for s in chosen if s.page is not None}))
    heading = f"{section.number} {section.heading}" if section.number else section.heading
    return Conclusion(" ".join(s.text for s in chosen), kind, heading, doc_id, doc_type, pages)


def project_conclusions(
    documents: list, text_of: Callable[[str], tuple[list[str], bool, dict]]
) -> list[Conclusion]:
    """A project's conclusions: its written summary's, then its final reports' and evaluations'.

    ``documents`` are the project's documents in lineage order; ``text_of(id)`` gives a
    document's pages, whether they are real pages, and its stored metadata. A project with
    neither final report nor evaluation gets its latest interim report's results, else its
    plan's purpose, so a reader sees what is being tried.
    """
    conclusions: list[Conclusion] = []
    seen: set[str] = set()
    written = None
    texts: dict[str, tuple[list[str], bool, dict]] = {}
    for doc in documents:
        texts[doc.id] = text_of(doc.id)
        written = written or texts[doc.id][2].get("written_summary")
    conclusions += from_summary(written)
    seen.update(fold(s) for c in conclusions for s in _SENTENCE.split(c.text))
    finals = [d for d in documents if d.doc_type in ("slutrapport", "utvärdering")]
    finals.sort(key=lambda d: (d.doc_type != "slutrapport", d.date or ""))  # the project's own word first
    for doc in finals:
        pages, paged, _ = texts[doc.id]
        conclusions += from_report(doc.id, doc.doc_type, pages, paged, seen=seen)
    if finals:
        return conclusions
    for doc_type in ("delrapport", "projektplan"):
        for doc in reversed([d for d in documents if d.doc_type == doc_type]):
            pages, paged, _ = texts[doc.id]
            found = from_report(doc.id, doc.doc_type, pages, paged, INTERIM_KINDS[:1], seen)
            found = found or from_report(doc.id, doc.doc_type, pages, paged, INTERIM_KINDS[1:], seen)
            if found:
                return conclusions + found[:1]
    return conclusions
