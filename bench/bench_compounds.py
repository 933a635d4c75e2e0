"""Compare the two ways to find a word inside compounds: word-list splitting vs an n-gram sub-field.

python -m bench.bench_compounds                 # quality on the evaluation archive
python -m bench.bench_compounds --scale 3000    # plus 3,000 synthetic reports, for time and size

Both variants index the evaluation archive's extracted texts (title and body, stemmed and
folded as kbank does) plus one extra field, and answer the judged compound, inflection and
no-hit queries by "the word itself OR the word inside a compound":

- parts: the compound parts kbank's splitter finds with the Swedish word list (the shipped design);
- 4-grams: every folded word as its 4-letter grams, all at the word's position; a query word
  matches a word holding all of its grams (whoosh ``SpanNear2`` with slop 0, distance 0).

Printed: recall@10, MRR@10 and precision@10 per category, hits for words found nowhere, the
extra field's share of the index, and the time per query.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from whoosh import index as whoosh_index  # noqa: E402
from whoosh import query as wq  # noqa: E402
from whoosh.analysis import NgramFilter, RegexTokenizer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.query.spans import SpanNear2  # noqa: E402

from corpora.evaluation.run import Evaluation, load_queries, relevant_docs, scores  # noqa: E402
from kbank.analysis import FoldFilter, compound_parts, parts_analyzer, stem_fold_analyzer, terms  # noqa: E402
from kbank.textutil import fold  # noqa: E402

GRAM = 4


class SameWord(SpanNear2):
    """All grams at one position; works around whoosh 2.7.4's SpanNear2._and_query (a NameError)."""

    def _and_query(self):
        return wq.And(self.qs)


def grams_analyzer():
    return RegexTokenizer(r"\w+") | FoldFilter() | NgramFilter(GRAM, GRAM)


def synthetic_texts(count: int) -> list[str]:
    """Report-like texts: one topic's sentences each, asides and made-up compounds (as bench_search_latency)."""
    import random

    from corpora.evaluation.corpus import COMMON, PROJECTS

    rng = random.Random(7)
    sentences = [s for p in PROJECTS for s in p.topic] + list(COMMON)
    words = sorted({w.lower() for s in sentences for w in s.split() if w.isalpha() and len(w) > 4})
    texts = []
    for n in range(count):
        own = list(PROJECTS[n % len(PROJECTS)].topic) + list(COMMON)
        body = " ".join([*(rng.choice(own) for _ in range(40)), *(rng.choice(sentences) for _ in range(3))])
        texts.append(body + " " + " ".join(rng.choice(words) + "s" + rng.choice(words) for _ in range(25)))
    return texts


def build(folder: Path, evaluation: Evaluation, variant: str, extra_texts: list[str]):
    folder.mkdir()
    extra = (
        TEXT(analyzer=parts_analyzer())
        if variant == "parts"
        else TEXT(analyzer=grams_analyzer(), phrase=True)
    )
    ix = whoosh_index.create_in(
        str(folder), Schema(key=ID(stored=True), body=TEXT(analyzer=stem_fold_analyzer()), extra=extra)
    )
    writer = ix.writer()
    for doc in evaluation.bank.list().documents:
        text = "\n".join([doc.title, *evaluation.bank.show(doc.id).pages])
        value = compound_parts(text) if variant == "parts" else text
        writer.add_document(key=evaluation.key_of.get(doc.id, doc.id), body=text, extra=value)
    for n, text in enumerate(extra_texts):
        writer.add_document(
            key=f"s{n}", body=text, extra=compound_parts(text) if variant == "parts" else text
        )
    writer.commit()
    return ix


def word_query(word: str, variant: str) -> wq.Query:
    stem = terms(word)[0]
    if variant == "parts":
        inside = wq.Term("extra", stem, boost=0.45)
    else:
        folded = fold(word.lower())
        grams = sorted({folded[i : i + GRAM] for i in range(max(1, len(folded) - GRAM + 1))})
        inside = SameWord([wq.Term("extra", g) for g in grams], slop=0, ordered=False, mindist=0)
        inside.boost = 0.45
    return wq.Or([wq.Term("body", stem), inside])


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=0, help="add this many synthetic reports")
    args = parser.parse_args()
    extra_texts = synthetic_texts(args.scale)
    queries = [
        q for q in load_queries() if q.category in ("compound", "inflection", "nohit") and " " not in q.q
    ]
    with tempfile.TemporaryDirectory() as tmp:
        evaluation = Evaluation(Path(tmp))
        print(f"{len(evaluation.docs)} judged reports + {args.scale} synthetic ones\n")
        print("| variant | category | queries | recall@10 | MRR@10 | precision@10 | ms per query |")
        print("|---|---|---|---|---|---|---|")
        sizes = {}
        for variant in ("parts", "4-grams"):
            folder = Path(tmp) / variant
            ix = build(folder, evaluation, variant, extra_texts)
            sizes[variant] = sum(f.stat().st_size for f in folder.iterdir())
            with ix.searcher() as searcher:
                for category in ("compound", "inflection", "nohit"):
                    rows, times, precision = [], [], []
                    for q in (q for q in queries if q.category == category):
                        started = time.perf_counter()
                        ranked = [h["key"] for h in searcher.search(word_query(q.q, variant), limit=10)]
                        times.append((time.perf_counter() - started) * 1000)
                        relevant = relevant_docs(q, evaluation.docs)
                        rows.append(scores(ranked, relevant))
                        if relevant:
                            precision.append(len(set(ranked) & relevant) / max(1, min(10, len(ranked))))
                        else:
                            precision.append(0.0 if ranked else 1.0)
                    n = len(rows)
                    print(
                        f"| {variant} | {category} | {n} | {sum(r[1] for r in rows) / n:.3f} | "
                        f"{sum(r[0] for r in rows) / n:.3f} | {statistics.mean(precision):.3f} | {statistics.median(times):.1f} |"
                    )
        evaluation.close()
    print()
    for variant, size in sizes.items():
        print(f"index with the {variant} field: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
