"""Nothing of a hidden report leaks: every command, run over an archive with drafts, a restricted case,
a byte-identical copy of it in an open folder and hostile names, shows no marker word, id, title,
Dnr or path of a report the installation hides (above the ceiling always; drafts without --all)."""

from __future__ import annotations

import gzip

import pytest

from kbank.cli import app
from tests.security.conftest import (
    DRAFT,
    DRAFT_FOLDER,
    DRAFT_WORDS,
    SECRET,
    SECRET_COPY,
    SECRET_FOLDER,
    SECRET_WORDS,
    draft_markers,
    secret_markers,
    sha,
)

PUBLIC = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"
WATCH_QUERY = f"hemlöshet OR {SECRET_WORDS[0]} OR {DRAFT_WORDS[0]}"


def _commands(public_id: str, secret_id: str, draft_id: str) -> list[tuple[str, ...]]:
    words = [*SECRET_WORDS, *DRAFT_WORDS]
    commands: list[tuple[str, ...]] = []
    for word in words:
        typo = word[:4] + word[5:]  # one letter dropped: a misspelling spelling help could correct
        for query in (word, typo, word[:5] + "*", f"hemlöshet OR {word}", f"titel:{word}", f'"{word}"'):
            commands += [("search", query), ("search", query, "--explain"), ("search", query, "--json")]
            commands += [("search", query, "--explain", "--json")]
    commands += [
        ("search", "boendestöd", "--explain"),
        ("search", "hemlöshet missbruk", "--json", "--explain"),
        ("search", "--like", PUBLIC),
        ("search", "--like", PUBLIC, "--json"),
        ("search", "--like", "SN 2014/0123"),
        ("search", "--like", SECRET),
        ("search", "--like", secret_id),
        ("search", "dnr:SN 2015/0999"),
        ("search", "SN 2015/0999", "--json"),
        ("search", "typ:slutrapport", "--json"),
        ("list",),
        ("list", "--json"),
        ("list", "--group", "case"),
        ("list", "--group", "case", "--json"),
        ("list", "--year", "2015", "--json"),
        ("show", public_id[:6]),
        ("show", public_id[:6], "--json"),
        ("show", secret_id[:6]),
        ("show", secret_id),
        ("show", SECRET),
        ("show", SECRET_COPY),
        ("show", "SN 2015/0999"),
        ("show", "SN 2015/0999", "--json"),
        ("show", "3.2-614/2013", "--json"),
        ("check",),
        ("check", "--all"),
        ("check", "--json"),
        ("summary-template", PUBLIC),
        ("summary-template", SECRET),
        ("summary-template", secret_id[:8]),
        ("watch", "add", "allt", WATCH_QUERY),
        ("watch", "list"),
        ("digest", "allt"),
        ("digest", "allt", "--format", "json"),
        ("digest", "--all-watches"),
        ("stats",),
        ("stats", "--json"),
    ]
    for word in words:
        commands += [
            ("overview", word),
            ("overview", word, "--json"),
            ("kunskapsläge", f"hemlöshet OR {word}"),
        ]
    commands += [("overview", "hemlöshet", "--format", "md"), ("overview", "boendestöd", "--json")]
    return commands


