"""Dates as Swedish reports write them, and the dates in document properties."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
_MONTH_ABBR = {name[:3]: number for name, number in MONTHS.items()}
MONTH_WORD = (
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"
)
_ISO_DATE = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d\-/])")
_LONG_DATE = re.compile(rf"\b(\d{{1,2}})(?::e|:a)?\s+({MONTH_WORD})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({MONTH_WORD})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)-(\d\d)(?![\d\-/])")


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text, how precisely it was written, and where."""

    value: date
    precision: str  # "day" or "month"
    start: int
    end: int


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or _MONTH_ABBR[word[:3]]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if 1950 <= year <= 2100 else None


def find_dates(text: str) -> list[FoundDate]:
    """Find every date in ``text``, in order; a month without a day counts as its first day.

    >>> [(str(d.value), d.precision) for d in find_dates("Augusti 2015, utgiven 25 aug. 2015")]
    [('2015-08-01', 'month'), ('2015-08-25', 'day')]
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None, precision: str) -> None:
        if value is None or any(s <= start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(FoundDate(value, precision, start, end))

    for match in _ISO_DATE.finditer(text):
        add(match.start(), match.end(), _safe_date(*map(int, match.groups())), "day")
    for match in _LONG_DATE.finditer(text):
        day, month, year = match.groups()
        add(match.start(), match.end(), _safe_date(int(year), _month_number(month), int(day)), "day")
    for match in _MONTH_YEAR.finditer(text):
        month, year = match.groups()
        add(match.start(), match.end(), _safe_date(int(year), _month_number(month), 1), "month")
    for match in _YEAR_MONTH.finditer(text):
        year, month = match.groups()
        add(match.start(), match.end(), _safe_date(int(year), int(month), 1), "month")
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> date | None:
    """Parse the first date in ``text``.

    >>> [str(parse_date(s)) for s in ["2015-08-25", "25 augusti 2015", "25 aug. 2015",
    ...                               "Augusti 2015", "2015-08", "den 3 mars 2014"]]
    ['2015-08-25', '2015-08-25', '2015-08-25', '2015-08-01', '2015-08-01', '2014-03-03']
    >>> parse_date("2015-13-40") is None
    True
    """
    found = find_dates(text)
    return found[0].value if found else None


def first_date(text: str) -> FoundDate | None:
    """Return the first date in ``text`` with its precision."""
    found = find_dates(text)
    return found[0] if found else None


def date_line(line: str) -> FoundDate | None:
    """Return the date of a cover line that is a date and little else ("Stockholm i augusti 2015").

    >>> str(date_line("Stockholm i augusti 2015").value)
    '2015-08-01'
    >>> date_line("Projektet startade den 3 mars 2014 i Norrvik") is None
    True
    >>> date_line("0.1  2014-03-01  Första utkast") is None
    True
    """
    line = " ".join(line.split())
    found = find_dates(line)
    if len(found) != 1 or len(line) > 60:
        return None
    rest = (line[: found[0].start] + " " + line[found[0].end :]).strip(" ,.–-")
    words = rest.split()
    if len(words) > 2 or any(ch.isdigit() for ch in rest):
        return None
    return found[0]


_PDF_DATE = re.compile(r"^\s*(?:D:)?\s*((?:19|20)\d\d)(\d\d)?(\d\d)?")
_ISO_PREFIX = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def property_date(value: str | None) -> date | None:
    """Parse a date from a document property: PDF ``D:20150825091200+02'00'`` or ISO.

    >>> [str(property_date(v)) for v in ["D:20150825091200+02'00'", "2016-05-11T10:15:00+00:00", "D:2015"]]
    ['2015-08-25', '2016-05-11', 'None']
    >>> property_date("måndag") is None
    True
    """
    if not value:
        return None
    iso = _ISO_PREFIX.match(value)
    if iso:
        return _safe_date(*map(int, iso.groups()))
    pdf = _PDF_DATE.match(value)
    if pdf and pdf.group(2) and pdf.group(3):
        return _safe_date(int(pdf.group(1)), int(pdf.group(2)), int(pdf.group(3)))
    return None
