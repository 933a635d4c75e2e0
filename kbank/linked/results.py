"""What a search, list or show over several banks returns: the single-bank shapes plus each bank.

``--json`` only adds fields: ``bank`` and ``bank_name`` on every hit and document, ``banks``
(the banks covered), ``skipped_banks`` (``[{"bank", "name", "reason", "message"}]``) and
``merge`` (how the banks' rankings were merged) on the whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kbank.bankconfig import LinkedBank
from kbank.linked.readers import Skipped
from kbank.search.results import CaseListResult, Document, Hit, ListResult, SearchResult

FACETS = ("doc_type", "area", "unit", "year")


@dataclass
class BankHit(Hit):
    """A hit labelled with the bank it came from."""

    bank: str = ""
    bank_name: str = ""

    def to_json(self) -> dict:
        return super().to_json() | {"bank": self.bank, "bank_name": self.bank_name}


@dataclass
class BankDocument(Document):
    """A listed document labelled with its bank."""

    bank: str = ""
    bank_name: str = ""

    def to_json(self) -> dict:
        return super().to_json() | {"bank": self.bank, "bank_name": self.bank_name}


def labelled(item: Document, bank: LinkedBank) -> Document:
    """The same hit or document, with its bank."""
    kind = BankHit if isinstance(item, Hit) else BankDocument
    return kind(**vars(item), bank=bank.id, bank_name=bank.name)


@dataclass
class Coverage:
    """The banks a command covered and the ones it skipped."""

    banks: list[LinkedBank] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    merge: str | None = None
    #: bank id -> hits (search) or documents (list) found there, for the usage log
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        data = {
            "banks": [{"bank": b.id, "name": b.name, "local": b.local} for b in self.banks],
            "skipped_banks": [s.to_json() for s in self.skipped],
            "bank_totals": dict(self.counts),
        }
        if self.merge:
            data["merge"] = self.merge
        return data


@dataclass
class FederatedSearch(SearchResult):
    """A search over several banks: one ranked list, facets summed."""

    coverage: Coverage = field(default_factory=Coverage)

    def to_json(self) -> dict:
        return super().to_json() | self.coverage.to_json()


@dataclass
class FederatedList(ListResult):
    coverage: Coverage = field(default_factory=Coverage)

    def to_json(self) -> dict:
        return super().to_json() | self.coverage.to_json()


@dataclass
class FederatedCases(CaseListResult):
    coverage: Coverage = field(default_factory=Coverage)

    def to_json(self) -> dict:
        return super().to_json() | self.coverage.to_json()


def merged_facets(parts: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    """Facet counts summed over banks, each facet's values most common first."""
    out: dict[str, dict[str, int]] = {}
    for name in FACETS:
        counts: Counter[str] = Counter()
        for facets in parts:
            counts.update(facets.get(name) or {})
        out[name] = dict(counts.most_common())
    return out
