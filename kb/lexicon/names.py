"""Every entity's names in either language, and the entity a near spelling stands for.

An entity is named by the packaged table (英伟达 = NVIDIA = Nvidia), by the notes' front matter
(its display name), by their inline glossaries (`**辉达**（Nvidia）`), and by what the lexicon
learned its name translates to (比亚迪 for byd), so that a name in one language finds notes that
use the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from kb.entities import EntityTable, fold
from kb.models import Translation

NEAR_MIN_LENGTH = 5  # shorter words are too often a letter away from some name
# A glossary may gloss a general word by a known entity (自动驾驶 as Tesla's FSD) or name it
# loosely (英伟达正股, Nvidia's shares): a name glossaries taught a table entity counts once this
# many episodes agree. An entity the table lacks takes the names any glossary gives it.
TAUGHT = 3


class EntityNames:
    """Names by entity key, and keys by any name, folded (case, spaces, punctuation)."""

    def __init__(
        self,
        table: EntityTable,
        stored: Iterable[dict],
        aliases: Iterable[tuple[str, str, int]],
        translate: Callable[[str], list[Translation]],
    ):
        """
        :param stored: the store's entities: rows with `key`, `name` and `episodes`
        :param aliases: (alias, key, episodes) for what the notes' glossaries taught
        :param translate: the lexicon's translations of a one-word name
        """
        self.key_of: dict[str, str] = dict(table.by_alias)
        self.names: dict[str, list[str]] = {}
        self.episodes: dict[str, int] = {}
        for row in stored:
            self.episodes[row["key"]] = row["episodes"]
            self._add(row["key"], row["name"])
        for key, entity in table.entities.items():
            if key in self.episodes:  # only entities the notes mention
                for name in (entity.name, *entity.aliases):
                    self._add(key, name)
        for alias, key, taught in aliases:
            # the table's entities have names enough; a glossary of one note may be loose
            if key in self.episodes and (taught >= TAUGHT or key not in table.entities):
                self._add(key, alias)
        self.translate = translate
        self._with_translations: dict[str, tuple[str, ...]] = {}
        self._near = sorted(k for k in self.key_of if k.isascii() and len(k) >= NEAR_MIN_LENGTH)

    def _add(self, key: str, name: str) -> None:
        folded = fold(name)
        if not folded:
            return
        self.key_of.setdefault(folded, key)
        names = self.names.setdefault(key, [])
        if all(fold(n) != folded for n in names):
            names.append(name)

    def find(self, name: str) -> str | None:
        """The key of the entity named `name` in any spelling, or by a one-word name whose
        translation names it (瑞幸 → Luckin), if the notes mention it."""
        key = self.key_of.get(fold(name))
        if key is None and " " not in name.strip():
            keys = (self.key_of.get(fold(t.display)) for t in self.translate(name))
            key = next((k for k in keys if k in self.episodes), None)
        return key if key in self.episodes else None

    def names_of(self, key: str) -> tuple[str, ...]:
        """The entity's names, its one-word names' translations after them."""
        if key in self._with_translations:
            return self._with_translations[key]
        names = list(self.names.get(key, ()))
        folded = {fold(n) for n in names}
        for name in list(names):
            for t in self.translate(name) if " " not in name.strip() else ():
                if fold(t.display) not in folded:
                    folded.add(fold(t.display))
                    names.append(t.display)
        self._with_translations[key] = tuple(names)
        return self._with_translations[key]

    def near(self, word: str) -> str | None:
        """The one entity whose name is a letter or two from `word` (Nvida, Antrophic), or None
        when none or several are."""
        folded = fold(word)
        if len(folded) < NEAR_MIN_LENGTH or not folded.isascii():
            return None
        edits = 1 if len(folded) < 8 else 2
        found = extract(folded, self._near, scorer=Levenshtein.distance, score_cutoff=edits,
                        limit=None)  # fmt: skip
        keys = {self.key_of[name] for name, _, _ in found} & self.episodes.keys()
        return keys.pop() if len(keys) == 1 else None

    def display(self, key: str) -> str:
        return self.names[key][0]
