"""Learning the lexicon: the notes' own translations, then the dictionary's for words they lack.

The notes win where both speak: a word the paragraph pairs translate takes only their
translations. The dictionary's are kept only where the notes use them (a Chinese word no
note holds finds nothing), ranked by how many paragraphs hold them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from whoosh.lang.porter import stem

from kb.index import EpisodeMap
from kb.lexicon import cedict, model1
from kb.lexicon.pairs import Pairs, read_pairs
from kb.models import Translation

MOST = 4  # translations kept for a word
MIN_PROBABILITY = 0.05  # t(translation | word)
# t(word | translation): a translation must lead back to the word. This keeps out the words
# that every pair holds (美元 beside revenue) and a rare word's chance companions.
MIN_BACK = 0.02
MIN_LINKS = 2.0  # expected links over all pairs: one is a chance meeting
PIECE_RATIO = 1.2  # a piece held by at most this many times the paragraphs of a longer translation
DICTIONARY_WEIGHT = 0.5  # the dictionary knows nothing of how the notes use a word
DICTIONARY_MOST = 3


WORD = re.compile(r"[A-Za-z]{2,}")
_stem = functools.lru_cache(maxsize=None)(stem)


def learn(searcher, emap: EpisodeMap, english: Iterable[str]) -> tuple[list[Translation], int]:
    """Every translation, both ways, and the number of paragraph pairs learned from.

    :param english: English text of the notes, to show a stem as the word they write for it
    """
    pairs = read_pairs(searcher, emap)
    surfaces = english_surfaces(english)
    for _, words in cedict.entries():  # where the notes never write a stem's word, CC-CEDICT does
        for word in words:
            surfaces.setdefault(stem_term(word), word)
    found = learned(pairs, surfaces) if len(pairs) else []
    return found + dictionary(pairs, found, surfaces), len(pairs)


def stem_term(term: str) -> str:
    """A word's stem, or each word's of a term of two: health care → health care."""
    return " ".join(_stem(w) for w in term.split())


def english_surfaces(texts: Iterable[str]) -> dict[str, str]:
    """For each English stem, the word the texts most often write for it: revenu → revenue."""
    counts = Counter(w.lower() for text in texts for w in WORD.findall(text))
    surfaces: dict[str, str] = {}
    for word, _ in counts.most_common():
        surfaces.setdefault(_stem(word), word)
    return surfaces


def learned(pairs: Pairs, surfaces: dict[str, str]) -> list[Translation]:
    """The translations Model 1 finds in the pairs, both ways."""
    a = model1.train(pairs)
    found = []
    for lang, words, targets, index, target_index, forward, back in (
        ("en", pairs.en_words, pairs.zh_words, a.en_index, a.zh_index, a.zh_given_en,
         a.en_given_zh),
        ("zh", pairs.zh_words, pairs.en_words, a.zh_index, a.en_index, a.en_given_zh,
         a.zh_given_en),
    ):  # fmt: skip
        kept = _likely(index, forward, back, a.links)
        starts = np.r_[0, np.flatnonzero(np.diff(index[kept])) + 1, len(kept)]
        for first, last in zip(starts[:-1], starts[1:], strict=True):
            chosen = kept[first:last]
            word = words[index[chosen[0]]]
            weights = {targets[target_index[i]]: float(forward[i]) for i in chosen}
            if lang == "en":
                weights = _whole_words(weights, pairs.zh_paragraphs)
            for target, weight in sorted(weights.items(), key=lambda tw: -tw[1])[:MOST]:
                display = surfaces.get(target, target) if lang == "zh" else target
                found.append(Translation(lang, word, target, display, round(weight, 4), "notes"))
    return found


def _likely(word: np.ndarray, forward: np.ndarray, back: np.ndarray, links: np.ndarray):
    """The word pairs worth keeping, grouped by word, likeliest first: likely enough, linked
    more than by chance, leading back to the word, and among its 2·MOST likeliest."""
    kept = np.flatnonzero((forward >= MIN_PROBABILITY) & (back >= MIN_BACK) & (links >= MIN_LINKS))
    kept = kept[np.lexsort((-forward[kept], word[kept]))]
    first = np.r_[0, np.flatnonzero(np.diff(word[kept])) + 1]
    rank = np.arange(len(kept)) - np.repeat(first, np.diff(np.r_[first, len(kept)]))
    return kept[rank < 2 * MOST]


def _whole_words(weights: dict[str, float], used: dict[str, int]) -> dict[str, float]:
    """Translations with the pieces of a longer one folded into it. The index holds every
    dictionary word inside a longer word at its place, so 半导 stands wherever 半导体 does and
    Model 1 splits the word's probability between them; a piece that stands alone often
    (加密 beside 加密货币) is a word of its own and stays."""
    merged = dict(weights)
    for piece in sorted(weights, key=len):
        longer = [w for w in merged if piece in w and w != piece]
        if longer and used.get(piece, 0) <= PIECE_RATIO * used.get(longer[0], 0):
            merged[longer[0]] = min(1.0, merged[longer[0]] + merged.pop(piece))
    return merged


def dictionary(pairs: Pairs, learned: list[Translation], surfaces: dict[str, str]):
    """CC-CEDICT's translations of the words the notes did not translate, both ways.

    An English word's dictionary translations are ranked by what the notes taught of each: one
    the notes translate as this word first, then one they never translate, then one they
    translate as another word (切换 is "switch" in the notes, not "cut"); then by how many
    paragraphs hold it. A term of two is taught by either of its words: the notes translate
    房地产 as "estate", which makes it the first of "real estate"'s.
    """
    known = {(t.lang, t.word) for t in learned}
    taught: dict[str, set[str]] = {}
    for t in learned:
        if t.lang == "zh":
            taught.setdefault(t.word, set()).add(t.translation)
    used = pairs.zh_paragraphs
    meanings: dict[str, dict[str, None]] = {}  # a headword may have several entries
    english: dict[str, list[str]] = {}
    for chinese, words in cedict.entries():
        if used.get(chinese):
            meanings.setdefault(chinese, {}).update(dict.fromkeys(stem_term(w) for w in words))
    found = []
    for chinese, terms in meanings.items():
        for english_stem in terms:
            english.setdefault(english_stem, []).append(chinese)
        stems = [t for t in terms if " " not in t]  # the index holds words, not terms
        if stems and ("zh", chinese) not in known:
            share = DICTIONARY_WEIGHT / min(len(stems), DICTIONARY_MOST)
            found += [Translation("zh", chinese, s, surfaces.get(s, s), round(share, 4),
                                  "dictionary") for s in stems[:DICTIONARY_MOST]]  # fmt: skip
    for english_stem, words in english.items():
        if ("en", english_stem) in known:
            continue
        fit = {w: 2 if _taught_as(english_stem, taught.get(w, set())) else 0 if w in taught
               else 1 for w in set(words)}  # fmt: skip
        words = sorted(fit, key=lambda w: (-fit[w], -used[w], w))[:DICTIONARY_MOST]
        total = sum(used[w] for w in words)
        found += [Translation("en", english_stem, w, w,
                              round(DICTIONARY_WEIGHT * used[w] / total, 4),
                              "dictionary") for w in words]  # fmt: skip
    return found


def _taught_as(english_stem: str, taught: set[str]) -> bool:
    """Whether the notes translate a word as this stem, or as either word of this term."""
    return bool(taught.intersection(english_stem.split()))
