"""Run a function over many inputs in long-lived worker processes, each call under limits.

``WorkerPool(jobs, limits, target).map(tasks)`` yields an ``Outcome`` per task as it
completes. Each worker is a fresh ``python -c`` process (not a fork: it inherits no open
files such as the writer lock, and imports its libraries once). Each call gets:

- a time limit: a watchdog thread in the parent kills the worker (SIGKILL) past the
  deadline, reports the task as ``timeout`` and starts a replacement; the worker also sets
  ``RLIMIT_CPU`` as a backstop that ends it if the parent is gone;
- a memory limit: the worker's address space is capped with ``RLIMIT_AS``, so a runaway
  allocation raises ``MemoryError`` in the worker (reported as ``memory``, and the worker
  retires) or, inside C code, crashes it (reported, worker replaced). Programs the task runs
  (tesseract, antiword) inherit the cap;
- more time for a long task: a task that finds it must OCR 40 pages calls ``request_time``
  and the parent moves its deadline, by at most ``Limits.extra_seconds``.

A worker that dies for any reason is replaced; the run goes on. Workers end when the pool
closes, when their pipe closes, and on Linux when the parent dies (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import importlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from kbank.errors import WorkerStartError
from kbank.extract.model import ExtractionError, Reason

#: A worker is replaced after this many files, so that no leak in a parser can grow. (250
#: made a 10,000-report ingest slower and did not lower its peak memory.)
TASKS_PER_WORKER = 1000
#: How long a new worker may take to start (import its parsers) before its first file.
STARTUP_SECONDS = 30
#: Extra CPU seconds before the worker's own RLIMIT_CPU backstop fires.
CPU_SLACK = 10
#: A read that fails after the address space reached this share of the cap failed for memory.
NEAR_LIMIT = 0.9
#: A worker whose address space reached this share of the cap is replaced after the task.
RETIRE_AT = 0.75
_DONE = object()
_READY = "ready"
_MORE_TIME = "more-time"


@dataclass(frozen=True)
class Limits:
    """Per-call limits: wall-clock seconds and megabytes of address space."""

    seconds: float = 60.0
    memory_mb: int = 1024
    #: the most seconds a task may add to ``seconds`` with ``request_time`` (OCR of a long scan)
    extra_seconds: float = 0.0


@dataclass
class Outcome:
    """The result of one task: ``value`` when it succeeded, else ``reason`` and ``error``."""

    key: Any
    value: Any = None
    reason: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason is None


class WorkerPool:
    """``jobs`` worker processes that call ``target`` ("module:function") on task payloads."""

    def __init__(self, jobs: int, limits: Limits, target: str):
        self.jobs = max(1, jobs)
        self.limits = limits
        self.target = target
        self.started = 0  # worker processes started, replacements included

    def map(self, tasks: Iterable[tuple[Any, Any]]) -> _Outcomes:
        """Start running ``target(payload)`` for every ``(key, payload)``; the returned iterator
        yields the outcomes as they complete."""
        results: queue.Queue = queue.Queue()
        # at most this many outcomes wait for the consumer: memory stays bounded when it is slow
        room = threading.Semaphore(2 * self.jobs + 2)
        stop = threading.Event()
        dispatcher = threading.Thread(
            target=self._dispatch, args=(iter(tasks), results, room, stop), name="kbank-workers", daemon=True
        )
        dispatcher.start()  # the workers start now, not when the caller first asks
        return _Outcomes(dispatcher, results, room, stop)

    # -- the dispatcher thread: owns the workers

    def _dispatch(self, tasks: Iterator, results: queue.Queue, room: threading.Semaphore, stop) -> None:
        workers: list[_Worker] = []
        try:
            pending = True
            while not stop.is_set():
                idle = [w for w in workers if w.task is None]
                while pending and (idle or len(workers) < self.jobs) and room.acquire(blocking=False):
                    task = next(tasks, None)
                    if task is None:
                        pending = False
                        room.release()
                        break
                    worker = idle.pop() if idle else self._start(workers)
                    if not worker.assign(task, self.limits.seconds):
                        worker.kill()  # it died while idle: the task never ran, give it a fresh one
                        workers.remove(worker)
                        worker = self._start(workers)
                        if not worker.assign(task, self.limits.seconds):
                            results.put(self._crashed(worker, workers))
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    if not pending:
                        break
                    time.sleep(0.02)  # waiting for the consumer to make room
                    continue
                now = time.monotonic()
                timeout = max(0.0, min(w.deadline for w in busy) - now)
                ready = wait([w.recv for w in busy], timeout=min(timeout, 0.2))
                for worker in busy:
                    if worker.recv in ready:
                        outcome = worker.receive()
                        if outcome is _READY:
                            continue
                        if outcome is None:
                            outcome = self._crashed(worker, workers)
                        elif worker.retiring:
                            self._retire(worker, workers)
                        results.put(outcome)
                    elif time.monotonic() >= worker.deadline:
                        results.put(self._timed_out(worker, workers))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, who raises it
            results.put(exc)
        finally:
            for worker in workers:
                if worker.task is None:
                    worker.stop()
                else:
                    worker.kill()  # interrupted mid-file: nobody waits for its answer
            results.put(_DONE)

    def _start(self, workers: list[_Worker]) -> _Worker:
        worker = _Worker(self.target, self.limits)
        self.started += 1
        workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, workers: list[_Worker]) -> None:
        worker.stop()
        workers.remove(worker)

    def _timed_out(self, worker: _Worker, workers: list[_Worker]) -> Outcome:
        assert worker.task is not None  # only a worker with a task can time out
        key, started = worker.task[0], worker.started_at
        allowed = self.limits.seconds + worker.extra
        worker.kill()
        workers.remove(worker)
        return Outcome(
            key,
            reason=Reason.TIMEOUT,
            error=f"tog för lång tid: läsningen avbröts efter {allowed:g} s (filen kan vara skadad)",
            seconds=time.monotonic() - started,
        )

    def _crashed(self, worker: _Worker, workers: list[_Worker]) -> Outcome:
        assert worker.task is not None  # a worker without a task is retired, not crashed
        key, started = worker.task[0], worker.started_at
        code = worker.kill()
        workers.remove(worker)
        if code == -signal.SIGXCPU:
            reason, error = Reason.TIMEOUT, "tog för lång tid: läsningen avbröts (processortid slut)"
        else:
            how = f"signal {-code}" if code is not None and code < 0 else f"slutkod {code}"
            reason, error = Reason.CORRUPT, f"läsaren kraschade på filen ({how}): filen är troligen skadad"
        return Outcome(key, reason=reason, error=error, seconds=time.monotonic() - started)


class _Outcomes:
    """The outcomes of a running ``map``, as they complete; ``close`` stops the workers."""

    def __init__(self, dispatcher: threading.Thread, results: queue.Queue, room, stop: threading.Event):
        self.dispatcher, self.results, self.room, self.stop = dispatcher, results, room, stop

    def __iter__(self) -> Iterator[Outcome]:
        try:
            while True:
                item = self.results.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                self.room.release()
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (killing any mid-file) and wait for the dispatcher to end."""
        self.stop.set()
        self.dispatcher.join()


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, target: str, limits: Limits):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"from kbank.ingest.workers import serve; serve({to_child_r}, {from_child_w})",
            ],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C and job control are the parent's; it ends the workers
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.limits = limits
        self.task: tuple | None = None
        self.started_at = 0.0
        self.deadline = 0.0
        self.extra = 0.0
        self.done = 0
        self.retiring = False
        self.ready = False
        self.seconds = 0.0
        self.send.send({"target": target, "limits": limits, "sys_path": list(sys.path)})

    def assign(self, task: tuple, seconds: float) -> bool:
        self.task = task
        self.seconds = seconds
        self.extra = 0.0
        self.started_at = time.monotonic()
        # a worker still starting gets time to start (its clock restarts when it is ready),
        # but not forever: one that hangs while starting must not hold the run
        self.deadline = self.started_at + seconds + (0 if self.ready else STARTUP_SECONDS)
        try:
            self.send.send(task)
            return True
        except OSError:
            return False  # it died between two tasks

    def receive(self) -> Outcome | str | None:
        """Return the task's outcome, ``_READY`` for the start-up greeting, None if the process died."""
        try:
            message = self.recv.recv()
        except (EOFError, OSError):
            if not self.ready:
                code = self.kill()
                raise WorkerStartError(
                    f"kbank kunde inte starta en läsprocess (slutkod {code}): kontrollera installationen"
                ) from None
            return None
        if message == _READY:
            self.ready = True
            if self.task is not None:  # the clock starts when the worker can start reading
                self.started_at = time.monotonic()
                self.deadline = self.started_at + self.seconds
            return _READY
        if isinstance(message, tuple) and len(message) == 2 and message[0] == _MORE_TIME:
            granted = max(0.0, min(float(message[1]), self.limits.extra_seconds - self.extra))
            self.extra += granted
            self.deadline += granted
            return _READY  # not an outcome: the task goes on
        key, status, value, seconds, retiring = message
        self.task = None
        self.done += 1
        if status == "ok":
            outcome = Outcome(key, value=value, seconds=seconds)
        else:
            outcome = Outcome(key, reason=status, error=value, seconds=seconds)
        self.retiring = retiring or self.done >= TASKS_PER_WORKER
        return outcome

    def kill(self) -> int | None:
        """End the process now and return its exit status."""
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self._close()
        return code

    def stop(self) -> None:
        """Ask the process to end; kill it if it does not."""
        try:
            self.send.send(None)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self) -> None:
        for conn in (self.send, self.recv):
            try:
                conn.close()
            except OSError:
                pass


