"""Issue 12 and 19 (S4): kbank set checks values, keeps correction files as written, never follows links."""

from __future__ import annotations

import json
import os

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode
from kbank.ingest.lock import writer_lock

pytestmark = pytest.mark.slow  # an ingest and a kbank set per test

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
PLAN = "2014/SN 2014-0123 Bostad först/projektplan.pdf"


@pytest.fixture
def indexed(runner, small_archive):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    return small_archive


def listed(runner, *extra) -> set[str]:
    result = runner.invoke(app, ["list", "--json", *extra])
    assert result.exit_code == 0, result.output
    return {d["path"] for d in json.loads(result.stdout)["documents"]}


def test_a_classification_typo_is_refused_with_the_valid_values(runner, indexed):
    result = runner.invoke(app, ["set", PLAN, "klassning=intren"])
    assert result.exit_code == ExitCode.USAGE
    assert "öppen, intern, begränsad" in result.stderr and "menade du intern?" in result.stderr
    assert not (indexed / (PLAN + ".kbank.toml")).exists()
    assert PLAN in listed(runner)


def test_a_status_typo_is_refused_with_a_guess(runner, indexed):
    result = runner.invoke(app, ["set", PLAN, "status=publiserad"])
    assert result.exit_code == ExitCode.USAGE and "menade du publicerad?" in result.stderr


def test_a_hidden_typo_can_be_undone_with_set_all(runner, indexed):
    (indexed / (PLAN + ".kbank.toml")).write_text('klassning = "intren"\n', encoding="utf-8")
    runner.invoke(app, ["ingest"])
    assert PLAN not in listed(runner, "--all")
    assert runner.invoke(app, ["show", PLAN, "--all"]).exit_code == 0
    fixed = runner.invoke(app, ["set", "--all", PLAN, "klassning=intern"])
    assert fixed.exit_code == 0, fixed.output
    assert PLAN in listed(runner)


def test_comments_and_multi_line_arrays_survive_byte_for_byte(runner, indexed):
    sidecar = indexed / (FINAL + ".kbank.toml")
    before = (
        "# Rättat av Maria 2024-05-02\n"
        'titel = "Gammal titel"  # från omslaget\n'
        "\n"
        "nyckelord = [\n"
        '    "kunskapsbank",   # huvudord\n'
        '    "FoU",\n'
        "]\n"
        "# slut\n"
    )
    sidecar.write_text(before, encoding="utf-8")
    result = runner.invoke(app, ["set", FINAL, "titel=Ny titel", "status=granskad"])
    assert result.exit_code == 0, result.output
    expected = before.replace('"Gammal titel"', '"Ny titel"') + 'status = "granskad"\n'
    assert sidecar.read_text("utf-8") == expected
    shown = json.loads(runner.invoke(app, ["show", FINAL, "--json", "--all"]).stdout)
    assert shown["title"] == "Ny titel" and shown["keywords"][:2] == ["kunskapsbank", "FoU"]


def test_a_planted_symlink_at_the_temporary_name_is_not_followed(runner, indexed, tmp_path):
    victim = tmp_path / "offer.txt"
    victim.write_text("orört\n", encoding="utf-8")
    folder = (indexed / FINAL).parent
    os.symlink(victim, folder / f".{os.path.basename(FINAL)}.kbank.toml.tmp")
    result = runner.invoke(app, ["set", FINAL, "titel=Ny titel"])
    assert result.exit_code == 0, result.output
    assert victim.read_text("utf-8") == "orört\n"
    assert 'titel = "Ny titel"' in (indexed / (FINAL + ".kbank.toml")).read_text("utf-8")


def test_a_correction_file_that_is_a_symlink_is_never_written_through(runner, indexed, tmp_path):
    victim = tmp_path / "offer.toml"
    victim.write_text('titel = "orört"\n', encoding="utf-8")
    os.symlink(victim, indexed / (FINAL + ".kbank.toml"))
    result = runner.invoke(app, ["set", FINAL, "titel=Ny titel"])
    assert result.exit_code == ExitCode.USAGE and "symbolisk länk" in result.stderr
    assert victim.read_text("utf-8") == 'titel = "orört"\n'


def test_while_another_run_holds_the_index_set_saves_and_exits_0(runner, indexed):
    settings = load_settings()
    with writer_lock(settings.index, "ingest"):
        result = runner.invoke(app, ["set", FINAL, "status=granskad"])
    assert result.exit_code == 0, result.output
    assert "gäller från nästa kbank ingest" in result.stdout
    assert 'status = "granskad"' in (indexed / (FINAL + ".kbank.toml")).read_text("utf-8")
    assert FINAL in listed(runner)  # not applied yet
    runner.invoke(app, ["ingest"])
    assert FINAL not in listed(runner)


def test_a_correction_is_applied_at_once_without_a_full_ingest(runner, indexed, monkeypatch):
    import kbank.ingest.run as run

    def no_full_ingest(*args, **kwargs):
        raise AssertionError("kbank set ran a whole ingest")

    monkeypatch.setattr(run, "ingest", no_full_ingest)
    result = runner.invoke(app, ["set", FINAL, "titel=Kunskapsbanken, slutrapport", "sammanfattning=Kort."])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["show", FINAL, "--json"]).stdout)
    assert shown["title"] == "Kunskapsbanken, slutrapport" and shown["summary"] == "Kort."
