"""The whoosh schema of a kbank index and its version.

The schema is pickled into each index's TOC with its analyzers (``kbank.analysis``): those
classes keep their module path, or ``SCHEMA_VERSION`` goes up and every index is rebuilt.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kbank.analysis import parts_analyzer, stem_analyzer, stem_fold_analyzer

SCHEMA_VERSION = 5


def build_schema() -> Schema:
    """Return the schema of schema version ``SCHEMA_VERSION``."""
    stem_fold = stem_fold_analyzer()
    stem = stem_analyzer()
    return Schema(
        kind=ID(stored=True),
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        path=ID(stored=True),
        sha256=ID(stored=True),
        # searchable text: a stemmed+folded field for recall, a stemmed one for exact spelling
        title=TEXT(analyzer=stem_fold, stored=True, phrase=True),
        title_sv=TEXT(analyzer=stem, phrase=True),
        body=TEXT(analyzer=stem_fold, phrase=True),
        body_sv=TEXT(analyzer=stem, phrase=True),
        keywords=TEXT(analyzer=stem_fold, phrase=True),
        # the summary an editor wrote from the template (searched with its own boost)
        summary=TEXT(analyzer=stem_fold, phrase=True),
        summary_sv=TEXT(analyzer=stem, phrase=True),
        # the parts of compounds in title, keywords and body (missbruksvården → missbruk vard)
        parts=TEXT(analyzer=parts_analyzer(), phrase=False),
        unit_text=TEXT(analyzer=stem_fold),
        # filters and facets
        dnr_key=ID,
        dnr=STORED,
        doc_type=ID(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True, signed=False, bits=32),
        date=ID(stored=True, sortable=True),
        unit=ID(stored=True, sortable=True),
        areas=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        areas_col=ID(sortable=True),
        # editorial status and classification; "" when not set (the defaults apply at query time)
        status=ID(stored=True),
        classification=ID(stored=True),  # "a|b" in a column, for fast facet counts
        # stored only
        meta=STORED,
        pages=STORED,
        size=STORED,
        mtime_ns=STORED,
        reason=STORED,
        error=STORED,
    )
