"""The lexicon a store holds, looked up a word at a time."""

from __future__ import annotations

import re
from dataclasses import replace

from whoosh.lang.porter import stem

from kb.models import Translation
from kb.segment import CJK_RUN
from kb.store import Store

TERM = re.compile(r"[a-z]+ [a-z]+")  # health care: a term of two words has its own translations
# Endings that derive a word from a base the notes translate more often (hourly → hour → 小时,
# rental → rent → 租金): where the word's own translations are weak, the base's join them.
DERIVED = (("ily", "y"), ("ly", ""), ("al", ""), ("er", ""), ("ment", ""))
WEAK = 0.2  # a best translation weighing less than this is weak
DERIVED_WEIGHT = 0.5


class Lexicon:
    """Translations of words as a query or question writes them: English is stemmed as the
    index stems it ("revenues" → revenu), Chinese looked up whole."""

    def __init__(self, store: Store):
        self.store = store
        self._found: dict[str, list[Translation]] = {}

    def translations(self, word: str) -> list[Translation]:
        """The translations of `word` or a term of two English words, likeliest first; none for
        a longer phrase or a number."""
        word = word.strip().lower()
        if word not in self._found:
            if CJK_RUN.fullmatch(word):
                self._found[word] = self.store.translations("zh", word)
            elif word.isascii() and word.isalpha():
                found = self.store.translations("en", stem(word))
                found += self._derived(word, found)
                self._found[word] = sorted(found, key=lambda t: -t.weight)
            elif TERM.fullmatch(word):
                key = " ".join(stem(w) for w in word.split())
                self._found[word] = self.store.translations("en", key)
            else:
                self._found[word] = []
        return self._found[word]

    def _derived(self, word: str, found: list[Translation]) -> list[Translation]:
        """The translations of the word's base, where its own are weak; see DERIVED."""
        if found and found[0].weight >= WEAK:
            return []
        for ending, replacement in DERIVED:
            base = word[: -len(ending)] + replacement if word.endswith(ending) else ""
            if len(base) < 3:
                continue
            known = {t.translation for t in found}
            return [
                replace(t, weight=t.weight * DERIVED_WEIGHT)
                for t in self.store.translations("en", stem(base))
                if t.translation not in known
            ]
        return []
