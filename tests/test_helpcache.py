"""Help pages from the cache: the same bytes typer prints, and only where nothing they depend on changed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kbank.cli import helpcache


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """A cache folder of this test's own (the session's is shared by every test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "help-cache"))


class Typer:
    """Stands in for typer's help run: prints a page (or an error) and exits as typer does."""

    def __init__(self, page: str = "Användning: kbank [FLAGGOR]\n", code: int = 0, stderr: str = ""):
        self.page, self.code, self.stderr, self.runs = page, code, stderr, 0

    def __call__(self) -> None:
        self.runs += 1
        sys.stdout.write(self.page)
        sys.stderr.write(self.stderr)
        raise SystemExit(self.code)


def show(argv, typer: Typer) -> None:
    try:
        helpcache.show(argv, "kbank", typer)
    except SystemExit as exc:
        assert exc.code == typer.code


def test_a_page_is_printed_from_the_cache_the_second_time(capsys):
    typer = Typer("Användning: kbank search [FLAGGOR] [SÖKORD]...\n  --limit  N\n")
    show(["search", "--help"], typer)
    first = capsys.readouterr().out
    show(["search", "--help"], typer)
    assert capsys.readouterr().out == first == typer.page
    assert typer.runs == 1


def test_another_terminal_width_command_or_version_is_another_page(capsys, monkeypatch):
    typer = Typer()
    show(["--help"], typer)
    show(["list", "--help"], typer)
    monkeypatch.setenv("COLUMNS", "57")
    show(["--help"], typer)
    monkeypatch.setattr("kbank.__version__", "99.0")
    show(["--help"], typer)
    assert typer.runs == 4
    show(["--help"], typer)
    assert typer.runs == 4


def test_an_edited_or_upgraded_source_is_another_page(monkeypatch):
    typer = Typer()
    show(["--help"], typer)
    stamps = helpcache._code()
    monkeypatch.setattr(helpcache, "_code", lambda: [*stamps, ["typer", "/x/__init__.py", 1, 2]])
    show(["--help"], typer)
    assert typer.runs == 2


def test_an_error_or_anything_on_stderr_is_not_kept():
    failing = Typer("", code=2, stderr="kbank: okänt kommando 'sök'\n")
    show(["sök", "--help"], failing)
    show(["sök", "--help"], failing)
    assert failing.runs == 2
    warned = Typer(stderr="kbank: varning\n")
    show(["--help"], warned)
    show(["--help"], warned)
    assert warned.runs == 2


def test_a_page_that_does_not_match_its_header_is_not_used(capsys):
    typer = Typer("rätt sida\n")
    show(["--help"], typer)
    (page,) = _pages()
    header = page.read_bytes().partition(b"\n")[0]
    page.write_bytes(header.replace(b"kbank", b"kbanq", 1) + b"\nfel sida\n")
    capsys.readouterr()
    show(["--help"], typer)
    assert capsys.readouterr().out == "rätt sida\n"
    assert typer.runs == 2


def _pages():
    return sorted(helpcache._folder().glob("*.txt"))


def test_only_the_help_forms_are_answered_from_the_cache():
    assert helpcache.is_help(["--help"]) and helpcache.is_help(["-h"])
    assert helpcache.is_help(["search", "--help"]) and helpcache.is_help(["watch", "-h"])
    assert not helpcache.is_help(["search", "x", "--help"])
    assert not helpcache.is_help(["--debug", "--help"])
    assert not helpcache.is_help([])


TYPER_PROCESS = """
import sys
sys.argv = ["kbank", *sys.argv[1:]]
from kbank.cli.commands import main
main()
"""


@pytest.mark.slow  # three fresh interpreters per page
@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--help"], {"COLUMNS": "100"}),
        (["search", "--help"], {"COLUMNS": "70"}),
        (["list", "-h"], {"COLUMNS": "130"}),
        (["show", "--help"], {"COLUMNS": "90", "FORCE_COLOR": "1"}),
        (["ingest", "--help"], {"COLUMNS": "80"}),
    ],
)
def test_a_help_page_is_typer_s_bytes_first_and_from_the_cache(tmp_path, argv, env):
    environ = dict(os.environ) | env | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    typer = subprocess.run([sys.executable, "-c", TYPER_PROCESS, *argv], capture_output=True, env=environ)
    first = subprocess.run([sys.executable, "-m", "kbank", *argv], capture_output=True, env=environ)
    kept = list((tmp_path / "cache" / "kbank" / "help").glob("*.txt"))
    second = subprocess.run([sys.executable, "-m", "kbank", *argv], capture_output=True, env=environ)
    assert typer.returncode == 0 and b"kbank" in typer.stdout
    assert len(kept) == 1
    for run in (first, second):
        assert (run.stdout, run.stderr, run.returncode) == (typer.stdout, typer.stderr, 0)
