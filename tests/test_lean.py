"""A search in a fresh process loads only what searching needs: no text analysis of reports, no ingest."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: modules for reading and describing reports: a search never needs them
NOT_FOR_SEARCH = (
    "kbank.metadata.report",
    "kbank.metadata.content",
    "kbank.metadata.labels",
    "kbank.metadata.people",
    "kbank.metadata.titles",
    "kbank.metadata.dates",
    "kbank.ingest",
    "kbank.extract",
    "pypdf",
    "pypdfium2",
    "docx",
)

PROBE = """
import json, sys
from kbank.cli import app
try:
    app(sys.argv[1:], prog_name="kbank")
except SystemExit as exc:
    assert not exc.code, exc.code
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.slow  # a fresh interpreter per command
@pytest.mark.parametrize(
    "command", [["search", "hemlöshet"], ["list", "--limit", "2"], ["show", "SN", "2014/0123"]]
)
def test_a_search_list_or_show_imports_no_report_reading(indexed_small_archive, command):
    done = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stderr)
    assert done.stdout.strip()
    assert [m for m in loaded if m.startswith(NOT_FOR_SEARCH)] == []
