"""Rich Text Format (.rtf): a small reader of its own (no third-party code).

RTF is text with control words in braces. The reader walks the groups with a stack, keeps
the text of the body, headers, footers and footnotes, and skips the groups that are not
text: font, colour and style tables, pictures, objects, field instructions and every
``{\\*\\…}`` destination a reader may ignore. Letters come as ``\\'e4`` (a byte in the
document's code page, ``\\ansicpg1252`` for Swedish Word files) or ``\\u228`` (Unicode, followed
by ``\\ucN`` fallback characters that are skipped). The ``\\info`` group gives title, author,
keywords and the creation and revision dates. ``striprtf`` was the alternative: it reads the
text but not the ``\\info`` properties, and a reader this small is easier to keep safe.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .model import Extracted, ExtractionError, Reason
from .text import clean, letter_count

#: An RTF file larger than this is not read (pictures inside RTF are hex text: 2 bytes a byte).
MAX_RTF_BYTES = 256 * 1024 * 1024
#: Deeper nesting of groups than this is a hostile file, not a report.
MAX_DEPTH = 500

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its parameter
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\([^a-zA-Z'])"  # a control symbol: \\ \{ \} \~ \- \_ \*
    rb"|([{}])"
    rb"|[\r\n]+"
    rb"|([^\\{}\r\n]+)"  # plain text
)
#: Destinations whose content is not the report's text.
_SKIP = frozenset(
    b"fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl generator pict "
    b"object objdata themedata colorschememapping latentstyles datastore xmlnstbl fldinst "
    b"filetbl pgdsctbl mmathPr nonshppict shppict bkmkstart bkmkend private sp sn "
    b"template docvar xe tc txe".split()
)
_INFO_FIELDS = {b"title": "title", b"subject": "subject", b"author": "author", b"keywords": "keywords",
                b"operator": "last_modified_by", b"doccomm": "comment"}  # fmt: skip
_INFO_DATES = {b"creatim": "created", b"revtim": "modified"}
_CHARS = {
    b"par": "\n", b"line": "\n", b"sect": "\n\n", b"page": "\n\n", b"row": "\n", b"cell": "\t",
    b"tab": "\t", b"emdash": "—", b"endash": "–", b"bullet": "•", b"lquote": "‘", b"rquote": "’",
    b"ldblquote": "“", b"rdblquote": "”", b"emspace": " ", b"enspace": " ", b"qmspace": " ",
}  # fmt: skip
_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"|": "", b":": ""}
_CODEPAGES = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850", b"ansi": "cp1252"}


class _Group:
    """The state of one brace group: skipped or not, Unicode fallback count, where text goes."""

    __slots__ = ("skip", "uc", "info", "date", "is_info")

    def __init__(self, skip: bool = False, uc: int = 1, info: str | None = None):
        self.skip, self.uc, self.info = skip, uc, info
        self.date: str | None = None  # a \creatim or \revtim group
        self.is_info = False  # the \info group itself

    def child(self) -> _Group:
        return _Group(self.skip, self.uc, self.info)


def extract_rtf(path: Path) -> Extracted:
    """Read an RTF file's text and its ``\\info`` properties."""
    size = path.stat().st_size
    if size > MAX_RTF_BYTES:
        raise ExtractionError(Reason.TOO_LARGE, f"för stor: RTF-filen är {size // 2**20} MB")
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError(Reason.CORRUPT, "trasig RTF: filen börjar inte med {\\rtf")
    text, properties = parse(data)
    text = clean(text)
    if letter_count(text) == 0:
        raise ExtractionError(Reason.EMPTY, "dokumentet innehåller ingen text")
    return Extracted(pages=[text], paged=False, properties=properties, headings=[])


