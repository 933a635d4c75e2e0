"""The fast path (search, list, show without typer) answers exactly as typer does, or leaves it to typer.

Every command line of the table runs through typer (CliRunner) and through ``fastpath.run``
on the same index; stdout, stderr and the exit code must be the same bytes. Command lines the
fast path must not parse itself (unknown or new options, dashed words, values typer would
refuse, help) are checked to go to typer. A few run as whole processes through the real entry
point beside a process that runs typer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbank.cli import app, fastgen, fastpath

#: (command line, what it shows): all parsed by the fast path
FAST = [
    ["search", "bostad"],
    ["search", "bostad", "först"],
    ["search", '"bostad först"'],
    ["search", "bostad OR hemgång"],
    ["search", "hemgang"],
    ["search", "äldreomsorgen", "--json"],
    ["search", "hemgång", "--format", "csv"],
    ["search", "hemgång", "--format=jsonl"],
    ["search", "--type", "slutrapport", "kunskapsbank"],
    ["search", "-t", "projektplan", "-n", "1", "bostad"],
    ["search", "bostad", "--type", "projektplan", "--type", "slutrapport"],
    ["search", "kunskapsbank", "--limit", "1"],
    ["search", "kunskapsbank", "--limit", "1", "--page", "2"],
    ["search", "kunskapsbank", "--offset", "1", "-n", "1"],
    ["search", "kunskapsbank", "--sort", "datum"],
    ["search", "kunskapsbank", "--sort", "okänd"],
    ["search", "bostad", "--long"],
    ["search", "bostad", "-l", "--no-pager", "--all"],
    ["search", "--like", "SN 2014/0123"],
    ["search", "--like", "SN 2014/0123", "bostad"],
    ["search", "bostad", "--explain"],
    ["search", "bostad", "--in", "titel"],
    ["search", "bostad", "--in", "okänt"],
    ["search", "xyzzyqq"],
    ["search", "bostad", "--area", "rymdfart"],
    ["search", "bostad", "--unit", "socialförvaltningen", "--dnr", "SN2014/123"],
    ["search", "bostad", "--year", "2014..2016"],
    ["search", "bostad", "--year", "20x4"],
    ["search", "bostad", "--from", "2014", "--to", "2016-06"],
    ["search", "bostad", "--from", "igår"],
    ["search"],
    ["search", "--", "-bostad", "hemgång"],
    ["search", "bostad", "--page", "2", "--offset", "1"],
    ["search", "bostad", "--json", "--format", "csv"],
    ["search", "bostad", "--format", "xml"],
    ["search", "bostad", "--index", "finns-inte"],
    ["search", "\x1b[31mröd"],
    ["list"],
    ["list", "--limit", "2"],
    ["list", "--json"],
    ["list", "--format", "csv", "--type", "delrapport"],
    ["list", "--group", "case"],
    ["list", "-g", "case", "--format", "csv"],
    ["list", "--group", "fel"],
    ["list", "--missing-summary"],
    ["list", "--missing-summary", "--group", "case"],
    ["list", "--area", "rymdfart"],
    ["list", "--year", "2016", "--json"],
    ["show", "SN", "2014/0123"],
    ["show", "--json", "ÄN 2016/77"],
    ["show", "finns-inte"],
    ["search", "kunskapsbank"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["show", "9"],
    ["ingest", "--quiet"],  # a nightly run over an unchanged archive
    ["ingest", "saknas", "--quiet"],
]

#: command lines typer must read: the fast path hands them over before printing anything
TO_TYPER = [
    ["search", "x", "--limitt", "2"],
    ["search", "x", "--limit", "abc"],
    ["search", "x", "--limit", "0"],
    ["search", "x", "--limit", "+5"],
    ["search", "x", "--limit", "05"],
    ["search", "x", "-n5"],
    ["search", "-missbruk"],
    ["search", "-tvång"],
    ["search", "x", "-lh"],
    ["search", "x", "-"],
    ["search", "x", "--ny-flagga", "grannen"],  # an option added after the table was generated
    ["search", "x", "--nytt"],
    ["list", "--ny-flagga", "grannen"],
    ["show", "1", "--nytt"],
    ["search", "x", "--limit", "5", "--limit", "6"],
    ["search", "x", "--json=1"],
    ["search", "x", "--limit"],
    ["search", "x", "--type", "--json"],
    ["search", "x", "--type="],
    ["search", "x", "--help"],
    ["search", "-h"],
    ["show"],
    ["list", "extra"],
    ["open", "1"],
    ["ingest", "--ocr"],  # a flag pair (--ocr/--no-ocr) is typer's
    ["ingest", "arkiv", "annat"],
    ["ingest", "--time-limit", "5"],
    ["reindex"],
    ["--debug", "search", "x"],
    ["search", "x\udcff"],
]


def through_typer(runner, argv: list[str]) -> tuple[bytes, bytes, int]:
    result = runner.invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout_bytes, result.stderr_bytes, result.exit_code


def through_fast_path(runner, argv: list[str]) -> tuple[bytes, bytes, int]:
    with runner.isolation() as (stdout, stderr, _):
        try:
            assert fastpath.run(argv), "the fast path handed this command line to typer"
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        return stdout.getvalue(), stderr.getvalue(), code


def test_the_fast_path_prints_what_typer_prints(indexed_small_archive, runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    outcomes = set()
    for argv in FAST:
        typer_said = through_typer(runner, argv)
        fast_said = through_fast_path(runner, argv)
        assert fast_said == typer_said, argv
        outcomes.add(typer_said[2])
    assert outcomes == {0, 1, 2}  # the table reaches successes, fatal errors and usage errors


def test_the_fast_path_reads_what_typer_reads(indexed_small_archive, runner, monkeypatch):
    """The values a command is called with are typer's (one wide terminal, one narrow)."""
    monkeypatch.setenv("COLUMNS", "140")
    for argv in (["search", "bostad", "-t", "projektplan", "--index", "index"], ["list", "-n", "1", "--all"]):
        assert through_fast_path(runner, argv) == through_typer(runner, argv)


