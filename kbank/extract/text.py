"""Clean extracted text: Unicode NFC, no control characters, no layout litter."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 control characters except tab and newline; pypdf leaves NULs in some files.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_LIGATURES = re.compile(r"[\ufb00-\ufb06]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# A word broken over a line with a hyphen, unless the hyphen is a Swedish suspended compound
# ("barn- och ungdomsvård", "kommun- eller regionnivå").
_BROKEN_WORD = re.compile(
    r"(?<=[a-zåäöéü])-\n(?!(?:och|eller|samt|respektive|resp|till|som)\b)(?=[a-zåäöéü])"
)


def clean(text: str) -> str:
    """Normalise text to NFC and remove what is not text.

    >>> clean("utv\\u0061\\u0308rdering\\x00 av\\u00a0projekt")
    'utvärdering av projekt'
    >>> clean("utvär-\\ndering av barn- och\\nungdomsvård")
    'utvärdering av barn- och\\nungdomsvård'
    >>> clean("barn-\\noch ungdomsvård")
    'barn-\\noch ungdomsvård'
    >>> clean("\\ufb01nansiering")
    'finansiering'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BROKEN_WORD.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def letter_count(text: str) -> int:
    """Count letters, the measure of whether a page holds real text."""
    return sum(1 for c in text if c.isalpha())
