"""Shared fixtures: every test runs with KBANK_* pointing into its own temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpora.builders import make_docx, make_pdf
from kbank.config import load_settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory) -> Path:
    """One cache folder for the whole run (the word list is kept there), not the user's own."""
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_home: Path) -> Path:
    """Point kbank at a temporary archive, index and cache folder, away from the user's own."""
    for name in list(os.environ):
        if name.startswith("KBANK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    # no installation or user config file of this machine reaches a test
    monkeypatch.setenv("KBANK_SITE_CONFIG", str(tmp_path / "site-config" / "kbank.toml"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("KBANK_SERVE_SOCKET", str(tmp_path / "serve.sock"))  # never the user's own server
    monkeypatch.setenv("KBANK_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("KBANK_INDEX", str(tmp_path / "index"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def settings(archive: Path):
    return load_settings()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


PLAN_TEXT = [
    "Projektplan\nBostad först i Björkhagen\n\nDnr: SN 2014/0123\nDatum: 2014-03-10\n"
    "Utgivare: Björkhagens stadsdelsförvaltning\nKontaktperson: Maria Lindqvist",
    "1. Bakgrund\nHemlösheten i stadsdelen har ökat. Många bostadslösa personer har ett missbruk "
    "och saknar stöd. Projektet ska pröva metoden Bostad först.",
    "2. Syfte\nSyftet är att hemlösa personer ska få en egen bostad med boendestöd, och att "
    "metoden ska utvärderas av en extern utvärderare.",
]

FINAL_TEXT = [
    "Slutrapport\nKunskapsbank för socialtjänsten\nAugusti 2015\n\nDnr: 3.2-614/2013\n"
    "Utgivningsdatum: 2015-08-25\nUtgivare: Socialförvaltningen",
    "1. Inledning\nSyftet med kunskapsbanken är att slutrapporter och projektplaner ska finnas "
    "tillgängliga för medarbetare. Utvärderingen visade att chefer använde banken.",
    "2. Resultat\nEfter utvärderingen av piloten beslutades att banken ska införas i alla "
    "stadsdelsförvaltningar. Familjehemsplacerade barn och våldsutsatta kvinnor var vanliga ämnen.",
]


def write_small_archive(archive: Path) -> Path:
    """Write three readable reports in registry folders: two PDFs and a DOCX."""
    make_pdf(archive / "2013" / "3.2-614-2013 Kunskapsbank" / "slutrapport.pdf", FINAL_TEXT)
    make_pdf(archive / "2014" / "SN 2014-0123 Bostad först" / "projektplan.pdf", PLAN_TEXT)
    make_docx(
        archive / "2016" / "Trygg hemgång" / "Delrapport trygg hemgång.docx",
        [
            "Dnr: ÄN 2016/77",
            "Datum: 2016-05-02",
            "Trygg hemgång ger äldre personer stöd i hemmet efter sjukhusvistelse. "
            "Äldreomsorgen och hemtjänsten samverkar.",
        ],
        heading="Delrapport Trygg hemgång",
    )
    return archive


@pytest.fixture
def small_archive(archive: Path) -> Path:
    """Three readable reports in registry folders: two PDFs and a DOCX."""
    return write_small_archive(archive)


@pytest.fixture(scope="session")
def small_index_template(tmp_path_factory, cache_home: Path) -> Path:
    """The small archive and its index, built once per run for tests that only read them."""
    from kbank.ingest.run import ingest

    root = tmp_path_factory.mktemp("small-index")
    write_small_archive(root / "archive")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("KBANK_"):
                patch.delenv(name)
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        patch.setenv("KBANK_SITE_CONFIG", str(root / "site-config" / "kbank.toml"))
        patch.setenv("XDG_CONFIG_HOME", str(root / "user-config"))
        ingest(load_settings(archive=root / "archive", index=root / "index", cwd=root))
    return root


@pytest.fixture
def indexed_small_archive(tmp_path: Path, small_index_template: Path) -> Path:
    """A copy of the small archive with its index (same bytes and times), as if just ingested here."""
    shutil.copytree(small_index_template / "archive", tmp_path / "archive", dirs_exist_ok=True)
    shutil.copytree(small_index_template / "index", tmp_path / "index")
    # the index remembers the archive root it was built from: this copy is built from here
    (tmp_path / "index" / "archive.json").unlink(missing_ok=True)
    return tmp_path / "archive"
