"""Swedish analysis for whoosh: stemming on the real letters, then folding å/ä/ö.

The schema pickles these analyzers into the index, so the classes here must stay
importable at this module path (``SCHEMA_VERSION`` changes when they change).
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from .textutil import fold

#: The Swedish stop list alone: ``StopFilter(lang="sv")`` would also drop English words.
SWEDISH_STOPWORDS = frozenset(stopwords_for_language("sv"))
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"


class FoldFilter(Filter):
    """Drop diacritics (å→a, ä→a, ö→o) after stemming, so typed and OCR forms match."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def _base():
    return (
        RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(stoplist=SWEDISH_STOPWORDS, minsize=1)
    )


def stem_fold_analyzer():
    """Stem Swedish, then fold diacritics: the recall field."""
    return _base() | StemFilter(lang="sv") | FoldFilter()


def stem_analyzer():
    """Stem Swedish on the real letters: the exact-spelling field that ranks above folded matches."""
    return _base() | StemFilter(lang="sv")


@lru_cache(maxsize=4096)
def _cached_terms(kind: str, word: str) -> tuple[str, ...]:
    analyzer = _ANALYZERS[kind]
    return tuple(t.text for t in analyzer(word))


_ANALYZERS = {"stem_fold": stem_fold_analyzer(), "stem": stem_analyzer()}


def terms(word: str, kind: str = "stem_fold") -> tuple[str, ...]:
    """Analyze a word or phrase the way the index does (``kind``: stem_fold or stem)."""
    return _cached_terms(kind, word)


def is_stopword(word: str) -> bool:
    """Tell whether a word is on the Swedish stop list."""
    return word.lower() in SWEDISH_STOPWORDS
