"""Companies, people and products: one canonical key per entity, whatever the spelling or language.

A bilingual table ships with kb (`kb/data/entities.tsv`: 英伟达 = NVIDIA = Nvidia). Names outside
it are keyed by their folded spelling, so Nvidia/NVIDIA/nvidia merge by themselves; a rare
misspelling one edit away from exactly one table name (Corweave) merges into it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import ahocorasick
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist, extract

KINDS = ("company", "person", "product")
SUFFIXES = re.compile(
    r"[\s,.]+(inc|corp|corporation|co|company|ltd|limited|plc|llc|group|holdings|ag|sa)\.?$", re.I
)
COMBINED = re.compile(r"^(.+?)\s*[（(]\s*(.+?)\s*[)）]$")
NOT_KEY = re.compile(r"[^0-9a-z\u3400-\u9fff\uf900-\ufaff]+")
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
SHORT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .&'+-]{0,38}$|^[\u3400-\u9fff·]{2,10}$")
FUZZY_MIN_LENGTH = 6
# Lower-case text matches a Latin alias only when the alias is long: "apple" and "meta" in running
# text are rarely the companies, "coreweave" always is.
LOWERCASE_MATCH_MIN = 7


def fold(name: str) -> str:
    """The spelling-independent key of a name: case, width, spaces, punctuation, Inc./Corp. go."""
    name = unicodedata.normalize("NFKC", name).strip().strip("\"'“”‘’")
    name = SUFFIXES.sub("", name)
    return NOT_KEY.sub("", name.casefold())


def split_name(name: str) -> list[str]:
    """`英伟达 (NVIDIA)` names one entity twice; return both names."""
    match = COMBINED.match(name.strip())
    return [match.group(1), match.group(2)] if match else [name]


@dataclass(frozen=True)
class Entity:
    """A known entity: its key, kind, display name and every alias."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...]


class EntityTable:
    """The packaged alias table, with look-up by any alias and mention counting in text."""

    def __init__(self, entities: Iterable[Entity]):
        self.entities = {e.key: e for e in entities}
        self.by_alias: dict[str, str] = {}
        for entity in self.entities.values():
            for alias in (entity.name, *entity.aliases):
                self.by_alias.setdefault(fold(alias), entity.key)
        self._fuzzy_keys = [k for k in self.by_alias if k.isascii() and len(k) >= FUZZY_MIN_LENGTH]
        self._automaton = None
        self._extra_names: tuple[tuple[str, str], ...] = ()  # (alias, key) only extended() adds
        self._extra_automaton = None

    @classmethod
    def packaged(cls) -> EntityTable:
        """The table shipped in kb/data/entities.tsv."""
        text = resources.files("kb").joinpath("data/entities.tsv").read_text(encoding="utf-8")
        return cls(parse_table(text))

    def __getstate__(self) -> dict:
        # The automata are rebuilt on demand in worker processes.
        return {**self.__dict__, "_automaton": None, "_extra_automaton": None}

    def extended(self, names: Iterable[tuple[str, str, str]]) -> EntityTable:
        """This table with the names one episode alone gives, as (name, key, kind): its front
        matter's companies and people and its glossary's aliases, so that its figures can be
        about a company the table has never heard of (爱马仕 in a note on luxury). The table's
        own automaton is shared; the new names get a small one of their own."""
        new = [(n, k, kind) for n, k, kind in names if len(n) >= 2 and fold(n) not in self.by_alias]
        if not new:
            return self
        table = copy.copy(self)
        table._automaton = self.automaton  # of this table's names only: the copy shares it
        table.entities, table.by_alias = dict(self.entities), dict(self.by_alias)
        for name, key, kind in new:
            table.entities.setdefault(key, Entity(key, kind, name, ()))
            table.by_alias.setdefault(fold(name), key)
        table._extra_names = tuple((name, key) for name, key, _ in new)
        table._extra_automaton = None
        return table

    def names(self) -> set[str]:
        """Every canonical name and alias, for jieba to keep whole."""
        return {a for e in self.entities.values() for a in (e.name, *e.aliases)}

    def lookup(self, name: str) -> str | None:
        """The key of a table entity named `name` (any alias, any case), or None."""
        return self.by_alias.get(fold(name))

    def resolve(self, name: str) -> str:
        """A key for any name: the table's, a safe near-miss of the table's, or its own fold."""
        key = fold(name)
        if key in self.by_alias:
            return self.by_alias[key]
        near = self.near_miss(key)
        return near or key

    def near_miss(self, key: str) -> str | None:
        """The table entity one edit away from `key`, when exactly one is and both are long."""
        if not key.isascii() or len(key) < FUZZY_MIN_LENGTH:
            return None
        matches = extract(
            key, self._fuzzy_keys, scorer=Levenshtein.distance, score_cutoff=1, limit=None
        )
        entities = {self.by_alias[alias] for alias, _, _ in matches if alias[0] == key[0]}
        return entities.pop() if len(entities) == 1 else None

    def mentions(self, text: str) -> Counter[str]:
        """How many times each table entity is named in `text`."""
        return Counter(key for _, _, key in self.spans(text))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where table entities are named in `text`: (start, end, key), by end position."""
        found = []
        lowered = text.lower()
        if len(lowered) != len(text):  # a few letters lengthen in lower case (İ)
            text = lowered
        for automaton in (self.automaton, self.extra_automaton):
            for end, (alias, key) in automaton.iter(lowered) if automaton else ():
                start = end - len(alias) + 1
                if is_whole_name(text, start, end + 1, alias):
                    found.append((start, end + 1, key))
        return sorted(set(found), key=lambda span: span[1]) if self._extra_names else found

    @property
    def automaton(self):
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for entity in self.entities.values():
                for alias in {a.lower() for a in (entity.name, *entity.aliases)}:
                    if len(alias) >= 2:
                        automaton.add_word(alias, (alias, entity.key))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    @property
    def extra_automaton(self):
        if self._extra_automaton is None and self._extra_names:
            automaton = ahocorasick.Automaton()
            for name, key in self._extra_names:
                automaton.add_word(name.lower(), (name.lower(), key))
            automaton.make_automaton()
            self._extra_automaton = automaton
        return self._extra_automaton


def is_whole_name(text: str, start: int, end: int, alias: str) -> bool:
    """A Latin alias must stand as a word, and in lower case only when it is long (one written
    partly in Chinese, such as 罗素2000, has no case)."""
    if not ASCII_ALNUM.search(alias):
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isascii() and before.isalnum() or after.isascii() and after.isalnum():
        return False
    surface = text[start:end]
    if not alias.isascii():  # 罗素2000 has no case to tell a name by
        return True
    return surface != surface.lower() or len(alias) >= LOWERCASE_MATCH_MIN


def parse_table(text: str) -> list[Entity]:
    """Rows of `kind<TAB>canonical<TAB>alias|alias|...`; lines starting with # are comments."""
    entities = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, *rest = line.split("\t")
        aliases = tuple(a.strip() for a in (rest[0] if rest else "").split("|") if a.strip())
        entities.append(Entity(fold(name), kind.strip(), name.strip(), aliases))
    return entities


