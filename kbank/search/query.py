"""The query language people type, parsed into a small tree of plain dataclasses.

    utvärdering missbruk              all words required
    "trygg hemgång"                   a phrase
    hemlöshet OR bostadslöshet        either (also ELLER)
    barn NOT familjehem               exclude (also INTE, or -familjehem)
    utvärder*                         words starting with
    titel:slutrapport typ:utvärdering år:2014..2016 dnr:3.2-614/2013
    område:missbruk förvaltning:"Skärholmens stadsdelsförvaltning"

Operators are recognised in capitals only: "och", "eller" and "inte" in lower case are words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbank.errors import QueryError
from kbank.search import limits
from kbank.textutil import fold

#: Field names a person may type, in Swedish and English, to the field they mean.
TEXT_FIELDS = {
    "titel": "title", "title": "title", "rubrik": "title",
    "text": "body", "brodtext": "body", "innehall": "body", "body": "body",
    "nyckelord": "keywords", "keyword": "keywords", "keywords": "keywords", "sokord": "keywords",
    "sammanfattning": "summary", "summary": "summary",
}  # fmt: skip
FILTER_FIELDS = {
    "typ": "type", "type": "type", "dokumenttyp": "type",
    "dnr": "dnr", "diarienummer": "dnr", "diarienr": "dnr",
    "ar": "year", "year": "year", "artal": "year",
    "omrade": "area", "sakomrade": "area", "area": "area",
    "forvaltning": "unit", "unit": "unit", "enhet": "unit", "utgivare": "unit",
}  # fmt: skip
_SHOWN_FIELDS = "titel, text, nyckelord, sammanfattning, typ, dnr, år, område, förvaltning"

_OPERATORS = {"OR": "OR", "ELLER": "OR", "AND": "AND", "OCH": "AND", "NOT": "NOT", "INTE": "NOT"}


@dataclass(frozen=True)
class Word:
    """One word; ``prefix`` when typed with a trailing ``*``; ``field`` None means all text."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together in this order."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    """A metadata condition: type, dnr, year, area or unit."""

    field: str
    value: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Word | Phrase | Filter | And | Or | Not

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lpar>\() | (?P<rpar>\)) |
        (?P<neg>-)(?=[\w"(]) |
        (?P<field>[\wÅÄÖåäö]+):(?=\S) |
        "(?P<phrase>[^"]*)(?P<closed>"?) |
        (?P<dnr>[A-Za-zÅÄÖåäö]{1,5}\ ?(?:19|20)\d\d\ ?[./-]\ ?\d{1,6})(?![\w/]) |
        (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    value: str
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise QueryError(f"kan inte tolka sökfrågan vid tecken {pos + 1}: {text[pos : pos + 20]!r}")
        kind = match.lastgroup
        if match.group("phrase") is not None:
            if not match.group("closed"):
                raise QueryError('ett citattecken (") saknar sin avslutning')
            tokens.append(_Tok("phrase", match.group("phrase"), match.start()))
        elif kind == "dnr":
            # a Dnr typed with a space ("SN 2015/123") is one value, not two words
            tokens.append(_Tok("phrase", match.group("dnr"), match.start()))
        elif kind == "word" and match.group("word") in _OPERATORS:
            tokens.append(_Tok("op", _OPERATORS[match.group("word")], match.start()))
        elif kind == "word" and match.group("word").startswith("+") and len(match.group("word")) > 1:
            tokens.append(_Tok("word", match.group("word")[1:], match.start()))
        else:
            tokens.append(_Tok(str(kind), match.group(str(kind)), match.start()))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "rpar":
                raise QueryError("en slutparentes ')' saknar sin startparentes")
            raise QueryError(f"kan inte tolka sökfrågan vid {tok.value!r}")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.value == "OR":
            self.take()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_unary()]
        while (
            (tok := self.peek()) is not None
            and tok.kind != "rpar"
            and not (tok.kind == "op" and tok.value == "OR")
        ):
            if tok.kind == "op" and tok.value == "AND":
                self.take()
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError(self._dangling())
        if (tok.kind == "op" and tok.value == "NOT") or tok.kind == "neg":
            self.take()
            return Not(self.parse_unary())
        if tok.kind == "op":
            raise QueryError(f"{tok.value} måste stå mellan två sökord")
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.take()
        if tok.kind == "lpar":
            if (nxt := self.peek()) is not None and nxt.kind == "rpar":
                raise QueryError("tomma parenteser i sökfrågan")
            node = self.parse_or()
            if (end := self.peek()) is None or end.kind != "rpar":
                raise QueryError("en startparentes '(' saknar sin slutparentes")
            self.take()
            return node
        if tok.kind == "rpar":
            raise QueryError("en slutparentes ')' saknar sin startparentes")
        if tok.kind == "phrase":
            return _phrase(tok.value, None)
        if tok.kind == "field":
            return self.parse_field(tok)
        return _word(tok.value, None)

    def parse_field(self, tok: _Tok) -> Node:
        name = fold(tok.value)
        value_tok = self.peek()
        if value_tok is None or value_tok.kind not in ("word", "phrase"):
            raise QueryError(f"fältet {tok.value}: saknar ett värde")
        self.take()
        if name in TEXT_FIELDS:
            field = TEXT_FIELDS[name]
            if value_tok.kind == "phrase":
                return _phrase(value_tok.value, field)
            return _word(value_tok.value, field)
        if name in FILTER_FIELDS:
            if not value_tok.value.strip():
                raise QueryError(f"fältet {tok.value}: saknar ett värde")
            return Filter(FILTER_FIELDS[name], value_tok.value.strip())
        raise QueryError(
            f'okänt fält "{tok.value}:" — sökbara fält är {_SHOWN_FIELDS} '
            f'(skriv "{tok.value}" utan kolon för att söka på ordet)'
        )

    def _dangling(self) -> str:
        last = self.tokens[self.i - 1] if self.i else None
        if last is not None and last.kind == "op":
            return f"{last.value} i slutet av sökfrågan saknar ett sökord efter sig"
        if last is not None and last.kind == "neg":
            return "ett minustecken saknar ett sökord efter sig"
        return "sökfrågan är tom"


def _word(text: str, field: str | None) -> Word:
    prefix = text.endswith("*") and len(text.rstrip("*")) >= 2
    clean = text.rstrip("*") if prefix else text
    if "*" in clean:
        raise QueryError(f"jokertecken stöds bara i slutet av ett ord med minst två tecken: {text!r}")
    return Word(clean, field, prefix)


def _phrase(text: str, field: str | None) -> Phrase:
    if not text.strip():
        raise QueryError("tom fras inom citattecken")
    return Phrase(" ".join(text.split()), field)


def parse_query(text: str) -> Node:
    """Parse a query string; raise ``QueryError`` with a Swedish explanation when malformed.

    >>> parse_query("utvärdering missbruk")
    And(items=(Word(text='utvärdering', field=None, prefix=False), Word(text='missbruk', field=None, prefix=False)))
    >>> parse_query('typ:slutrapport "trygg hemgång"')
    And(items=(Filter(field='type', value='slutrapport'), Phrase(text='trygg hemgång', field=None)))
    >>> parse_query("barn -familjehem")
    And(items=(Word(text='barn', field=None, prefix=False), Not(item=Word(text='familjehem', field=None, prefix=False))))
    >>> parse_query("dnr:SN 2014/311 missbruk")
    And(items=(Filter(field='dnr', value='SN 2014/311'), Word(text='missbruk', field=None, prefix=False)))
    >>> parse_query('"trygg hemgång')
    Traceback (most recent call last):
    kbank.errors.QueryError: ett citattecken (") saknar sin avslutning
    """
    if not text or not text.strip():
        raise QueryError("sökfrågan är tom")
    limits.check_length(text)
    tokens = _tokenize(text)
    limits.check_nesting([(t.kind, t.value) for t in tokens])
    node = _Parser(tokens).parse()
    words: list[tuple[str, bool]] = []
    filters = _count_terms(node, words)
    limits.check_terms(words, filters)
    return node


def _count_terms(node: Node, words: list[tuple[str, bool]]) -> int:
    """Collect (text, prefix) of every word and phrase in ``words``; return the number of filters."""
    if isinstance(node, Word):
        words.append((node.text, node.prefix))
        return 0
    if isinstance(node, Phrase):
        words.extend((w, False) for w in node.text.split())
        return 0
    if isinstance(node, Filter):
        return 1
    if isinstance(node, Not):
        return _count_terms(node.item, words)
    return sum(_count_terms(item, words) for item in node.items)


def positive_words(node: Node) -> list[Word | Phrase]:
    """Return the words and phrases a hit should show (everything not under NOT)."""
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in positive_words(item)]
    return []


_YEAR_RANGE = re.compile(r"^\s*(\d{4})?\s*(?:\.\.|–|-)\s*(\d{4})?\s*$")


def parse_years(value: str) -> tuple[int | None, int | None]:
    """Read a year or a year range: ``2014``, ``2012..2015``, ``2012-2015``, ``..2015``.

    >>> parse_years("2014"), parse_years("2012..2015"), parse_years("2016..")
    ((2014, 2014), (2012, 2015), (2016, None))
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value), int(value)
    match = _YEAR_RANGE.match(value)
    if match and (match.group(1) or match.group(2)):
        low = int(match.group(1)) if match.group(1) else None
        high = int(match.group(2)) if match.group(2) else None
        if low is not None and high is not None and low > high:
            raise QueryError(f"årsintervallet {value} går baklänges: skriv {high}..{low}")
        return low, high
    raise QueryError(f"ogiltigt år {value!r}: skriv till exempel 2014 eller 2012..2015")
