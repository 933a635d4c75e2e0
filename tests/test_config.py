"""Settings: option > environment > config file > default."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbank.config import load_settings
from kbank.errors import ConfigError


def test_defaults_are_archive_and_index_in_the_working_folder(tmp_path):
    settings = load_settings(environ={}, cwd=tmp_path)
    assert (settings.archive, settings.index) == (tmp_path / "archive", tmp_path / "index")


def test_option_beats_environment_beats_config_file(tmp_path):
    (tmp_path / "kbank.toml").write_text('archive = "arkiv-fil"\nindex = "index-fil"\n')
    from_file = load_settings(environ={}, cwd=tmp_path)
    assert from_file.archive == tmp_path / "arkiv-fil" and from_file.index == tmp_path / "index-fil"
    from_env = load_settings(environ={"KBANK_ARCHIVE": "/srv/arkiv"}, cwd=tmp_path)
    assert from_env.archive == Path("/srv/arkiv") and from_env.index == tmp_path / "index-fil"
    from_option = load_settings(environ={"KBANK_ARCHIVE": "/srv/arkiv"}, cwd=tmp_path, archive=Path("/mnt/x"))
    assert from_option.archive == Path("/mnt/x")


@pytest.mark.parametrize(
    "content, message", [("archive = [", "kan inte läsa"), ("farg = 'blå'", "okänd inställning")]
)
def test_bad_config_file_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "kbank.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={}, cwd=tmp_path)


def test_kbank_config_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="finns inte"):
        load_settings(environ={"KBANK_CONFIG": str(tmp_path / "saknas.toml")}, cwd=tmp_path)


def test_ranking_is_read_from_the_config_file_over_the_defaults(tmp_path):
    (tmp_path / "kbank.toml").write_text(
        '[ranking]\nnewer_boost = 0.3\n[ranking.type_boosts]\nprojektplan = 1.2\n"övrigt" = 0.5\n'
        "[ranking.field_boosts]\nsummary = 4\n"
    )
    ranking = load_settings(environ={}, cwd=tmp_path).ranking
    assert ranking.newer_boost == 0.3 and ranking.newer_years == 10
    assert ranking.type_boosts["projektplan"] == 1.2 and ranking.type_boosts["other"] == 0.5
    assert ranking.type_boosts["slutrapport"] == 1.15 and ranking.field_boosts["summary"] == 4.0


@pytest.mark.parametrize(
    "content, message",
    [
        ("[ranking]\nnewer_boost = 'mycket'\n", "ranking.newer_boost"),
        ("[ranking]\nfarg = 1\n", "okänd inställning ranking.farg"),
        ("[ranking]\nnewer_years = 0\n", "ranking.newer_years"),
        ("ranking = 3\n", "tabell"),
    ],
)
def test_bad_ranking_settings_are_clear_errors(tmp_path, content, message):
    (tmp_path / "kbank.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={}, cwd=tmp_path)


def test_batch_settings_come_from_option_environment_or_config_file(tmp_path):
    (tmp_path / "kbank.toml").write_text("jobs = 3\ntime_limit = 90\nmemory_limit = 2048\nlock_wait = 600\n")
    from_file = load_settings(environ={}, cwd=tmp_path)
    assert (from_file.jobs, from_file.time_limit, from_file.memory_limit, from_file.lock_wait) == (
        3,
        90.0,
        2048,
        600.0,
    )
    from_env = load_settings(environ={"KBANK_JOBS": "1", "KBANK_TIME_LIMIT": "2.5"}, cwd=tmp_path)
    assert (from_env.jobs, from_env.time_limit, from_env.memory_limit) == (1, 2.5, 2048)
    assert load_settings(environ={"KBANK_JOBS": "1"}, cwd=tmp_path, jobs=4).worker_count() == 4


def test_jobs_default_to_one_worker_per_core(tmp_path):
    assert load_settings(environ={}, cwd=tmp_path).worker_count() >= 1


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"KBANK_JOBS": "många"}, "KBANK_JOBS ska vara ett heltal"),
        ({"KBANK_MEMORY_LIMIT": "10"}, "minst 128"),
        ({"KBANK_TIME_LIMIT": "-1"}, "KBANK_TIME_LIMIT ska vara ett antal sekunder"),
    ],
)
def test_bad_batch_settings_are_clear_errors(tmp_path, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ, cwd=tmp_path)


def test_a_bad_number_in_the_config_file_names_the_file(tmp_path):
    (tmp_path / "kbank.toml").write_text('jobs = "alla"\n')
    with pytest.raises(ConfigError, match=r"kbank.toml: jobs ska vara ett heltal"):
        load_settings(environ={}, cwd=tmp_path)


def test_linked_banks_are_read_with_the_local_bank_among_them(tmp_path):
    (tmp_path / "kbank.toml").write_text(
        'default_banks = ["sof", "utbf"]\nbank_timeout = 2\n'
        '[banks.sof]\nname = "Socialförvaltningen"\nlocal = true\n'
        '[banks.utbf]\nname = "Utbildningsförvaltningen"\nindex = "../utbf/index"\n'
        'site = "https://utbf.example.se/kb/"\n'
    )
    settings = load_settings(environ={}, cwd=tmp_path)
    banks = settings.all_banks
    assert list(banks) == ["sof", "utbf"] and banks["sof"].local and not banks["utbf"].local
    assert banks["utbf"].index == tmp_path / "../utbf/index"
    assert banks["utbf"].site == "https://utbf.example.se/kb/"
    assert settings.default_banks == ("sof", "utbf") and settings.bank_timeout == 2.0


def test_without_a_local_table_the_local_bank_is_called_lokal(tmp_path):
    (tmp_path / "kbank.toml").write_text('[banks.utbf]\nindex = "/srv/utbf/index"\n')
    banks = load_settings(environ={}, cwd=tmp_path).all_banks
    assert list(banks) == ["lokal", "utbf"] and banks["lokal"].local


@pytest.mark.parametrize(
    "content, message",
    [
        ('[banks.utbf]\nname = "U"\n', "index saknas"),
        ('[banks.utbf]\nindex = "/x"\nfarg = "blå"\n', "okänd inställning"),
        ("[banks.a]\nlocal = true\n[banks.b]\nlocal = true\n", "bara en bank"),
        ('default_banks = ["utbf"]\n', "okänd bank utbf"),
        ('default_banks = "utbf"\n', "lista av banknamn"),
        ('[banks."två ord"]\nindex = "/x"\n', "ett ord"),
    ],
)
def test_bad_bank_settings_are_clear_errors(tmp_path, content, message):
    (tmp_path / "kbank.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={}, cwd=tmp_path)