def glossary_aliases(
    table: EntityTable, glossary: Iterable[tuple[str, str]]
) -> set[tuple[str, str]]:
    """(alias, key) pairs taught by inline glossaries such as `**辉达**（Nvidia）`: a table
    entity's other name, or the Chinese name of a name in Latin letters the table lacks (its key
    is that name's fold, the key its front-matter mentions have)."""
    pairs = set()
    for term, gloss in glossary:
        gloss = re.split(r"[:：;；,，]", gloss)[0].strip()
        if not (SHORT_NAME.match(term) and SHORT_NAME.match(gloss)):
            continue
        for known, other in ((term, gloss), (gloss, term)):
            key = table.lookup(known)
            if key and not table.lookup(other) and fold(other):
                pairs.add((other, key))
        chinese, latin = sorted((term, gloss), key=lambda n: n.isascii())
        if not table.lookup(term) and not table.lookup(gloss) and latin.isascii() and fold(latin):
            # a name the table does not know, given in both languages: 瑞幸（Luckin）
            if not chinese.isascii():
                pairs.add((chinese, fold(latin)))
    return pairs


def episode_names(
    mentions: Iterable[tuple[str, str, str, bool, int]], aliases: Iterable[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(name, key, kind) of each name an episode gives: its front matter's, as its mention rows
    (key, kind, surface, in front matter, count) hold them, and the aliases (alias, key) its
    glossary gives an entity it mentions, each alias its first key; a glossed term the episode
    mentions as no entity (老年公寓, "seniors apartment") names none."""
    kinds = {key: kind for key, kind, *_ in mentions}
    names = [(surface, key, kind) for key, kind, surface, front, _ in mentions if front]
    keys = {}
    for alias, key in aliases:
        if key in kinds:
            keys.setdefault(alias, key)
    return names + [(alias, key, kinds[key]) for alias, key in keys.items()]


def near_duplicates(entities: list[dict], max_distance: int = 2) -> list[dict]:
    """Pairs of entity names a letter or two apart that were not merged: a person decides.

    :param entities: rows with `key`, `name` and `episodes`, as `Store.entity_names` gives
    """
    buckets: dict[str, list[dict]] = {}
    for e in entities:
        if e["key"].isascii() and len(e["key"]) >= FUZZY_MIN_LENGTH:
            buckets.setdefault(e["key"][0], []).append(e)
    pairs = []
    for rows in buckets.values():
        keys = [e["key"] for e in rows]
        distances = cdist(keys, keys, scorer=Levenshtein.distance, score_cutoff=max_distance)
        for i, j in zip(*(distances <= max_distance).nonzero(), strict=True):
            if i < j:
                a, b = sorted((rows[i], rows[j]), key=lambda e: -e["episodes"])
                pairs.append(
                    {
                        "name": a["name"],
                        "episodes": a["episodes"],
                        "similar": b["name"],
                        "similar_episodes": b["episodes"],
                    }
                )
    return sorted(pairs, key=lambda p: (-p["episodes"], p["name"]))