@pytest.mark.parametrize("argv", TO_TYPER, ids=lambda a: " ".join(a).encode("ascii", "replace").decode())
def test_other_command_lines_go_to_typer(argv):
    assert fastpath.parse(argv) is None


def test_shell_completion_goes_to_typer(monkeypatch):
    assert fastpath.parse(["search", "x"]) is not None
    monkeypatch.setenv(fastpath.COMPLETE_VAR, "bash_complete")
    assert fastpath.parse(["search", "x"]) is None


def test_the_table_is_generated_from_the_typer_app():
    """fastspec.py is what fastgen reads from the app now (run ``python -m kbank.cli.fastgen``)."""
    assert fastgen.SPEC_FILE.read_text(encoding="utf-8") == fastgen.render()


def test_a_changed_declaration_sends_the_command_to_typer(monkeypatch):
    """A table older than the command's declarations (say, a merged option) is not trusted."""
    from kbank.cli.fastspec import COMMANDS

    assert fastpath.parse(["search", "x"]) is not None
    monkeypatch.setitem(COMMANDS["search"], "fingerprint", "00000000")
    assert fastpath.parse(["search", "x"]) is None
    assert fastpath.parse(["list"]) is not None


def test_an_option_typer_converts_in_its_own_way_is_left_to_typer():
    """The generator marks what the fast path cannot convert exactly; such an option goes to typer."""
    from typer.models import OptionInfo

    class Param:  # the attributes of a typer option the generator reads
        callback = envvar = prompt = None
        count = is_eager = is_flag = multiple = False
        expose_value = True
        nargs = 1
        secondary_opts: list[str] = []
        min = max = None
        default = None

        def __init__(self, annotation, **info):
            from types import SimpleNamespace

            self.type_descriptor = SimpleNamespace(
                annotation=annotation, parameter_info=OptionInfo(**info), file_annotation=None
            )

    assert fastgen._kind_and_type(Param(str)) == ("value", "str")
    assert fastgen._kind_and_type(Param(Path)) == ("value", "path")
    assert fastgen._kind_and_type(Param(float)) == ("typer", "")
    assert fastgen._kind_and_type(Param(Path, exists=True)) == ("typer", "")
    assert fastgen._kind_and_type(Param(Path, resolve_path=True)) == ("typer", "")
    assert fastgen._kind_and_type(Param(int, clamp=True)) == ("typer", "")
    assert fastgen._kind_and_type(Param(str, parser=str.upper)) == ("typer", "")


