"""R1: what one query may cost. Bounds refused with one line and exit 2, a work budget, and a fuzz test
that measures work (terms looked up and postings read, clauses scored), never time."""

from __future__ import annotations

import json
import random

import pytest

from kbank.cli import app
from kbank.config import load_settings
from kbank.errors import ExitCode
from kbank.search import expansion, limits
from kbank.search.bank import Bank


def one_line_usage_error(result) -> str:
    assert result.exit_code == ExitCode.USAGE, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kbank: "), result.stderr
    assert "oväntat fel" not in result.stderr and "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("a" * 2000, "för lång"),
        ("x" * 120, "för långt"),
        (" ".join(f"ab{i}*" for i in range(50)), "för många"),
        ("(" * 250 + "barn" + ")" * 250, "parenteser"),
        ("NOT " * 200 + "barn", "NOT"),
        ("barn " + "INTE " * 20 + "hem", "NOT"),
        (" ".join(["hemtjänst"] * 40), "för många sökord"),
        ("ha* hb* hc* hd* he*", "med *"),
    ],
)
def test_a_query_past_a_bound_is_refused_in_one_line(runner, indexed_small_archive, query, says):
    assert says in one_line_usage_error(runner.invoke(app, ["search", query]))


def test_a_long_word_gets_no_ocr_or_spelling_forms(indexed_small_archive):
    word = "socialtjänstutvärderingsmetoderna" * 2  # 66 letters: allowed, but not expanded
    with Bank(load_settings()) as bank:
        result = bank.search(word)
        assert result.work["lookups"] <= 10, result.work


def test_ocr_shapes_of_a_long_word_stay_few_and_cheap():
    from kbank.analysis import MAX_OCR_VARIANTS, ocr_variants

    # before the fix every pair of OCR-prone letters was tried: 2,000 letters took minutes
    assert len(ocr_variants("ä" * 2000)) <= MAX_OCR_VARIANTS + 8


def test_a_prefix_that_stands_for_too_many_terms_is_refused(runner, indexed_small_archive, monkeypatch):
    from kbank.search import compile as compile_module

    monkeypatch.setattr(compile_module, "MAX_PREFIX_TERMS", 2)
    line = one_line_usage_error(runner.invoke(app, ["search", "st*"]))
    assert "st* passar för många ord" in line


def test_past_the_work_budget_the_best_results_so_far_are_returned_and_said(
    runner, indexed_small_archive, monkeypatch
):
    monkeypatch.setattr(expansion, "WORK_BUDGET", 3)
    result = runner.invoke(app, ["search", "utvärderingen kunskapsbanken stadsdelsförvaltningar", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["truncated"] is True and data["total"] >= 1
    assert any("för kostsam" in n for n in data["notes"])
    text = runner.invoke(app, ["search", "utvärderingen kunskapsbanken stadsdelsförvaltningar"])
    assert "för kostsam" in text.stderr


# --------------------------------------------------------------------------- fuzz

WORDS = [
    "utvärdering", "missbruk", "hemlöshet", "kunskapsbank", "socialtjänst", "familjehem", "barn",
    "bostad", "först", "trygg", "hemgång", "äldreomsorgen", "utvardering", "missbuk", "socialtjdnst",
    "kvinnor", "våldsutsatta", "stadsdelsförvaltningar", "slutrapport", "Dnr",
]  # fmt: skip
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöéü0123456789rnmiIl1|"
NOISE = ['"', "(", ")", "*", ":", "-", "+", "\x1b[31m", "\n", "\udcff", "\u202e", "\x00", "/", "\\"]
FIELDS = ["titel:", "text:", "typ:", "år:", "dnr:", "område:", "förvaltning:", "okänt:", "nyckelord:"]
OPERATORS = ["OR", "AND", "NOT", "ELLER", "INTE", "OCH"]


def generate(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.choice([1, 1, 2, 3, 5, 8, 20, 40])):
        kind = rng.random()
        if kind < 0.35:
            word = rng.choice(WORDS)
        elif kind < 0.6:
            word = "".join(rng.choice(ALPHABET) for _ in range(rng.choice([1, 3, 7, 12, 25, 40, 90, 300])))
        elif kind < 0.7:
            word = rng.choice(WORDS)[: rng.randint(1, 6)] + "*"
        elif kind < 0.8:
            word = rng.choice(FIELDS) + rng.choice([*WORDS, "2014..2016", "slutrapport", "2016..2014", ""])
        elif kind < 0.9:
            word = rng.choice(OPERATORS)
        else:
            word = rng.choice(NOISE) * rng.choice([1, 1, 2, 12, 300])
        parts.append(word)
    return " ".join(parts)


#: Work one query may do, far below what the audit measured (seconds to minutes per query).
LOOKUP_BOUND = 2 * limits.WORK_BUDGET
CLAUSE_BOUND = limits.MAX_TERMS * 40


@pytest.mark.slow
def test_fuzzed_queries_end_in_0_or_2_and_cost_bounded_work(runner, indexed_small_archive):
    rng = random.Random(19)
    queries = [generate(rng) for _ in range(300)]
    codes: dict[int, int] = {}
    worst = {"lookups": 0, "clauses": 0}
    with Bank(load_settings()) as bank:
        for query in queries:
            result = runner.invoke(app, ["search", query])
            codes[result.exit_code] = codes.get(result.exit_code, 0) + 1
            assert result.exit_code in (0, 2), (query, result.output)
            assert "oväntat fel" not in result.output and "Traceback" not in result.output
            if result.exit_code == 2:
                assert len(result.stderr.strip().splitlines()) == 1, (query, result.stderr)
                continue
            found = bank.search(query)
            for key in worst:
                worst[key] = max(worst[key], found.work.get(key, 0))
            assert found.work.get("lookups", 0) <= LOOKUP_BOUND, (query, found.work)
            assert found.work.get("clauses", 0) <= CLAUSE_BOUND, (query, found.work)
    assert codes.get(0, 0) >= 100 and codes.get(2, 0) >= 30, codes  # both kinds were exercised
    print(f"exit codes {codes}, worst work {worst}")
