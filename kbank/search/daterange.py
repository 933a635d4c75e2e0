"""Date ranges for ``--from``/``--to``: a day, a month or a year, as the bounds of a filter."""

from __future__ import annotations

import calendar
import re

from whoosh import query as wq

from kbank.errors import QueryError

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


def date_bound(value: str, end: bool) -> str:
    """Read ``2014``, ``2014-03`` or ``2014-03-10`` as the first (or, with ``end``, last) day it covers.

    >>> date_bound("2014-03", end=False), date_bound("2016", end=True), date_bound("2015-02", end=True)
    ('2014-03-01', '2016-12-31', '2015-02-28')
    """
    match = _DATE.match(value)
    if not match:
        raise QueryError(f"ogiltigt datum {value!r}: skriv till exempel 2014, 2014-03 eller 2014-03-10")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise QueryError(f"ogiltig månad i {value!r}: 01–12")
    last = calendar.monthrange(year, month)[1]
    day = int(match.group(3)) if match.group(3) else (last if end else 1)
    if not 1 <= day <= last:
        raise QueryError(f"ogiltig dag i {value!r}")
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_range_query(date_from: str | None, date_to: str | None) -> wq.Query | None:
    """Documents dated within the range; a document known only by its year counts by its year."""
    if not date_from and not date_to:
        return None
    low = date_bound(date_from, end=False) if date_from else "0000-01-01"
    high = date_bound(date_to, end=True) if date_to else "9999-12-31"
    if low > high:
        raise QueryError(f"datumintervallet går baklänges: {low} är efter {high}")
    dated = wq.TermRange("date", low, high)
    any_date = wq.TermRange("date", "0000-01-01", "9999-12-31")
    by_year = wq.AndNot(wq.NumericRange("year", int(low[:4]), int(high[:4])), any_date)
    return wq.Or([dated, by_year])
