"""Saved searches and digests: windows, --mark-sent, formats, edits, reindex."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime

import pytest

from corpora.builders import make_pdf
from kbank import timeutil
from kbank.cli import app
from kbank.errors import ExitCode
from kbank.tasks.watch import get_watch

pytestmark = pytest.mark.slow  # ingests, publishes and digests over time


class Clock:
    def __init__(self, monkeypatch):
        self.now = datetime(2026, 1, 10, 8, tzinfo=UTC)
        monkeypatch.setattr(timeutil, "utc_now", lambda: self.now)

    def set(self, *args):
        self.now = datetime(*args, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def report(archive, folder, name, text):
    return make_pdf(archive / folder / name, [f"Slutrapport\n{name}\nDnr: SN 2025/1\n\n{text}"])


def digest_json(runner, *args):
    result = runner.invoke(app, ["digest", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def titles(data):
    return sorted(e["title"] for d in data["digests"] for g in d["groups"] for e in g["entries"])


def test_watch_add_list_remove(runner, archive):
    assert (
        runner.invoke(
            app,
            [
                "watch",
                "add",
                "hemlöshet",
                "hemlöshet OR bostadslöshet",
                "--type",
                "slutrapport",
                "--every",
                "månad",
            ],
        ).exit_code
        == 0
    )
    listed = json.loads(runner.invoke(app, ["watch", "list", "--json"]).stdout)["watches"]
    assert [(w["name"], w["every"], w["filters"]) for w in listed] == [
        ("hemlöshet", "month", {"type": ["slutrapport"]})
    ]
    assert runner.invoke(app, ["watch", "add", "hemlöshet", "barn"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["watch", "add", "trasig", '"barn']).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["watch", "add", "ofta", "barn", "--every", "dag"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["watch", "remove", "hemlöshet"]).exit_code == 0
    assert runner.invoke(app, ["watch", "remove", "hemlöshet"]).exit_code == ExitCode.FATAL


def test_monthly_digest_lists_exactly_what_was_published_since_the_last_marked_digest(runner, archive, clock):
    report(archive, "2025", "Gammal rapport om hemlöshet.pdf", "Hemlöshet i staden.")
    runner.invoke(app, ["ingest"])
    clock.set(2026, 1, 31, 12)
    runner.invoke(app, ["watch", "add", "hem", "hemlöshet", "--every", "month"])
    clock.set(2026, 2, 5)
    report(archive, "2026", "Ny rapport om hemlöshet.pdf", "Hemlöshet och boende.")
    report(archive, "2026", "Rapport om äldreomsorg.pdf", "Äldreomsorg och hemtjänst.")
    runner.invoke(app, ["ingest"])

    clock.set(2026, 2, 27)  # a month after Jan 31 is Feb 28: not due yet
    assert digest_json(runner)["digests"] == []
    clock.set(2026, 2, 28, 9)
    data = digest_json(runner, "--mark-sent")
    assert titles(data) == ["Slutrapport Ny rapport om hemlöshet.pdf"]

    clock.set(2026, 3, 2)
    report(archive, "2026", "Tredje rapporten om hemlöshet.pdf", "Hemlöshet igen.")
    runner.invoke(app, ["ingest"])
    clock.set(2026, 3, 28)  # due again on Mar 28: Feb 28 + one month
    assert titles(digest_json(runner)) == ["Slutrapport Tredje rapporten om hemlöshet.pdf"]


def test_without_mark_sent_a_failed_mail_job_can_retry(runner, archive, clock):
    runner.invoke(app, ["watch", "add", "hem", "hemlöshet"])
    clock.set(2026, 1, 11)
    report(archive, "2026", "Rapport om hemlöshet.pdf", "Hemlöshet.")
    runner.invoke(app, ["ingest"])
    clock.set(2026, 1, 20)
    first = digest_json(runner, "hem")
    again = digest_json(runner, "hem")
    assert titles(first) == titles(again) == ["Slutrapport Rapport om hemlöshet.pdf"]
    assert get_watch(load(runner), "hem").last_sent is None
    digest_json(runner, "hem", "--mark-sent")
    assert titles(digest_json(runner, "hem")) == []


def load(_runner):
    from kbank.config import load_settings

    return load_settings()


def test_a_new_version_is_news_and_a_metadata_edit_only_with_include_edits(runner, archive, clock):
    path = report(archive, "2026/Projekt", "Rapport om hemlöshet.pdf", "Hemlöshet, första versionen.")
    other = report(archive, "2026/Projekt", "Annan rapport om hemlöshet.pdf", "Hemlöshet i förorten.")
    runner.invoke(app, ["ingest"])
    runner.invoke(app, ["watch", "add", "hem", "hemlöshet"])
    clock.set(2026, 1, 12)
    make_pdf(path, ["Slutrapport\nRapport om hemlöshet.pdf\n\nHemlöshet, andra versionen med ny text."])
    renamed = archive / "2026" / "SN 2026-5 Projekt"
    renamed.mkdir()
    other.rename(renamed / other.name)  # a move: new Dnr from the folder, same content
    runner.invoke(app, ["ingest"])
    clock.set(2026, 1, 20)
    data = digest_json(runner, "hem")
    entries = [e for d in data["digests"] for g in d["groups"] for e in g["entries"]]
    assert [(e["title"], e["news"]) for e in entries] == [
        ("Slutrapport Rapport om hemlöshet.pdf", "ny version")
    ]
    with_edits = digest_json(runner, "hem", "--include-edits")
    kinds = {e["title"]: e["news"] for d in with_edits["digests"] for g in d["groups"] for e in g["entries"]}
    assert kinds == {
        "Slutrapport Rapport om hemlöshet.pdf": "ny version",
        "Slutrapport Annan rapport om hemlöshet.pdf": "ändrad",
    }


def test_reindex_does_not_make_old_reports_news(runner, archive, clock):
    report(archive, "2025", "Rapport om hemlöshet.pdf", "Hemlöshet.")
    runner.invoke(app, ["ingest"])
    runner.invoke(app, ["watch", "add", "hem", "hemlöshet"])
    clock.set(2026, 1, 20)
    runner.invoke(app, ["reindex"])
    assert titles(digest_json(runner, "hem")) == []


def test_entries_keep_their_context_and_are_grouped_by_area_and_unit(runner, small_archive, clock):
    runner.invoke(app, ["watch", "add", "syfte", "syftet"])
    clock.set(2026, 1, 11)
    runner.invoke(app, ["ingest"])
    clock.set(2026, 1, 20)
    data = digest_json(runner, "syfte")
    groups = data["digests"][0]["groups"]
    assert [(g["area"], g["unit"]) for g in groups][0] == ("hemlöshet", "Björkhagens stadsdelsförvaltning")
    entry = groups[0]["entries"][0]
    assert entry["dnr"] == "SN 2014/0123" and entry["doc_type"] == "projektplan"
    assert "syftet" in entry["snippet"].lower() and entry["page"] == 3


def test_text_markdown_and_eml_formats(runner, small_archive, clock, tmp_path):
    runner.invoke(app, ["watch", "add", "syfte", "syftet", "--to", "enhet@example.se"])
    clock.set(2026, 1, 11)
    runner.invoke(app, ["ingest"])
    clock.set(2026, 1, 20)
    text = runner.invoke(app, ["digest", "syfte"]).stdout
    assert "Bevakning" in text and "Dnr SN 2014/0123" in text and "Träff s. 3" in text
    markdown = runner.invoke(app, ["digest", "syfte", "--format", "md"]).stdout
    assert markdown.startswith("# Bevakning") and "## hemlöshet" in markdown
    target = tmp_path / "utskick.eml"
    assert runner.invoke(app, ["digest", "syfte", "--format", "eml", "--out", str(target)]).exit_code == 0
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["To"] == "enhet@example.se" and "2 nya rapporter" in message["Subject"]
    assert "Projektplan Bostad först i Björkhagen" in message.get_body(("plain",)).get_content()


def test_bad_format_and_date_are_usage_errors(runner, small_archive):
    runner.invoke(app, ["ingest"])
    assert runner.invoke(app, ["digest", "--format", "pdf"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["digest", "--since", "igår"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["digest", "finns-inte"]).exit_code == ExitCode.FATAL
