"""Swedish analysis: -et stems, compound parts from the word list, OCR shapes."""

from __future__ import annotations

import pytest

from kbank.analysis import compound_parts, dictionary_path, lexicon, ocr_variants, terms


@pytest.mark.parametrize(
    "forms",
    [
        ["missbruk", "missbruket", "missbrukets"],
        ["projekt", "projektet", "projekten"],
        ["familjehem", "familjehemmet", "familjehemmen"],
        ["barn", "barnet", "barnen"],
        ["kvalitet", "kvaliteten", "kvaliteter"],
    ],
)
def test_inflected_forms_share_one_term(forms):
    assert len({terms(f) for f in forms}) == 1


@pytest.mark.parametrize(
    "word, part",
    [
        ("missbruksvården", "missbruk"),
        ("alkoholmissbruket", "missbruk"),
        ("familjehemsplacerade", "familjehem"),
        ("våldsutsatta", terms("våld")[0]),
        ("partnervåld", terms("våld")[0]),
        ("skolgången", terms("skola")[0]),
        ("demensboende", terms("demens")[0]),
    ],
)
def test_compounds_yield_the_words_they_are_made_of(word, part):
    assert part in compound_parts(word).split()


@pytest.mark.parametrize("word", ["utvärdering", "personalen", "hemlöshet", "samhället", "missbrukare"])
def test_ordinary_words_are_not_cut_into_pieces(word):
    parts = compound_parts(word).split()
    assert not parts or all(len(p) >= 5 for p in parts)


def test_a_reports_own_words_split_its_compounds():
    assert "skolfam" in compound_parts("Skolfamsmodellen bygger på Skolfam.").split()


def test_the_word_list_is_loaded_and_large():
    assert dictionary_path() is not None, "hunspell-sv (a dependency) should provide sv_SE.dic"
    assert len(lexicon().words) > 100_000 and "missbruk" in lexicon().heads


def test_ocr_variants_are_bounded_and_include_what_scanners_make_of_å_ä_ö():
    variants = ocr_variants("socialtjänst")
    assert "socialtjdnst" in variants and "socialtjinst" in variants
    assert "6vrig" in ocr_variants("övrig")
    assert "rnissbruk" in ocr_variants("missbruk")
    assert len(ocr_variants("förändringsarbetsmöjlighet")) <= 90


@pytest.mark.slow
def test_the_word_list_is_kept_in_the_cache_folder_and_a_damaged_copy_is_rebuilt(tmp_path, monkeypatch):
    from kbank import analysis

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    analysis.lexicon.cache_clear()
    try:
        built = analysis.lexicon()
        [kept] = (tmp_path / "cache" / "kbank").glob("ordlista-*.marshal")
        analysis.lexicon.cache_clear()
        assert analysis.lexicon() == built  # read back from the cache file
        kept.write_bytes(b"\x00 trasig")
        analysis.lexicon.cache_clear()
        assert analysis.lexicon() == built
        assert kept.read_bytes() != b"\x00 trasig"
        assert "missbruk" in built.words and "vard" in built.heads
    finally:
        analysis.lexicon.cache_clear()


@pytest.mark.slow
def test_a_cache_folder_that_cannot_be_written_costs_only_the_time(tmp_path, monkeypatch):
    from kbank import analysis

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    analysis.lexicon.cache_clear()
    try:
        assert "missbruk" in analysis.lexicon().words
    finally:
        analysis.lexicon.cache_clear()
