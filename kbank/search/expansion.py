"""How one query word is read: the index terms it stands for, each with a kind and a weight.

A word the user types becomes a small, bounded set of ``Form``s, each an analysed term in one
index field, found by looking terms up in the index's own vocabulary (never by scanning it):

- ``ord``: the word's stem, folded (utvärderingen → utvardering), in every text field;
- ``böjning``: the verb/noun partner of the stem (utvärdering ↔ utvärder-ade) when the index has it;
- ``sammansättning``: the stem as a part of compounds (missbruk → missbruksvården), via the parts field;
- ``ocr``: shapes OCR gives the stem (utvdrder, 6vrig) that occur in the index;
- ``stavning``: for a word the index lacks, the nearest words within edit distance 1–2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kbank.analysis import ocr_variants, terms
from kbank.search.limits import MAX_VARIANT_CHARS, WORK_BUDGET
from kbank.textutil import fold

#: How much each kind of form counts, relative to the word itself.
KIND_WEIGHTS = {"ord": 1.0, "böjning": 0.8, "ocr": 0.6, "sammansättning": 0.45, "stavning": 0.5}
#: Words shorter than this get no OCR or spelling forms: too many short words are a letter apart.
MIN_VARIANT_LENGTH = 5
#: At most this many OCR forms and spelling forms per word (the search stays fast and focused).
MAX_OCR_FORMS = 6
MAX_SPELLING_FORMS = 2
#: A word found in at most this many documents is "little"; a much commoner near word is offered too.
LITTLE = 2


class Vocabulary(Protocol):
    """What expansion needs from the index: document counts and near terms."""

    def docs(self, field: str, term: str) -> int:
        """Return how many documents hold ``term`` in ``field``."""

    def near(self, field: str, term: str, maxdist: int) -> list[str]:
        """Return the terms of ``field`` within ``maxdist`` edits of ``term`` (same first letter)."""

    def starting(self, field: str, prefix: str, limit: int) -> list[str]:
        """Return up to ``limit`` terms of ``field`` that start with ``prefix``, in order."""


@dataclass(frozen=True)
class Form:
    """One index term a query word was read as."""

    term: str
    kind: str
    docs: int = 0

    @property
    def weight(self) -> float:
        return KIND_WEIGHTS[self.kind]


@dataclass
class Reading:
    """How one word was read: its forms, and a replacement when the index lacks it."""

    word: str
    stem: str
    exact: str
    forms: list[Form] = field(default_factory=list)
    #: spelling forms that replaced the word because it occurs nowhere
    replaced: bool = False
    #: spelling forms offered beside a word that occurs in few documents
    widened: bool = False
    #: the search's work budget was spent: no OCR or spelling forms were looked for
    truncated: bool = False

    @property
    def docs(self) -> int:
        return max((f.docs for f in self.forms if f.kind != "stavning"), default=0)

    def of_kind(self, kind: str) -> list[Form]:
        return [f for f in self.forms if f.kind == kind]


def _partner(stem: str) -> str | None:
    """The verb/noun partner of a stem: utvärdering ↔ utvärder, placering ↔ placer.

    >>> _partner("utvärdering"), _partner("utvärder"), _partner("barn")
    ('utvärder', 'utvärdering', None)
    """
    if stem.endswith("ering") and len(stem) > 7:
        return stem[:-3]
    if stem.endswith("er") and len(stem) > 5:
        return stem + "ing"
    return None


def read_word(text: str, vocab: Vocabulary) -> Reading | None:
    """Read one word the user typed; None for a stop word."""
    folded = terms(text, "stem_fold")
    if len(folded) != 1:
        return None
    stem, exact = folded[0], terms(text, "stem")[0]
    reading = Reading(text, stem, exact)
    seen = {stem}
    body = vocab.docs("body", stem)
    parts = vocab.docs("parts", stem)
    reading.forms.append(
        Form(stem, "ord", max(body, vocab.docs("title", stem), vocab.docs("keywords", stem)))
    )
    partner = _partner(exact)
    if partner is not None and (n := vocab.docs("body", fold(partner))):
        reading.forms.append(Form(fold(partner), "böjning", n))
        seen.add(fold(partner))
    if parts:
        reading.forms.append(Form(stem, "sammansättning", parts))
    if len(stem) > MAX_VARIANT_CHARS:
        return reading  # a word this long has no OCR shapes or misspellings worth their cost
    if getattr(vocab, "work", 0) > WORK_BUDGET:
        reading.truncated = True
        return reading
    if len(stem) >= MIN_VARIANT_LENGTH:
        found = 0
        for base in (exact, partner) if partner else (exact,):
            for variant in ocr_variants(base):
                if variant in seen or found >= MAX_OCR_FORMS:
                    continue
                seen.add(variant)
                if n := vocab.docs("body", variant):
                    reading.forms.append(Form(variant, "ocr", n))
                    found += 1
    if len(stem) >= MIN_VARIANT_LENGTH and reading.docs <= LITTLE:
        _spell(reading, vocab, seen)
    return reading


def max_distance(stem: str) -> int:
    """Edits allowed when correcting a word: 1 up to six letters, 2 from seven.

    >>> max_distance("barn"), max_distance("missbuk"), max_distance("familjhem")
    (1, 2, 2)
    """
    return 1 if len(stem) <= 6 else 2


def nearest(
    stem: str, vocab: Vocabulary, maxdist: int, fields=("body", "parts")
) -> list[tuple[int, int, str]]:
    """Return near terms as (distance, -documents, term), best first."""
    found: dict[str, tuple[int, int, str]] = {}
    # whoosh's automaton counts a swap of two letters as two edits; people make swaps all the time
    swaps = [stem[:i] + stem[i + 1] + stem[i] + stem[i + 2 :] for i in range(len(stem) - 1)]
    for name in fields:
        if found:
            break  # the parts field is asked only when the body has nothing near
        for term in [*vocab.near(name, stem, maxdist), *swaps]:
            if term == stem or len(term) < 3:
                continue
            docs = vocab.docs(name, term)
            if docs and (term not in found or -docs < found[term][1]):
                found[term] = (edit_distance(stem, term), -docs, term)
    return sorted(found.values())


#: For a suggestion only: how many terms sharing a word's first letters are compared with it.
LOOSE_CANDIDATES = 3000


def loose_nearest(stem: str, vocab: Vocabulary) -> str | None:
    """A suggestion for a word nothing is near: the commonest term one edit further off than a
    correction may go, among the terms sharing its first three letters (a bounded look).

    Not searched for, only offered ("Menade du …?").
    """
    limit = max_distance(stem) + 1
    if len(stem) > MAX_VARIANT_CHARS or getattr(vocab, "work", 0) > WORK_BUDGET:
        return None
    if limit > max(1, len(stem) // 3):
        return None
    best: tuple[int, int, str] | None = None
    for term in vocab.starting("body", stem[:3], LOOSE_CANDIDATES):
        if abs(len(term) - len(stem)) > limit:
            continue
        distance = edit_distance(stem, term)
        if distance <= limit and (docs := vocab.docs("body", term)):
            candidate = (distance, -docs, term)
            best = candidate if best is None or candidate < best else best
    return best[2] if best else None


def _spell(reading: Reading, vocab: Vocabulary, seen: set[str]) -> None:
    """Add spelling forms to a word the index lacks (replacing it) or has in few documents."""
    candidates = nearest(reading.stem, vocab, max_distance(reading.stem))
    if not candidates:
        return
    if reading.docs == 0:
        best = candidates[0][0]
        chosen = [c for c in candidates if c[0] == best][:MAX_SPELLING_FORMS]
        reading.replaced = True
    else:
        # a rare word keeps its hits; a near word in many more documents is searched for too
        chosen = [c for c in candidates if c[0] == 1 and -c[1] >= 5 * (reading.docs + 1)][:1]
        reading.widened = bool(chosen)
    for _, docs, term in chosen:
        if term not in seen:
            reading.forms.append(Form(term, "stavning", -docs))
            seen.add(term)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one).

    >>> edit_distance("missbuk", "missbruk"), edit_distance("hemlsöhet", "hemlöshet"), edit_distance("a", "b")
    (1, 1, 1)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
