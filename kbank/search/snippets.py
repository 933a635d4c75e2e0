"""Snippets: the passage of a report that best shows why it matched, with every matched form marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kbank.analysis import terms
from kbank.textutil import fold

SNIPPET_CHARS = 240
#: A compound match needs this much of a word beside the part (våld|sutsatta, partner|våld).
_COMPOUND_REST = 3
_WORDLIKE = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_WORD_TAIL = re.compile(r"\w+")


@dataclass(frozen=True)
class Matcher:
    """Finds the words of a page that match the query's forms, for snippets.

    ``stems`` maps each analysed term (stems, inflections, OCR and spelling forms) to the query
    word it stands for; ``parts`` does the same for compound parts; ``prefixes`` for ``ord*``.
    """

    stems: dict[str, int]
    parts: dict[str, int]
    prefixes: tuple[tuple[str, int], ...] = ()

    @cached_property
    def _compiled(self) -> re.Pattern | None:
        return self._pattern()

    @cached_property
    def _keys(self) -> tuple[str, ...] | None:
        """The keys alone, when they are plain word characters: the words holding one are
        exactly what ``_pattern`` matches, found without trying the pattern at every word."""
        keys = {s[:4] for s in self.stems} | {p[:4] for p in self.parts} | {p[:4] for p, _ in self.prefixes}
        if not keys or not all(_WORDLIKE.fullmatch(k) for k in keys):
            return None
        return tuple(sorted(keys))

    def _words(self, folded: str):
        """(start, end) of each word of ``folded`` that holds a key, in order."""
        keys = self._keys
        if keys is None:
            pattern = self._compiled
            if pattern is not None:
                for match in pattern.finditer(folded):
                    yield match.start(), match.end()
            return
        # every place a key occurs, each key found by str.find (a regex alternation of the keys
        # tries them at every character); those inside a word already given are skipped below
        places = []
        for key in keys:
            at = folded.find(key)
            while at >= 0:
                places.append(at)
                at = folded.find(key, at + 1)
        places.sort()
        end = 0
        for at in places:
            if at < end:
                continue  # inside the word already given
            start = at
            while start > 0 and _WORD_CHAR.match(folded, start - 1):
                start -= 1
            word = _WORD_TAIL.match(folded, at)
            end = word.end() if word else at + 1
            yield start, end

    @cached_property
    def _seen(self) -> dict[tuple[str, str], int | None]:
        """What ``match`` said of each word already met (a hit's pages repeat their words)."""
        return {}

    def _pattern(self) -> re.Pattern | None:
        keys = {s[:4] for s in self.stems} | {p[:4] for p in self.parts} | {p[:4] for p, _ in self.prefixes}
        if not keys:
            return None
        return re.compile(r"(?<!\w)\w*?(?:" + "|".join(map(re.escape, sorted(keys))) + r")\w*")

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """Return (start, end, query word) for every matching word of ``text``.

        >>> m = Matcher({"missbruk": 0}, {"missbruk": 0, "vald": 1})
        >>> t = "Missbruket och våldsutsatta i missbruksvården, men inte valde."
        >>> [t[s:e] for s, e, _ in m.spans(t)]
        ['Missbruket', 'våldsutsatta', 'missbruksvården']
        """
        if self._compiled is None:
            return []
        folded = fold(text)
        found = []
        seen = self._seen
        for start, end in self._words(folded):
            original, word = text[start:end], folded[start:end]
            key = (original, word)
            if key in seen:
                group = seen[key]
            else:
                group = seen[key] = self.match(original, word)
            if group is not None:
                found.append((start, end, group))
        return found

    def match(self, word: str, folded: str) -> int | None:
        """Return the query word that ``word`` (and its folded form) matches, or None."""
        stemmed = terms(word, "stem_fold")
        if stemmed and stemmed[0] in self.stems:
            return self.stems[stemmed[0]]
        for part, group in self.parts.items():
            at = folded.find(part)
            while at >= 0:
                if at >= _COMPOUND_REST or len(folded) - at - len(part) >= _COMPOUND_REST:
                    return group
                at = folded.find(part, at + 1)
        for prefix, group in self.prefixes:
            if folded.startswith(prefix):
                return group
        return None


def make_snippet(
    pages: list[str], matcher: Matcher, chars: int = SNIPPET_CHARS
) -> tuple[str, list[tuple[int, int]], int]:
    """Choose the page and passage with most distinct matches; return (snippet, spans, page index)."""
    best: tuple[tuple[int, int], int] | None = None
    for index, page in enumerate(pages):
        # scored on the page as stored: runs of white space neither join nor split words,
        # so the words (and the score) are those of the page with its spaces collapsed
        spans = matcher.spans(page)
        if not spans:
            continue
        score = (len({s[2] for s in spans}), len(spans))
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        first = next(((i, " ".join(p.split())) for i, p in enumerate(pages) if p.strip()), (0, ""))
        return _cut(first[1], 0, chars), [], first[0]
    _, index = best
    text = " ".join(pages[index].split())
    spans = matcher.spans(text)
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


def _best_window(spans: list[tuple[int, int, int]], chars: int) -> int:
    """The start of the span whose window (``chars * 3 // 4`` from it) holds the most distinct
    query words, then the most matches; the first such. Spans are in order and do not overlap,
    so a window's spans are a run from its first one: two pointers, one pass.

    >>> _best_window([(0, 3, 0), (10, 13, 0), (200, 203, 1), (205, 209, 0)], 40)
    200
    """
    best_start, best_score = spans[0][0], (0, 0)
    groups: dict[int, int] = {}
    end = 0  # spans[i:end] are inside the window of span i
    for i, (start, _, _) in enumerate(spans):
        limit = start + chars * 3 // 4
        while end < len(spans) and spans[end][1] <= limit:
            groups[spans[end][2]] = groups.get(spans[end][2], 0) + 1
            end += 1
        score = (len(groups), end - i)
        if score > best_score:
            best_start, best_score = start, score
        if end > i:  # span i leaves the window of the next span
            group = spans[i][2]
            groups[group] -= 1
            if not groups[group]:
                del groups[group]
        else:
            end = i + 1
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