TYPER_PROCESS = """
import sys
sys.argv = ["kbank", *sys.argv[1:]]
from kbank.cli.commands import main
main()
"""


@pytest.mark.slow  # two fresh interpreters per command line
@pytest.mark.parametrize(
    "argv",
    [
        ["search", "bostad"],
        ["search", "hemgång", "--json"],
        ["search", "bostad", "--area", "rymdfart"],
        ["list", "--limit", "2"],
        ["show", "SN", "2014/0123"],
        ["search", "-tvång"],
        ["search", "x", "--limit", "0"],
        ["ingest", "--quiet"],
        ["ingest", "--quiet", "--jobs", "0"],
    ],
)
def test_a_whole_kbank_process_prints_what_typer_prints(indexed_small_archive, argv):
    env = dict(os.environ) | {"COLUMNS": "90"}
    entry = subprocess.run([sys.executable, "-m", "kbank", *argv], capture_output=True, env=env)
    typer = subprocess.run([sys.executable, "-c", TYPER_PROCESS, *argv], capture_output=True, env=env)
    assert (entry.stdout, entry.stderr, entry.returncode) == (typer.stdout, typer.stderr, typer.returncode)


LOADED_AFTER = """
import json, os, sys
from kbank.cli import fastpath
try:
    assert fastpath.run(sys.argv[1:]), "typer was needed"
except SystemExit as exc:
    assert not exc.code, exc.code
with open(os.environ["LOADED_TO"], "w") as f:
    json.dump(sorted(sys.modules), f)
"""


@pytest.mark.slow  # a fresh interpreter per command
@pytest.mark.parametrize(
    "argv", [["search", "hemgång"], ["search", "bostad", "--json"], ["list", "--limit", "2"], ["show", "1"]]
)
def test_the_fast_path_imports_no_typer_click_pydantic_markdown_or_urllib(
    indexed_small_archive, tmp_path, argv
):
    loaded_to = tmp_path / "loaded.json"
    env = dict(os.environ) | {"LOADED_TO": str(loaded_to)}
    if argv[0] == "show":
        subprocess.run([sys.executable, "-m", "kbank", "search", "bostad"], env=env, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, *argv], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    heavy = ("typer", "click", "pydantic", "pydantic_core", "markdown_it")
    unused = ("rich.markdown", "urllib.request", "http.client", "ssl", "socket", "subprocess")
    loaded = json.loads(loaded_to.read_text())
    assert [m for m in loaded if m.split(".")[0] in heavy or m in unused] == []


@pytest.mark.slow  # a fresh interpreter
def test_a_no_op_ingest_on_the_fast_path_imports_no_typer_or_readers(indexed_small_archive, tmp_path):
    loaded_to = tmp_path / "loaded.json"
    env = dict(os.environ) | {"LOADED_TO": str(loaded_to)}
    # the copied index's files are new to the archive stamp: one run notes the steady state
    subprocess.run([sys.executable, "-m", "kbank", "ingest", "--quiet"], env=env, check=True)
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, "ingest", "--quiet"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
    heavy = ("typer", "click", "pydantic", "pypdf", "pypdfium2", "docx")
    loaded = json.loads(loaded_to.read_text())
    assert [m for m in loaded if m.split(".")[0] in heavy] == []
    assert "kbank.ingest.run" not in loaded
