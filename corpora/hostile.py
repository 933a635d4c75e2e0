"""Worker targets that misbehave on purpose, for the worker-pool tests (imported in the workers)."""

from __future__ import annotations

import os
import signal
import time

from kbank.extract import ExtractionError, Reason


def behave(command: str):
    """Do what ``command`` says: return, hang, eat memory, crash or fail."""
    verb, _, arg = command.partition(":")
    if verb == "ok":
        return arg.upper()
    if verb == "hang":
        while True:  # a parser in an endless loop
            pass
    if verb == "eat":
        hoard = []
        while True:  # a parser that inflates a bomb
            hoard.append(bytearray(32 * 1024 * 1024))
    if verb == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(5)
    if verb == "fail":
        raise ExtractionError(Reason.ENCRYPTED, "krypterad")
    if verb == "pid":
        return os.getpid()
    raise ValueError(verb)
