"""Linked banks (issue 17): several banks searched as one, each keeping its own rules and index."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from kbank.cli import app
from kbank.config import load_settings

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "archive"

#: the demo archive dealt over three banks by year, as three administrations would hold them
PARTS = {"sof": ("2013", "2014", "2015", "2016"), "utbf": ("2017", "2018", "2019"), "aldre": ("2020", "2021")}
#: reports a linked bank hides: a draft and one above utbf's own ceiling (öppen), one above the reader's (intern)
DRAFT = "2017/3.1-288-2017 Skolfam – skolstöd för familjehemsplacerade barn/Projektplan Skolfam.pdf"
OWN_CEILING = (
    "2019/SN 2019-88 Stödboende för ensamkommande ungdomar/Slutrapport stödboende ensamkommande.docx"
)
READER_CEILING = "2020/3.2-455-2020 Brukarrevision i socialpsykiatrin/Slutrapport brukarrevision.pdf"
HIDDEN = (DRAFT, OWN_CEILING, READER_CEILING)
QUERIES = ("utvärdering", "bostad först", "missbruk", "slutrapport", "familjehemsplacerade barn", "samverkan")


def _ingest(archive: Path, index: Path, cwd: Path) -> None:
    from kbank.ingest.run import ingest

    ingest(load_settings(archive=archive, index=index, cwd=cwd))


@pytest.fixture(scope="module")
def built(tmp_path_factory, cache_home):
    """Three banks from parts of the demo archive (with hidden reports in two), and one combined index."""
    root = tmp_path_factory.mktemp("linked")
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("KBANK_"):
                patch.delenv(name)
        patch.setenv("XDG_CACHE_HOME", str(cache_home))
        patch.setenv("KBANK_SITE_CONFIG", str(root / "site-config" / "kbank.toml"))
        patch.setenv("XDG_CONFIG_HOME", str(root / "user-config"))
        for bank, years in PARTS.items():
            for year in years:
                shutil.copytree(DEMO / year, root / bank / "archive" / year)
        (root / "utbf" / "archive" / (DRAFT + ".kbank.toml")).write_text('status = "utkast"\n', "utf-8")
        (root / "utbf" / "archive" / (OWN_CEILING + ".kbank.toml")).write_text(
            'klassning = "intern"\n', "utf-8"
        )
        (root / "aldre" / "archive" / (READER_CEILING + ".kbank.toml")).write_text(
            'klassning = "begränsad"\n', "utf-8"
        )
        # utbf's own rules, in the kbank.toml beside its index: nothing above öppen leaves it
        (root / "utbf" / "kbank.toml").write_text('classification_ceiling = "öppen"\n', "utf-8")
        for bank in PARTS:
            _ingest(root / bank / "archive", root / bank / "index", root)
        _ingest(DEMO, root / "combined", root)
    return root


@pytest.fixture
def banks(built, tmp_path, monkeypatch):
    """This bank is sof; utbf and aldre are linked; the reader's ceiling is intern."""
    monkeypatch.delenv("KBANK_INDEX")
    monkeypatch.delenv("KBANK_ARCHIVE")
    (tmp_path / "kbank.toml").write_text(
        f'index = "{built / "sof" / "index"}"\narchive = "{built / "sof" / "archive"}"\n'
        f'data = "{tmp_path / "data"}"\nclassification_ceiling = "intern"\n'
        f'[banks.sof]\nname = "Socialförvaltningen"\nlocal = true\n'
        f'[banks.utbf]\nname = "Utbildningsförvaltningen"\nindex = "{built / "utbf" / "index"}"\n'
        f'[banks.aldre]\nname = "Äldreförvaltningen"\nindex = "{built / "aldre" / "index"}"\n'
        f'archive = "{built / "aldre" / "archive"}"\n',
        "utf-8",
    )
    return built


