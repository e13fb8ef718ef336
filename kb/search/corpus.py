"""A searcher's postings and field lengths as numpy arrays, and BM25 over them.

A search needs every matching episode (for the total and the facets), not only the top ten, so
kb reads each query term's postings from Whoosh as numpy arrays and scores BM25 over all of them
at once. Whoosh's own search scores a union of term and phrase matchers one document at a time,
which is ten times slower here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from kb.codec import leaf_positions, leaf_postings
from kb.index import EpisodeMap

K1, B = 1.2, 0.75
POSTINGS_CACHED = 512  # terms whose postings stay decoded between searches
BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


@dataclass
class Corpus:
    """Postings and field lengths of one searcher, as numpy arrays, cached per searcher."""

    searcher: object
    emap: EpisodeMap
    _lengths: dict[str, np.ndarray] = field(default_factory=dict)
    _stats: dict[str, tuple[int, float]] = field(default_factory=dict)
    _postings: dict[tuple, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def postings(self, fieldname: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, term frequencies) of a term, deleted documents included (see EpisodeMap)."""
        key = (fieldname, token)
        if key not in self._postings:
            ids, weights = [], []
            for leaf, base in self.searcher.reader().leaf_readers():
                try:
                    leaf_ids, leaf_weights = leaf_postings(leaf, fieldname, token)
                except TermNotFound:
                    continue
                ids.append(leaf_ids + base)
                weights.append(leaf_weights)
            empty = (np.empty(0, np.int64), np.empty(0, np.float32))
            if (
                len(self._postings) >= POSTINGS_CACHED
            ):  # a server searches for months: forget the oldest
                self._postings.pop(next(iter(self._postings)))
            self._postings[key] = (np.concatenate(ids), np.concatenate(weights)) if ids else empty
        return self._postings[key]

    def phrase_docs(self, fieldname: str, tokens: tuple[str, ...]) -> np.ndarray:
        """The documents in which the tokens stand one after another, from their positions."""
        found = np.empty(0, np.int64)
        for shift, token in enumerate(tokens):
            docs, positions = self._positions(fieldname, token)
            # (document, position the phrase would start at), ascending as postings are
            keys = (docs << 32) + (positions - shift)
            if shift == 0:
                found = keys
                continue
            at = np.minimum(np.searchsorted(keys, found), max(0, len(keys) - 1))
            found = found[keys[at] == found] if len(keys) else keys
            if not len(found):
                break
        docs = found >> 32
        return docs[np.r_[True, docs[1:] != docs[:-1]]] if len(docs) else docs

    def _positions(self, fieldname: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        key = ("positions", fieldname, token)
        if key not in self._postings:
            docs, positions = [], []
            for leaf, base in self.searcher.reader().leaf_readers():
                try:
                    leaf_docs, at = leaf_positions(leaf, fieldname, token)
                except TermNotFound:
                    continue
                docs.append(leaf_docs + base)
                positions.append(at)
            empty = (np.empty(0, np.int64), np.empty(0, np.int64))
            if len(self._postings) >= POSTINGS_CACHED:
                self._postings.pop(next(iter(self._postings)))
            self._postings[key] = (
                (np.concatenate(docs), np.concatenate(positions)) if docs else empty
            )
        return self._postings[key]

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in `fieldname`, in words."""
        if fieldname not in self._lengths:
            parts = [
                _leaf_lengths(leaf, fieldname) for leaf, _ in self.searcher.reader().leaf_readers()
            ]
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.empty(0, np.float32)
        return self._lengths[fieldname]

    def bm25(self, fieldname: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        docs, tf = self.postings(fieldname, token)
        if not len(docs):
            return docs, tf
        lengths = self.lengths(fieldname)
        if fieldname not in self._stats:  # documents with the field, and their mean length
            n = max(1, int((lengths > 0).sum()))
            self._stats[fieldname] = (n, max(1.0, float(lengths.sum()) / n))
        n, avg = self._stats[fieldname]
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        norm = tf + K1 * (1 - B + B * lengths[docs] / avg)
        return docs, (idf * tf * (K1 + 1) / norm).astype(np.float32)


def _leaf_lengths(leaf, fieldname: str) -> np.ndarray:
    """A segment's field lengths: Whoosh keeps one length byte per document, read here at once."""
    count = leaf.doc_count_all()
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(count, np.float32)
    raw = column._dbfile.get(column._basepos, min(column._count, count))
    codes = np.zeros(count, np.uint8)
    codes[: len(raw)] = np.frombuffer(raw, np.uint8)
    return BYTE_TO_LENGTH[codes]
