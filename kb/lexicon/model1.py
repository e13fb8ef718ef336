"""Translation probabilities between English stems and Chinese words: IBM Model 1, by EM.

Chosen by measurement (bench/lexicon_eval.py). Over the 231,000 paragraph pairs of a
9,180-note corpus, on a list of 103 English words with the Chinese translations a person
accepts (bench/lexicon_gold.tsv), the top translation is right for 98 words by Dice's
coefficient, 98 by log-likelihood ratio and 99 by Model 1 as kb keeps it; the top three hold a
right one for 102 with each. The three rank alike; Model 1 is chosen because it also gives
what search weighs a translation by, a probability, p(营收 | revenue), where association scores
give only an order.

Model 1 explains each word of one side by some word of the other side of its pair. A pair of n
English and m Chinese words offers n·m links, so EM runs over the links of the pairs with at
most MAX_LINKS of them: two thirds of the pairs, a sixteenth of all links. Long pairs are
where a word's true partner is one among hundreds, and they cost the most. Everything is
vectorised over the links with numpy; no Python loop runs per pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kb.lexicon.pairs import Pairs

MAX_LINKS = 500
ITERATIONS = 5
CHUNK = 10_000  # pairs whose links are listed at once: a few hundred thousand links


@dataclass
class Alignment:
    """t(zh | en) and t(en | zh) over the word pairs that share a short paragraph pair, with the
    expected number of times each was linked (a rare word's chance companion is linked once)."""

    en_index: np.ndarray  # per word pair: its English word's column in Pairs.en
    zh_index: np.ndarray  # and its Chinese word's column in Pairs.zh
    zh_given_en: np.ndarray
    en_given_zh: np.ndarray
    links: np.ndarray  # expected links, the mean of both directions


def train(pairs: Pairs, iterations: int = ITERATIONS) -> Alignment:
    """Model 1 in both directions over the links of the short pairs."""
    links = _links(pairs)
    width = len(pairs.zh_words)
    # the distinct word pairs, then each link's: sorting the keys and searching them is faster
    # than np.unique, which hashes them (numpy 2) or sorts their positions (its inverse)
    ordered = np.sort(links.pair)
    word_pairs = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    del ordered
    which = np.searchsorted(word_pairs, links.pair).astype(np.int32)
    del links.pair  # the largest array: twenty million links on a corpus of 9,000 notes
    word_pairs = word_pairs.astype(np.int64)
    en_index = (word_pairs // width).astype(np.int32)
    zh_index = (word_pairs % width).astype(np.int32)
    zh_given_en, forward = _em(which, links.zh_slot, en_index, iterations)
    en_given_zh, backward = _em(which, links.en_slot, zh_index, iterations)
    return Alignment(en_index, zh_index, zh_given_en, en_given_zh, (forward + backward) / 2)


@dataclass
class _Links:
    """Every link of the short pairs: its (English word, Chinese word) pair as one number, and
    the place of each word in its pair (a nonzero of the incidence matrix), which EM
    normalises over."""

    pair: np.ndarray
    en_slot: np.ndarray
    zh_slot: np.ndarray


def _links(pairs: Pairs) -> _Links:
    en, zh = pairs.en, pairs.zh
    width = len(pairs.zh_words)
    key_type = np.uint32 if len(pairs.en_words) * width < 2**32 else np.int64  # sorts faster
    en_count, zh_count = np.diff(en.indptr).astype(np.int64), np.diff(zh.indptr).astype(np.int64)
    short = np.flatnonzero((en_count * zh_count <= MAX_LINKS) & (en_count * zh_count > 0))
    parts = [(np.empty(0, key_type), np.empty(0, np.int32), np.empty(0, np.int32))]
    for first in range(0, len(short), CHUNK):
        rows = short[first : first + CHUNK]
        n_en, n_zh = en_count[rows], zh_count[rows]
        per_row = n_en * n_zh
        row_of = np.repeat(np.arange(len(rows)), per_row)
        offset = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        columns = np.repeat(n_zh, per_row)
        en_slot = (en.indptr[rows][row_of] + offset // columns).astype(np.int32)
        zh_slot = (zh.indptr[rows][row_of] + offset % columns).astype(np.int32)
        pair = en.indices[en_slot].astype(np.int64) * width + zh.indices[zh_slot]
        parts.append((pair.astype(key_type), en_slot, zh_slot))
    return _Links(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def _em(which: np.ndarray, slot: np.ndarray, given: np.ndarray, iterations: int):
    """t(word | given word) for each word pair, and its expected links: each word of a pair (a
    `slot`) shares itself among the words of the other side in proportion to t, and t is the
    shares' total over the given word's total."""
    t = np.ones(len(given))
    for _ in range(iterations):
        share = t[which]  # each link's t, then (in place: links are many) its share
        share /= np.bincount(slot, share)[slot]
        counts = np.bincount(which, share, minlength=len(given))
        t = counts / np.maximum(np.bincount(given, counts)[given], 1e-12)
    return t, counts
