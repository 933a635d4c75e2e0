"""Measure ``kbank overview`` against the methods archive's truth, and over the search evaluation's topic queries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .corpus import CEILING, PROJECTS, build, truth


@dataclass
class Row:
    """How the overview of one method did."""

    method: str
    query: str
    expected: int
    found: int
    correct: int
    status_right: int
    mentioned_expected: int
    mentioned_found: int
    misses: list[str]
    extras: list[str]
    wrong_status: list[str]
    headline: str

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def status_accuracy(self) -> float:
        return self.status_right / self.correct if self.correct else 1.0


def measure(workdir: Path) -> list[Row]:
    """Build and ingest the archive (ceiling "intern"), run an overview per method, compare with the truth."""
    from kbank.config import load_settings
    from kbank.ingest.run import ingest
    from kbank.metadata.dnr import dnr_key
    from kbank.search.bank import Bank
    from kbank.tasks.overview import overview

    archive = workdir / "archive"
    build(archive)
    settings = load_settings(
        archive=archive, index=workdir / "index", cwd=workdir, classification_ceiling=CEILING, usage_log=False
    )
    ingest(settings)
    key_of = {dnr_key(p.dnr): p.key for p in PROJECTS}
    rows = []
    with Bank(settings) as bank:
        for key, expected in truth().items():
            result = overview(bank, expected.method.query, mentions_limit=100)
            found = {key_of.get(dnr_key(p.case.dnr or ""), p.case.key): p.status for p in result.projects}
            mentioned = {key_of.get(dnr_key(p.case.dnr or ""), p.case.key) for p in result.mentioned}
            correct = set(found) & set(expected.projects)
            rows.append(
                Row(
                    method=key,
                    query=expected.method.query,
                    expected=len(expected.projects),
                    found=len(found),
                    correct=len(correct),
                    status_right=sum(found[k] == expected.projects[k] for k in correct),
                    mentioned_expected=len(expected.mentioned),
                    mentioned_found=len(mentioned & expected.mentioned),
                    misses=sorted(set(expected.projects) - set(found)),
                    extras=sorted(set(found) - set(expected.projects)),
                    wrong_status=sorted(
                        f"{k}: {found[k]} ≠ {expected.projects[k]}"
                        for k in correct
                        if found[k] != expected.projects[k]
                    ),
                    headline=result.headline,
                )
            )
    return rows


def totals(rows: list[Row]) -> tuple[float, float, float]:
    """Micro-averaged project recall, precision and status accuracy over all methods."""
    expected = sum(r.expected for r in rows)
    found = sum(r.found for r in rows)
    correct = sum(r.correct for r in rows)
    status = sum(r.status_right for r in rows)
    return correct / expected, correct / found if found else 1.0, status / correct if correct else 1.0


def measure_evaluation(workdir: Path, categories=("exact", "inflection", "compound", "ocr")) -> list[Row]:
    """The same measure over the search evaluation's judged topic queries, at the level of projects.

    A query's relevant projects are those its judgments name (a report names its project);
    status is not judged there, so ``status_right`` counts every found project.
    """
    from corpora.evaluation.run import Evaluation, load_queries
    from kbank.tasks.overview import overview

    evaluation = Evaluation(workdir)
    project_of = {d.key: d.project for d in evaluation.docs}
    rows = []
    try:
        for query in load_queries():
            if query.category not in categories:
                continue
            relevant = {project_of.get(ref, ref) for ref in query.relevant}
            result = overview(evaluation.bank, query.q, mentions_limit=100)
            found = set()
            for project in result.projects:
                keys = {
                    project_of[evaluation.key_of[d.id]]
                    for d in project.case.documents
                    if d.id in evaluation.key_of
                }
                found |= keys or {project.case.key}
            correct = found & relevant
            rows.append(
                Row(query.category, query.q, len(relevant), len(found), len(correct), len(correct), 0, 0,
                    sorted(relevant - found), sorted(found - relevant), [], result.headline)
            )  # fmt: skip
    finally:
        evaluation.close()
    return rows
