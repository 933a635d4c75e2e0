"""Saved searches (bevakningar): a small JSON store beside the index, written atomically under a lock."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from kbank import locking, timeutil
from kbank.config import Settings
from kbank.errors import KbankError, UsageError, os_reason
from kbank.safefs import write_atomic
from kbank.search.query import parse_query
from kbank.timeutil import add_interval, normalise_interval, parse_instant

STORE_NAME = "watches.json"
#: checked with ``fullmatch``: ``$`` would let a name end in a newline
_NAME = re.compile(r"\w[\w .\-]{0,60}")


class WatchNotFound(KbankError):
    """No saved search has that name."""


@dataclass
class Watch:
    """A saved search: a query, filters and how often its digest is due."""

    name: str
    query: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    every: str = "week"
    created: str = ""
    #: when the last digest was marked as sent (None: never)
    last_sent: str | None = None
    to: str | None = None

    def window_start(self) -> datetime:
        """The moment news counts from: the last marked digest, else when the search was saved."""
        return parse_instant(self.last_sent or self.created)

    def next_due(self) -> datetime:
        return add_interval(self.window_start(), self.every)

    def is_due(self, now: datetime | None = None) -> bool:
        # by the day, so a nightly job at 06:00 is not a day late for a search saved at noon
        return (now or timeutil.utc_now()).date() >= self.next_due().date()


def store_path(settings: Settings) -> Path:
    return settings.watches_file


@contextmanager
def _locked(settings: Settings) -> Iterator[Path]:
    path = store_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = (path.parent / f".{STORE_NAME}.lock").open("a")
    except OSError as exc:
        raise KbankError(
            f"bevakningarna kan inte sparas i {path.parent} ({os_reason(exc)}): "
            f"{settings.where_to_set('watches')}, eller be den som sköter kbank"
        ) from None
    with lock:
        locking.lock(lock.fileno())
        try:
            yield path
        except OSError as exc:
            raise KbankError(
                f"bevakningarna kan inte sparas i {path.parent} ({os_reason(exc)}): "
                f"{settings.where_to_set('watches')}"
            ) from None
        finally:
            locking.unlock(lock.fileno())


def _read(path: Path) -> dict[str, Watch]:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise KbankError(f"{path}: bevakningarna går inte att läsa ({os_reason(exc)})") from None
    except ValueError:
        raise KbankError(
            f"{path}: bevakningarna går inte att läsa (trasig JSON); rätta eller flytta filen"
        ) from None
    known = set(Watch.__dataclass_fields__)
    return {w["name"]: Watch(**{k: v for k, v in w.items() if k in known}) for w in raw.get("watches", [])}


def _write(path: Path, watches: dict[str, Watch]) -> None:
    data = {"watches": [asdict(w) for w in sorted(watches.values(), key=lambda w: w.name.lower())]}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_watches(settings: Settings) -> list[Watch]:
    """Return the saved searches, sorted by name."""
    return sorted(_read(store_path(settings)).values(), key=lambda w: w.name.lower())


def get_watch(settings: Settings, name: str) -> Watch:
    watches = _read(store_path(settings))
    if name not in watches:
        raise WatchNotFound(f"ingen bevakning heter {name!r}: se kbank watch list")
    return watches[name]


def add_watch(
    settings: Settings,
    name: str,
    query: str,
    filters: dict[str, list[str]],
    every: str = "week",
    to: str | None = None,
) -> Watch:
    """Save a search; the name must be new and the query must parse."""
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"ogiltigt namn {name!r}: använd bokstäver, siffror, mellanslag, punkt eller bindestreck"
        )
    parse_query(query)  # a malformed query is refused now, not at digest time
    check_filters(filters)  # and so are filters no search could use (--year 2020..2010, --type okänd)
    if to is not None:
        from kbank.tasks.mailing import parse_recipients

        to = ", ".join(a.addr_spec for a in parse_recipients(to))
    watch = Watch(
        name=name,
        query=query,
        filters={k: v for k, v in filters.items() if v},
        every=normalise_interval(every),
        created=timeutil.utc_now().isoformat(timespec="seconds"),
        to=to,
    )
    with _locked(settings) as path:
        watches = _read(path)
        if name in watches:
            raise UsageError(f"bevakningen {name!r} finns redan: ta bort den först med kbank watch remove")
        watches[name] = watch
        _write(path, watches)
    return watch


def check_filters(filters: dict[str, list[str]]) -> None:
    """Refuse filters a search would refuse, with the same Swedish message (exit 2)."""
    from kbank.search.compile import compile_filters
    from kbank.search.results import Filters

    compile_filters(Filters.from_json({k: v for k, v in filters.items() if v}))


def remove_watch(settings: Settings, name: str) -> None:
    with _locked(settings) as path:
        watches = _read(path)
        if name not in watches:
            raise WatchNotFound(f"ingen bevakning heter {name!r}: se kbank watch list")
        del watches[name]
        _write(path, watches)


def mark_sent(settings: Settings, name: str, moment: datetime) -> None:
    """Record that the digest of ``name`` up to ``moment`` was sent."""
    with _locked(settings) as path:
        watches = _read(path)
        if name not in watches:
            raise WatchNotFound(f"ingen bevakning heter {name!r}: se kbank watch list")
        watches[name].last_sent = moment.isoformat(timespec="seconds")
        _write(path, watches)
