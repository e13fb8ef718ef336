"""Widening a query: each word also searches its translations, and an entity's name its other
names, so that English finds Chinese notes and Chinese finds English ones.

The best translation of a word weighs TRANSLATION_WEIGHT and the others less, in proportion to
their probability (the dictionary's a quarter less again): a note that holds the word as the
query wrote it ranks above one that holds only a translation. An entity's other names weigh
NAME_WEIGHT: they name the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kb.lexicon.calendar import calendar_names
from kb.lexicon.names import EntityNames
from kb.lexicon.table import Lexicon
from kb.models import Translation
from kb.search import QueryPlan, Word

TRANSLATION_WEIGHT = 0.8
DICTIONARY_FACTOR = 0.75
NAME_WEIGHT = 0.9
MOST_TRANSLATIONS = 3
MOST_NAMES = 6
LIKELY_SHARE = 0.25  # a translation less likely than this share of the best one is left out
NAME_WORDS = 3  # "Core Weave": a name split into at most this many words
TERM_WORDS = 2  # "health care": a term the lexicon translates as one (医疗保健)


class Widener:
    """Gives each word of a query its alternatives; see the module docstring."""

    def __init__(self, lexicon: Lexicon, names: EntityNames, rare: Callable[[Word], bool]):
        """:param rare: whether the index holds a word so seldom that it may be misspelt"""
        self.lexicon = lexicon
        self.names = names
        self.rare = rare

    def __call__(self, plan: QueryPlan, words: list[Word]) -> list[Word]:
        found, named = self.names_in(plan, words)
        return [self.widen(plan, w, *named.get(i, (None, w.text))) for i, w in enumerate(found)]

    def names_in(
        self, plan: QueryPlan, words: list[Word]
    ) -> tuple[list[Word], dict[int, tuple[str, str]]]:
        """The words with a name typed apart ("Core Weave", "Open AI") or a term the lexicon
        translates ("health care") made one word, and the entity and the whole name of each
        word inside a name of several words as written ("Federal Reserve"): each of those
        words also searches the entity's other names."""
        out: list[Word] = []
        named: dict[int, tuple[str, str]] = {}
        i = 0
        while i < len(words):
            for size in range(NAME_WORDS, 1, -1):
                run = words[i : i + size]
                if len(run) < size:
                    continue
                key, typed = self._name(run), " ".join(w.text for w in run)
                if key is None and not (size == TERM_WORDS and self._term(run)):
                    continue
                if key is not None and any(
                    n.lower() == typed.lower() for n in self.names.names_of(key)
                ):
                    named.update((len(out) + j, (key, typed)) for j in range(size))
                    out += run
                else:
                    out.append(replace(plan.analyse(typed, phrase=True), quoted=False))
                i += size
                break
            else:
                out.append(words[i])
                i += 1
        return out, named

    def _term(self, run: list[Word]) -> bool:
        """Whether the words make a term the lexicon translates as one."""
        return all(_plain_latin(w) for w in run) and bool(
            self.lexicon.translations(" ".join(w.text for w in run))
        )

    def _name(self, run: list[Word]) -> str | None:
        """The entity the words name together, spaced or not (names are folded)."""
        if not all(_plain_latin(w) for w in run):
            return None
        return self.names.find(" ".join(w.text for w in run))

    def widen(self, plan: QueryPlan, word: Word, key: str | None = None, name: str = "") -> Word:
        """The word with its alternatives: an entity's names, else a near spelling's entity;
        and its translations. `key` and `name` are the entity the word is part of the name of."""
        if word.alternatives or word.quoted:
            return word
        alternatives: list[Word] = []
        key, why = key or self.names.find(word.text), "entity"
        if key is None and _plain_latin(word) and self.rare(word):
            key, why = self.names.near(word.text), "spelling"
        if key is not None:
            names = self._other_names(key, name or word.text)
            if why == "spelling":  # what the word stands for: the entity's own name first
                names = [self.names.display(key), *names]
            alternatives += [replace(plan.analyse(n, phrase=True), weight=NAME_WEIGHT, why=why)
                             for n in names]  # fmt: skip
        alternatives += [replace(plan.analyse(n, phrase=True), weight=TRANSLATION_WEIGHT,
                                 why="translation") for n in calendar_names(word.text)]  # fmt: skip
        looked_up = _looked_up(word)
        if looked_up:
            alternatives += [self._translated(t, best) for t, best in self._likely(looked_up)
                             if not _one_character(t.translation)]  # fmt: skip
        return replace(word, alternatives=_distinct(word, alternatives))

    def _other_names(self, key: str, typed: str) -> list[str]:
        """The entity's names, those in the other language than `typed` first."""
        names = [n for n in self.names.names_of(key) if n.lower() != typed.lower()]
        latin = typed.isascii()
        return sorted(names, key=lambda n: n.isascii() == latin)[:MOST_NAMES]

    def _likely(self, token: str) -> list[tuple[Translation, float]]:
        found = self.lexicon.translations(token)
        if not found:
            return []
        best = found[0].weight
        return [(t, best) for t in found if t.weight >= LIKELY_SHARE * best][:MOST_TRANSLATIONS]

    @staticmethod
    def _translated(t: Translation, best: float) -> Word:
        weight = TRANSLATION_WEIGHT * t.weight / best
        if t.origin == "dictionary":
            weight *= DICTIONARY_FACTOR
        if t.lang == "en":  # an English word's Chinese translation
            return Word((t.translation,), (), text=t.display, weight=weight, why="translation")
        # a Chinese word's English one: the stem, in the English field and the Chinese ones
        return Word((t.translation,), (t.translation,), text=t.display, weight=weight,
                    why="translation")  # fmt: skip


def _looked_up(word: Word) -> str | None:
    """What the lexicon is asked for the word: English as written (tokens are stems), a term
    of two English words whole, Chinese by its folded token."""
    if word.phrase:
        return word.text if word.text.isascii() and len(word.text.split()) == TERM_WORDS else None
    if len(word.zh) == 1 and not _one_character(word.zh[0]):
        return word.text if word.text.isascii() else word.zh[0]
    return None


def _one_character(word: str) -> bool:
    """A single Chinese character (年, 回) stands in too many words to translate or be a
    translation: 回 for "back" would match nearly every Chinese paragraph."""
    return len(word) == 1 and not word.isascii()


def _plain_latin(word: Word) -> bool:
    return not word.quoted and len(word.zh) == 1 and word.text.isascii() and word.text.isalnum()


def _distinct(word: Word, alternatives: list[Word]) -> tuple[Word, ...]:
    """The alternatives that search for something the word and the ones before do not."""
    seen, kept = {(word.zh, word.en)}, []
    for alternative in alternatives:
        if (alternative.zh or alternative.en) and (alternative.zh, alternative.en) not in seen:
            seen.add((alternative.zh, alternative.en))
            kept.append(alternative)
    return tuple(kept)
