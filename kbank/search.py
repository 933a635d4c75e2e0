"""Search, list and show: whoosh queries from the parsed query tree, filters, facets, snippets."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh import sorting

from .analysis import terms
from .areas import resolve_area
from .config import Settings
from .errors import DocumentNotFound, IndexDamaged, QueryError
from .index import open_index
from .metadata import DOC_TYPES, dnr_key, normalise_dnr, normalise_doc_type
from .query import And, Filter, Node, Not, Phrase, Word, parse_query, parse_years, positive_words
from .textutil import fold

#: How much a match in each field counts, relative to the body text.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "body": 1.0}
#: Extra weight for a match in the real spelling (å/ä/ö as typed) over a folded one.
EXACT_BONUS = 0.5
SNIPPET_CHARS = 240
_TYPE_RANK = {"slutrapport": 0, "utvärdering": 1, "delrapport": 2, "projektplan": 3, "other": 4}
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")


# --------------------------------------------------------------------------- plain results


@dataclass
class Filters:
    """The metadata filters of ``search`` and ``list``; several values of one kind mean OR."""

    types: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    dnrs: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A document as ``list`` shows it; ``Hit`` adds score, snippet and page."""

    id: str
    path: str
    paths: list[str]
    dnr: str | None
    title: str
    doc_type: str
    date: str | None
    year: int | None
    unit: str | None
    areas: list[str]
    keywords: list[str]

    def to_json(self) -> dict:
        return {
            "id": self.id, "path": self.path, "paths": self.paths, "dnr": self.dnr,
            "title": self.title, "doc_type": self.doc_type, "date": self.date, "year": self.year,
            "unit": self.unit, "areas": self.areas, "keywords": self.keywords,
        }  # fmt: skip


@dataclass
class Hit(Document):
    """A ranked search result with the passage that matched."""

    score: float = 0.0
    snippet: str = ""
    #: [start, end) character spans of matched words inside ``snippet``
    highlights: list[tuple[int, int]] = field(default_factory=list)
    page: int | None = None

    def to_json(self) -> dict:
        return super().to_json() | {
            "score": round(self.score, 3),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "page": self.page,
        }


