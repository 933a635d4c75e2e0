"""Hidden search text for the web edition: what Pagefind cannot derive by itself.

Pagefind stems Swedish (``lang="sv"``) but neither splits compounds nor folds å/ä/ö. So each
report page carries, in a hidden low-weight element, the parts of its compounds
(missbruksvården → missbruk vården) and the å/ä/ö-less spelling of its words (hemlöshet →
hemloshet), so that the web finds what ``kbank search`` finds.
"""

from __future__ import annotations

import re

from kbank.analysis import compound_words
from kbank.metadata.dnr import dnr_key
from kbank.textutil import fold

_WORD = re.compile(r"[^\W\d_]{3,}")
#: compounds are split from this length on (shorter words are rarely compounds)
MIN_COMPOUND = 7


def search_terms(*texts: str) -> str:
    """Compound parts and folded spellings of the words in ``texts``, each once.

    >>> search_terms("Missbruksvården i Älvdala")
    'missbruk vården missbruksvarden varden alvdala'
    """
    seen: set[str] = set()
    out: list[str] = []

    def add(word: str) -> None:
        if word not in seen:
            seen.add(word)
            out.append(word)

    originals = {w.lower() for t in texts for w in _WORD.findall(t)}
    for word in dict.fromkeys(w.lower() for t in texts for w in _WORD.findall(t)):
        parts = compound_words(word) if len(word) >= MIN_COMPOUND else ()
        for part in parts:
            if part not in originals:
                add(part)
        for form in (word, *parts):
            folded = fold(form)
            if folded != form and folded not in originals:
                add(folded)
    return " ".join(out)


def dnr_terms(dnr: str | None) -> str:
    """The pieces of a Dnr in the spellings registries use, so "SN 2015/123" finds "SN 2015/0123".

    >>> dnr_terms("ÄN 2011/0058")
    'än 2011 0058 an 58 058'
    """
    if not dnr:
        return ""
    pieces = re.findall(r"[^\W_]+", dnr.lower()) + dnr_key(dnr).split("-")
    for number in list(pieces):
        if number.isdigit() and len(number) < 4:
            pieces += [number.zfill(4), number.zfill(3)]
        elif number.isdigit() and number.startswith("0"):
            pieces += [number.lstrip("0") or "0", number[1:]]
    return " ".join(dict.fromkeys(pieces))
