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


@pytest.mark.slow  # ingests
def test_a_list_page_is_the_head_of_the_whole_list(indexed_small_archive, runner):
    from corpora.builders import make_pdf
    from kbank.cli import app

    make_pdf(indexed_small_archive / "odaterad.pdf", ["Anteckningar\n\nNågra rader utan datum om hemtjänst."])
    make_pdf(indexed_small_archive / "2014" / "annan.pdf", ["Minnesanteckning\n\nOm boendestöd 2014."])
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code in (0, 3)
    whole = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert whole["total"] == 5
    for limit in range(1, 7):
        page = json.loads(runner.invoke(app, ["list", "--json", "--limit", str(limit)]).stdout)
        assert page["documents"] == whole["documents"][:limit]
        assert (page["total"], page["facets"]) == (whole["total"], whole["facets"])
    filtered = json.loads(runner.invoke(app, ["list", "--json", "--type", "projektplan"]).stdout)
    one = json.loads(runner.invoke(app, ["list", "--json", "--type", "projektplan", "--limit", "1"]).stdout)
    assert one["documents"] == filtered["documents"][:1]
