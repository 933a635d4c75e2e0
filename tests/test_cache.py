"""The extraction cache: a content is parsed once, a rebuild reads text from the cache."""

from __future__ import annotations

import shutil

import pytest

from corpora.builders import make_pdf
from kbank.ingest import reading
from kbank.ingest.cache import CACHE_FILE, Cache
from kbank.ingest.run import ingest
from kbank.search.bank import Bank

pytestmark = pytest.mark.slow  # ingests and reindexes with and without the cache


def test_reindex_takes_the_text_from_the_cache_instead_of_parsing(settings, small_archive):
    assert ingest(settings).extracted == 3
    result = ingest(settings, full=True, retry_failed=True)
    assert (result.extracted, result.cached, result.added) == (0, 3, 3)
    with Bank(settings) as bank:
        assert bank.search("kunskapsbanken").total == 1
        assert bank.show("SN 2014/0123").document.title


def test_reindex_without_the_cache_parses_every_file_and_refreshes_the_cache(settings, small_archive):
    ingest(settings)
    result = ingest(settings, full=True, retry_failed=True, use_cache=False)
    assert (result.extracted, result.cached) == (3, 0)
    assert ingest(settings, full=True, retry_failed=True).cached == 3


def test_identical_files_are_parsed_once(settings, small_archive):
    source = small_archive / "2013" / "3.2-614-2013 Kunskapsbank" / "slutrapport.pdf"
    for folder in ("kopia1", "kopia2"):
        (small_archive / folder).mkdir()
        shutil.copy(source, small_archive / folder / "slutrapport.pdf")
    result = ingest(settings)
    assert (result.added, result.extracted, result.documents) == (5, 3, 3)


def test_a_copy_of_a_known_bad_file_is_not_parsed_again(settings, small_archive):
    bad = small_archive / "2013" / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"x" * 200)
    first = ingest(settings)
    assert [f.reason for f in first.failed] == ["corrupt"]
    shutil.copy(bad, small_archive / "2013" / "trasig kopia.pdf")
    second = ingest(settings)
    assert (second.extracted, second.cached) == (0, 1)
    assert [(f.path, f.reason) for f in second.failed] == [("2013/trasig kopia.pdf", "corrupt")]
    third = ingest(settings, full=True, retry_failed=True)  # reindex retries everything
    assert third.extracted == 1 and len(third.failed) == 2


def test_an_upgraded_extractor_reads_every_file_again(settings, small_archive, monkeypatch):
    ingest(settings)
    monkeypatch.setattr(reading, "extractor_id", lambda: "kbank-read=999")
    result = ingest(settings, full=True, retry_failed=True)
    assert (result.extracted, result.cached) == (3, 0)


def test_the_cache_forgets_contents_that_left_the_archive(settings, small_archive):
    ingest(settings)
    cache = Cache(settings.index, reading.extractor_id())
    assert len(cache) == 3
    shutil.rmtree(small_archive / "2016")
    target = small_archive / "2014" / "SN 2014-0123 Bostad först" / "projektplan.pdf"
    make_pdf(target, ["Projektplan\nNy version om vräkningsförebyggande arbete."])
    ingest(settings)
    assert len(cache) == 2  # the deleted report and the old version went, the new version came
    cache.close()


def test_a_damaged_cache_file_is_replaced(settings, small_archive):
    settings.index.mkdir()
    (settings.index / CACHE_FILE).write_bytes(b"inte en databas" * 100)
    result = ingest(settings)
    assert result.added == 3 and not result.failed
    assert ingest(settings, full=True, retry_failed=True).cached == 3
