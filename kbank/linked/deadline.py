"""Run one task per bank in threads and stop waiting at a deadline.

A bank on a slow share must not hold up the others: every bank's task runs in a daemon
thread, and whatever has not finished when the deadline passes is given up. The thread is
left to finish on its own (a blocked read cannot be interrupted); ``on_late`` runs in it when
it does, to close what it opened.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    """What a phase gave: results by key, errors by key, and the keys that ran past the deadline."""

    results: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    late: list[str] = field(default_factory=list)


def run_all(
    tasks: Mapping[str, Callable[[], Any]],
    deadline: float,
    on_late: Callable[[str, Any], None] | None = None,
    patient: frozenset[str] = frozenset(),
) -> Outcome:
    """Run every task in its own thread; return what finished before ``deadline`` (a ``time.monotonic()``).

    The tasks named in ``patient`` (the local bank: a search of one's own bank is never
    given up) are waited for however long they take.
    """
    outcome = Outcome()
    lock = threading.Lock()
    done = threading.Condition(lock)
    given_up: set[str] = set()
    pending = set(tasks)

    def run(key: str, task: Callable[[], Any]) -> None:
        try:
            value, error = task(), None
        except BaseException as exc:  # noqa: BLE001 - reported per bank, never raised in a thread
            value, error = None, exc
        with lock:
            pending.discard(key)
            late = key in given_up
            if not late:
                if error is None:
                    outcome.results[key] = value
                else:
                    outcome.errors[key] = error
            done.notify_all()
        if late and on_late is not None and error is None:
            on_late(key, value)

    if len(tasks) == 1 and deadline == float("inf"):
        key, task = next(iter(tasks.items()))
        run(key, task)
        return outcome
    for key, task in tasks.items():
        threading.Thread(target=run, args=(key, task), name=f"kbank-bank-{key}", daemon=True).start()
    with lock:
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                if not pending & patient:
                    break
                done.wait()
                continue
            done.wait(left)
        for key in tasks:
            if key in pending:
                given_up.add(key)
                outcome.late.append(key)
    return outcome
