"""Text safe for a terminal or a log line: control characters shown, never obeyed.

File and folder names, titles editors set and other users' queries can hold terminal escape
sequences (``ESC [ 31 m``), carriage returns or newlines. Shown raw they recolour or rewrite the
user's terminal, or forge extra lines (``kbank: …``) on stderr. ``printable`` replaces every
control character (C0, DEL, C1, and the bidirectional overrides that reorder a line) with a
visible escape such as ``\\x1b``. JSON output needs none of this: its encoder escapes them.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def unicode_safe(text: str) -> str:
    """Replace lone surrogates (bytes of another encoding, read with surrogateescape) with U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"  # bytes of another encoding: a replacement character, as in JSON
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def printable(text: str, one_line: bool = False) -> str:
    """Return ``text`` with control characters escaped; with ``one_line`` also newlines and tabs.

    >>> printable("\\x1b[31mröd\\x1b[0m")
    '\\\\x1b[31mröd\\\\x1b[0m'
    >>> printable("rad\\nkbank: falsk", one_line=True)
    'rad\\\\nkbank: falsk'
    >>> printable("två\\nrader")
    'två\\nrader'
    """
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    return pattern.sub(_escape, text) if pattern.search(text) else text