# --------------------------------------------------------------------------- in the worker


#: in a worker: the pipe to the parent and the limits, for ``request_time``
_serving: dict[str, Any] = {}


def request_time(seconds: float) -> None:
    """From inside a task: ask for ``seconds`` more than the time limit (at most ``Limits.extra_seconds``).

    Outside a worker it does nothing.
    """
    outbox, limits = _serving.get("outbox"), _serving.get("limits")
    if outbox is None or limits is None or seconds <= 0:
        return
    granted = min(seconds, limits.extra_seconds)
    if granted <= 0:
        return
    outbox.send((_MORE_TIME, granted))
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft != resource.RLIM_INFINITY:  # the CPU backstop moves with the deadline
        soft = soft + int(granted) + 1
        resource.setrlimit(
            resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
        )


def serve(read_fd: int, write_fd: int) -> None:
    """The worker's loop: take a task, run the target under the limits, send the outcome."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    try:
        setup = inbox.recv()
    except EOFError:
        return
    sys.path[:] = setup["sys_path"]
    limits: Limits = setup["limits"]
    _serving.update(outbox=outbox, limits=limits)
    memory = limits.memory_mb * 1024 * 1024
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed or crashed reader leaves no core file
    module, _, name = setup["target"].partition(":")
    target_module = importlib.import_module(module)
    target = getattr(target_module, name)
    warm_up = getattr(target_module, "warm_up", None)
    if warm_up is not None:
        warm_up()  # import the parsers now, so a file's time limit is spent on the file
    outbox.send(_READY)  # started: from now on a death is the file's doing
    while True:
        try:
            task = inbox.recv()
        except EOFError:
            return
        if task is None:
            return
        key, payload = task
        _cpu_backstop(resource, limits.seconds)
        started = time.monotonic()
        try:
            reply = ("ok", target(payload))
        except ExtractionError as exc:
            reply = (exc.reason, exc.message)
        except MemoryError:
            reply = (Reason.MEMORY, f"för stor: läsningen behövde mer än {limits.memory_mb} MB minne")
        except RecursionError:
            reply = (Reason.CORRUPT, "trasig fil: för djupt nästlad struktur")
        except Exception as exc:  # noqa: BLE001 - one hostile file must not end the worker
            reply = (Reason.CORRUPT, f"oväntat fel vid läsning ({type(exc).__name__}: {str(exc)[:100]})")
        seconds = time.monotonic() - started
        peak = _peak_memory()
        if reply[0] != "ok" and peak >= NEAR_LIMIT * memory:
            # parsers turn a failed allocation into their own errors ("invalid XML"): a
            # failure at the cap is the memory limit's doing
            reply = (Reason.MEMORY, f"för stor: läsningen behövde mer än {limits.memory_mb} MB minne")
        # a heap grown near the cap stays big: let the parent start a fresh worker
        retiring = reply[0] == Reason.MEMORY or peak >= RETIRE_AT * memory
        try:
            outbox.send((key, reply[0], reply[1], seconds, retiring))
        except MemoryError:
            message = f"för stor: läsningen behövde mer än {limits.memory_mb} MB minne"
            outbox.send((key, Reason.MEMORY, message, seconds, True))
            retiring = True
        if retiring:
            return


def _peak_memory() -> int:
    """Return this process's peak address-space size in bytes (Linux), else its peak RSS."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu_backstop(resource, seconds: float) -> None:
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime)
    soft = spent + int(seconds) + CPU_SLACK
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)  # the parent died before the line above
    except (OSError, AttributeError):
        pass
