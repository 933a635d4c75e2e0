"""The local usage log (one JSON line per search or shown report) and the statistics read from it.

Writers append under an exclusive ``flock``, so concurrent ``kbank`` processes never
interleave lines; readers skip a corrupt line instead of failing. The log rotates to
``usage.1.jsonl`` … ``usage.5.jsonl`` past a size limit.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from kbank import locking, timeutil
from kbank.config import Settings
from kbank.errors import KbankError, os_reason
from kbank.textutil import fold
from kbank.timeutil import parse_instant

LOG_NAME = "usage.jsonl"
KEEP_ROTATED = 5
#: A ``show`` this soon after a search that listed the report counts as that search opening it.
OPEN_WINDOW = timedelta(minutes=30)


def log_path(settings: Settings) -> Path:
    """Where the usage log lives."""
    return settings.usage_folder / LOG_NAME


def log_search(
    settings: Settings,
    query: str,
    filters: dict,
    hits: int,
    shown_ids: list[str],
    *,
    script: bool = False,
    read_as: str | None = None,
    areas: list[str] | None = None,
    bank_hits: dict[str, int] | None = None,
    local_bank: str | None = None,
) -> str | None:
    """Record one search; never fails the search. Return why it could not be recorded, if so.

    ``script`` marks a search whose output went to a program (JSON, CSV, a pipe), counted
    apart from people's; ``read_as`` is the query as searched after spelling correction.
    ``bank_hits`` (a search over linked banks): the hits per bank covered, with ``local_bank``
    naming this installation's own.
    """
    entry = {"event": "search", "query": query, "filters": filters, "hits": hits, "ids": shown_ids}
    if script:
        entry["script"] = True
    if read_as:
        entry["read_as"] = read_as
    if areas:
        entry["areas"] = areas
    if bank_hits is not None:
        entry["banks"] = list(bank_hits)
        entry["bank_hits"] = dict(bank_hits)
        entry["local_bank"] = local_bank
    return _append(settings, entry)


def log_show(settings: Settings, doc_id: str) -> str | None:
    """Record that a report was shown; return why it could not be recorded, if so."""
    return _append(settings, {"event": "show", "id": doc_id})


def _append(settings: Settings, entry: dict) -> str | None:
    if not settings.usage_log:
        return None
    entry = {"time": timeutil.utc_now().isoformat(timespec="seconds")} | entry
    if settings.usage_log_user:
        entry["user"] = locking.user_name()
    # a query typed in another encoding holds lone surrogates: logged with a replacement character
    text = re.sub(r"[\ud800-\udfff]", "\ufffd", json.dumps(entry, ensure_ascii=False))
    line = (text + "\n").encode("utf-8")
    path = log_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with (path.parent / ".lock").open("a") as lock:
            locking.lock(lock.fileno())
            try:
                if path.exists() and path.stat().st_size + len(line) > settings.usage_log_max_bytes:
                    _rotate(path)
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, line)
                finally:
                    os.close(fd)
            finally:
                locking.unlock(lock.fileno())
    except OSError as exc:  # statistics are a convenience; a read-only share must not stop a search
        return (
            f"sökningen kunde inte räknas i statistiken ({path.parent}: {os_reason(exc)}); "
            f"{settings.where_to_set('usage_dir')}, eller usage_log = false"
        )
    except KbankError as exc:
        return f"sökningen kunde inte räknas i statistiken ({exc})"
    return None


def _rotate(path: Path) -> None:
    oldest = path.with_name(f"usage.{KEEP_ROTATED}.jsonl")
    oldest.unlink(missing_ok=True)
    for n in range(KEEP_ROTATED - 1, 0, -1):
        older = path.with_name(f"usage.{n}.jsonl")
        if older.exists():
            older.rename(path.with_name(f"usage.{n + 1}.jsonl"))
    path.rename(path.with_name("usage.1.jsonl"))


def read_log(settings: Settings) -> Iterator[dict]:
    """Yield log entries, oldest first; corrupt lines are skipped."""
    folder = log_path(settings).parent
    files = [folder / f"usage.{n}.jsonl" for n in range(KEEP_ROTATED, 0, -1)] + [log_path(settings)]
    for path in files:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        for line in raw.splitlines():
            try:
                entry = json.loads(line.decode("utf-8"))
                entry["_time"] = parse_instant(entry["time"])
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                continue
            if isinstance(entry, dict) and entry.get("event") in ("search", "show"):
                yield entry


@dataclass
class Stats:
    """What ``kbank stats`` reports."""

    since: date | None
    searches: int = 0
    shows: int = 0
    #: ISO week ("2026-W47") -> number of searches
    per_week: dict[str, int] = field(default_factory=dict)
    top_queries: list[tuple[str, int]] = field(default_factory=list)
    zero_hit_queries: list[tuple[str, int]] = field(default_factory=list)
    most_shown: list[tuple[str, int]] = field(default_factory=list)
    #: searches after which a listed report was shown within ``OPEN_WINDOW``
    searches_opened: int = 0
    #: searches whose output went to a program (JSON, CSV, a pipe): not counted above
    script_searches: int = 0
    #: area -> searches about it (its --area, else the top hit's areas)
    per_area: list[tuple[str, int]] = field(default_factory=list)
    #: searches over linked banks whose hits were all in other banks: what this bank lacks
    #: that a neighbour has; (query, count, the banks that had hits)
    only_elsewhere: list[tuple[str, int, list[str]]] = field(default_factory=list)
    #: searches that covered linked banks
    linked_searches: int = 0

    def to_json(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "searches": self.searches,
            "shows": self.shows,
            "searches_opened": self.searches_opened,
            "per_week": self.per_week,
            "top_queries": [{"query": q, "count": n} for q, n in self.top_queries],
            "zero_hit_queries": [{"query": q, "count": n} for q, n in self.zero_hit_queries],
            "most_shown": [{"id": i, "count": n} for i, n in self.most_shown],
            "script_searches": self.script_searches,
            "per_area": [{"area": a, "count": n} for a, n in self.per_area],
            "linked_searches": self.linked_searches,
            "only_in_other_banks": [
                {"query": q, "count": n, "banks": banks} for q, n, banks in self.only_elsewhere
            ],
        }


def _every_week(weeks: Counter[str]) -> dict[str, int]:
    """Return counts for every week from the first to the last, zero weeks included."""
    if not weeks:
        return {}
    first, last = (date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in (min(weeks), max(weeks)))
    result = {}
    day = first
    while day <= last:
        year, week, _ = day.isocalendar()
        key = f"{year}-W{week:02d}"
        result[key] = weeks.get(key, 0)
        day += timedelta(days=7)
    return result


def query_key(query: str) -> str:
    """The form queries are grouped by: lower case, å/ä/ö folded, spacing ignored.

    >>> query_key("Hemlöshet") == query_key(" hemloshet ") == query_key("HEMLÖSHET")
    True
    """
    return fold(" ".join(query.lower().split()))


def _label(spellings: Counter[str], key: str) -> str:
    """How a group of queries is shown: its most common spelling that is spelled right, å/ä/ö first."""
    right = [s for s in spellings if query_key(s) == key] or list(spellings)
    return max(right, key=lambda s: (spellings[s], s != fold(s), s))


def compute_stats(settings: Settings, since: date | None = None, top: int = 10) -> Stats:
    """Summarise the usage log from ``since`` on.

    Queries are grouped by their normalised form (case, å/ä/ö, and the spelling the search
    corrected them to), and searches from scripts are counted apart from people's.
    """
    stats = Stats(since=since)
    weeks: Counter[str] = Counter()
    queries: Counter[str] = Counter()
    zero: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    recent: list[tuple[datetime, set[str], list[bool]]] = []
    elsewhere: Counter[str] = Counter()
    elsewhere_banks: dict[str, set[str]] = {}
    for entry in read_log(settings):
        when = entry["_time"]
        if since and when.date() < since:
            continue
        if entry["event"] == "search":
            if entry.get("script"):
                stats.script_searches += 1
                continue
            stats.searches += 1
            year, week, _ = when.isocalendar()
            weeks[f"{year}-W{week:02d}"] += 1
            typed = " ".join(str(entry.get("query", "")).lower().split())
            key = query_key(str(entry.get("read_as") or typed))
            spellings.setdefault(key, Counter())[typed] += 1
            if entry.get("read_as"):
                spellings[key][" ".join(str(entry["read_as"]).lower().split())] += 0
            queries[key] += 1
            if not entry.get("hits"):
                zero[key] += 1
            found = _found_only_elsewhere(entry)
            if found is not None:
                stats.linked_searches += 1
                if found:
                    elsewhere[key] += 1
                    elsewhere_banks.setdefault(key, set()).update(found)
            for area in entry.get("areas") or []:
                areas[str(area)] += 1
            recent.append((when, set(entry.get("ids") or ()), [False]))
        else:
            stats.shows += 1
            doc_id = str(entry.get("id", ""))
            shown[doc_id] += 1
            for started, ids, opened in reversed(recent):
                if when - started > OPEN_WINDOW:
                    break
                if doc_id in ids:
                    opened[0] = True
                    break
    stats.searches_opened = sum(1 for _, _, opened in recent if opened[0])
    stats.per_week = _every_week(weeks)
    stats.top_queries = [(_label(spellings[k], k), n) for k, n in queries.most_common(top)]
    stats.zero_hit_queries = [(_label(spellings[k], k), n) for k, n in zero.most_common(top)]
    stats.per_area = areas.most_common(top)
    stats.only_elsewhere = [
        (_label(spellings[k], k), n, sorted(elsewhere_banks[k])) for k, n in elsewhere.most_common(top)
    ]
    visible = _visible_ids(settings, list(shown))
    stats.most_shown = [(i, n) for i, n in shown.most_common() if i in visible][:top]
    return stats


def _found_only_elsewhere(entry: dict) -> list[str] | None:
    """For a search over linked banks, the other banks that had hits when this bank had none
    (an empty list when this bank had some or no bank had any); None for a one-bank search."""
    bank_hits = entry.get("bank_hits")
    if not isinstance(bank_hits, dict) or not bank_hits:
        return None
    local = entry.get("local_bank")
    if local in bank_hits and bank_hits.get(local):
        return []
    return sorted(str(b) for b, n in bank_hits.items() if b != local and isinstance(n, int) and n > 0)


def _visible_ids(settings: Settings, ids: list[str]) -> set[str]:
    """The ids among ``ids`` of reports this installation shows (published, within the ceiling).

    A report shown with ``--all`` or by an installation with a higher ceiling is logged too; it
    must not surface in the statistics of one that hides it. Without an index nothing is shown.
    """
    from kbank.errors import KbankError
    from kbank.search.bank import Bank

    if not ids:
        return set()
    try:
        with Bank(settings) as bank:
            found = set()
            for doc_id in ids:
                stored = bank.searcher.document(id=doc_id)
                if stored and bank.visibility.allows(stored.get("status"), stored.get("classification")):
                    found.add(doc_id)
            return found
    except KbankError:
        return set()
