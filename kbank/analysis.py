"""Swedish analysis for whoosh: stemming on the real letters, then folding å/ä/ö; compounds; OCR forms.

The schema pickles these analyzers into the index, so the classes here must stay
importable at this module path (``SCHEMA_VERSION`` changes when they change).

Three things go beyond whoosh's Snowball stemmer:

- ``normalize_stem``: Snowball keeps the definite ``-et`` (missbruket, barnet, hemmet); we strip it.
- ``compound_parts``: compounds are split at ingest into the words they are made of
  (missbruksvården → missbruk, vård), using a Swedish word list (``lexicon``) and the
  document's own words, with the linking -s-/-e-/-a-/-u-/-o- and truncated -a/-e handled.
  The parts go into their own field, so a search for "missbruk" finds "missbruksvården".
- ``ocr_variants``: the shapes OCR gives a stem (ä→d/i/é, ö→6/o, rn↔m …), for lookup in the index.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    SpaceSeparatedTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language

from kbank.textutil import fold

#: The Swedish stop list alone: ``StopFilter(lang="sv")`` would also drop English words.
SWEDISH_STOPWORDS = frozenset(stopwords_for_language("sv"))
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
#: Words long enough to be compounds (two parts of at least three letters and more).
_LONG_WORD = re.compile(r"[^\W\d_]{7,}")
_VOWELS = frozenset("aeiouyåäöéè")
_UNDOUBLE = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def normalize_stem(stem: str) -> str:
    """Finish Snowball's Swedish stem: drop a definite ``-et`` and a doubled final ``m``.

    Applied to index and query alike, so forms of one word meet:

    >>> [normalize_stem(s) for s in ["missbruket", "projektet", "hemmet", "familjehemm", "gymnasiet", "vet"]]
    ['missbruk', 'projek', 'hem', 'familjehem', 'gymnasiet', 'vet']
    """
    if len(stem) >= 5 and stem.endswith("et") and stem[-3] not in _VOWELS:
        stem = stem[:-2]
        if stem.endswith(_UNDOUBLE):
            stem = stem[:-1]  # Snowball's own step 2, which ran before the -et was gone
    if len(stem) >= 4 and stem.endswith("mm"):
        stem = stem[:-1]
    return stem


class NormalizeFilter(Filter):
    """Apply ``normalize_stem`` after the Snowball stemmer."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = normalize_stem(t.text)
            yield t