def _json(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ids_by_path(root: Path, index: str) -> dict[str, str]:
    from kbank.search.bank import Bank

    with Bank(
        load_settings(archive=root / "archive", index=root / index, cwd=root), include_unpublished=True
    ) as b:
        return {p: d.id for d in b.list().documents for p in d.paths}


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES)
def test_all_banks_finds_what_one_combined_index_finds_in_the_same_order(runner, banks, query):
    combined = _json(runner, ["search", query, "--index", str(banks / "combined"), "--json", "--limit", "50"])
    merged = _json(runner, ["search", query, "--all-banks", "--json", "--limit", "50"])
    hidden = {_ids_by_path(banks, "combined")[p] for p in HIDDEN}
    expected = [h["id"] for h in combined["hits"] if h["id"] not in hidden]
    assert [h["id"] for h in merged["hits"]] == expected
    assert merged["total"] == combined["total"] - len(hidden & {h["id"] for h in combined["hits"]})
    assert [b["bank"] for b in merged["banks"]] == ["sof", "utbf", "aldre"] and merged["skipped_banks"] == []


@pytest.mark.slow
@pytest.mark.parametrize("sort", ["relevans", "datum", "titel"])
def test_paging_and_sorting_run_over_the_merged_list(runner, banks, sort):
    query = ["search", "missbruk", "--sort", sort, "--limit", "3", "--json"]
    combined = _json(runner, [*query, "--index", str(banks / "combined"), "--limit", "50"])
    hidden = {_ids_by_path(banks, "combined")[p] for p in HIDDEN}
    expected = [h["id"] for h in combined["hits"] if h["id"] not in hidden]
    pages = [_json(runner, [*query, "--all-banks", "--page", str(n)]) for n in (1, 2, 3)]
    assert [h["id"] for page in pages for h in page["hits"]] == expected[:9]
    assert [h["rank"] for h in pages[1]["hits"]] == [4, 5, 6]


@pytest.mark.slow
def test_hits_are_labelled_with_their_bank_and_facets_are_summed(runner, banks):
    data = _json(runner, ["search", "missbruk", "--all-banks", "--json", "--limit", "50"])
    for hit in data["hits"]:
        bank = next(b for b, years in PARTS.items() if hit["path"].split("/")[0] in years)
        assert hit["bank"] == bank
        assert hit["bank_name"] in ("Socialförvaltningen", "Utbildningsförvaltningen", "Äldreförvaltningen")
    assert {h["bank"] for h in data["hits"]} >= {"sof", "utbf"}
    # one report lies in two banks: each bank counts it, the merged list once
    assert sum(data["facets"]["doc_type"].values()) == data["total"] == sum(data["bank_totals"].values()) - 1
    table = runner.invoke(app, ["search", "missbruk", "--all-banks"])
    assert table.exit_code == 0 and "utbf" in table.stdout and "sof" in table.stdout


@pytest.mark.slow
def test_no_hidden_report_of_a_linked_bank_appears_in_any_output(runner, banks):
    titles = {"Projektplan Skolfam", "Slutrapport stödboende", "Slutrapport Brukarrevision"}
    hidden_ids = [_ids_by_path(banks, "combined")[p] for p in HIDDEN]
    outputs = []
    for query in ("skolfam", "ensamkommande", "brukarrevision", "projektplan", "slutrapport"):
        for fmt in ("json", "csv", "jsonl", "table"):
            outputs.append(runner.invoke(app, ["search", query, "--all-banks", "--format", fmt, "--all"]))
    for fmt in ("json", "csv", "table"):
        outputs.append(runner.invoke(app, ["list", "--all-banks", "--format", fmt, "--all"]))
        outputs.append(runner.invoke(app, ["list", "--all-banks", "--group", "case", "--format", fmt]))
    text = "\n".join(r.stdout + r.stderr for r in outputs)
    assert all(r.exit_code == 0 for r in outputs)
    assert not any(i in text or i[:8] in text for i in hidden_ids)
    for path in HIDDEN:
        assert Path(path).name not in text
    for result in outputs:
        if result.stdout.startswith("{\n"):  # --format json (jsonl is one line a record)
            data = json.loads(result.stdout)
            if "cases" in data:
                listed = [d for c in data["cases"] for d in c["documents"]]
            else:
                listed = data.get("hits") or data.get("documents") or []
            assert not {d["id"] for d in listed} & set(hidden_ids)
    listed = _json(runner, ["list", "--all-banks", "--json"])
    # 21 reports (one filed twice, in sof's and utbf's parts) less the three hidden ones
    assert listed["total"] == 21 - len(HIDDEN) == sum(listed["facets"]["doc_type"].values())
    for doc_id in hidden_ids:
        for args in (
            ["show", doc_id],
            ["show", doc_id[:8], "--all-banks"],
            ["show", doc_id, "--all"],
            ["open", doc_id, "--print"],
        ):
            shown = runner.invoke(app, args)
            assert shown.exit_code == 1 and not any(t in shown.output for t in titles)


