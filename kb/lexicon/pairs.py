"""The notes' own translations: paragraph pairs read from the index as word-incidence matrices.

The index already holds every paragraph's words, Chinese as jieba cut them (entity names and
glossary terms whole, and the dictionary words inside longer ones) and English stemmed, so the
pairs are read from its postings rather than segmented a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kb.codec import field_terms, term_docs
from kb.index import EpisodeMap

CHINESE_WORD = re.compile(r"[\u3400-\u9fff]+")
ENGLISH_WORD = re.compile(r"[a-z]{2,}")
MIN_PAIRS = 3  # a word seen in fewer pairs teaches nothing reliable
# A paragraph pair teaches only when its "English" side really is English: a side that is
# Chinese too (some notes paste the transcript there) holds few Latin words for its length.
MIN_ENGLISH_WORDS = 3
MIN_ENGLISH_SHARE = 0.3  # English words for each Chinese word


@dataclass
class Pairs:
    """Paragraph pairs as rows: which Chinese words and English stems each holds."""

    zh: sp.csr_matrix
    en: sp.csr_matrix
    zh_words: list[str]
    en_words: list[str]
    zh_paragraphs: dict[str, int]  # every Chinese word of the index: how many paragraphs hold it

    def __len__(self) -> int:
        return self.zh.shape[0]


def read_pairs(searcher, emap: EpisodeMap) -> Pairs:
    """The committed paragraph pairs of the index behind `searcher` whose English is English."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    en, en_words, _ = _incidence(reader, "en", ENGLISH_WORD.fullmatch, size)
    en_count = np.diff(en.indptr)
    # only documents with English enough are read on the Chinese side: a third of them
    candidate = (emap.slots(np.arange(size)) >= 0) & (en_count >= MIN_ENGLISH_WORDS)
    zh, zh_words, zh_paragraphs = _incidence(reader, "zh", CHINESE_WORD.fullmatch, size, candidate)
    zh_count = np.diff(zh.indptr)
    paired = candidate & (zh_count > 0) & (en_count >= MIN_ENGLISH_SHARE * zh_count)
    zh, zh_words = _common(zh[paired], zh_words)
    en, en_words = _common(en[paired], en_words)
    return Pairs(zh, en, zh_words, en_words, zh_paragraphs)


def _incidence(reader, fieldname: str, keep, size: int, documents: np.ndarray | None = None):
    """(documents × words matrix of ones, the words, paragraphs per word) for the words of a
    field that `keep` accepts, in the given `documents` (a mask) or all."""
    index: dict[str, int] = {}
    counts: dict[str, int] = {}
    rows, columns = [], []
    for leaf, base in reader.leaf_readers():
        for term in field_terms(leaf, fieldname, keep):
            counts[term.text] = counts.get(term.text, 0) + term.docs
            if term.docs < 2:  # too rare in this segment to be worth reading
                continue
            docs = (term_docs(leaf, term) + base).astype(np.int32)
            if documents is not None:
                docs = docs[documents[docs]]
            rows.append(docs)
            columns.append(np.full(len(docs), index.setdefault(term.text, len(index)), np.int32))
    data = (np.concatenate(rows), np.concatenate(columns)) if rows else ([], [])
    matrix = sp.csr_matrix(
        (np.ones(len(data[0]), np.float32), data), shape=(size, len(index)), dtype=np.float32
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix, list(index), counts


def _common(matrix: sp.csr_matrix, words: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    """The columns of words that at least MIN_PAIRS rows hold."""
    keep = np.flatnonzero(np.asarray((matrix > 0).sum(axis=0)).ravel() >= MIN_PAIRS)
    return matrix[:, keep].tocsr(), [words[i] for i in keep]
