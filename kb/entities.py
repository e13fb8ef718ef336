"""Companies, people and products: one canonical key per entity, whatever the spelling or language.

A bilingual table ships with kb (`kb/data/entities.tsv`: 英伟达 = NVIDIA = Nvidia). Names outside
it are keyed by their folded spelling, so Nvidia/NVIDIA/nvidia merge by themselves; a rare
misspelling one edit away from exactly one table name (Corweave) merges into it.
"""

from __future__ import annotations

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

    @classmethod
    def packaged(cls) -> EntityTable:
        """The table shipped in kb/data/entities.tsv."""
        text = resources.files("kb").joinpath("data/entities.tsv").read_text(encoding="utf-8")
        return cls(parse_table(text))

    def __getstate__(self) -> dict:
        # The automaton is rebuilt on demand in worker processes.
        return {**self.__dict__, "_automaton": None}

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
        for end, (alias, key) in self.automaton.iter(lowered):
            start = end - len(alias) + 1
            if is_whole_name(text, start, end + 1, alias):
                found.append((start, end + 1, key))
        return found

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


def is_whole_name(text: str, start: int, end: int, alias: str) -> bool:
    """A Latin alias must stand as a word, and in lower case only when it is long."""
    if not ASCII_ALNUM.search(alias):
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isascii() and before.isalnum() or after.isascii() and after.isalnum():
        return False
    surface = text[start:end]
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
