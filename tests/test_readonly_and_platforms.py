"""Issue 12: read-only users still search; no English system text; no fcntl/pwd needed to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from kbank.cli import app
from kbank.errors import ExitCode

from .conftest import REPO

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"


def _unwritable(tmp_path, monkeypatch):
    """A data folder that cannot be created (a file stands where its parent should be).

    Tests run as root in CI, where permission bits do not stop writes; a file in the way fails
    the same calls with an OSError, as a read-only share does for a user.
    """
    blocker = tmp_path / "skrivskyddad"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KBANK_DATA", str(blocker / "data"))
    return blocker


def test_a_user_who_cannot_write_still_searches_and_is_told_in_one_swedish_line(
    runner, indexed_small_archive, tmp_path, monkeypatch
):
    _unwritable(tmp_path, monkeypatch)
    result = runner.invoke(app, ["search", "kunskapsbanken", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] >= 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "kunde inte räknas i statistiken" in lines[0]
    assert "Error" not in result.stderr and "Errno" not in result.stderr
    shown = runner.invoke(app, ["show", FINAL])
    assert shown.exit_code == 0 and "Kunskapsbank" in shown.stdout
    assert runner.invoke(app, ["list"]).exit_code == 0


def test_watch_add_that_cannot_be_saved_says_so_in_swedish(
    runner, indexed_small_archive, tmp_path, monkeypatch
):
    _unwritable(tmp_path, monkeypatch)
    result = runner.invoke(app, ["watch", "add", "hem", "hemlöshet"])
    assert result.exit_code == ExitCode.FATAL
    assert "bevakningarna kan inte sparas" in result.stderr
    for english in ("PermissionError", "NotADirectoryError", "FileExistsError", "Errno", "reindex"):
        assert english not in result.stderr


def test_a_broken_config_file_is_explained_in_swedish(runner, indexed_small_archive, tmp_path):
    (tmp_path / "kbank.toml").write_text("index = [\n", encoding="utf-8")
    result = runner.invoke(app, ["search", "x"])
    assert result.exit_code == ExitCode.FATAL and "felaktig TOML" in result.stderr
    assert "Expected" not in result.stderr and "Invalid" not in result.stderr


def test_without_fcntl_and_pwd_search_list_and_show_work(indexed_small_archive, tmp_path):
    script = textwrap.dedent(
        """
        import sys
        sys.modules["fcntl"] = None  # as on Windows: importing them fails
        sys.modules["pwd"] = None
        sys.modules["resource"] = None
        sys.modules["msvcrt"] = None
        from kbank.cli import main
        sys.argv = ["kbank", *sys.argv[1:]]
        main()
        """
    )
    env = {k: v for k, v in os.environ.items()}
    env["PYTHONPATH"] = str(REPO)
    for args in (["search", "kunskapsbanken"], ["list"], ["show", FINAL]):
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert done.returncode == 0, (args, done.stderr)
        assert "Kunskapsbank" in done.stdout, args
        assert "Traceback" not in done.stderr and "ModuleNotFoundError" not in done.stderr
