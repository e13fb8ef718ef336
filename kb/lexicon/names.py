"""Every entity's names in either language, and the entity a near spelling stands for.

An entity is named by the packaged table (英伟达 = NVIDIA = Nvidia), by the notes' front matter
(its display name) and by their inline glossaries (`**辉达**（Nvidia）`), so that a name in one
language finds notes that use the other. Glossaries gloss concepts as often as names (信息茧房
once as "Bubble", seven times as "information cocoon"), and front matter lists concepts as
products ("AI", "LLM"): a name a glossary taught counts when more notes taught it for this
entity than for any other and TAUGHT notes did, or when it is the only name any note gave a
full name of several words (孙宇晨 for Justin Sun). A person the notes name in Chinese
characters is also named in pinyin, the way English writes Chinese names (谢维亚 is Xie Weiya
and Weiya Xie).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pypinyin import Style, lazy_pinyin, pinyin
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from kb.entities import EntityTable, fold
from kb.models import Translation

NEAR_MIN_LENGTH = 5  # shorter words are too often a letter away from some name
CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a person's name in characters
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
        :param stored: the store's entities: rows with `key`, `kind`, `name` and `episodes`
        :param aliases: (alias, key, episodes) for what the notes' glossaries taught
        :param translate: the lexicon's translations of a word, to find an entity by a name in
            the other language that no note gave it (瑞幸 → luckin)
        """
        self.key_of: dict[str, str] = dict(table.by_alias)
        self.names: dict[str, list[str]] = {}
        self.episodes: dict[str, int] = {}
        stored = list(stored)
        for row in stored:
            self.episodes[row["key"]] = row["episodes"]
            self._add(row["key"], row["name"])
        for key, entity in table.entities.items():
            if key in self.episodes:  # only entities the notes mention
                for name in (entity.name, *entity.aliases):
                    self._add(key, name)
        for alias, key in agreed(aliases, self.names):
            if key in self.episodes:
                self._add(key, alias)
        self.translate = translate
        self._near = sorted(k for k in self.key_of if k.isascii() and len(k) >= NEAR_MIN_LENGTH)
        # After _near: a misspelt word is not taken for a pinyin name. The pinyin finds the
        # person but is not searched for: the notes write the characters.
        for key in {row["key"] for row in stored if row["kind"] == "person"}:
            chinese = [n for n in self.names[key] if CHINESE_NAME.fullmatch(n)]
            for name in (roman for n in chinese for roman in romanized(n)):
                self.key_of.setdefault(fold(name), key)

    def _add(self, key: str, name: str) -> None:
        folded = fold(name)
        if not folded:
            return
        self.key_of.setdefault(folded, key)
        names = self.names.setdefault(key, [])
        if all(fold(n) != folded for n in names):
            names.append(name)

    def find(self, name: str) -> str | None:
        """The key of the entity named `name` in any spelling, if the notes mention it."""
        key = self.key_of.get(fold(name))
        return key if key in self.episodes else None

    def find_by_translation(self, name: str) -> str | None:
        """The entity that a translation of the one-word `name` names (瑞幸 → Luckin)."""
        if " " in name.strip():
            return None
        keys = (self.find(t.display) for t in self.translate(name))
        return next((k for k in keys if k), None)

    def names_of(self, key: str) -> tuple[str, ...]:
        """The entity's names, the display name first."""
        return tuple(self.names.get(key, ()))

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


def romanized(name: str) -> list[str]:
    """A Chinese person's name as English writes it: the surname first or last, in every
    reading a surname character has (曾 is Zeng or Ceng), ü as u (吕 is Lu)."""
    given = "".join(lazy_pinyin(name[1:], v_to_u=True)).replace("ü", "u")
    surnames = pinyin(name[0], style=Style.NORMAL, heteronym=True, v_to_u=True)[0]
    found = []
    for surname in dict.fromkeys(s.replace("ü", "u") for s in surnames):
        found += [f"{surname} {given}", f"{given} {surname}"]
    return found


def agreed(
    aliases: Iterable[tuple[str, str, int]], names: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """The (alias, key) pairs to believe: each alias for the one key most notes taught it for,
    when TAUGHT notes or more did, or when it names a full name of several words (Justin Sun:
    unlike "AI" or "Bubble", no concept) that no note taught it for anything else."""
    taught_for: dict[str, dict[str, int]] = {}
    for alias, key, taught in aliases:
        taught_for.setdefault(alias, {})[key] = taught
    found = []
    for alias, keys in taught_for.items():
        key = max(keys, key=lambda k: (keys[k], k))
        full_name = len(keys) == 1 and len((names.get(key) or [""])[0].split()) > 1
        if keys[key] >= TAUGHT or full_name:
            found.append((alias, key))
    return found
