"""Regression tests for the audit's holes (issue 19), one or more per item; each failed before its fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.errors import ExitCode
from tests.security.conftest import (
    DRAFT_WORDS,
    SECRET,
    SECRET_COPY,
    SECRET_WORDS,
    secret_markers,
)


def run(runner, *args: str):
    return runner.invoke(app, list(args))


def visible_paths(runner, *args: str) -> set[str]:
    result = run(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {p for d in data.get("hits", data.get("documents", [])) for p in d.get("paths", [d["path"]])}


@pytest.fixture
def ingested(runner, secret_archive):
    result = run(runner, "ingest", "--json")
    assert result.exit_code == 0, result.output
    return secret_archive


# --------------------------------------------------------------------------- S1


def test_s1_a_copy_in_an_open_folder_does_not_publish_a_restricted_report(runner, ingested):
    assert run(runner, "search", SECRET_WORDS[0], "--json").stdout.count(SECRET_COPY) == 0
    assert json.loads(run(runner, "search", SECRET_WORDS[0], "--json").stdout)["total"] == 0
    assert SECRET_COPY not in visible_paths(runner, "list")
    assert run(runner, "show", SECRET_COPY).exit_code == ExitCode.FATAL


def test_s1_settings_are_recomputed_when_a_path_goes_away(runner, ingested, tmp_path):
    (tmp_path / "kbank.toml").write_text("", encoding="utf-8")  # no ceiling: everything visible
    (ingested / SECRET_COPY).unlink()
    assert run(runner, "ingest").exit_code == 0
    assert run(runner, "ingest").exit_code == 0
    data = json.loads(run(runner, "show", SECRET, "--json").stdout)
    assert data["classification"] == "begränsad"
    assert data["path"] == SECRET and data["project"] != "Öppna kopior"
    (tmp_path / "kbank.toml").write_text('classification_ceiling = "intern"\n', encoding="utf-8")
    assert json.loads(run(runner, "search", SECRET_WORDS[0], "--json").stdout)["total"] == 0


def test_s1_the_copy_left_behind_takes_its_own_folders_settings(runner, ingested, tmp_path):
    # the restricted original goes: the open copy alone is public again, under its own folder
    import shutil

    shutil.rmtree(ingested / "2015")
    assert run(runner, "ingest").exit_code == 0
    assert SECRET_COPY in visible_paths(runner, "search", SECRET_WORDS[0])


# --------------------------------------------------------------------------- S4


def test_s4_summary_template_save_refuses_a_dangling_symlink(runner, ingested, tmp_path):
    folder = ingested / "2013" / "3.2-614-2013 Kunskapsbank"
    victim = tmp_path / "utanför" / "offer.txt"
    victim.parent.mkdir()
    (folder / "sammanfattning.md").symlink_to(victim)
    result = run(runner, "summary-template", "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf", "--save")
    assert result.exit_code == ExitCode.FATAL
    assert "symbolisk länk" in result.stderr
    assert not victim.exists()
    result = run(runner, "summary-template", "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf", "--save", "--force")
    assert result.exit_code == ExitCode.FATAL and not victim.exists()


def test_s4_summary_template_out_refuses_a_symlink(runner, ingested, tmp_path):
    victim = tmp_path / "offer.md"
    victim.write_text("orört\n", encoding="utf-8")
    link = tmp_path / "länk.md"
    link.symlink_to(victim)
    result = run(
        runner, "summary-template", "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf", "--out", str(link), "--force"
    )
    assert result.exit_code == ExitCode.FATAL and "symbolisk länk" in result.stderr
    assert victim.read_text(encoding="utf-8") == "orört\n"


def test_s4_a_symlink_out_of_the_archive_is_not_read(runner, small_archive, tmp_path):
    from corpora.builders import make_docx

    outside = make_docx(tmp_path / "privat" / "hemlig.docx", ["Ytterhemlighetens ord: blixtmollusk."])
    (small_archive / "2014" / "länk.docx").symlink_to(outside)
    inside = small_archive / "2016" / "inne.docx"
    inside.symlink_to(small_archive / "2016" / "Trygg hemgång" / "Delrapport trygg hemgång.docx")
    data = json.loads(run(runner, "ingest", "--json").stdout)
    assert data["added"] == 4  # the three reports and the link that stays inside the archive
    assert json.loads(run(runner, "search", "blixtmollusk", "--json").stdout)["total"] == 0
    (tmp_path / "kbank.toml").write_text("follow_links_outside = true\n", encoding="utf-8")
    run(runner, "ingest")
    assert json.loads(run(runner, "search", "blixtmollusk", "--json").stdout)["total"] == 1


def test_s4_safe_writes_never_follow_links(tmp_path):
    from kbank.safefs import UnsafeTarget, write_atomic

    victim = tmp_path / "offer"
    victim.write_text("orört", encoding="utf-8")
    (tmp_path / "state.json").symlink_to(victim)
    with pytest.raises(UnsafeTarget):
        write_atomic(tmp_path / "state.json", "{}")
    assert victim.read_text(encoding="utf-8") == "orört"
    # the old predictable temporary name is no longer used: a link planted there is left alone
    (tmp_path / f".notes.json.{os.getpid()}.tmp").symlink_to(victim)
    write_atomic(tmp_path / "notes.json", "{}")
    assert victim.read_text(encoding="utf-8") == "orört"
    assert (tmp_path / "notes.json").read_text(encoding="utf-8") == "{}"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".notes.json.") and not p.is_symlink()]


def test_s4_index_notes_are_written_without_following_a_planted_temp_link(runner, small_archive, tmp_path):
    victim = tmp_path / "offer"
    victim.write_text("orört", encoding="utf-8")
    index = tmp_path / "index"
    index.mkdir()
    for name in ("state.json", "settled.json", "kbank.json"):
        (index / f".{name}.{os.getpid()}.tmp").symlink_to(victim)
    assert run(runner, "ingest").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "orört"


_ = (DRAFT_WORDS, secret_markers, Path)
