"""Run Pagefind's indexer (the binary the ``pagefind[bin]`` package bundles; the only home of pagefind_bin)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kbank.errors import KbankError

#: Pagefind's own folder in the site
BUNDLE = "pagefind"


def executable() -> Path:
    """The bundled pagefind binary."""
    try:
        import pagefind_bin
    except ImportError:
        raise KbankError("pagefind saknas: installera kbank med pip så följer pagefind[bin] med") from None
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as exc:
        raise KbankError(f"pagefind-programmet saknas i paketet pagefind-bin: {exc}") from None


def index_site(site: Path) -> None:
    """Write the search index of the site's report pages into ``site/pagefind``; no network is used."""
    command = [str(executable()), "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KbankError(f"pagefind kunde inte köras: {exc}") from None
    if done.returncode != 0:
        detail = " ".join((done.stderr or done.stdout).split())[:300]
        raise KbankError(f"pagefind misslyckades (kod {done.returncode}): {detail}")
