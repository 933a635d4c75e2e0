"""Time in one place: the clock (replaceable in tests), ISO instants and calendar intervals."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from kbank.errors import UsageError

INTERVALS = ("week", "month", "quarter")
INTERVAL_ALIASES = {"vecka": "week", "månad": "month", "manad": "month", "kvartal": "quarter"}


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def local_timestamp(with_zone: bool = False) -> str:
    """The local time as ``2026-01-31T12:00:00`` (with ``+0100`` when ``with_zone``), for records and notes."""
    return utc_now().astimezone().strftime("%Y-%m-%dT%H:%M:%S%z" if with_zone else "%Y-%m-%dT%H:%M:%S")


def parse_instant(text: str) -> datetime:
    """Parse an ISO timestamp; a naive one is taken as UTC.

    >>> parse_instant("2026-01-31T12:00:00+00:00").isoformat()
    '2026-01-31T12:00:00+00:00'
    >>> parse_instant("2026-01-31T12:00:00").tzinfo is UTC
    True
    """
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_user_date(text: str) -> datetime:
    """Read a date or timestamp a user typed (``2026-01-31`` is that day's start, UTC).

    >>> parse_user_date("2026-01-31").isoformat()
    '2026-01-31T00:00:00+00:00'
    """
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        return parse_instant(text.strip())
    except ValueError:
        raise UsageError(f"ogiltigt datum {text!r}: skriv till exempel 2026-01-31") from None


def normalise_interval(text: str) -> str:
    """Map week/month/quarter (or vecka/månad/kvartal) to the stored interval name."""
    value = INTERVAL_ALIASES.get(text.strip().lower(), text.strip().lower())
    if value not in INTERVALS:
        raise UsageError(f"okänt intervall {text!r}: välj week, month eller quarter (vecka, månad, kvartal)")
    return value


def add_interval(moment: datetime, interval: str) -> datetime:
    """Move a moment one interval on; months and quarters keep the day, clamped to the month's end.

    >>> add_interval(datetime(2026, 1, 31, tzinfo=UTC), "month").date()
    datetime.date(2026, 2, 28)
    >>> add_interval(datetime(2026, 11, 30, tzinfo=UTC), "quarter").date()
    datetime.date(2027, 2, 28)
    >>> add_interval(datetime(2026, 12, 29, tzinfo=UTC), "week").date()
    datetime.date(2027, 1, 5)
    """
    if interval == "week":
        return moment + timedelta(days=7)
    months = 1 if interval == "month" else 3
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
