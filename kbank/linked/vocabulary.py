"""One vocabulary over several banks, so that a query is read as one index holding them all would read it.

A query word's forms depend on the vocabulary: a word that occurs in no report or in one or two
gets spelling guesses, OCR shapes are those that occur, ``missbruk*`` expands to the terms
there are. Read against a small bank alone, a word is rare more often than in all banks
together, and the bank would add guesses the combined index would not. ``SharedVocabulary``
answers each lookup with the sum (``docs``) or union (``near``, ``starting``) over the banks'
own vocabularies (which count only the reports the reader may see in each bank).

Whoosh readers are not safe to read from two threads at once: every bank's reader is read under
that bank's lock, which its own thread holds while it works (``federated``). A bank's search
reads the shared answers kept from the reading of the query and, for anything not kept (a
spelling suggestion after no hits), its own vocabulary: it never reads another bank's index.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from itertools import islice

from kbank.search.compile import IndexVocabulary


class SharedVocabulary:
    """The banks' vocabularies as one; each answer is kept, so that a bank's search repeats the
    reading of the query from memory instead of reading the other banks' indexes again."""

    def __init__(self, vocabularies: dict[str, IndexVocabulary], locks: Mapping[str, threading.RLock]):
        self.vocabularies = vocabularies
        self.locks = locks
        self.fields: set[str] = set().union(*(v.fields for v in vocabularies.values()))
        self.work = 0
        self._docs: dict[tuple[str, str], int] = {}
        self._near: dict[tuple[str, str, int], list[str]] = {}
        self._starting: dict[tuple[str, str, int], list[str]] = {}

    def docs(self, field: str, term: str) -> int:
        key = (field, term)
        if key not in self._docs:
            self.work += 1
            self._docs[key] = sum(self._each(lambda v: v.docs(field, term)))
        return self._docs[key]

    def near(self, field: str, term: str, maxdist: int) -> list[str]:
        key = (field, term, maxdist)
        if key not in self._near:
            self._near[key] = sorted(set().union(*self._each(lambda v: v.near(field, term, maxdist))))
        return self._near[key]

    def starting(self, field: str, prefix: str, limit: int) -> list[str]:
        key = (field, prefix, limit)
        if key not in self._starting:
            found = set().union(*self._each(lambda v: v.starting(field, prefix, limit)))
            self._starting[key] = list(islice(sorted(found), limit))
        return self._starting[key]

    def _each(self, ask) -> list:
        answers = []
        for bank_id, vocabulary in self.vocabularies.items():
            with self.locks[bank_id]:
                answers.append(ask(vocabulary))
        return answers

    def view(self, own: IndexVocabulary) -> BankView:
        """What one bank's search reads the query with: the shared answers, its own documents."""
        return BankView(self, own)


class BankView:
    """A bank's window on the shared vocabulary: lookups from the shared one (kept answers),
    visibility and the work budget of its own."""

    def __init__(self, shared: SharedVocabulary, own: IndexVocabulary):
        self.shared = shared
        self.own = own
        self.fields = shared.fields
        self.work = 0
        self.reader = own.reader
        self.hidden = own.hidden

    def docs(self, field: str, term: str) -> int:
        known = self.shared._docs.get((field, term))
        if known is None:
            self.work += 1
            return self.own.docs(field, term)
        return known

    def near(self, field: str, term: str, maxdist: int) -> list[str]:
        known = self.shared._near.get((field, term, maxdist))
        return known if known is not None else self.own.near(field, term, maxdist)

    def starting(self, field: str, prefix: str, limit: int) -> list[str]:
        known = self.shared._starting.get((field, prefix, limit))
        return known if known is not None else self.own.starting(field, prefix, limit)

    def visible(self, docnum: int) -> bool:
        return self.own.visible(docnum)