def parse(data: bytes) -> tuple[str, dict[str, str]]:
    r"""Return an RTF document's text and properties.

    >>> parse(rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\title V\'e5rd}}\f0 H\'e4lsa \u246\'f6ver\par slut}")
    ('Hälsa över\nslut', {'title': 'Vård'})
    """
    out: list[str] = []
    info: dict[str, list[str]] = {}
    dates: dict[str, dict[str, int]] = {}
    codepage = "cp1252"
    pending = bytearray()  # bytes from \'hh, decoded together (multi-byte code pages)
    stack: list[_Group] = []
    group = _Group()
    skip_chars = 0  # fallback characters after \uN still to skip
    expect_destination = False
    pos, end = 0, len(data)

    def emit(text: str) -> None:
        if group.skip:
            return
        if group.info is not None:
            info.setdefault(group.info, []).append(text)
        else:
            out.append(text)

    def flush() -> None:
        if pending:
            emit(pending.decode(codepage, "replace"))
            pending.clear()

    while pos < end:
        match = _TOKEN.match(data, pos)
        if match is None:  # a lone backslash at the end
            break
        pos = match.end()
        word, param, hexbyte, symbol, brace, plain = match.groups()
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                pending.append(int(hexbyte, 16))
            continue
        flush()
        if plain is not None:
            if skip_chars:
                drop = min(skip_chars, len(plain))
                skip_chars -= drop
                plain = plain[drop:]
            if plain:
                emit(plain.decode(codepage, "replace"))
            expect_destination = False
            continue
        if brace == b"{":
            if len(stack) >= MAX_DEPTH:
                raise ExtractionError(Reason.CORRUPT, "trasig RTF: för djupt nästlade grupper")
            stack.append(group)
            group = group.child()
            expect_destination = True
            skip_chars = 0
            continue
        if brace == b"}":
            group = stack.pop() if stack else _Group()
            skip_chars = 0
            continue
        if symbol is not None:
            if symbol == b"*":
                group.skip = True  # {\*\dest …}: an optional destination this reader does not know
            elif symbol in _SYMBOLS:
                emit(_SYMBOLS[symbol])
            continue
        if word is None:
            continue  # line breaks in the source are not text
        first = expect_destination
        expect_destination = False
        if word in _SKIP:
            group.skip = True
        elif word == b"bin":
            pos += max(0, int(param or 0))  # binary data: skip it whole
        elif word == b"u" and param is not None:
            value = int(param)
            emit(chr(value % 65536))
            skip_chars = group.uc
        elif word == b"uc" and param is not None:
            group.uc = max(0, min(int(param), 10))
        elif word == b"ansicpg" and param is not None:
            codepage = _codepage(int(param))
        elif word in _CODEPAGES and len(stack) <= 1:
            codepage = _CODEPAGES[word] if word != b"ansi" else codepage
        elif word == b"info":
            group.skip, group.is_info = True, True  # its sub-groups are read as properties
        elif first and stack and stack[-1].is_info and word in _INFO_FIELDS:
            group.skip, group.info = False, _INFO_FIELDS[word]
        elif first and stack and stack[-1].is_info and word in _INFO_DATES:
            group.date = _INFO_DATES[word]
            dates[group.date] = {}
        elif group.date and word in (b"yr", b"mo", b"dy", b"hr", b"min") and param is not None:
            dates[group.date][word.decode()] = int(param)
        elif word in _CHARS:
            emit(_CHARS[word])
    flush()
    properties = {k: clean(_pairs("".join(v))) for k, v in info.items() if clean(_pairs("".join(v)))}
    for name, parts in dates.items():
        if parts.get("yr", 0) > 1900 and 1 <= parts.get("mo", 0) <= 12 and 1 <= parts.get("dy", 0) <= 31:
            properties[name] = f"{parts['yr']:04d}-{parts['mo']:02d}-{parts['dy']:02d}"
    return _pairs("".join(out)), properties


def _pairs(text: str) -> str:
    """Join UTF-16 surrogate pairs written as two \\u words (letters outside the BMP)."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _codepage(number: int) -> str:
    name = f"cp{number}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name
