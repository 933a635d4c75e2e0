"""What one query may cost: bounds on its length, words, nesting and expansion, and a work budget.

The resident search process and the web edition serve many people; one query must not keep
them busy without bound. A query past a hard bound is refused with one Swedish line (exit
code 2). Below them, each search counts its *work* — index terms looked up and postings read
while words are expanded into their forms — and once ``WORK_BUDGET`` is spent, the remaining
words are searched as typed, without OCR and spelling forms: the best results found so far
are returned and the output says the search was cut short (``truncated``).
"""

from __future__ import annotations

from kbank.errors import QueryError

#: Characters in a whole query.
MAX_QUERY_CHARS = 1000
#: Characters in one word: no Swedish word is near this (the longest in SAOL has about 40).
MAX_WORD_CHARS = 80
#: Words, phrases and filters in one query.
MAX_TERMS = 32
#: Parentheses inside parentheses, and NOT after NOT.
MAX_DEPTH = 8
#: Words with a trailing * in one query, and the index terms one of them may stand for.
MAX_PREFIXES = 4
MAX_PREFIX_TERMS = 5000
#: Words longer than this get no OCR shapes or spelling corrections (their cost grows with length).
MAX_VARIANT_CHARS = 30
#: Work units (term lookups and postings read while expanding words) one search may spend.
WORK_BUDGET = 60_000


def check_length(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"sökfrågan är för lång ({len(text)} tecken, högst {MAX_QUERY_CHARS})")


def check_nesting(kinds: list[tuple[str, str]]) -> None:
    """Refuse parentheses or NOT nested deeper than ``MAX_DEPTH`` (before parsing recurses into them)."""
    depth = negations = 0
    for kind, value in kinds:
        if kind == "lpar":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"sökfrågan har för många parenteser i varandra (högst {MAX_DEPTH})")
        elif kind == "rpar":
            depth = max(0, depth - 1)
        if (kind == "op" and value == "NOT") or kind == "neg":
            negations += 1
            if negations > MAX_DEPTH:
                raise QueryError(f"sökfrågan har för många NOT i rad (högst {MAX_DEPTH})")
        elif kind != "lpar":
            negations = 0


def check_terms(words: list[tuple[str, bool]], filters: int) -> None:
    """Refuse too many words, a word too long or too many prefix words; ``words`` is (text, prefix)."""
    if len(words) + filters > MAX_TERMS:
        raise QueryError(f"sökfrågan har för många sökord ({len(words) + filters}, högst {MAX_TERMS})")
    for text, _ in words:
        if len(text) > MAX_WORD_CHARS:
            raise QueryError(
                f"ordet «{text[:20]}…» är för långt ({len(text)} tecken, högst {MAX_WORD_CHARS})"
            )
    prefixes = sum(1 for _, prefix in words if prefix)
    if prefixes > MAX_PREFIXES:
        raise QueryError(f"sökfrågan har för många ord med * ({prefixes}, högst {MAX_PREFIXES})")


def too_many_prefix_terms(word: str) -> QueryError:
    return QueryError(
        f"{word}* passar för många ord i indexet (fler än {MAX_PREFIX_TERMS}): skriv fler bokstäver före *"
    )
