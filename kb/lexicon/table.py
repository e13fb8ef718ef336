"""The lexicon a store holds, looked up a word at a time."""

from __future__ import annotations

import re

from whoosh.lang.porter import stem

from kb.models import Translation
from kb.segment import CJK_RUN
from kb.store import Store

TERM = re.compile(r"[a-z]+ [a-z]+")  # health care: a term of two words has its own translations


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
                self._found[word] = self.store.translations("en", stem(word))
            elif TERM.fullmatch(word):
                key = " ".join(stem(w) for w in word.split())
                self._found[word] = self.store.translations("en", key)
            else:
                self._found[word] = []
        return self._found[word]
