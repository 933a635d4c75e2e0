"""Reading a query word against the index vocabulary: forms, OCR shapes, spelling help."""

from __future__ import annotations

from kbank.search.expansion import MAX_OCR_FORMS, edit_distance, read_word


class FakeVocabulary:
    """A vocabulary from a dict of field -> {term: documents}."""

    def __init__(self, fields: dict[str, dict[str, int]]):
        self.fields = fields

    def docs(self, field, term):
        return self.fields.get(field, {}).get(term, 0)

    def near(self, field, term, maxdist):
        return [
            t for t in self.fields.get(field, {}) if edit_distance(t, term) <= maxdist and t[0] == term[0]
        ]


def kinds(reading):
    return {(f.term, f.kind) for f in reading.forms}


def test_a_known_word_reads_as_itself_its_partner_and_its_compounds():
    vocab = FakeVocabulary({"body": {"utvardering": 4, "utvarder": 2}, "parts": {"utvardering": 1}})
    reading = read_word("utvärderingen", vocab)
    assert kinds(reading) == {
        ("utvardering", "ord"),
        ("utvarder", "böjning"),
        ("utvardering", "sammansättning"),
    }
    assert not reading.replaced


def test_ocr_shapes_are_used_only_when_the_index_has_them():
    vocab = FakeVocabulary({"body": {"socialtjanst": 5, "socialtjdnst": 1}})
    reading = read_word("socialtjänst", vocab)
    assert ("socialtjdnst", "ocr") in kinds(reading)
    assert len(reading.of_kind("ocr")) <= MAX_OCR_FORMS


def test_a_word_the_index_lacks_is_replaced_by_the_nearest_common_word():
    vocab = FakeVocabulary({"body": {"missbruk": 9, "missbruks": 1}})
    reading = read_word("missbuk", vocab)
    assert reading.replaced and [f.term for f in reading.of_kind("stavning")] == ["missbruk"]


def test_a_rare_word_keeps_its_hits_and_gets_a_much_commoner_neighbour():
    vocab = FakeVocabulary({"body": {"hemlos": 40, "hemlosh": 1}})
    reading = read_word("hemloshe", vocab)  # stem "hemlosh", in one report
    assert not reading.replaced and reading.widened
    assert [f.term for f in reading.of_kind("stavning")] == ["hemlos"]


def test_short_and_unknown_words_get_no_guesses():
    vocab = FakeVocabulary({"body": {"barn": 9, "vindkraftverk": 1}})
    assert read_word("bar", vocab).of_kind("stavning") == []
    assert read_word("kärnkraft", vocab).of_kind("stavning") == []


def test_stop_words_are_not_read():
    assert read_word("och", FakeVocabulary({})) is None
