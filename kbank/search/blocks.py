"""Posting blocks decoded once per search, for the terms a search reads twice.

Whoosh stores a term's postings in blocks of up to 128, each one zlib-compressed and pickled
with the postings' positions. A search reads every block of its words in the title and body
(``kbank.search.scoring``), then the proximity bonus (``kbank.search.bonus``) reads the same
words' positions again at its best matches: with this cache the second reading takes the
blocks the first one decoded. Kept for one search only (a resident process answers many).
"""

from __future__ import annotations


class BlockCache:
    """Decoded blocks of the ``keep`` (field, term) pairs, by posting file and offset."""

    def __init__(self, keep: set[tuple[str, str]]):
        self.keep = keep
        self._data: dict[tuple[int, int], object] = {}

    def wants(self, field: str, text: str) -> bool:
        return (field, text) in self.keep

    def load(self, matcher) -> None:
        """Give a whoosh 2.7 posting matcher (``W3LeafMatcher``) its current block's data."""
        if matcher._data is not None:
            return
        key = (id(matcher._postfile), matcher._dataoffset)
        data = self._data.get(key)
        if data is None:
            matcher._read_data()
            self._data[key] = matcher._data
        else:
            matcher._data = data

    @staticmethod
    def usable(matcher) -> bool:
        """Whether the matcher is one whose blocks this cache knows how to hand over."""
        return all(hasattr(matcher, a) for a in ("_data", "_postfile", "_dataoffset", "_read_data"))
