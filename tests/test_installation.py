"""Issue 12: one installation that staff reach from any folder (configuration layers, kbank config)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"


@pytest.fixture
def installed(runner, indexed_small_archive, tmp_path, monkeypatch):
    """The small archive indexed under /srv-like folders, and a user's home folder with no kbank files."""
    monkeypatch.delenv("KBANK_INDEX")
    monkeypatch.delenv("KBANK_ARCHIVE")
    home = tmp_path / "hem" / "anna"
    home.mkdir(parents=True)
    monkeypatch.chdir(home)
    return tmp_path


def _site(tmp_path: Path, text: str) -> None:
    site = tmp_path / "site-config" / "kbank.toml"
    site.parent.mkdir(parents=True, exist_ok=True)
    site.write_text(text, encoding="utf-8")


def test_search_list_and_show_from_a_folder_with_no_kbank_files_use_the_system_config(runner, installed):
    assert runner.invoke(app, ["search", "syftet"]).exit_code == ExitCode.FATAL  # nothing configured yet
    _site(installed, f'index = "{installed / "index"}"\narchive = "{installed / "archive"}"\n')
    found = runner.invoke(app, ["search", "kunskapsbanken", "--json"])
    assert found.exit_code == 0, found.output
    assert FINAL in {h["path"] for h in json.loads(found.stdout)["hits"]}
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert listed["total"] == 3
    shown = runner.invoke(app, ["show", FINAL])
    assert shown.exit_code == 0 and "Kunskapsbank" in shown.stdout


def test_the_user_config_is_found_the_same_way(runner, installed):
    user = installed / "user-config" / "kbank" / "kbank.toml"
    user.parent.mkdir(parents=True)
    user.write_text(f'index = "{installed / "index"}"\n', encoding="utf-8")
    assert json.loads(runner.invoke(app, ["list", "--json"]).stdout)["total"] == 3


def test_a_missing_index_names_the_setting_to_change(runner, installed):
    missing = runner.invoke(app, ["search", "syftet"])
    assert missing.exit_code == ExitCode.FATAL
    assert "ange index i" in missing.stderr and "KBANK_INDEX" in missing.stderr


def test_a_project_file_in_a_parent_folder_is_found(runner, installed):
    (installed / "hem" / "kbank.toml").write_text(f'index = "{installed / "index"}"\n', encoding="utf-8")
    deeper = installed / "hem" / "anna" / "rapporter" / "2024"
    deeper.mkdir(parents=True)
    settings = load_settings(cwd=deeper)
    assert settings.index == installed / "index"
    assert settings.source("index") == str(installed / "hem" / "kbank.toml")


def test_later_layers_override_earlier_ones_key_by_key(runner, installed, monkeypatch):
    _site(installed, 'index = "/srv/kbank/index"\nmail_from = "kbank@kommun.se"\njobs = 2\n')
    user = installed / "user-config" / "kbank" / "kbank.toml"
    user.parent.mkdir(parents=True)
    user.write_text('mail_from = "anna@kommun.se"\n', encoding="utf-8")
    explicit = installed / "nattjobb.toml"
    explicit.write_text("jobs = 3\n", encoding="utf-8")
    monkeypatch.setenv("KBANK_CONFIG", str(explicit))
    (installed / "hem" / "anna" / "kbank.toml").write_text("time_limit = 30\n", encoding="utf-8")
    data = json.loads(runner.invoke(app, ["config", "--json"]).stdout)
    rows = {r["key"]: r for r in data["settings"]}
    assert rows["index"]["value"] == "/srv/kbank/index"
    assert rows["index"]["source"] == str(installed / "site-config" / "kbank.toml")
    assert (rows["mail_from"]["value"], rows["mail_from"]["source"]) == ("anna@kommun.se", str(user))
    assert (rows["jobs"]["value"], rows["jobs"]["source"]) == (3, str(explicit))
    assert rows["time_limit"]["source"].endswith("anna/kbank.toml")
    assert rows["archive"]["source"] == "standard"
    assert [f["layer"] for f in data["files"]] == ["system", "användare", "KBANK_CONFIG", "projekt"]
    monkeypatch.setenv("KBANK_JOBS", "1")
    rows = {r["key"]: r for r in json.loads(runner.invoke(app, ["config", "--json"]).stdout)["settings"]}
    assert (rows["jobs"]["value"], rows["jobs"]["source"]) == (1, "KBANK_JOBS")
    shown = runner.invoke(app, ["config"])
    assert shown.exit_code == 0 and "anna@kommun.se" in shown.stdout


def test_config_init_writes_a_commented_file_that_kbank_reads(runner, installed):
    result = runner.invoke(app, ["config", "init", "--index", "/srv/kbank/index"])
    assert result.exit_code == 0, result.output
    written = installed / "user-config" / "kbank" / "kbank.toml"
    text = written.read_text("utf-8")
    assert text.count("\n# ") > 10 and tomllib.loads(text) == {"index": "/srv/kbank/index"}
    assert load_settings().index == Path("/srv/kbank/index")
    again = runner.invoke(app, ["config", "init"])
    assert again.exit_code == ExitCode.USAGE and "--force" in again.stderr
    assert written.read_text("utf-8") == text


def test_the_demo_quick_start_still_uses_the_working_folder(runner, small_archive, monkeypatch):
    monkeypatch.delenv("KBANK_INDEX")
    monkeypatch.delenv("KBANK_ARCHIVE")
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    assert (small_archive.parent / "index" / "kbank.json").is_file()
    assert json.loads(runner.invoke(app, ["search", "syftet", "--json"]).stdout)["total"] >= 1