@pytest.mark.slow
def test_no_command_shows_anything_of_a_hidden_report(runner, secret_archive, tmp_path):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    secret_id, draft_id = sha(secret_archive / SECRET)[:16], sha(secret_archive / DRAFT)[:16]
    public_id = sha(secret_archive / PUBLIC)[:16]
    # someone allowed to see everything shows the hidden reports: the log must not pass them on
    (tmp_path / "kbank.toml").write_text("", encoding="utf-8")
    for ref in (SECRET, SECRET_COPY):
        assert runner.invoke(app, ["show", ref]).exit_code == 0
    assert runner.invoke(app, ["show", DRAFT, "--all"]).exit_code == 0
    (tmp_path / "kbank.toml").write_text('classification_ceiling = "intern"\n', encoding="utf-8")

    secret = [*secret_markers(), secret_id, secret_id[:8], SECRET_FOLDER, SECRET_COPY, "Öppna kopior"]
    draft = [*draft_markers(), draft_id, draft_id[:8], DRAFT_FOLDER]
    leaks = []
    for command in _commands(public_id, secret_id, draft_id):
        result = runner.invoke(app, list(command))
        assert "oväntat fel" not in result.output, (command, result.output)
        shown = result.output
        if command[0] == "stats":
            # the log holds the queries people typed (these tests typed the marker words); what
            # must not show is anything the index holds about a hidden report
            shown = "\n".join(line for line in shown.splitlines() if "query" not in line)
            shown = shown.split("Vanligaste sökningarna")[0] + shown.split("Mest visade rapporter")[-1]
        # a saved search echoes the query its owner typed
        typed = (*command, WATCH_QUERY) if command[0] in ("watch", "digest") else command
        shown = _without_what_was_typed(shown, typed)
        # check is the editors' tool: it lists drafts awaiting review by design, never what is above the ceiling
        for marker in secret if command[0] == "check" else secret + draft:
            if marker.lower() in shown:
                leaks.append((command, marker, shown[max(0, shown.find(marker.lower()) - 80) :][:200]))
    assert not leaks, "\n".join(f"{c} {m}: {s!r}" for c, m, s in leaks)


def _without_what_was_typed(output: str, command: tuple[str, ...]) -> str:
    """The output, lower-cased, without the words the user typed (echoed back is no leak)."""
    shown = output.lower()
    typed = {a.lower() for a in command[1:]}
    for arg in list(typed):
        for piece in arg.replace('"', " ").split():
            typed.add(piece.split(":", 1)[-1].rstrip("*"))
    for token in sorted(typed, key=len, reverse=True):
        if len(token) >= 3:
            shown = shown.replace(token, "")
    return shown


@pytest.mark.slow
def test_with_all_drafts_show_but_the_restricted_case_still_does_not(runner, secret_archive):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    secret_id = sha(secret_archive / SECRET)[:16]
    for command in (
        ("search", DRAFT_WORDS[0], "--all", "--json"),
        ("list", "--all", "--json"),
        ("search", SECRET_WORDS[0][:-1], "--all", "--explain"),
        ("list", "--all", "--group", "case"),
    ):
        result = runner.invoke(app, list(command))
        assert result.exit_code == 0, result.output
        for marker in [*secret_markers(), secret_id, SECRET_COPY]:
            assert marker.lower() not in result.output.lower(), (command, marker)
    assert DRAFT in runner.invoke(app, ["list", "--all", "--json"]).stdout


@pytest.mark.slow
def test_neither_web_edition_holds_anything_of_a_hidden_report(runner, secret_archive, tmp_path):
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    (tmp_path / "kbank.toml").write_text('classification_ceiling = "intern"\n', encoding="utf-8")
    secret_id, draft_id = sha(secret_archive / SECRET)[:16], sha(secret_archive / DRAFT)[:16]
    secret = [*secret_markers(), secret_id, SECRET_FOLDER, "Öppna kopior"]
    draft = [*draft_markers(), draft_id, DRAFT_FOLDER]
    for audience in ("public", "intern"):
        site = tmp_path / f"webb-{audience}"
        result = runner.invoke(app, ["publish", str(site), "--audience", audience])
        assert result.exit_code == 0, result.output
        texts = [result.output]
        for path in sorted(site.rglob("*")):
            texts.append(path.relative_to(site).as_posix())
            if path.is_file():
                data = path.read_bytes()
                if data[:2] == b"\x1f\x8b":  # Pagefind's index fragments are gzip
                    data = gzip.decompress(data)
                texts.append(data.decode("utf-8", "ignore"))
        shown = "\n".join(texts).lower()
        assert sha(secret_archive / PUBLIC)[:16] in shown  # the scan sees what is published
        leaks = [m for m in secret + draft if m.lower() in shown]
        assert not leaks, (audience, leaks)
