"""``list --limit N`` from the listing note (``search.listing``): the same page, total and facets
(in the same order) as read from the index, for every visibility, and never from a stale note."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from corpora.builders import make_pdf
from kbank.cli import app
from kbank.config import load_settings
from kbank.ingest.run import ingest
from kbank.search.bank import Bank
from kbank.search.listing import DEPTH

pytestmark = pytest.mark.slow  # ingests a varied archive


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


@pytest.fixture
def varied(small_archive):
    """Reports with ties on date and title, undated ones, several areas, drafts and classifications."""
    for i, (date, title) in enumerate(
        [
            ("2015-08-25", "Samma dag"),
            ("2015-08-25", "Samma dag"),
            ("2015-08-25", "Annan titel"),
            (None, "Odaterad A"),
            (None, "Odaterad B"),
            ("2012-01-05", "Tidig"),
        ]
    ):
        folder = small_archive / "2015" / f"mapp {i}"
        cover = f"{title}\n\nDnr: SN 2015/{100 + i}\n" + (f"Datum: {date}\n" if date else "")
        make_pdf(folder / f"rapport{i}.pdf", [cover, f"Rapport nummer {i} om hemtjänst och boendestöd."])
    write(small_archive / "2015" / "mapp 0" / "rapport0.pdf.kbank.toml", 'sakomraden = ["hemlöshet"]\n')
    write(
        small_archive / "2015" / "mapp 2" / "rapport2.pdf.kbank.toml",
        'status = "utkast"\nsakomraden = ["familjehem", "arbetsmarknad"]\n',
    )
    write(small_archive / "2015" / "mapp 3" / "rapport3.pdf.kbank.toml", 'klassning = "intern"\n')
    write(small_archive / "2015" / "mapp 5" / "rapport5.pdf.kbank.toml", 'klassning = "begränsad"\n')
    ingest(load_settings())
    # a published report rewritten after the draft: the two areas' counts tie, and the draft,
    # in a later group of the note, has them first (and in the other order)
    write(
        small_archive / "2015" / "mapp 4" / "rapport4.pdf.kbank.toml",
        'sakomraden = ["arbetsmarknad", "familjehem"]\n',
    )
    ingest(load_settings())
    return small_archive


def both_ways(bank: Bank, limit: int):
    noted = bank.list(limit=limit)
    listing, bank._listing = bank._listing, None  # no note: the columns, as before
    read = bank.list(limit=limit)
    bank._listing = listing
    return noted, read


def as_data(result) -> tuple:
    facets = {name: list(values.items()) for name, values in result.facets.items()}  # order counts
    return result.total, [d.to_json() for d in result.documents], facets


@pytest.mark.parametrize(
    "include_unpublished, ceiling", [(False, None), (True, None), (False, "öppen"), (True, "intern")]
)
def test_a_noted_page_equals_the_page_read_from_the_index_and_the_head_of_the_whole_list(
    varied, include_unpublished, ceiling
):
    settings = replace(load_settings(), classification_ceiling=ceiling)
    with Bank(settings, include_unpublished) as bank:
        assert bank._listing_note() is not None
        whole = bank.list()
        assert whole.total >= 5
        if include_unpublished:  # the draft's areas come first: it has them at an earlier document
            tied = {a: n for a, n in whole.facets["area"].items() if a in ("familjehem", "arbetsmarknad")}
            assert list(tied.items()) == [("familjehem", 2), ("arbetsmarknad", 2)]
        for limit in range(1, whole.total + 2):
            noted, read = both_ways(bank, limit)
            assert as_data(noted) == as_data(read)
            assert [d.to_json() for d in noted.documents] == [d.to_json() for d in whole.documents[:limit]]
            assert (noted.total, noted.facets) == (whole.total, whole.facets)
        assert bank.list(limit=DEPTH + 1).total == whole.total  # past the note's depth: read from the index


def test_a_note_of_another_index_state_is_not_used(runner, varied):
    before = json.loads(runner.invoke(app, ["list", "--json", "--limit", "3"]).stdout)
    assert runner.invoke(app, ["set", "2015/mapp 4/rapport4.pdf", "datum=2030-01-01"]).exit_code == 0
    with Bank(load_settings()) as bank:
        assert bank._listing_note() is None  # kbank set committed after the note was taken
        assert bank.list(limit=1).documents[0].path == "2015/mapp 4/rapport4.pdf"
    after = json.loads(runner.invoke(app, ["list", "--json", "--limit", "3"]).stdout)
    assert after["documents"][0]["path"] == "2015/mapp 4/rapport4.pdf" != before["documents"][0]["path"]
    ingest(load_settings())  # the next run takes the note again
    with Bank(load_settings()) as bank:
        assert bank._listing_note() is not None
        noted, read = both_ways(bank, 3)
        assert as_data(noted) == as_data(read)
        assert noted.documents[0].path == "2015/mapp 4/rapport4.pdf"


def test_a_filtered_list_is_read_from_the_index(varied):
    from kbank.search.results import Filters

    with Bank(load_settings()) as bank:
        filtered = bank.list(Filters(types=["slutrapport"]), limit=2)
        whole = bank.list(Filters(types=["slutrapport"]))
        assert [d.id for d in filtered.documents] == [d.id for d in whole.documents[:2]]
        assert filtered.facets == whole.facets
