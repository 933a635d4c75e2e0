"""The terminal experience (issue 13): hits with ranks and ids, show/open, layout, paging, pager, formats."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbank.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def indexed(indexed_small_archive):
    return indexed_small_archive


def run(runner, *args, **env):
    return runner.invoke(app, list(args), env={k: str(v) for k, v in env.items()})


def hits(runner, *args):
    return json.loads(run(runner, "search", *args, "--json").stdout)["hits"]


# --------------------------------------------------------------------------- from a hit to the report


def test_every_hit_shows_its_rank_and_short_id(runner, indexed):
    ids = [h["id"][:8] for h in hits(runner, "datum")]
    out = run(runner, "search", "datum", COLUMNS=80).stdout
    for rank, short in enumerate(ids, 1):
        line = next(line for line in out.splitlines() if short in line)
        assert line.lstrip().startswith(str(rank))


def test_show_takes_the_rank_of_a_hit_in_the_users_last_search(runner, indexed, monkeypatch):
    second = hits(runner, "datum")[1]
    run(runner, "search", "datum")  # what the user saw on the screen
    shown = json.loads(run(runner, "show", "2", "--json").stdout)
    assert shown["id"] == second["id"]
    monkeypatch.setattr("kbank.tasks.recent.user_name", lambda: "kollega")  # another user has no last search
    result = run(runner, "show", "2")
    assert result.exit_code == 1 and "ingen sökning sparad" in result.stderr
    run(runner, "search", "hemgång")
    result = run(runner, "show", "5")
    assert result.exit_code == 1 and "visade träff 1–1, inte 5" in result.stderr


def test_a_page_two_rank_means_the_same_hit_as_on_the_screen(runner, indexed):
    third = hits(runner, "datum")[2]
    run(runner, "search", "datum", "--limit", "2", "--page", "2")
    assert json.loads(run(runner, "show", "3", "--json").stdout)["id"] == third["id"]


def test_open_print_gives_the_absolute_path_from_any_folder(runner, indexed, tmp_path, monkeypatch):
    run(runner, "search", "hemgång")
    elsewhere = tmp_path / "någon annanstans"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run(runner, "open", "1", "--print")
    path = Path(result.stdout.strip())
    assert result.exit_code == 0 and path.is_absolute() and path.is_file()
    assert path.name == "Delrapport trygg hemgång.docx"


def test_open_starts_the_systems_viewer_with_the_file(runner, indexed, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    viewer = bin_dir / ("open" if sys.platform == "darwin" else "xdg-open")
    viewer.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', encoding="utf-8")
    viewer.chmod(0o755)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = runner.invoke(app, ["open", "SN2014/0123"], env=env)
    assert result.exit_code == 0
    for _ in range(100):
        if opened.exists() and opened.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    assert opened.read_text(encoding="utf-8").endswith("projektplan.pdf")


# --------------------------------------------------------------------------- layout, paging, sorting


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory):
    """The demo archive the project ships, ingested once."""
    from kbank.config import load_settings
    from kbank.ingest.run import ingest

    index = tmp_path_factory.mktemp("demo") / "index"
    ingest(load_settings(archive=REPO / "archive", index=index))
    return index


@pytest.mark.slow
@pytest.mark.parametrize("query", ["missbruk", "utvärdering"])
def test_ten_demo_hits_fit_in_forty_lines_at_80_columns(runner, demo_index, query):
    result = run(runner, "search", query, "--index", demo_index, COLUMNS=80)
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and "(visar 1–10)" in lines[0]
    assert len(lines) <= 40
    assert all(len(line) <= 80 for line in lines)
    assert "--page 2" in result.stdout  # the footer says how to see the rest


@pytest.mark.slow
def test_the_full_layout_with_room_or_long_shows_paths_unbroken(runner, demo_index):
    wide = run(runner, "search", "missbruk", "--index", demo_index, COLUMNS=120).stdout
    narrow_long = run(runner, "search", "missbruk", "--index", demo_index, "--long", COLUMNS=80).stdout
    for out in (wide, narrow_long):
        assert "ärende SN 2014/0123 Bostad först i Björkhagen" in out
        assert any(line.strip().startswith("2014/SN 2014-0123 Bostad först") for line in out.splitlines())


def test_page_and_offset_step_through_the_hits_and_the_footer_names_the_next_page(runner, indexed):
    every = [h["id"] for h in hits(runner, "datum")]
    assert [h["id"] for h in hits(runner, "datum", "--limit", "1", "--page", "2")] == every[1:2]
    assert [h["id"] for h in hits(runner, "datum", "--offset", "2")] == every[2:]
    out = run(
        runner, "search", "datum", "--limit", "1", "--type", "slutrapport", "--type", "projektplan"
    ).stdout
    assert (
        "Fler träffar (2–2): kbank search datum --type slutrapport --type projektplan --limit 1 --page 2"
        in out
    )
    last = run(runner, "search", "datum", "--limit", "2", "--page", "2").stdout
    assert "(visar 3–3)" in last and "Fler träffar" not in last


def test_sort_by_date_or_title(runner, indexed):
    dates = [h["date"] for h in hits(runner, "datum", "--sort", "datum")]
    assert dates == sorted(dates, reverse=True)
    titles = [h["title"] for h in hits(runner, "datum", "--sort", "titel")]
    assert titles == sorted(titles, key=str.casefold)
    bad = run(runner, "search", "datum", "--sort", "storlek")
    assert bad.exit_code == 2 and "relevans, datum eller titel" in bad.stderr


def test_date_ranges_beside_year(runner, indexed):
    assert [h["date"] for h in hits(runner, "datum", "--from", "2015-06", "--to", "2016")] == [
        "2016-05-02",
        "2015-08-25",
    ] or sorted(h["date"] for h in hits(runner, "datum", "--from", "2015-06", "--to", "2016")) == [
        "2015-08-25",
        "2016-05-02",
    ]
    assert [h["date"] for h in hits(runner, "datum", "--to", "2014-03")] == ["2014-03-10"]
    listed = json.loads(run(runner, "list", "--from", "2016", "--json").stdout)
    assert [d["date"] for d in listed["documents"]] == ["2016-05-02"]
    bad = run(runner, "search", "datum", "--from", "2016-13")
    assert bad.exit_code == 2 and "månad" in bad.stderr


@pytest.mark.slow  # three kbank processes, one on a pseudo-terminal
def test_long_output_goes_through_the_pager_on_a_terminal_and_never_when_piped(indexed, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    marker = tmp_path / "pager.txt"
    env = os.environ | {"KBANK_PAGER": f"cat > '{marker}'", "COLUMNS": "80", "LINES": "8"}
    env.pop("PAGER", None)
    command = [sys.executable, "-m", "kbank", "search", "datum"]
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 8, 80, 0, 0))
    process = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    process.wait(timeout=60)
    os.close(main)
    assert marker.exists() and "träffar för" in marker.read_text(encoding="utf-8")
    marker.unlink()
    piped = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert "träffar för" in piped.stdout and not marker.exists()
    subprocess.run([*command, "--no-pager"], env=env, capture_output=True, timeout=60)
    assert not marker.exists()


# --------------------------------------------------------------------------- formats


def read_csv(text: str, delimiter: str = ";") -> list[dict]:
    assert text.startswith("\ufeff")  # Excel reads å/ä/ö only with the byte-order mark
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def test_search_csv_for_swedish_excel_reads_back_with_semicolons(runner, indexed):
    rows = read_csv(run(runner, "search", "datum", "--format", "csv").stdout)
    assert [r["nr"] for r in rows] == ["1", "2", "3"]
    assert {r["titel"] for r in rows} >= {"Projektplan Bostad först i Björkhagen"}
    assert all(r["id"] and r["sökväg"] for r in rows)


def test_list_and_check_take_csv_and_jsonl_and_the_separator_is_configurable(runner, indexed, tmp_path):
    documents = read_csv(run(runner, "list", "--format", "csv").stdout)
    assert len(documents) == 3 and documents[0]["datum"] == "2016-05-02"
    findings = read_csv(run(runner, "check", "--format", "csv").stdout)
    assert findings and all(f["del"] and f["sökväg"] for f in findings)
    lines = run(runner, "list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["date"] for line in lines] == ["2016-05-02", "2015-08-25", "2014-03-10"]
    assert all(
        "section" in json.loads(line)
        for line in run(runner, "check", "--format", "jsonl").stdout.splitlines()
    )
    (tmp_path / "kbank.toml").write_text('csv_separator = ","\n', encoding="utf-8")
    assert len(read_csv(run(runner, "list", "--format", "csv").stdout, ",")) == 3


def test_json_stays_the_alias_and_carries_the_version(runner, indexed):
    from kbank import __version__

    data = json.loads(run(runner, "search", "datum", "--json").stdout)
    assert data == json.loads(run(runner, "search", "datum", "--format", "json").stdout)
    assert data["kbank_version"] == __version__ and data["hits"][0]["rank"] == 1
    for args in (["list"], ["check"], ["show", "SN 2014/0123"]):
        assert json.loads(run(runner, *args, "--json").stdout)["kbank_version"] == __version__
    both = run(runner, "search", "datum", "--json", "--format", "csv")
    assert both.exit_code == 2
    assert run(runner, "search", "datum", "--format", "xml").exit_code == 2


# --------------------------------------------------------------------------- conventions


def test_version(runner):
    from kbank import __version__

    result = run(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kbank {__version__}"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_scripts_for_every_shell(runner, shell):
    result = run(runner, "completion", shell)
    assert result.exit_code == 0 and "_KBANK_COMPLETE" in result.stdout


@pytest.mark.slow  # six kbank processes
def test_completion_offers_areas_units_types_and_watch_names_from_the_index(indexed, tmp_path):
    def complete(words: str) -> list[str]:
        env = os.environ | {"_KBANK_COMPLETE": "complete_bash", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        done = subprocess.run(
            [sys.executable, "-m", "kbank"], env=env, capture_output=True, text=True, timeout=60
        )
        return done.stdout.splitlines()

    assert "hemlöshet" in complete("kbank search --area hem")
    assert complete("kbank list --unit Bj") == ["Björkhagens stadsdelsförvaltning"]
    assert complete("kbank search --type slut") == ["slutrapport"]
    subprocess.run(
        [sys.executable, "-m", "kbank", "watch", "add", "bostäder", "bostad"], check=True, timeout=60
    )
    assert complete("kbank watch remove bo") == ["bostäder"]
    assert "search" in complete("kbank sea")


def test_help_is_swedish_with_examples_and_no_python_type_names(runner):
    from tests.test_docs import ALL

    for command in ALL:
        text = run(runner, *command, "--help", COLUMNS=120).stdout
        assert "Användning:" in text and "Usage:" not in text, command
        assert "Show this message" not in text and "Visa den här hjälpen" in text, command
        for python_type in ("<bool>", "<str>", "<int", "list[str]", "<path>", "[OPTIONS]"):
            assert python_type not in text, (command, python_type)
        assert "Exempel" in text, command


def test_typos_get_menade_du_and_the_valid_choices(runner):
    result = run(runner, "serch", "hemlöshet")
    assert result.exit_code == 2
    assert "Menade du 'search'" in result.stderr and "list, show, open" in result.stderr
    result = run(runner, "search", "--limt", "3", "x")
    assert result.exit_code == 2 and "Menade du --limit?" in result.stderr and "--like" in result.stderr


def test_a_leading_dash_word_is_an_exclusion_or_gets_a_clear_hint(runner, indexed):
    without = json.loads(run(runner, "search", "datum", "-hemgång", "--json").stdout)
    assert without["total"] == 2 and without["query"] == "datum -hemgång"
    alone = run(runner, "search", "-hemgång", "--json")
    assert alone.exit_code == 0 and json.loads(alone.stdout)["total"] == 2
    ambiguous = run(runner, "search", "-tvång")  # could be -t vång
    assert ambiguous.exit_code == 2 and "kbank search -- -tvång" in ambiguous.stderr
    assert json.loads(run(runner, "search", "--json", "--", "-hemgång").stdout)["total"] == 2


# --------------------------------------------------------------------------- input that forgives


@pytest.mark.parametrize("spelling", ["SN2014/0123", "sn2014-0123", "sn 2014/123", "SN-2014-123"])
def test_a_dnr_in_any_spelling_finds_its_case(runner, indexed, spelling):
    assert [h["dnr"] for h in hits(runner, spelling)][:1] == ["SN 2014/0123"]
    assert json.loads(run(runner, "show", spelling, "--json").stdout)["dnr"] == "SN 2014/0123"
    listed = json.loads(run(runner, "list", "--dnr", spelling, "--json").stdout)
    assert [d["dnr"] for d in listed["documents"]] == ["SN 2014/0123"]


def test_unknown_filter_values_are_usage_errors_with_the_nearest_known(runner, indexed):
    for args, expected in (
        (["--area", "hemlöshte"], "Menade du 'hemlöshet'?"),
        (["--unit", "Sociaalförvaltningen"], "Menade du 'Socialförvaltningen'?"),
        (["--type", "slutrapor"], "Menade du 'slutrapport'?"),
    ):
        for command in (["search", "datum"], ["list"]):
            result = run(runner, *command, *args)
            assert result.exit_code == 2 and expected in result.stderr, (command, args, result.stderr)
    assert "Kända värden för --area" in run(runner, "list", "--area", "rymdfart").stderr
    folded = json.loads(run(runner, "list", "--area", "HEMLOSHET", "--unit", "bjorkhagens", "--json").stdout)
    assert folded["total"] == 1


def test_watch_add_refuses_an_area_or_unit_no_report_has(runner, indexed):
    result = run(runner, "watch", "add", "x", "hemlöshet", "--area", "finns inte")
    assert result.exit_code == 2 and "okänt sakområde" in result.stderr
    assert "Inga bevakningar" in run(runner, "watch", "list").stdout
    assert run(runner, "watch", "add", "x", "hemlöshet", "--area", "hemloshet").exit_code == 0


# --------------------------------------------------------------------------- summaries and Word


def test_out_picks_the_format_from_the_extension(runner, indexed, tmp_path):
    assert run(runner, "summary-template", "SN 2014/0123", "--out", str(tmp_path / "s.docx")).exit_code == 0
    assert (tmp_path / "s.docx").read_bytes()[:2] == b"PK"  # a Word package, not Markdown
    run(runner, "summary-template", "SN 2014/0123", "--out", str(tmp_path / "s.md"))
    assert (tmp_path / "s.md").read_text(encoding="utf-8").startswith("# ")
    bad = run(runner, "summary-template", "SN 2014/0123", "--out", str(tmp_path / "s.pdf"))
    assert bad.exit_code == 2 and ".md eller .docx" in bad.stderr
    clash = run(
        runner, "summary-template", "SN 2014/0123", "--format", "md", "--out", str(tmp_path / "t.docx")
    )
    assert clash.exit_code == 2


def test_an_untouched_saved_template_is_not_a_written_summary(runner, indexed):
    folder = indexed / "2014" / "SN 2014-0123 Bostad först"
    run(runner, "summary-template", "SN 2014/0123", "--save")
    run(runner, "ingest")
    assert (
        json.loads(run(runner, "show", "SN 2014/0123", "--json").stdout)["summary_source"]
        != "sammanfattning.md"
    )
    report = json.loads(run(runner, "check", "--json").stdout)
    missing = next(s for s in report["sections"] if s["key"] == "missing_summary")
    assert any("mallen är inte ifylld" in f["message"] for f in missing["findings"])
    saved = folder / "sammanfattning.md"
    saved.write_text(saved.read_text(encoding="utf-8") + "\nEn mening från redaktionen.\n", encoding="utf-8")
    run(runner, "ingest")
    shown = json.loads(run(runner, "show", "SN 2014/0123", "--json").stdout)
    assert "En mening från redaktionen." in (shown["summary"] or "")


def test_a_markdown_and_a_word_summary_in_one_folder_is_a_conflict(runner, indexed):
    folder = indexed / "2014" / "SN 2014-0123 Bostad först"
    run(runner, "summary-template", "SN 2014/0123", "--save")
    refused = run(runner, "summary-template", "SN 2014/0123", "--format", "docx", "--save")
    assert refused.exit_code == 1 and "konflikt" in refused.stderr
    run(runner, "summary-template", "SN 2014/0123", "--out", str(folder / "sammanfattning.docx"))
    report = json.loads(run(runner, "check", "--json").stdout)
    problems = next(s for s in report["sections"] if s["key"] == "summary_problems")
    assert any(
        "konflikt" in f["message"] and "sammanfattning.docx" in f["message"] for f in problems["findings"]
    )


def test_word_files_are_a4_and_swedish_on_every_style_and_run(runner, indexed, tmp_path):
    import re
    import zipfile

    target = tmp_path / "s.docx"
    run(runner, "summary-template", "SN 2014/0123", "--out", str(target))
    package = zipfile.ZipFile(target)
    document = package.read("word/document.xml").decode("utf-8")
    styles = package.read("word/styles.xml").decode("utf-8")
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', document)
    assert size and (int(size.group(1)), int(size.group(2))) in ((11906, 16838), (11907, 16839))
    runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", document, re.S)
    assert runs and all('w:lang w:val="sv-SE"' in r for r in runs)
    assert styles.count("<w:style ") == len(re.findall(r"<w:style .*?</w:style>", styles, re.S))
    assert all('w:val="sv-SE"' in s for s in re.findall(r"<w:style .*?</w:style>", styles, re.S))
    assert "en-US" not in styles and "en-US" not in package.read("word/settings.xml").decode("utf-8")
