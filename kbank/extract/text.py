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


def body_size(runs: list[tuple[float, str]]) -> float | None:
    """The type size most of a page's characters have: its running text (runs are (size, text))."""
    chars: dict[float, int] = {}
    for size, text in runs:
        chars[size] = chars.get(size, 0) + len(text)
    return max(chars, key=lambda size: chars[size]) if chars else None


def larger_than(runs: list[tuple[float, str]], body: float | None) -> list[str]:
    """A cover's lines in type larger than the running text ``body``, biggest first (at most three sizes).

    >>> larger_than([(24.0, "Slutrapport"), (11.0, "Projektet har ..."), (11.0, "... pågått")], 11.0)
    ['Slutrapport']
    """
    if body is None:
        return []
    by_size: dict[float, list[str]] = {}
    for size, text in runs:
        by_size.setdefault(size, []).append(text)
    headings = []
    for size in sorted(by_size, reverse=True)[:3]:
        if size < body * 1.2:
            break  # no larger than the running text: not a heading
        line = clean(" ".join(" ".join(by_size[size]).split()))
        if 3 <= letter_count(line) and len(line) <= 200:
            headings.append(line)
    return headings
