"""``--explain``: how a query was read and why the top hit ranked first."""

from __future__ import annotations

from whoosh import query as wq

from kbank.search.compile import Compiled, Compiler
from kbank.search.expansion import KIND_WEIGHTS
from kbank.search.rank import Reranker
from kbank.search.results import Explanation, Hit, reading_json


def explain_query(
    searcher, weighting, reranker: Reranker, compiled: Compiled, compiler: Compiler, hits: list[Hit]
) -> Explanation:
    """How a query was read and which clauses gave the top hit its score."""
    explanation = Explanation(
        fields=compiler.boosts | {"parts": KIND_WEIGHTS["sammansättning"]},
        words=[reading_json(r) for r in compiled.readings],
        query=str(compiled.query),
    )
    if not hits:
        return explanation
    top = hits[0]
    docnum = searcher.document_number(id=top.id)
    context = searcher.context(weighting=weighting)
    matches = []
    for leaf in [q for b in [compiled.query, *compiled.bonus] for q in positive_leaves(b)]:
        matcher = leaf.matcher(searcher, context)
        if not matcher.is_active():
            continue
        matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            field_name = getattr(leaf, "fieldname", "")
            text = getattr(leaf, "text", None) or " ".join(getattr(leaf, "words", []))
            kind = compiled.kinds.get((field_name, text), "fras" if isinstance(leaf, wq.Phrase) else "ord")
            matches.append(
                {"field": field_name, "term": text, "kind": kind, "score": round(matcher.score(), 3)}
            )
    matches.sort(key=lambda m: -m["score"])
    type_factor, newer = reranker.factors(docnum)
    explanation.top = {
        "id": top.id,
        "title": top.title,
        "score": round(top.score, 3),
        "text_score": round(sum(m["score"] for m in matches), 3),
        "type_factor": round(type_factor, 3),
        "newer_factor": round(newer, 3),
        "matches": matches,
    }
    return explanation


def positive_leaves(query: wq.Query):
    """The leaf queries that add to a score (not those under NOT)."""
    if isinstance(query, wq.Not):
        return
    children = list(query.children()) if query.is_leaf() is False else []
    if not children:
        yield query
        return
    for child in children:
        yield from positive_leaves(child)
