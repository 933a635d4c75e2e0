"""``kbank open``: a report's file opened with the system's viewer (xdg-open, open, os.startfile)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from kbank.errors import KbankError


def open_file(path: Path) -> str:
    """Open ``path`` with the system's viewer; return the program used. Does not wait for the viewer."""
    if not path.exists():
        raise KbankError(f"filen {path} finns inte längre i arkivet: kör kbank ingest")
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
        return "os.startfile"
    program = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(program) is None:
        raise KbankError(
            f"hittar inte {program} för att öppna filen; öppna den själv: {path} (kbank open --print skriver sökvägen)"
        )
    try:
        viewer = subprocess.Popen(
            [program, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the viewer outlives kbank and a closed terminal
        )
    except OSError as exc:
        raise KbankError(f"kan inte starta {program}: {exc.strerror}") from None
    threading.Thread(target=viewer.wait, daemon=True).start()  # reap it if it ends while kbank runs
    return program
