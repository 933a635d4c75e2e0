"""Run the judged queries against kbank and against a plain-whoosh baseline; compute the metrics.

The baseline is what whoosh gives out of the box on the same extracted text and metadata:
``StemmingAnalyzer()`` over title and body, ``MultifieldParser`` with AND between words, and
the query's field syntax translated to whoosh's (``typ:`` → ``doc_type:``, ``år:a..b`` →
``year:[a TO b]``, ``titel:`` → ``title:``, ``dnr:`` → the Dnr as a phrase).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser

from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

from .corpus import Doc, build

QUERIES = Path(__file__).with_name("queries.toml")
CATEGORIES = ("exact", "inflection", "compound", "ocr", "misspelling", "field", "dnr", "nohit")
K = 10


@dataclass(frozen=True)
class Query:
    q: str
    category: str
    relevant: frozenset[str]


def load_queries(path: Path = QUERIES) -> list[Query]:
    """Read the judged queries."""
    data = tomllib.loads(path.read_text("utf-8"))
    return [Query(e["q"], e["category"], frozenset(e["relevant"])) for e in data["query"]]


def relevant_docs(query: Query, docs: list[Doc]) -> set[str]:
    """Expand project keys ("p03") to their reports ("p03/plan", "p03/slut")."""
    out = set()
    for ref in query.relevant:
        out |= {d.key for d in docs if d.key == ref or d.project == ref}
        if not out & {d.key for d in docs if d.key == ref or d.project == ref}:
            raise ValueError(f"{query.q}: no report {ref!r} in the evaluation archive")
    return out


def scores(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """MRR@10, recall@10 and nDCG@10 of one ranked list; a query with no relevant reports
    scores 1 on all three when nothing is returned and 0 otherwise.

    >>> scores(["a", "b", "c"], {"b"})
    (0.5, 1.0, 0.631)
    >>> scores([], set()), scores(["x"], set())
    ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    top = ranked[:K]
    if not relevant:
        value = 1.0 if not top else 0.0
        return value, value, value
    mrr = next((1 / (i + 1) for i, key in enumerate(top) if key in relevant), 0.0)
    recall = len(set(top) & relevant) / len(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(top) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return round(mrr, 3), round(recall, 3), round(dcg / ideal, 3)


@dataclass
class Outcome:
    query: Query
    ranked: list[str]
    relevant: set[str]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def metrics(self) -> tuple[float, float, float]:
        return scores(self.ranked, self.relevant)


class Evaluation:
    """The archive built and indexed once, with kbank and the baseline; queries run against both."""

    def __init__(self, workdir: Path):
        self.archive = workdir / "archive"
        self.docs = build(self.archive)
        self.settings = load_settings(archive=self.archive, index=workdir / "index")
        ingest(self.settings)
        self.bank = Bank(self.settings)
        by_path = {d.path: d.key for d in self.docs}
        self.key_of: dict[str, str] = {}
        for doc in self.bank.list().documents:
            known = [by_path[p] for p in doc.paths if p in by_path]
            if known:
                self.key_of[doc.id] = known[0]
        self.baseline = _Baseline(workdir / "baseline", self.bank, self.key_of)

    def close(self) -> None:
        self.bank.close()
        self.baseline.close()

    def ours(self, query: Query) -> Outcome:
        result = self.bank.search(query.q, limit=K)
        ranked = [self.key_of.get(h.id, h.id) for h in result.hits]
        return Outcome(query, ranked, relevant_docs(query, self.docs), result.suggestion, result.notes)

    def theirs(self, query: Query) -> Outcome:
        return Outcome(query, self.baseline.search(query.q), relevant_docs(query, self.docs))


class _Baseline:
    """whoosh's plain ``StemmingAnalyzer`` over the very texts and metadata kbank extracted."""

    def __init__(self, folder: Path, bank: Bank, key_of: dict[str, str]):
        folder.mkdir(parents=True, exist_ok=True)
        schema = Schema(
            key=ID(stored=True),
            title=TEXT(analyzer=StemmingAnalyzer()),
            content=TEXT(analyzer=StemmingAnalyzer()),
            keywords=TEXT(analyzer=StemmingAnalyzer()),
            unit=TEXT(analyzer=StemmingAnalyzer()),
            doc_type=ID,
            year=NUMERIC(bits=32),
            dnr=STORED,
        )
        self.ix = whoosh_index.create_in(str(folder), schema)
        writer = self.ix.writer()
        for doc in bank.list().documents:
            detail = bank.show(doc.id)
            writer.add_document(
                key=key_of.get(doc.id, doc.id),
                title=doc.title,
                content="\n".join([doc.title, *detail.pages]),
                keywords=", ".join(doc.keywords),
                unit=doc.unit or "",
                doc_type=doc.doc_type,
                year=doc.year or 0,
                dnr=doc.dnr,
            )
        writer.commit()
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "content"], self.ix.schema)

    def close(self) -> None:
        self.searcher.close()

    def search(self, text: str) -> list[str]:
        results = self.searcher.search(self.parser.parse(translate(text)), limit=K)
        return [hit["key"] for hit in results]


def translate(text: str) -> str:
    """Write kbank's field syntax in whoosh's query language, for the baseline.

    >>> translate("typ:slutrapport år:2014..2016 titel:hem dnr:SN 2014/311")
    'doc_type:slutrapport year:[2014 TO 2016] title:hem "SN 2014/311"'
    """
    text = re.sub(r"\btyp:(\S+)", lambda m: f"doc_type:{m.group(1).lower()}", text)
    text = re.sub(r"år:(\d{4})\.\.(\d{4})", r"year:[\1 TO \2]", text)
    text = re.sub(r"år:(\d{4})", r"year:\1", text)
    text = re.sub(r"\btitel:", "title:", text)
    text = re.sub(r"\bnyckelord:", "keywords:", text)
    text = re.sub(r"förvaltning:", "unit:", text)
    text = re.sub(r"\bdnr:(.+)$", lambda m: f'"{m.group(1).strip()}"', text)
    return text


def evaluate(evaluation: Evaluation, queries: list[Query]) -> dict[str, dict[str, list[Outcome]]]:
    """Run every query with kbank ("kbank") and the baseline ("baseline"), grouped by category."""
    out: dict[str, dict[str, list[Outcome]]] = {"kbank": defaultdict(list), "baseline": defaultdict(list)}
    for query in queries:
        out["kbank"][query.category].append(evaluation.ours(query))
        out["baseline"][query.category].append(evaluation.theirs(query))
    return out


def mean_metrics(outcomes: list[Outcome]) -> tuple[float, float, float]:
    """Mean MRR@10, recall@10 and nDCG@10."""
    if not outcomes:
        return 0.0, 0.0, 0.0
    rows = [o.metrics for o in outcomes]
    return tuple(round(sum(r[i] for r in rows) / len(rows), 3) for i in range(3))  # type: ignore[return-value]
