"""Issue 12 (digests go only where they should) and 19 (S6 headers, R4 bad watches)."""

from __future__ import annotations

import email
import email.policy
import json
import mailbox

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode
from kbank.tasks.watch import store_path

from .test_digest import Clock, report

pytestmark = pytest.mark.slow  # ingests and digests per test


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def news(runner, archive, clock):
    """Two watches for two people, then reports for both of them."""
    for args in (
        ["watch", "add", "hemlöshet", "hemlöshet", "--to", "anna@kommun.se"],
        ["watch", "add", "äldre", "hemtjänsten", "--to", "bo@kommun.se"],
    ):
        assert runner.invoke(app, args).exit_code == 0
    clock.set(2026, 1, 11)
    report(archive, "2026", "Rapport om hemlöshet.pdf", "Hemlöshet i staden.")
    report(archive, "2026", "Rapport om hemtjänsten.pdf", "Hemtjänsten för äldre.")
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    clock.set(2026, 1, 20)
    return archive


def read(path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_two_watches_for_two_recipients_make_two_messages_each_with_only_its_watch(runner, news, tmp_path):
    folder = tmp_path / "utskick"
    result = runner.invoke(app, ["digest", "--all-watches", "--format", "eml", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    messages = {str(m["To"]): m for m in map(read, sorted(folder.glob("*.eml")))}
    assert set(messages) == {"anna@kommun.se", "bo@kommun.se"}
    anna = messages["anna@kommun.se"].get_body(("plain",)).get_content()
    bo = messages["bo@kommun.se"].get_body(("plain",)).get_content()
    assert "hemlöshet" in anna and "hemtjänsten" not in anna.lower()
    assert "Rapport om hemtjänsten" in bo and "Rapport om hemlöshet" not in bo
    for message in messages.values():
        assert message["Date"] and message["Message-ID"] and str(message["From"]) == "kbank@localhost"
        html = message.get_body(("html",)).get_content()
        assert "<h1>" in html and "<h2>" in html and 'href="file://' in html
        assert "kbank watch remove" in message.get_body(("plain",)).get_content()


def test_one_recipient_with_two_watches_gets_one_message(runner, news, tmp_path):
    runner.invoke(app, ["watch", "add", "stad", "staden", "--to", "anna@kommun.se"])
    box = tmp_path / "utskick.mbox"
    result = runner.invoke(
        app, ["digest", "--all-watches", "--since", "2026-01-01", "--format", "eml", "--out", str(box)]
    )
    assert result.exit_code == 0, result.output
    opened = mailbox.mbox(
        str(box), factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)
    )
    messages = list(opened)
    opened.close()
    assert sorted(str(m["To"]) for m in messages) == ["anna@kommun.se", "bo@kommun.se"]
    anna = next(m for m in messages if m["To"] == "anna@kommun.se")
    assert "hemlöshet" in anna["Subject"] and "stad" in anna["Subject"] and "äldre" not in anna["Subject"]


def test_nothing_new_writes_no_message(runner, news, tmp_path):
    folder = tmp_path / "utskick"
    runner.invoke(app, ["digest", "--all-watches", "--format", "eml", "--out", str(folder), "--mark-sent"])
    target = tmp_path / "igen.eml"
    again = runner.invoke(app, ["digest", "--all-watches", "--format", "eml", "--out", str(target)])
    assert again.exit_code == 0 and not target.exists() and "inga meddelanden" in again.stderr


def test_dry_run_says_who_would_get_what_and_writes_nothing(runner, news, tmp_path):
    folder = tmp_path / "utskick"
    result = runner.invoke(
        app, ["digest", "--all-watches", "--format", "eml", "--dry-run", "--out", str(folder)]
    )
    assert result.exit_code == 0
    assert "anna@kommun.se: hemlöshet (1)" in result.stdout and "bo@kommun.se: äldre (1)" in result.stdout
    assert not folder.exists()


@pytest.mark.parametrize("address", ["inte en adress", "anna@kommun.se\r\nBcc: alla@kommun.se", "a@"])
def test_a_bad_address_is_refused_when_the_watch_is_added(runner, archive, address):
    result = runner.invoke(app, ["watch", "add", "x", "hemlöshet", "--to", address])
    assert result.exit_code == ExitCode.USAGE and "ingen e-postadress" in result.stderr
    assert runner.invoke(app, ["watch", "list", "--json"]).stdout.count('"name"') == 0


def test_watch_list_shows_the_recipients(runner, archive):
    runner.invoke(app, ["watch", "add", "hem", "hemlöshet", "--to", "anna@kommun.se, bo@kommun.se"])
    data = json.loads(runner.invoke(app, ["watch", "list", "--json"]).stdout)
    assert data["watches"][0]["recipients"] == ["anna@kommun.se", "bo@kommun.se"]
    assert "anna@kommun.se" in runner.invoke(app, ["watch", "list"], env={"COLUMNS": "200"}).stdout


def test_a_watch_name_with_a_trailing_newline_is_refused(runner, archive):
    result = runner.invoke(app, ["watch", "add", "hem\n", "hemlöshet"])
    assert result.exit_code == ExitCode.USAGE and "ogiltigt namn" in result.stderr


@pytest.mark.parametrize("option", [["--year", "2020..2010"], ["--type", "okänd"]])
def test_filters_are_checked_when_a_watch_is_added(runner, archive, option):
    result = runner.invoke(app, ["watch", "add", "hem", "hemlöshet", *option])
    assert result.exit_code == ExitCode.USAGE


def test_one_bad_saved_watch_fails_alone(runner, news, tmp_path):
    path = store_path(load_settings())
    data = json.loads(path.read_text("utf-8"))
    data["watches"].append(
        {"name": "trasig", "query": "hemlöshet", "filters": {"type": ["okänd"]}, "every": "week",
         "created": "2026-01-01T00:00:00+00:00", "last_sent": None, "to": "c@kommun.se"}
    )  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    folder = tmp_path / "utskick"
    result = runner.invoke(app, ["digest", "--all-watches", "--format", "eml", "--out", str(folder)])
    assert result.exit_code == ExitCode.USAGE and "trasig" in result.stderr
    assert sorted(str(read(p)["To"]) for p in folder.glob("*.eml")) == ["anna@kommun.se", "bo@kommun.se"]


def test_a_stored_address_with_cr_lf_never_adds_a_header(runner, news, tmp_path):
    path = store_path(load_settings())
    data = json.loads(path.read_text("utf-8"))
    data["watches"][0]["to"] = "anna@kommun.se\r\nBcc: alla@kommun.se"
    path.write_text(json.dumps(data), encoding="utf-8")
    folder = tmp_path / "utskick"
    result = runner.invoke(app, ["digest", "--all-watches", "--format", "eml", "--out", str(folder)])
    assert result.exit_code == ExitCode.USAGE and "ingen e-postadress" in result.stderr
    written = [read(p) for p in folder.glob("*.eml")]
    assert [str(m["To"]) for m in written] == ["bo@kommun.se"] and all(m["Bcc"] is None for m in written)