@pytest.mark.slow
def test_show_and_open_of_another_banks_report_by_rank_and_short_id(runner, banks):
    data = _json(runner, ["search", "Digital ansökan", "--bank", "aldre", "--json"])
    target = data["hits"][0]
    assert target["bank"] == "aldre"
    runner.invoke(app, ["search", "Digital ansökan", "--bank", "aldre"])  # remembers the ranks
    shown = _json(runner, ["show", "1", "--json"])
    assert shown["id"] == target["id"] and shown["bank"] == "aldre"
    printed = runner.invoke(app, ["open", "1", "--print"])
    assert printed.exit_code == 0
    assert Path(printed.stdout.strip()) == (banks / "aldre" / "archive" / target["path"]).resolve()
    by_prefix = runner.invoke(app, ["show", target["id"][:8]])
    assert by_prefix.exit_code == 0 and "Äldreförvaltningen" in by_prefix.stdout
    # utbf names no archive: the file is where its index was built from
    skolfam = _json(runner, ["search", "skolfam", "--bank", "utbf", "--json"])["hits"][0]
    printed = runner.invoke(app, ["open", skolfam["id"], "--print"])
    assert Path(printed.stdout.strip()) == (banks / "utbf" / "archive" / skolfam["path"]).resolve()


@pytest.mark.slow
def test_stats_lists_searches_that_found_hits_only_in_other_banks(runner, banks, monkeypatch):
    monkeypatch.setattr(sys.modules["kbank.cli.app"].out, "_force_terminal", True)
    runner.invoke(app, ["search", "e-legitimation", "--all-banks"])  # only aldre has it
    runner.invoke(app, ["search", "bostad först", "--all-banks"])  # sof has it
    runner.invoke(app, ["search", "e-legitimation"])  # this bank only: not a linked search
    data = _json(runner, ["stats", "--json"])
    assert data["linked_searches"] == 2
    assert data["only_in_other_banks"] == [{"query": "e-legitimation", "count": 1, "banks": ["aldre"]}]
    table = runner.invoke(app, ["stats"])
    assert "bara i andra banker" in table.stdout and "e-legitimation (aldre)" in table.stdout


# -- fast: the small archive as this bank, linked banks that cannot be read


@pytest.fixture
def local_only(indexed_small_archive, tmp_path, monkeypatch):
    monkeypatch.delenv("KBANK_INDEX")
    monkeypatch.delenv("KBANK_ARCHIVE")

    def configure(extra: str = "", top: str = "") -> Path:
        (tmp_path / "kbank.toml").write_text(
            top + f'index = "{tmp_path / "index"}"\narchive = "{tmp_path / "archive"}"\n' + extra, "utf-8"
        )
        return tmp_path

    return configure


def _linked(name: str, index: Path) -> str:
    return f'[banks.{name}]\nname = "Bank {name}"\nindex = "{index}"\n'


