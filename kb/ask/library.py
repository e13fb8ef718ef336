"""What asking reads of a knowledge base: searches, paragraphs, figures and episode cards.

KnowledgeBase hands `ask` an object with these members (kb/core.py's `AskLibrary`), so that
each stage can be read and tested on its own and asking never imports the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kb.entities import EntityTable
from kb.models import FigureRecord
from kb.search import Ranked


@dataclass(frozen=True)
class Variant:
    """One way a question's word may stand in a sentence: itself, a translation, another name.

    `keys` are the index's tokens (Chinese words folded to Simplified, Latin words stemmed and
    lower-cased), all of which must occur; `weight` is what search weighs the variant by.
    """

    text: str
    keys: tuple[str, ...]
    weight: float = 1.0
    why: str = ""


@dataclass(frozen=True)
class Term:
    """A word of the question as search widened it: itself first, then its alternatives, how
    rare it is in the notes (an inverse document frequency), and whether any note holds it."""

    text: str
    variants: tuple[Variant, ...]
    rarity: float
    known: bool = True


@dataclass(frozen=True)
class Found:
    """The episodes a search ranked, with their best paragraphs, and the words it searched."""

    episodes: tuple[Ranked, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Card:
    """What an answer says of an episode, and the entities it is mostly about."""

    id: str
    title: str
    date: str | None
    speaker: str
    about: frozenset[str] = frozenset()


class Library(Protocol):
    """The knowledge base as asking sees it."""

    @property
    def table(self) -> EntityTable:
        """Every entity kb knows: the packaged table and the names the notes taught."""

    def speakers(self) -> dict[str, int]:
        """Each speaker or channel as the notes' front matter spells it, with its episodes."""

    def cut(self, text: str) -> list[str]:
        """The index's words of `text`, in the text's own spelling."""

    def fold(self, text: str) -> str:
        """`text` with Traditional characters Simplified, one character for one."""

    def translate(self, word: str) -> list[str]:
        """What the lexicon translates `word` (either language) as, likeliest first."""

    def search(
        self, query: str, limit: int, speakers: tuple[str, ...] = (), since: str | None = None,
        until: str | None = None, within: Iterable[str] | None = None, passages: int = 8,
    ) -> Found:  # fmt: skip
        """The best `limit` episodes for `query`, widened, among those of `speakers`, dated from
        `since` to `until` and `within` these episodes when given, each with its best
        `passages` paragraphs."""

    def paragraphs(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], dict]:
        """Paragraph rows ("zh", "en", "heading", ...) by (episode id, number)."""

    def figures(self, keys: Iterable[tuple[str, int]]) -> list[FigureRecord]:
        """The stored figures of these paragraphs."""

    def episodes(self, ids: Iterable[str]) -> dict[str, Card]:
        """The cards of these episodes."""
