"""Hidden search text for the web edition: what Pagefind cannot derive by itself.

Pagefind stems Swedish (``lang="sv"``) but neither splits compounds nor folds å/ä/ö. So each
report page carries, in a hidden low-weight element, the parts of its compounds
(missbruksvården → missbruk vården) and the å/ä/ö-less spelling of its words (hemlöshet →
hemloshet), so that the web finds what ``kbank search`` finds.
"""

from __future__ import annotations

import re

from kbank.analysis import compound_words
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