def test_unknown_bank_is_a_usage_error_naming_the_valid_banks(runner, local_only):
    local_only(_linked("utbf", Path("/nowhere")))
    for args in (
        ["search", "hemlöshet", "--bank", "utbf2"],
        ["list", "--bank", "x"],
        ["show", "1", "--bank", "x"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "okänd bank" in result.stderr and "lokal, utbf" in result.stderr


def test_without_bank_options_a_search_is_this_banks_alone_unchanged(runner, local_only):
    local_only(_linked("utbf", Path("/nowhere")))
    data = _json(runner, ["search", "hemlöshet", "--json"])
    assert "banks" not in data and "skipped_banks" not in data and "bank" not in data["hits"][0]
    assert runner.invoke(app, ["search", "hemlöshet"]).stderr == ""


def _one_warning(result, bank: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kbank: varning: banken " + bank)
    return lines[0]


@pytest.mark.parametrize("reason", ["missing", "schema", "locked", "damaged"])
def test_an_unreadable_bank_costs_one_warning_line_and_is_listed_as_skipped(
    runner, local_only, tmp_path, reason
):
    from kbank.ingest.lock import writer_lock

    other = tmp_path / "other-index"
    if reason == "schema":
        shutil.copytree(tmp_path / "index", other)
        meta = json.loads((other / "kbank.json").read_text())
        (other / "kbank.json").write_text(json.dumps(meta | {"schema_version": meta["schema_version"] - 1}))
    elif reason == "damaged":
        shutil.copytree(tmp_path / "index", other)
        (other / "kbank.json").write_text("{trasig")
    elif reason == "locked":
        other.mkdir()
    local_only(_linked("utbf", other), top='default_banks = ["lokal", "utbf"]\n')

    def run():
        return [
            runner.invoke(app, args)
            for args in (["search", "hemlöshet", "--json"], ["search", "hemlöshet"], ["list", "--json"])
        ]

    if reason == "locked":
        with writer_lock(other, "reindex"):
            data, table, listed = run()
    else:
        data, table, listed = run()
    assert data.exit_code == 0 and table.exit_code == 0
    _one_warning(data, "utbf")
    line = _one_warning(table, "utbf")
    assert "Traceback" not in data.output + table.output
    parsed = json.loads(data.stdout)
    assert parsed["skipped_banks"] == [
        {
            "bank": "utbf",
            "name": "Bank utbf",
            "reason": reason,
            "message": parsed["skipped_banks"][0]["message"],
        }
    ]
    assert parsed["skipped_banks"][0]["message"] in line
    assert parsed["total"] == 1 and parsed["hits"][0]["bank"] == "lokal"
    assert listed.exit_code == 0 and json.loads(listed.stdout)["skipped_banks"][0]["reason"] == reason


def test_a_bank_slower_than_bank_timeout_is_skipped_and_the_others_answer(
    runner, local_only, tmp_path, monkeypatch
):
    from kbank.linked import readers

    shutil.copytree(tmp_path / "index", tmp_path / "slow-index")
    local_only(_linked("trog", tmp_path / "slow-index"), top="bank_timeout = 0.05\n")
    release = threading.Event()
    opened = readers.LinkedReader.__init__

    def stuck(self, *args, **kwargs):  # a share that does not answer until the test is over
        release.wait(30)
        opened(self, *args, **kwargs)

    monkeypatch.setattr(readers.LinkedReader, "__init__", stuck)
    try:
        result = runner.invoke(app, ["search", "hemlöshet", "--all-banks", "--json"])
    finally:
        release.set()
    assert result.exit_code == 0
    _one_warning(result, "trog")
    data = json.loads(result.stdout)
    assert data["skipped_banks"][0]["reason"] == "timeout" and data["total"] == 1
    assert [b["bank"] for b in data["banks"]] == ["lokal"]


def test_a_linked_banks_own_ceiling_and_the_readers_both_apply():
    from kbank.config import Settings
    from kbank.editorial.status import visibility
    from kbank.linked.readers import combined

    reader = Settings(classification_ceiling="intern")
    own = Settings(classification_ceiling="öppen", default_classification="öppen")
    both = combined(visibility(reader), visibility(own), own)
    assert both.allows("publicerad", "oppen") and both.allows(None, None)
    assert not both.allows("publicerad", "intern") and not both.allows("utkast", "oppen")
    # a linked bank whose unset classification means intern, read by a reader whose ceiling is öppen
    own = Settings(default_classification="intern")
    both = combined(visibility(Settings(classification_ceiling="öppen")), visibility(own), own)
    assert not both.allows("publicerad", None) and both.allows("publicerad", "oppen")


def test_a_linked_bank_whose_own_rules_cannot_be_judged_is_skipped(runner, local_only, tmp_path):
    shutil.copytree(tmp_path / "index", tmp_path / "utbf" / "index")
    (tmp_path / "utbf" / "kbank.toml").write_text('classification_ceiling = "hemlig"\n', "utf-8")
    local_only(_linked("utbf", tmp_path / "utbf" / "index"))
    result = runner.invoke(app, ["search", "hemlöshet", "--all-banks", "--json"])
    assert result.exit_code == 0
    _one_warning(result, "utbf")
    assert json.loads(result.stdout)["skipped_banks"][0]["reason"] == "config"