@dataclass
class SearchResult:
    """Everything ``kbank search`` reports."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
        }


@dataclass
class FileInfo:
    """One archive path of a document, as the index recorded it."""

    path: str
    size: int
    mtime_ns: int


@dataclass
class DocumentDetail:
    """Everything ``kbank show`` reports about one document."""

    document: Document
    meta: dict
    files: list[FileInfo]
    pages: list[str]
    paged: bool
    properties: dict[str, str]
    summary: str | None = None
    same_dnr: list[str] = field(default_factory=list)

    @property
    def text_chars(self) -> int:
        return sum(len(p) for p in self.pages)

    def preview(self, chars: int = 800) -> str:
        text = "\n".join(line for line in "\n".join(self.pages).splitlines() if line.strip())
        return text[:chars].rstrip() + ("…" if len(text) > chars else "")

    def to_json(self) -> dict:
        meta = self.meta
        return self.document.to_json() | {
            "sha256": meta.get("sha256"),
            "dnr_raw": meta.get("dnr_raw"),
            "contact": meta.get("contact"),
            "project": meta.get("project"),
            "indexed": meta.get("indexed"),
            "page_count": len(self.pages) if self.paged else None,
            "text_chars": self.text_chars,
            "files": [{"path": f.path, "size": f.size, "mtime_ns": f.mtime_ns} for f in self.files],
            "properties": self.properties,
            "summary": self.summary,
            "same_dnr": self.same_dnr,
            "text_preview": self.preview(),
        }


@dataclass
class ListResult:
    total: int
    documents: list[Document]

    def to_json(self) -> dict:
        return {"total": self.total, "documents": [d.to_json() for d in self.documents]}


# --------------------------------------------------------------------------- compiling queries


def _word_query(word: Word) -> wq.Query | None:
    fields = [word.field] if word.field else list(FIELD_BOOSTS)
    if word.prefix:
        stem = fold(word.text)
        return wq.Or([wq.Prefix(f, stem, boost=FIELD_BOOSTS[f]) for f in fields])
    folded = terms(word.text, "stem_fold")
    if not folded:
        return None  # a stop word
    if len(folded) > 1:
        return _phrase_query(Phrase(word.text, word.field), dnr_too=word.field is None)
    exact = terms(word.text, "stem")
    parts: list[wq.Query] = []
    for f in fields:
        parts.append(wq.Term(f, folded[0], boost=FIELD_BOOSTS[f]))
        if f in ("title", "body"):
            parts.append(wq.Term(f"{f}_sv", exact[0], boost=FIELD_BOOSTS[f] * EXACT_BONUS))
    return wq.Or(parts)


def _phrase_query(phrase: Phrase, dnr_too: bool = True) -> wq.Query | None:
    folded = list(terms(phrase.text, "stem_fold"))
    if not folded:
        return None
    if len(folded) == 1:
        return _word_query(Word(phrase.text, phrase.field))
    exact = list(terms(phrase.text, "stem"))
    fields = [phrase.field] if phrase.field else list(FIELD_BOOSTS)
    parts: list[wq.Query] = []
    for f in fields:
        parts.append(wq.Phrase(f, folded, boost=FIELD_BOOSTS[f]))
        if f in ("title", "body"):
            parts.append(wq.Phrase(f"{f}_sv", exact, boost=FIELD_BOOSTS[f] * EXACT_BONUS))
    dnr = normalise_dnr(phrase.text) if dnr_too else None
    if dnr is not None:
        parts.append(wq.Term("dnr_key", dnr.key, boost=5.0))
    return wq.Or(parts)


def _filter_query(name: str, value: str) -> wq.Query:
    if name == "type":
        doc_type = normalise_doc_type(value)
        if doc_type not in DOC_TYPES:
            shown = ", ".join(t if t != "other" else "övrigt" for t in DOC_TYPES)
            raise QueryError(f"okänd dokumenttyp {value!r}: välj bland {shown}")
        return wq.Term("doc_type", doc_type)
    if name == "area":
        return wq.Term("areas", resolve_area(value).lower())
    if name == "unit":
        words = terms(value, "stem_fold")
        if not words:
            raise QueryError(f"förvaltningen {value!r} innehåller inga sökbara ord")
        return wq.And([wq.Term("unit_text", w) for w in words])
    if name == "dnr":
        return wq.Term("dnr_key", dnr_key(value))
    if name == "year":
        low, high = parse_years(value)
        return wq.NumericRange("year", low if low is not None else 1, high)
    raise QueryError(f"okänt filter {name}")


def compile_query(node: Node) -> wq.Query | None:
    """Turn a parsed query into a whoosh query; None when only stop words remain."""
    if isinstance(node, Word):
        return _word_query(node)
    if isinstance(node, Phrase):
        return _phrase_query(node)
    if isinstance(node, Filter):
        return _filter_query(node.field, node.value)
    if isinstance(node, Not):
        inner = compile_query(node.item)
        return None if inner is None else wq.Not(inner)
    parts = [q for q in (compile_query(item) for item in node.items) if q is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return wq.And(parts) if isinstance(node, And) else wq.Or(parts)


def compile_filters(filters: Filters) -> wq.Query:
    """Return the whoosh filter for ``filters``, restricted to document records."""
    clauses: list[wq.Query] = [wq.Term("kind", "doc")]
    for name, values in (
        ("type", filters.types),
        ("area", filters.areas),
        ("unit", filters.units),
        ("dnr", filters.dnrs),
        ("year", filters.years),
    ):
        if values:
            options = [_filter_query(name, v) for v in values]
            clauses.append(options[0] if len(options) == 1 else wq.Or(options))
    return wq.And(clauses)


# --------------------------------------------------------------------------- snippets


@dataclass(frozen=True)
class _Matcher:
    """Finds the words of a page that match the query's words, for snippets."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def from_query(cls, node: Node) -> _Matcher:
        stems, prefixes = set(), []
        for item in positive_words(node):
            if isinstance(item, Word) and item.prefix:
                prefixes.append(fold(item.text))
            else:
                stems.update(terms(item.text, "stem_fold"))
        return cls(frozenset(stems), tuple(prefixes))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, matched term) for every matching word of ``text``."""
        if not self.stems and not self.prefixes:
            return []
        folded = fold(text)
        starts = sorted({s[:4] for s in self.stems} | {p[:4] for p in self.prefixes})
        candidate = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, starts)) + r")\w*")
        found = []
        for match in candidate.finditer(folded):
            word = text[match.start() : match.end()]
            stemmed = terms(word, "stem_fold")
            if stemmed and stemmed[0] in self.stems:
                found.append((match.start(), match.end(), stemmed[0]))
            elif any(match.group().startswith(p) for p in self.prefixes):
                found.append((match.start(), match.end(), match.group()[:8]))
        return found


def make_snippet(
    pages: list[str], matcher: _Matcher, chars: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]], int]:
    """Choose the page and passage with most distinct matches; return (snippet, spans, page index)."""
    best: tuple[tuple[int, int], int, str, list] | None = None
    for index, page in enumerate(pages):
        text = " ".join(page.split())
        spans = matcher.spans(text)
        if not spans:
            continue
        score = (len({s[2] for s in spans}), len(spans))
        if best is None or score > best[0]:
            best = (score, index, text, spans)
    if best is None:
        first = next(((i, " ".join(p.split())) for i, p in enumerate(pages) if p.strip()), (0, ""))
        return _cut(first[1], 0, chars), [], first[0]
    _, index, text, spans = best
    start = _best_window(spans, chars)
    begin = max(0, start - chars // 4)
    begin = _word_start(text, begin)
    end = min(len(text), begin + chars)
    end = _word_end(text, end)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[begin:end] + suffix
    shift = len(prefix) - begin
    highlights = [(s + shift, e + shift) for s, e, _ in spans if s >= begin and e <= end]
    return snippet, highlights, index


def _best_window(spans: list[tuple[int, int, str]], chars: int) -> int:
    best_start, best_score = spans[0][0], (0, 0)
    for i, (start, _, _) in enumerate(spans):
        inside = [s for s in spans[i:] if s[1] <= start + chars * 3 // 4]
        score = (len({s[2] for s in inside}), len(inside))
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = text.rfind(" ", 0, pos)
    return space + 1 if space >= 0 and pos - space < 30 else pos


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.find(" ", pos)
    return space if space >= 0 and space - pos < 30 else pos


def _cut(text: str, begin: int, chars: int) -> str:
    end = _word_end(text, min(len(text), begin + chars))
    return text[begin:end] + ("…" if end < len(text) else "")


# --------------------------------------------------------------------------- the bank


class Bank:
    """An open index for searching, listing and showing; open once per process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.ix = open_index(settings.index)
        try:
            self.searcher = self.ix.searcher()
        except Exception as exc:  # noqa: BLE001 - a damaged segment raises many types
            raise IndexDamaged(
                f"indexet går inte att läsa ({type(exc).__name__}): kör kbank reindex"
            ) from None
        self._paths: dict[str, list[str]] | None = None

    def close(self) -> None:
        self.searcher.close()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- search

    def search(self, text: str, filters: Filters | None = None, limit: int = 10) -> SearchResult:
        """Run a query with filters; return ranked hits with snippets and facet counts."""
        node = parse_query(text)
        compiled = compile_query(node)
        notes: list[str] = []
        filter_q = compile_filters(filters or Filters())
        if compiled is None:
            notes.append("sökfrågan innehåller bara vanliga småord (stoppord) och gav inga sökbara ord")
            return SearchResult(text, 0, [], _empty_facets(), None, notes)
        if self.searcher.doc_count_all() == 0:
            return SearchResult(text, 0, [], _empty_facets(), None, notes)  # an empty index has no columns
        try:
            # the facets are counted in the same pass over the matches as the ranking
            results = self.searcher.search(
                compiled, filter=filter_q, limit=max(1, limit), groupedby=_facet_groups()
            )
            total = len(results)
            matcher = _Matcher.from_query(node)
            hits = [self._hit(r.docnum, r.score, matcher) for r in results[:limit]]
            facets = _facets(results)
        except FileNotFoundError as exc:
            raise IndexDamaged(
                f"indexet saknar en fil ({Path(exc.filename or '').name}): kör kbank reindex"
            ) from None
        return SearchResult(text, total, hits, facets, None, notes)

    def _hit(self, docnum: int, score: float, matcher: _Matcher) -> Hit:
        stored = self.searcher.stored_fields(docnum)
        doc = self._document(stored)
        text = self.searcher.document(id=f"t:{doc.id}") or {}
        pages = text.get("pages") or []
        paged = (text.get("meta") or {}).get("paged", True)
        snippet, spans, index = make_snippet(pages, matcher)
        return Hit(
            **vars(doc),
            score=score,
            snippet=snippet,
            highlights=spans,
            page=index + 1 if paged and pages else None,
        )

    # -- list

    def list(self, filters: Filters | None = None, limit: int | None = None) -> ListResult:
        """Return documents matching the filters, newest first."""
        filter_q = compile_filters(filters or Filters())
        self._load_all_paths()
        docs = [
            self._document(self.searcher.stored_fields(n)) for n in self.searcher.docs_for_query(filter_q)
        ]
        docs.sort(key=lambda d: (d.date or "", d.year or 0, d.title.lower()), reverse=True)
        docs.sort(key=lambda d: d.date is None and d.year is None)
        return ListResult(len(docs), docs[:limit] if limit else docs)

    # -- show

    def show(self, ref: str) -> DocumentDetail:
        """Find one document by id (or id prefix), archive path or Dnr."""
        stored, same_dnr = self._resolve(ref.strip())
        doc = self._document(stored)
        text = self.searcher.document(id=f"t:{doc.id}") or {}
        files = [
            FileInfo(f["path"], f.get("size", 0), f.get("mtime_ns", 0))
            for f in self.searcher.documents(kind="file", doc_id=doc.id)
        ]
        meta = (stored.get("meta") or {}) | {"sha256": stored.get("sha256")}
        return DocumentDetail(
            document=doc,
            meta=meta,
            files=sorted(files, key=lambda f: f.path),
            pages=text.get("pages") or [],
            paged=(text.get("meta") or {}).get("paged", True),
            properties=(text.get("meta") or {}).get("properties", {}),
            same_dnr=[i for i in same_dnr if i != doc.id],
        )

    def _resolve(self, ref: str) -> tuple[dict, list[str]]:
        if not ref:
            raise DocumentNotFound("ange ett dokument-id, en sökväg eller ett Dnr")
        if re.fullmatch(r"[0-9a-f]{4,64}", ref.lower()):
            found = [d for d in self.searcher.documents(kind="doc") if d["id"].startswith(ref.lower()[:16])]
            if len(found) == 1:
                return found[0], []
            if len(found) > 1:
                raise DocumentNotFound(f"id-början {ref} passar {len(found)} dokument: skriv fler tecken")
        path = self._archive_relative(ref)
        record = self.searcher.document(id=f"f:{path}")
        if record is not None:
            if not record.get("doc_id"):
                raise DocumentNotFound(f"{path} kunde inte läsas vid indexeringen: {record.get('error')}")
            doc = self.searcher.document(id=record["doc_id"])
            if doc is not None:
                return doc, []
        dnr = normalise_dnr(ref) or normalise_dnr(ref, from_folder=True)
        key = dnr.key if dnr else dnr_key(ref)
        found = list(self.searcher.documents(kind="doc", dnr_key=key))
        if found:
            found.sort(key=lambda d: d.get("date") or "", reverse=True)
            found.sort(key=lambda d: _TYPE_RANK.get(d.get("doc_type"), 9))  # final reports first
            return found[0], [d["id"] for d in found]
        raise DocumentNotFound(
            f"hittar inget dokument med id, sökväg eller Dnr {ref!r}: sök med kbank search"
        )

    def _archive_relative(self, ref: str) -> str:
        candidate = Path(ref).expanduser()
        if candidate.exists():
            try:
                return candidate.resolve().relative_to(self.settings.archive.resolve()).as_posix()
            except ValueError:
                pass
        return ref.replace("\\", "/").lstrip("./") if ref.startswith("./") else ref.replace("\\", "/")

    # -- shared

    def _document(self, stored: dict) -> Document:
        meta = stored.get("meta") or {}
        paths = self._paths_of(stored["id"]) or [stored.get("path", "")]
        return Document(
            id=stored["id"],
            path=paths[0],
            paths=paths,
            dnr=stored.get("dnr"),
            title=stored.get("title") or meta.get("title") or paths[0],
            doc_type=stored.get("doc_type") or "other",
            date=stored.get("date") or None,
            year=stored.get("year") or None,
            unit=stored.get("unit") or None,
            areas=list(meta.get("areas") or []),
            keywords=list(meta.get("keywords") or []),
        )

    def _paths_of(self, doc_id: str) -> list[str]:
        if self._paths is not None:
            return self._paths.get(doc_id, [])
        # by doc_id alone: adding kind="file" would read that term's postings, one per file
        records = self.searcher.documents(doc_id=doc_id)
        return sorted(r["path"] for r in records if r.get("kind") == "file")

    def _load_all_paths(self) -> None:
        """Read every file record once, for listing many documents."""
        paths: dict[str, list[str]] = defaultdict(list)
        for record in self.searcher.documents(kind="file"):
            if record.get("doc_id"):
                paths[record["doc_id"]].append(record["path"])
        self._paths = {k: sorted(v) for k, v in paths.items()}


#: facet name -> the column it counts
_FACET_COLUMNS = {"doc_type": "doc_type", "area": "areas_col", "unit": "unit", "year": "year"}


def _facet_groups() -> dict:
    return {
        name: sorting.FieldFacet(column, maptype=sorting.Count) for name, column in _FACET_COLUMNS.items()
    }


def _facets(results) -> dict[str, dict[str, int]]:
    """Turn whoosh's per-column counts into the facets of the contract."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for name in _FACET_COLUMNS:
        for value, n in results.groups(name).items():
            if name == "area":
                for area in filter(None, (value or "").split("|")):  # several areas in one column value
                    counts["area"][area] += n
            elif name == "doc_type" or value:
                counts[name][str(value) if name == "year" else value] += n
    return {name: dict(counts[name].most_common()) for name in _FACET_COLUMNS}


def _empty_facets() -> dict[str, dict[str, int]]:
    return {"doc_type": {}, "area": {}, "unit": {}, "year": {}}
