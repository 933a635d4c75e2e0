"""Pre-analysed token streams: the workers run the Swedish analysis, the single writer only adds postings.

A ``doc`` record's text fields (title, body, keywords, summary, each folded and in exact
spelling, and the unit) cost the writer most of its time when it analyses them itself
(tokenising, stop words, Snowball, ``normalize_stem``, folding: BENCHMARKS.md, issue 18). A
worker that has just read a report runs the same analyzers (the schema's own, so what is
indexed cannot drift from what a search analyses) and sends each field's terms, in order, with
the report. The writer hands whoosh the term lists instead of the strings: whoosh indexes a
list value without its analyzer (``whoosh.formats.tokens`` → ``entoken``), giving the terms the
positions 0, 1, 2 … and the boost 1.0. The worker only sends a field's terms when the
analyzer's own tokens had exactly those positions and that boost, so the postings, positions,
weights and field lengths are the same as before (``tests/test_pretokens.py`` compares whole
indexes). Nothing in the schema or on disk changes: ``SCHEMA_VERSION`` stays.

The terms are used only for the texts they were made from: a fingerprint of the fields' texts
travels with them, and a record whose texts changed since (an editor's correction, a summary)
is analysed by the writer as before. The compound parts (``parts``) are already analysed terms
separated by spaces; the writer splits them as whoosh's tokenizer would.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import StemFilter

from kbank.analysis import FoldFilter
from kbank.index.records import text_fields
from kbank.index.schema import build_schema
from kbank.textutil import fold

#: The fields a worker analyses (``records.text_fields``).
FIELDS = ("title", "title_sv", "body", "body_sv", "keywords", "summary", "summary_sv", "unit_text")
#: whoosh's ``SpaceSeparatedTokenizer`` pattern (the ``parts`` field's analyzer)
_SPACE_TOKENS = re.compile(r"[^ \t\r\n]+")


@dataclass(frozen=True)
class Pretokens:
    """The analysed terms of a doc record's text fields, and the fingerprint of the texts."""

    digest: str
    terms: dict[str, list[str]]


def texts_digest(texts: dict[str, str]) -> str:
    """A fingerprint of the text fields: terms are used only for the texts they came from."""
    h = hashlib.blake2b(digest_size=16)
    for name in FIELDS:
        h.update(texts.get(name, "").encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@lru_cache(maxsize=1)
def _analyzers() -> dict:
    schema = build_schema()
    return {name: schema[name].analyzer for name in FIELDS}


def analyse_terms(name: str, text: str) -> list[str] | None:
    """The terms field ``name``'s analyzer makes of ``text``, in order; None when whoosh's list
    path would not give the same positions and boosts (then the writer analyses the text)."""
    out: list[str] = []
    append = out.append
    # the same arguments whoosh's Positions format passes when it indexes a string
    for expected, t in enumerate(_analyzers()[name](text, positions=True, boosts=True, mode="index")):
        if t.stopped or t.pos != expected or t.boost != 1.0:
            return None
        append(t.text)
    return out


#: folded field → its exact-spelling twin with the same text: the folded analyzer is the exact
#: one plus ``FoldFilter`` (``analysis.stem_fold_analyzer``), so its terms are the twin's, folded
_TWINS = {"title": "title_sv", "body": "body_sv", "summary": "summary_sv"}


def analyse(report, pages: list[str]) -> Pretokens:
    """Analyse a report's text fields, as the index would (runs in a worker).

    The body is analysed once: its folded terms are its exact-spelling terms, folded.
    """
    texts = text_fields(report, pages)
    terms: dict[str, list[str]] = {}
    folds: dict[str, str] = {}
    twins = _twins_fold()
    for name in FIELDS:
        twin = _TWINS.get(name) if twins else None
        if twin is not None and texts[twin] == texts[name]:
            continue  # made from the twin below
        found = analyse_terms(name, texts[name])
        if found is not None:
            terms[name] = found
    for name, twin in _TWINS.items():
        if name not in terms and twins and texts[twin] == texts[name] and twin in terms:
            terms[name] = [folds[t] if t in folds else folds.setdefault(t, fold(t)) for t in terms[twin]]
    return Pretokens(texts_digest(texts), terms)


@lru_cache(maxsize=1)
def _twins_fold() -> bool:
    """Tell whether each folded field's analyzer is its twin's followed by ``FoldFilter`` alone."""
    analyzers = _analyzers()
    for name, twin in _TWINS.items():
        folded: list = list(getattr(analyzers[name], "items", ()))
        exact: list = list(getattr(analyzers[twin], "items", ()))
        if len(folded) != len(exact) + 1 or not isinstance(folded[-1], FoldFilter):
            return False
        if [type(a) for a in folded[:-1]] != [type(a) for a in exact]:
            return False
        if any(vars(a) != vars(b) for a, b in zip(folded[:-1], exact, strict=True) if not _stemmer(a)):
            return False
        if any(
            _stemmer(a) and (a.lang, a.ignore) != (b.lang, b.ignore)
            for a, b in zip(folded[:-1], exact, strict=True)
        ):
            return False
    return True


def _stemmer(item) -> bool:
    return isinstance(item, StemFilter)


def with_pretokens(record: dict, pretokens: Pretokens | None) -> dict:
    """Return ``record`` with its text fields replaced by their analysed terms, when they were
    made from these very texts; a stored field keeps its text as the stored value."""
    if "parts" in record and isinstance(record["parts"], str):
        record = dict(record, parts=_SPACE_TOKENS.findall(record["parts"]))
    if pretokens is None or pretokens.digest != texts_digest(record):
        return record
    out = dict(record)
    for name, terms in pretokens.terms.items():
        if name in _STORED:
            out[f"_stored_{name}"] = record[name]
        out[name] = terms
    return out


#: text fields whose text is stored: whoosh stores ``_stored_<name>`` when it is given
_STORED = frozenset(name for name in FIELDS if build_schema()[name].stored)
