"""jieba's dictionary with kb's user words, read a pair of characters at a time, and jieba's best
route through its word graph. The only module that imports jieba.

jieba holds 720,000 words and word prefixes in one dict, which takes half a second to build: most
of a one-note update or a one-off search. Cutting a text only ever looks up pieces of that text,
so kb keeps jieba's dictionary in a file grouped by each entry's first two characters and reads
the single characters at once and a pair's group when a text first contains the pair. User words
are laid over each group as it is read, exactly where jieba's `add_word` would have put them.
"""

from __future__ import annotations

import logging
import pickle
import sys
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from math import log
from pathlib import Path

import numpy as np

from kb.cache import read_json, write_json, write_whole

USER_FREQS = "user-word-freqs.json"
WORDS_FILE = "dictionary-{version}.words"
# Characters looked up piece by piece after which reading every group at once is cheaper.
WHOLE_AFTER = 1_000_000
GUESSES_KEPT = 200_000


def import_jieba():
    """jieba, imported here because it sets up a DEBUG log handler when imported, and without
    pkg_resources: jieba reaches for it only to open its own data files, opens them directly
    when it is missing, and importing it costs a sixth of a second and a DeprecationWarning."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def pair_code(piece: str) -> int:
    return ord(piece[0]) << 21 | ord(piece[1])


@dataclass
class WordFile:
    """jieba's own dictionary (FREQ and total), its entries grouped by their first two characters.

    `text` holds every entry, newline-separated: single characters first (group 0), then one group
    per pair in the order of `keys`. Group g is entries `entries[g]:entries[g + 1]`, written at
    `text[chars[g]:chars[g + 1] - 1]`.
    """

    total: int
    text: str
    freqs: np.ndarray
    keys: np.ndarray  # pair codes of groups 1, 2, ..., ascending
    entries: np.ndarray
    chars: np.ndarray

    @classmethod
    def load(cls, cache_dir: Path) -> WordFile:
        """The file for this jieba version in `cache_dir`, built from jieba's dictionary once."""
        jieba = import_jieba()
        path = cache_dir / WORDS_FILE.format(version=jieba.__version__)
        try:
            return cls(*pickle.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            pass
        cache_dir.mkdir(parents=True, exist_ok=True)  # jieba writes its own cache there
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.initialize()
        built = cls.build(tokenizer.FREQ, tokenizer.total)
        for old in cache_dir.glob("dictionary-*"):  # earlier versions' files
            if old != path:
                old.unlink(missing_ok=True)
        fields = (built.total, built.text, built.freqs, built.keys, built.entries, built.chars)
        write_whole(path, pickle.dumps(fields, pickle.HIGHEST_PROTOCOL))
        return built

    @classmethod
    def build(cls, freq: dict[str, int], total: int) -> WordFile:
        words = sorted(freq, key=lambda w: (len(w) > 1, w[:2]))
        starts = [0] + [i for i in range(1, len(words)) if words[i][:2] != words[i - 1][:2]]
        starts = [s for s in starts if len(words[s]) > 1]  # the single characters are one group
        entries = np.array([0, *starts, len(words)], dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum([len(w) + 1 for w in words])))
        return cls(
            total=total,
            text="\n".join(words),
            freqs=np.array([freq[w] for w in words], dtype=np.int64),
            keys=np.array([pair_code(words[s]) for s in starts], dtype=np.int64),
            entries=entries,
            chars=offsets[entries],
        )

    def group(self, g: int) -> zip:
        """(entry, frequency) of group g."""
        words = self.text[self.chars[g] : self.chars[g + 1] - 1].split("\n")
        return zip(words, self.freqs[self.entries[g] : self.entries[g + 1]].tolist(), strict=True)

    def groups_of(self, pairs: set[str]) -> list[int]:
        """The groups of those `pairs` that start any entry."""
        keys, found = self.key_list, []
        for code in map(pair_code, pairs):
            slot = bisect_left(keys, code)
            if slot < len(keys) and keys[slot] == code:
                found.append(slot + 1)
        return found

    @cached_property
    def key_list(self) -> list[int]:
        return self.keys.tolist()


