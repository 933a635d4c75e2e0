"""Small text helpers shared by the pipeline: case and diacritic folding that keeps offsets."""

from __future__ import annotations

import unicodedata

_FOLD_PAIRS = {
    "å": "a", "ä": "a", "à": "a", "á": "a", "â": "a", "ã": "a", "æ": "a",
    "ö": "o", "ø": "o", "ò": "o", "ó": "o", "ô": "o", "õ": "o",
    "é": "e", "è": "e", "ê": "e", "ë": "e",
    "ü": "u", "ù": "u", "ú": "u", "û": "u",
    "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ç": "c", "ñ": "n", "ý": "y", "ÿ": "y",
}  # fmt: skip
#: Folding runs after lowercasing, so only lowercase letters are left to replace; str.replace
#: per letter present is ~10x faster than str.translate over a page of Swedish text.
_FOLD_LOWER = tuple(_FOLD_PAIRS.items())


def lower_same_length(text: str) -> str:
    """Lowercase without changing the length, so offsets stay valid.

    >>> lower_same_length("İstanbul ÅR")
    'İstanbul år'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold(text: str) -> str:
    """Lowercase and drop diacritics, one character for one, so offsets stay valid.

    >>> fold("Utvärderingen av Ö-projektet på Åland")
    'utvarderingen av o-projektet pa aland'
    """
    low = lower_same_length(text)
    if low.isascii():
        return low
    for letter, plain in _FOLD_LOWER:
        if letter in low:
            low = low.replace(letter, plain)
    return low


def nfc(text: str) -> str:
    """Normalise to NFC: decomposed å/ä/ö would otherwise split words."""
    return unicodedata.normalize("NFC", text)
