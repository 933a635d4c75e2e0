"""Spelling help: which words were read as other spellings, and "Menade du …?"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import islice

from whoosh import query as wq

from kbank.analysis import terms
from kbank.errors import QueryError
from kbank.search.expansion import Reading, Vocabulary, loose_nearest
from kbank.textutil import fold


def spelling_notes(readings: list[Reading], show: Callable[[str], str]) -> list[str]:
    """Notes that say which words were read as other spellings."""
    notes = []
    for reading in readings:
        spelled = [show(f.term) for f in reading.of_kind("stavning")]
        if not spelled:
            continue
        shown = " eller ".join(f"«{s}»" for s in spelled)
        if reading.replaced:
            notes.append(f"«{reading.word}» finns inte i rapporterna — sökte i stället efter {shown}")
        else:
            notes.append(f"«{reading.word}» finns i få rapporter — sökte också efter {shown}")
    return notes


def suggest(
    text: str,
    readings: list[Reading],
    total: int,
    vocab: Vocabulary,
    show: Callable[[str], str],
    hits_for: Callable[[str], int],
) -> str | None:
    """A corrected query ("Menade du …?") when words were corrected, or when nothing was found."""
    corrections: dict[str, str] = {}
    absent: list[str] = []
    for reading in readings:
        spelled = reading.of_kind("stavning")
        if spelled:
            corrections[reading.word] = show(spelled[0].term)
        elif total == 0 and reading.docs == 0 and len(reading.stem) >= 4:
            loose = loose_nearest(reading.stem, vocab)
            if loose:
                corrections[reading.word] = show(loose)
            else:
                absent.append(reading.word)
    for word, better in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
    if absent and len(absent) < len(readings):
        # some words occur and some occur nowhere: the words that do occur may be what was meant
        for word in absent:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "", text, count=1)
        text = " ".join(text.split())
        try:
            if text and hits_for(text):
                return text
        except QueryError:
            return None
        return None
    return text if corrections else None


def display(searcher, term: str, visible: Callable[[int], bool] = lambda docnum: True) -> str:
    """A word as the reports spell it for an analysed term (utvardering → utvärdering).

    Only reports the user may see (``visible``) are looked at: a hidden report's spelling is its own.
    """
    counts: Counter[str] = Counter()
    found = (d for d in searcher.docs_for_query(wq.Term("body", term)) if visible(d))
    for docnum in islice(found, 3):
        doc_id = searcher.stored_fields(docnum)["id"]
        for page in (searcher.document(id=f"t:{doc_id}") or {}).get("pages") or []:
            for word in re.findall(r"\w+", page):
                if len(word) >= len(term) - 2 and fold(word[:2]) == term[:2]:
                    stemmed = terms(word, "stem_fold")
                    if stemmed and stemmed[0] == term:
                        counts[word.lower()] += 1
    if not counts:
        return term
    # the commonest spelling; among equals the shortest (the base form, not an inflection)
    return min(counts, key=lambda w: (-counts[w], len(w), w))