class Dictionary:
    """jieba's FREQ and total with user words added, filled in as texts ask for it: `need(text)`
    before looking up any piece of `text` in `freq`."""

    def __init__(self, base: WordFile, words: Iterable[str], freqs: dict[str, int]):
        """`freqs` holds the frequency of every user word in `words`, and maybe of others."""
        self.base = base
        self.user = sorted(words)  # the words starting with a pair are a slice of it
        self.user_freq = freqs
        self.total = base.total + sum(freqs[w] for w in self.user)
        self.freq: dict[str, int] = dict(base.group(0))
        for first in {w[0] for w in self.user}:
            self.freq.setdefault(first, 0)
        self.seen: set[str] = set()
        self.looked = 0
        self.whole = False

    @classmethod
    def open(cls, cache_dir: Path, words: Iterable[str]) -> Dictionary:
        base = WordFile.load(cache_dir)
        return cls(base, words, user_freqs(cache_dir, words, base))

    def need(self, text: str) -> None:
        """Read the entries that a lookup of any piece of `text` can reach."""
        if self.whole:
            return
        pairs = {text[i : i + 2] for i in range(len(text) - 1)} - self.seen
        if not pairs:
            return
        self.seen |= pairs
        self.looked += len(text)
        if self.looked > WHOLE_AFTER:
            self.read_all()
            return
        for g in self.base.groups_of(pairs):
            self.freq.update(self.base.group(g))
        for pair in pairs:
            start = bisect_left(self.user, pair)
            if start < len(self.user) and self.user[start].startswith(pair):
                after = pair[0] + chr(ord(pair[1]) + 1)
                self._lay(self.user[start : bisect_left(self.user, after, start)])

    def read_all(self) -> None:
        entries = self.base.text.split("\n")
        self.freq.update(zip(entries, self.base.freqs.tolist(), strict=True))
        self._lay(self.user)
        self.whole = True

    def _lay(self, words: list[str]) -> None:
        """User words over the base entries, as jieba's `add_word`: each word with its frequency,
        and its prefixes with 0 unless they are entries already."""
        freq = self.user_freq
        self.freq.update((w, freq[w]) for w in words)
        for word in words:
            for end in range(2, len(word)):
                self.freq.setdefault(word[:end], 0)


def user_freqs(cache_dir: Path, words: Iterable[str], base: WordFile) -> dict[str, int]:
    """Each user word's frequency as jieba's `suggest_freq` gives it against its own dictionary
    (so it does not depend on the other user words), remembered in `cache_dir` with those of
    words seen before: it is slow."""
    known = read_json(cache_dir / USER_FREQS) or {}
    missing = [w for w in words if w not in known]
    if missing:
        plain = Dictionary(base, (), {})
        tokenizer = import_jieba().Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = plain.freq, plain.total, True
        for word in missing:
            plain.need(word)
            known[word] = tokenizer.suggest_freq(word, False)
        write_json(cache_dir / USER_FREQS, known)
    return known


class LogFrequencies(dict):
    """log(frequency) - log(total) of each dictionary word, computed on first use; None for a
    prefix that is not a word. jieba computes the logarithm for every candidate of every run."""

    def __init__(self, freq: dict[str, int], total: int):
        super().__init__()
        self.freq, self.logtotal = freq, log(total)

    def __missing__(self, word: str) -> float | None:
        count = self.freq[word]
        self[word] = value = log(count) - self.logtotal if count else None
        return value


class JiebaDag:
    """jieba's `__cut_DAG` (best route through the dictionary's word graph, HMM for runs of
    unknown single characters) in one pass, with identical results; twice as fast."""

    def __init__(self, dictionary: Dictionary):
        self.dictionary = dictionary
        self.freq = dictionary.freq
        self.logp = LogFrequencies(dictionary.freq, dictionary.total)
        self.unknown = log(1) - self.logp.logtotal
        self.hmm = import_jieba().finalseg.cut
        self.guessed: dict[str, list[str]] = {}

    def cut(self, sentence: str) -> list[str]:
        self.dictionary.need(sentence)
        ends = self.route(sentence)
        words, buf, x = [], "", 0
        while x < len(sentence):
            y = ends[x]
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    words += self.unknown_run(buf)
                    buf = ""
                words.append(sentence[x:y])
            x = y
        if buf:
            words += self.unknown_run(buf)
        return words

    def route(self, sentence: str) -> list[int]:
        """For each start, the end of the word on the most probable path to the end."""
        freq, logp, n = self.freq, self.logp, len(sentence)
        score, ends = [0.0] * (n + 1), [0] * n
        for start in range(n - 1, -1, -1):
            best, stop, i, frag = None, start + 1, start, sentence[start]
            while i < n and frag in freq:
                if (value := logp[frag]) is not None:
                    value += score[i + 1]
                    if best is None or value >= best:  # ties go to the longer word, as in jieba
                        best, stop = value, i + 1
                i += 1
                frag = sentence[start : i + 1]
            score[start] = self.unknown + score[start + 1] if best is None else best
            ends[start] = stop
        return ends

    def unknown_run(self, buf: str) -> list[str]:
        """Single characters off the dictionary's path; the HMM guesses their words. Its guesses
        are kept: most such runs (names, rare terms) come back again and again."""
        if len(buf) == 1:
            return [buf]
        if self.freq.get(buf):
            return list(buf)
        if buf not in self.guessed:
            if len(self.guessed) >= GUESSES_KEPT:
                self.guessed.clear()
            self.guessed[buf] = list(self.hmm(buf))
        return self.guessed[buf]