class FoldFilter(Filter):
    """Drop diacritics (å→a, ä→a, ö→o) after stemming, so typed and OCR forms match."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def _base():
    return (
        RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | StopFilter(stoplist=SWEDISH_STOPWORDS, minsize=1)
    )


def stem_fold_analyzer():
    """Stem Swedish, then fold diacritics: the recall field."""
    return _base() | StemFilter(lang="sv") | NormalizeFilter() | FoldFilter()


def stem_analyzer():
    """Stem Swedish on the real letters: the exact-spelling field that ranks above folded matches."""
    return _base() | StemFilter(lang="sv") | NormalizeFilter()


def parts_analyzer():
    """Split on spaces only: the compound-parts field holds terms ``compound_parts`` already analysed."""
    return SpaceSeparatedTokenizer()


@lru_cache(maxsize=16384)
def _cached_terms(kind: str, word: str) -> tuple[str, ...]:
    analyzer = _ANALYZERS[kind]
    return tuple(t.text for t in analyzer(word))


_ANALYZERS = {"stem_fold": stem_fold_analyzer(), "stem": stem_analyzer()}


def terms(word: str, kind: str = "stem_fold") -> tuple[str, ...]:
    """Analyze a word or phrase the way the index does (``kind``: stem_fold or stem)."""
    return _cached_terms(kind, word)


def is_stopword(word: str) -> bool:
    """Tell whether a word is on the Swedish stop list."""
    return word.lower() in SWEDISH_STOPWORDS


# --------------------------------------------------------------------------- the word list

#: Where a Swedish Hunspell dictionary may be: the ``hunspell-sv`` package, then the system's.
SYSTEM_DICTIONARIES = (
    Path("/usr/share/hunspell/sv_SE.dic"),
    Path("/usr/share/myspell/sv_SE.dic"),
    Path("/usr/share/myspell/dicts/sv_SE.dic"),
)
_EXTRA_WORDS = Path(__file__).parent / "data" / "ordlista.txt"


def dictionary_path() -> Path | None:
    """Return the Swedish Hunspell word list to split compounds with, or None when there is none."""
    import importlib.metadata  # here, not at import: a search never needs it (~5 ms)

    try:
        for f in importlib.metadata.files("hunspell-sv") or ():
            if f.name == "sv_SE.dic":
                path = Path(str(f.locate()))
                if path.is_file():
                    return path
    except importlib.metadata.PackageNotFoundError:
        pass
    return next((p for p in SYSTEM_DICTIONARIES if p.is_file()), None)


@dataclass(frozen=True)
class Lexicon:
    """A Swedish word list, folded: every word, and those that may end a compound (Hunspell's flag)."""

    words: Container[str]
    heads: Container[str]


@dataclass(frozen=True)
class _Either:
    """Membership in either of two sets, without copying the big one."""

    first: Container[str]
    second: Container[str]

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second


def read_word_list(lines: Iterable[str], head_flag: str | None = "Y") -> Lexicon:
    """Read Hunspell ``.dic`` lines (``word/FLAGS``) or plain lines into a folded ``Lexicon``.

    With ``head_flag``, only words carrying that flag (Hunspell's COMPOUNDEND) may end a compound;
    a line without flags may always.

    >>> lex = read_word_list(["3", "missbruk/ABDY", "Våld/ABvY", "het/bOPQ", "fel/%", "# x", "x-y", "jour"])
    >>> sorted(lex.words), sorted(lex.heads)
    (['het', 'jour', 'missbruk', 'vald'], ['jour', 'missbruk', 'vald'])
    """
    words, heads = set(), set()
    for line in lines:
        word, slash, flags = line.strip().partition("/")
        if "%" in flags or not word.isalpha() or len(word) < 2:
            continue  # forbidden words, counts, comments, abbreviations with dots
        folded = fold(word)
        words.add(folded)
        if head_flag is None or not slash or head_flag in flags:
            heads.add(folded)
    return Lexicon(frozenset(words), frozenset(heads))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Return the Swedish word list: Hunspell's when installed, plus kbank's own additions.

    Reading the Hunspell file takes ~0.5 s; the folded result is kept in the user's cache
    folder (``$XDG_CACHE_HOME/kbank``, else ``~/.cache/kbank``) and loads from there in ~0.06 s,
    for every ingest and worker that splits compounds. A missing, stale or damaged cache file
    is rebuilt; one that cannot be written is simply not kept.
    """
    path = dictionary_path()
    cached = _lexicon_cache_file(path)
    if cached is not None:
        try:
            words, heads = marshal.loads(cached.read_bytes())
            return Lexicon(words, heads)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    words: set[str] = set()
    heads: set[str] = set()
    if path is not None:
        with path.open(encoding="utf-8", errors="replace") as fh:
            found = read_word_list(fh)
        words |= found.words
        heads |= found.heads
    extra = read_word_list(_EXTRA_WORDS.read_text("utf-8").splitlines())
    lex = Lexicon(frozenset(words | extra.words), frozenset(heads | extra.heads))
    if cached is not None:
        _write_quietly(cached, marshal.dumps((lex.words, lex.heads)))
    return lex


#: Changes when ``read_word_list`` or ``fold`` read the same files differently.
LEXICON_VERSION = 1


def _lexicon_cache_file(dictionary: Path | None) -> Path | None:
    """The cache file for this dictionary, word list and Python (None when there is no cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home().is_dir() else None)
    if base is None:
        return None
    key = hashlib.sha256()
    for source in (dictionary, _EXTRA_WORDS):
        if source is not None and source.is_file():
            st = source.stat()
            key.update(f"{source}|{st.st_size}|{st.st_mtime_ns}|".encode())
    key.update(f"{LEXICON_VERSION}|{marshal.version}|{sys.version_info[:2]}".encode())
    return Path(base) / "kbank" / f"ordlista-{key.hexdigest()[:16]}.marshal"


def _write_quietly(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


# --------------------------------------------------------------------------- compounds

MIN_PART = 4
#: Three-letter words that are common compound parts; other three-letter entries of a big word
#: list (abbreviations, rare words: "att", "uts", "are") would split ordinary words apart.
SHORT_PARTS = frozenset(
    "hem liv tid hus mat vag rad lag man fru lan rum dag mal bil djur far mor son dotter ord".split()
)
MAX_PARTS = 4
#: A word the list itself holds is split after a shorter first part only where a linking letter shows the seam.
MIN_PART_OF_KNOWN = 5
#: Words that look like a compound's last part but are mostly suffixes (utvärde-ring, person-alen).
FALSE_HEADS = frozenset(
    "ring ning ling ingen inga ande ende else are aren arna erna orna alen het heten".split()
)
_LINKS = "seauo"
_HEAD_SUFFIXES = sorted(
    "arnas ernas ornas arna erna orna andet ande ende aren erna ens ets are ade het ad at na "
    "ar er or en et de te da ta ts ns s a e n t".split(),
    key=len,
    reverse=True,
)
_ENDINGS = frozenset(["", *_HEAD_SUFFIXES])


def _long_enough(piece: str) -> bool:
    return len(piece) >= MIN_PART or piece in SHORT_PARTS


def _modifier(piece: str, known: Container[str]) -> str | None:
    """The word a compound's first or middle piece stands for (missbruks → missbruk, skol → skola)."""
    if len(piece) < 3:
        return None
    if _long_enough(piece) and piece in known:
        return piece
    if piece[-1] in _LINKS and _long_enough(piece[:-1]) and piece[:-1] in known:
        return piece[:-1]
    for end in "ae":
        if _long_enough(piece) and piece + end in known:
            return piece + end
    if len(piece) > MIN_PART and piece[-1] in "uo" and piece[:-1] + "a" in known:
        return piece[:-1] + "a"  # gatu-, människo-
    return None


def _head(piece: str, known: Container[str]) -> bool:
    """Tell whether a compound's last piece is a word, in any inflection (vården, hemmet, utsatta)."""
    if len(piece) < 3 or any(piece.startswith(f) and piece[len(f) :] in _ENDINGS for f in FALSE_HEADS):
        return False
    if _long_enough(piece) and piece in known:
        return True
    for suffix in _HEAD_SUFFIXES:
        if piece.endswith(suffix) and len(piece) - len(suffix) >= 3:
            base = piece[: -len(suffix)]
            if base in FALSE_HEADS:
                continue
            if _long_enough(base) and (base in known or base + "a" in known or base + "e" in known):
                return True
            if len(base) > 3 and base[-1] == base[-2] and _long_enough(base[:-1]) and base[:-1] in known:
                return True  # hemm-et, programm-en
    return False


def split_compound(word: str, lex: Lexicon) -> list[tuple[int, int, str]] | None:
    """Split a folded lower-case word into pieces (start, end, lemma); None when it is no compound.

    The split with the fewest pieces wins, then the one with the longest first piece. Only a
    word the list allows at the end of a compound can be the last piece.

    >>> words = frozenset({"missbruk", "vard", "familjehem", "placera", "vald", "utsatt", "skola", "gang", "svald"})
    >>> lex = Lexicon(words, words - {"svald"})
    >>> [w[s:e] for w in ["missbruksvarden"] for s, e, _ in split_compound(w, lex)]
    ['missbruks', 'varden']
    >>> [lemma for _, _, lemma in split_compound("skolgang", lex)]
    ['skola', 'gang']
    >>> split_compound("utvardering", lex) is None
    True
    """
    n = len(word)
    if n < 7:
        return None
    known, heads = lex.words, lex.heads
    whole_known = word in known
    # a known word plus an ending (personal-en) must not lose its own end to the last piece (person-alen)
    stem_end = next(
        (n - len(s) for s in ("", *_HEAD_SUFFIXES) if word.endswith(s) and word[: n - len(s)] in known), n
    )
    memo: dict[int, tuple | None] = {}

    def best_from(i: int) -> tuple | None:
        if i in memo:
            return memo[i]
        best = ((i, n, word[i:]),) if 0 < i <= stem_end - MIN_PART and _head(word[i:], heads) else None
        for j in range(n - 3, i + 2, -1):
            if best is not None and len(best) <= 2:
                break  # nothing beats a head after this piece
            lemma = _modifier(word[i:j], known)
            if lemma is None or (whole_known and len(lemma) < MIN_PART_OF_KNOWN and lemma == word[i:j]):
                continue  # a listed word is cut after a short part only at a linking -s- (vålds|utsatta, not miss|brukare)
            rest = best_from(j)
            if rest is None or len(rest) + 1 > MAX_PARTS:
                continue
            candidate = ((i, j, lemma),) + rest
            if best is None or len(candidate) < len(best):
                best = candidate
        memo[i] = best
        return best

    found = best_from(0)
    return list(found) if found and len(found) >= 2 else None


def _real_lemma(original: str, start: int, end: int, lemma_folded: str, folded_piece: str) -> str:
    """Carry a lemma found on folded letters back to the real letters of the word."""
    piece = original[start:end]
    if lemma_folded == folded_piece:
        return piece
    if lemma_folded == folded_piece[:-1]:
        return piece[:-1]
    if lemma_folded.startswith(folded_piece):
        return piece + lemma_folded[len(folded_piece) :]
    return piece[:-1] + lemma_folded[-1]


@lru_cache(maxsize=50_000)
def _parts_of(word: str) -> tuple[str, ...]:
    """Analysed compound parts of one lower-case word, by the word list alone (cached).

    50,000 words (~10 MB) hold an archive's common words; every worker that splits keeps one.
    """
    return _parts_with(word, lexicon())


def _parts_with(word: str, lex: Lexicon) -> tuple[str, ...]:
    folded = fold(word)
    pieces = split_compound(folded, lex)
    if not pieces:
        return ()
    found: list[str] = []
    for start, end, lemma in pieces:
        real = _real_lemma(word, start, end, lemma, folded[start:end])
        if end == len(word):
            real = word[start:]  # the head keeps its inflection; the stemmer deals with it
        found.extend(terms(real, "stem_fold"))
    return tuple(dict.fromkeys(p for p in found if len(p) >= 3))


@lru_cache(maxsize=100_000)
def compound_words(word: str) -> tuple[str, ...]:
    """The parts of one compound in real letters, unstemmed, by the word list alone; () for no compound.

    For indexers that stem on their own (the web edition's search text).

    >>> compound_words("Missbruksvården")
    ('missbruk', 'vården')
    """
    low = word.lower()
    folded = fold(low)
    pieces = split_compound(folded, lexicon())
    if not pieces:
        return ()
    found = [
        low[start:] if end == len(low) else _real_lemma(low, start, end, lemma, folded[start:end])
        for start, end, lemma in pieces
    ]
    return tuple(dict.fromkeys(p for p in found if len(p) >= 3))


def compound_parts(text: str) -> str:
    """Return the analysed parts of the compounds in ``text``, one per occurrence, space-separated.

    The word list is the Swedish lexicon plus the text's own words, so a report's own terms
    ("Skolfam") split its compounds ("Skolfammodellen") too.

    >>> compound_parts("Missbruksvården och missbruksvården, men inte personalen.")
    'missbruk vard missbruk vard'
    """
    counts = Counter(w.lower() for w in _LONG_WORD.findall(text))
    local: Lexicon | None = None
    out: list[str] = []
    for word, count in counts.items():
        parts = _parts_of(word)
        if not parts and not _head(fold(word), lexicon().words):
            # a word the list lacks may still be made of the report's own words (Skolfam|s|modellen)
            if local is None:
                own = frozenset(
                    fold(w.lower()) for w in _TOKEN_RE.findall(text) if len(w) >= 4 and w.isalpha()
                )
                local = Lexicon(_Either(lexicon().words, own), _Either(lexicon().heads, own))
            parts = _parts_with(word, local)
        for _ in range(count):
            out.extend(parts)
    return " ".join(out)


# --------------------------------------------------------------------------- OCR shapes

#: What OCR makes of Swedish letters (seen in scanned municipal reports), folded as the index folds.
OCR_LETTERS = {
    "ä": ("a", "d", "i", "e", "4"),
    "å": ("a", "e", "d", "i"),
    "ö": ("o", "6", "e", "0"),
}
#: Letters a diacritic-less query may have lost a diacritic from, and what OCR makes of the original.
_FOLDED_OCR = {"a": ("d", "i", "e", "4"), "o": ("6", "e", "0")}
#: Shapes OCR confuses regardless of language.
OCR_SHAPES = (
    ("rn", "m"),
    ("m", "rn"),
    ("l", "1"),
    ("l", "i"),
    ("i", "l"),
    ("cl", "d"),
    ("ii", "u"),
    ("u", "ii"),
)
MAX_OCR_VARIANTS = 80


def ocr_variants(stem: str, limit: int = MAX_OCR_VARIANTS) -> list[str]:
    """Return the folded shapes a stem could have in a badly scanned text (one or two letters changed).

    >>> v = ocr_variants("utvärder")
    >>> "utvdrder" in v and "utvirder" in v and "utvarder" not in v
    True
    >>> "6vrig" in ocr_variants("övrig") and "6vrig" in ocr_variants("ovrig")
    True
    """
    options: list[tuple[int, tuple[str, ...]]] = []
    for i, ch in enumerate(stem):
        if ch in OCR_LETTERS:
            options.append((i, tuple(o for o in OCR_LETTERS[ch] if o != fold(ch))))
        elif ch in _FOLDED_OCR:
            options.append((i, _FOLDED_OCR[ch]))
    base = list(fold(stem))
    found: dict[str, None] = {}
    for i, alts in options:
        for alt in alts:
            one = base.copy()
            one[i] = alt
            found["".join(one)] = None
    # past the limit one shape per letter pair is still added (as always), but no more is
    # looked at than the result can hold: the pairs grow with the square of the word's length
    enough = limit + 9
    for a, (i, alts) in enumerate(options):
        if len(found) >= enough:
            break
        for j, alts_j in options[a + 1 :]:
            if len(found) >= enough:
                break
            for alt in alts:
                for alt_j in alts_j:
                    two = base.copy()
                    two[i], two[j] = alt, alt_j
                    found["".join(two)] = None
                    if len(found) >= limit:
                        break
    folded = "".join(base)
    for old, new in OCR_SHAPES:
        start = folded.find(old)
        while start >= 0 and len(found) < limit + 8:
            found[folded[:start] + new + folded[start + len(old) :]] = None
            start = folded.find(old, start + 1)
    found.pop(folded, None)
    return [v for v in list(found)[: limit + 8] if len(v) >= 3]
