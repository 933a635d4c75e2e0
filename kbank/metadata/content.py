"""What a report is about in its own words: its keywords, its distinctive terms and its summary."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from kbank.data import read_text
from kbank.metadata.labels import is_body_start
from kbank.textutil import fold

KEYWORD_LIMIT = 8
DISTINCTIVE_LIMIT = 6
SUMMARY_CHARS = 1500

_SUFFIXES = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "na",
    "s",
)
_JUNK_KEYWORDS = {"", "python-docx", "nyckelord", "keywords", "sökord"}


def split_keywords(value: str) -> list[str]:
    """Split a "Nyckelord:" line or a keywords property into keywords.

    >>> split_keywords("hemlöshet; Bostad först, uppföljning.")
    ['hemlöshet', 'Bostad först', 'uppföljning']
    """
    words = []
    for part in re.split(r"[;,\t]|\s{2,}", value):
        part = " ".join(part.split()).strip(" .")
        if part and fold(part) not in _JUNK_KEYWORDS and len(part) <= 60 and part not in words:
            words.append(part)
    return words[:KEYWORD_LIMIT]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Load the words that are never distinctive (kbank/data/vanliga_ord.txt)."""
    raw = read_text("vanliga_ord.txt")
    words: set[str] = set()
    for line in raw.splitlines():
        if not line.startswith("#"):
            words.update(fold(w) for w in line.split())
    return frozenset(words | {_stem(w) for w in words})


def _stem(word: str) -> str:
    """Strip one common Swedish inflection, to count "familjehem" and "familjehemmen" together."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def distinctive_terms(text: str, title: str = "", limit: int = DISTINCTIVE_LIMIT) -> list[str]:
    """Return the terms a report uses often that ordinary reports do not, most telling first.

    >>> text = "Familjehem behövs. Familjehemmen får handledning. Jourhem och familjehem. Projektet pågår."
    >>> distinctive_terms(text)
    ['familjehem']
    """
    common = common_words()
    counts: Counter[str] = Counter()
    upper: Counter[str] = Counter()  # capitalised inside a sentence: a name
    lower: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    sample = text[:80_000]
    for match in re.finditer(r"[A-Za-zÅÄÖåäöéüÉÜ]{5,}", sample):
        word = match.group().lower()
        folded = fold(word)
        stem = _stem(folded)
        if folded in common or stem in common:
            continue
        counts[stem] += 1
        forms.setdefault(stem, Counter())[word] += 1
        before = sample[max(0, match.start() - 2) : match.start()]
        if match.group()[0].isupper():
            if before and not re.search(r"(?:^|[.!?:]\s|\n)$", before) and before[-1:] != "\n":
                upper[stem] += 1
        else:
            lower[stem] += 1
    for stem in list(counts):
        if upper[stem] > lower[stem]:
            del counts[stem]  # a name (Björkhagen, Skolfam) says where, not what
    title_words = {_stem(fold(w)) for w in re.findall(r"\w{5,}", title.lower())}
    scored = []
    for stem, count in counts.items():
        if count < 2:
            continue
        score = count * (2.0 if stem in title_words else 1.0) * min(len(stem), 14) / 8
        scored.append((score, stem))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [forms[stem].most_common(1)[0][0] for _, stem in scored[:limit]]


_SUMMARY_HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:sammanfattning|summary|abstract)\s*:?\s*$", re.IGNORECASE
)


def find_summary(text: str) -> str | None:
    """Return the report's own summary: the text under its "Sammanfattning" heading.

    >>> find_summary("Innehåll\\nSammanfattning\\nProjektet gav en egen bostad åt tolv personer.\\n"
    ...              "De flesta av dem bor kvar ett år senare.\\n1. Bakgrund\\nText.")
    'Projektet gav en egen bostad åt tolv personer. De flesta av dem bor kvar ett år senare.'
    """
    lines = text[:60_000].split("\n")
    for i, line in enumerate(lines):
        if not _SUMMARY_HEADING.match(line):
            continue
        collected: list[str] = []
        for nxt in lines[i + 1 :]:
            stripped = nxt.strip()
            if collected and (is_body_start(stripped) or _looks_like_heading(stripped, collected)):
                break
            if "...." in stripped:
                break  # the "Sammanfattning" of a table of contents
            if stripped:
                collected.append(stripped)
            if sum(len(c) for c in collected) > SUMMARY_CHARS:
                break
        summary = " ".join(" ".join(collected).split())
        if len(summary) >= 80:
            return summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] if len(summary) > SUMMARY_CHARS else summary
    return None


def _looks_like_heading(line: str, collected: list[str]) -> bool:
    return (
        0 < len(line) <= 60
        and line[:1].isupper()
        and not line.endswith((".", ",", ":", ";"))
        and len(line.split()) <= 6
        and collected[-1].endswith((".", ":", "!", "?"))
    )
