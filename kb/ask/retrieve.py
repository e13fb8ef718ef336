"""Retrieving the sentences that may answer: search both languages, read the best passages.

The second stage of asking. The question's words are searched as kb search searches them:
widened with their translations and the other names of an entity, an episode holding most of
them ranked below one holding all (kb/search). When the question names its source, the search
is run again among that speaker's episodes and those of the dates it names, so that the
episode it means is read even where other notes use its words more. The best paragraphs of the
best episodes, and the paragraphs beside them (a transcript names its subject, then gives the
number), are then read side by side: each sentence of either language with where the
question's words, or their translations, stand in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick

from kb.ask.library import Card, Library, Term
from kb.figures.sentences import sentence_ends
from kb.models import Question
from kb.search import Ranked
from kb.segment import stem_latin

EPISODES = 12  # read from a search of the whole knowledge base
SOURCE_EPISODES = 4  # read from a search among the source's episodes
PASSAGES = 3  # an episode's best paragraphs read, with the ones on either side
DEEP = (3, 30)  # so many of the best episodes have this many of their paragraphs read
NAME_EPISODES = 4  # read from a search of the question's rare names alone
RARE_NAME = 6.9  # a name's rarity (log inverse paragraph frequency): about a thousandth of them
NAMED_EPISODE = 1.0  # the episode score of one found by the question's rare names
NEAR_KEYS = 24  # characters within which the words of a name of several words must stand
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[.][0-9]+)*")
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'-]*(?:[ ]+[A-Z][\w'-]*)+")


@dataclass(frozen=True)
class TermMatch:
    """Where a variant of the question's term `term` stands in one side of a paragraph."""

    term: int
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Side:
    """One language of a paragraph: its text, its sentences and the question's words in it."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    matches: tuple[TermMatch, ...]

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence holding `offset`."""
        for i, (start, end) in enumerate(self.sentences):
            if start <= offset < end:
                return i
        return len(self.sentences) - 1


@dataclass(frozen=True)
class Searched:
    """A paragraph retrieval read: both sides, and its search score over the best one's."""

    episode_id: str
    number: int
    sides: dict[str, Side]
    score: float


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found for a question: the words it searched (with their rarity), the
    paragraphs it read, the episodes' cards, and which episodes each search ranked."""

    terms: tuple[Term, ...]
    paragraphs: dict[tuple[str, int], Searched]
    cards: dict[str, Card]
    titles: dict[str, tuple[TermMatch, ...]] = field(default_factory=dict)
    episode_scores: dict[str, float] = field(default_factory=dict)
    from_source: frozenset[str] = frozenset()


def retrieve(library: Library, q: Question) -> Retrieval:
    """Search for the question's words, among its source's episodes too, and read the best
    passages of what is found."""
    if not q.words:
        return Retrieval((), {}, {})
    query = " ".join(q.words)
    found = library.search(query, EPISODES)
    ranked = list(found.episodes)
    from_source: set[str] = set()
    if q.source.speakers:
        ranked += library.search(query, SOURCE_EPISODES, speakers=q.source.speakers).episodes
        from_source |= {r.episode_id for r in ranked[len(found.episodes) :]}
    if q.source.since:
        dated = library.search(query, SOURCE_EPISODES, since=q.source.since,
                               until=q.source.until).episodes  # fmt: skip
        ranked += dated
        from_source |= {r.episode_id for r in dated}
    best = list(dict.fromkeys(r.episode_id for r in sorted(ranked, key=lambda r: -r.score)))
    # the best episodes, and those of the source the question names, are read deeply
    deeply = list(dict.fromkeys(best[: DEEP[0]] + [e for e in best if e in from_source]))
    deep = library.search(query, len(deeply), within=deeply, passages=DEEP[1]).episodes
    episode_scores = episode_scores_of(ranked)
    named = by_names(library, q.text, found.terms, set(best))
    scores = passage_scores(ranked + list(deep) + named)
    episode_scores |= {r.episode_id: NAMED_EPISODE for r in named}
    best_paragraphs = [
        (r.episode_id, n) for r in ranked + named for n, _ in r.paragraphs[:PASSAGES]
    ]
    best_paragraphs += [(r.episode_id, n) for r in deep for n, _ in r.paragraphs]
    keys = {(e, n + d) for e, n in best_paragraphs for d in (-1, 0, 1) if n + d >= 0}
    rows = library.paragraphs(keys)
    find = TermFinder(found.terms, library.fold)
    paragraphs = {
        key: Searched(key[0], key[1], read_sides(row, find), scores.get(key, 0.0))
        for key, row in rows.items()
    }
    cards = library.episodes({r.episode_id for r in ranked + named})
    titles = {e: tuple(find(card.title)) for e, card in cards.items()}
    return Retrieval(found.terms, paragraphs, cards, titles, episode_scores,
                     frozenset(from_source))  # fmt: skip


def by_names(library: Library, text: str, terms: tuple[Term, ...], read: set[str]) -> list[Ranked]:
    """The episodes that best hold the question's rare names alone (a place, a person, a case
    in Latin letters or as an entity), not already read: a long question in other words than
    the note's may leave the one episode about them out of its search. Their paragraphs are
    read, and their episodes score NAMED_EPISODE: they are about what the question names."""
    names = [t.text for t in rare_names(terms)]
    if not names or len(names) == len(terms):
        return []
    found = library.search(names_query(text, names, terms), NAME_EPISODES).episodes
    return [r for r in found if r.episode_id not in read]


def names_query(text: str, names: list[str], terms: tuple[Term, ...]) -> str:
    """The rare names as one query. A name written in a run of capitalised words the question
    searches (Cyber Monday) is searched as that phrase: one word of it alone is another thing
    (cyber security)."""
    searched = {t.text for t in terms}
    query = list(names)
    for run in CAPITALISED_RUN.finditer(text):
        words = run[0].split()
        if set(words) <= searched and set(words) & set(query):
            query = [w for w in query if w not in words] + [f'"{" ".join(words)}"']
    return " ".join(query)


def rare_names(terms: tuple[Term, ...]) -> list[Term]:
    """The question's words that are rare names: capitalised Latin words other than acronyms
    (Yiwu, Kamloops), or entities, held by about a thousandth of the paragraphs or fewer."""
    return [t for t in terms if t.rarity >= RARE_NAME and (
        (t.text[:1].isupper() and not t.text.isupper() and t.text.isascii())
        or any(v.why == "entity" for v in t.variants)
    )]  # fmt: skip


def passage_scores(ranked: list[Ranked]) -> dict[tuple[str, int], float]:
    """Each searched paragraph's score over the best paragraph's, the best of its searches; a
    paragraph beside one searched gets half of that one's."""
    top = max((s for r in ranked for _, s in r.paragraphs), default=0.0) or 1.0
    scores: dict[tuple[str, int], float] = {}
    for r in ranked:
        for n, score in r.paragraphs:
            scores[(r.episode_id, n)] = max(scores.get((r.episode_id, n), 0.0), score / top)
    beside = {}
    for (episode, n), score in scores.items():
        for key in ((episode, n - 1), (episode, n + 1)):
            if key not in scores:
                beside[key] = max(beside.get(key, 0.0), score / 2)
    return scores | beside


def episode_scores_of(ranked: list[Ranked]) -> dict[str, float]:
    """Each episode's score over the best episode's."""
    top = max((r.score for r in ranked), default=0.0) or 1.0
    scores: dict[str, float] = {}
    for r in ranked:
        scores[r.episode_id] = max(scores.get(r.episode_id, 0.0), r.score / top)
    return scores


def read_sides(row: dict, find: TermFinder) -> dict[str, Side]:
    """Both sides of a paragraph, each cut into sentences, with the question's words found."""
    sides = {}
    for lang in ("zh", "en"):
        text = row.get(lang) or ""
        bounds = [0, *sentence_ends(text), len(text)]
        sentences = tuple((a, b) for a, b in zip(bounds, bounds[1:], strict=False)
                          if text[a:b].strip())  # fmt: skip
        sides[lang] = Side(text, sentences, tuple(find(text)))
    return sides


class TermFinder:
    """Finds every place a variant of one of the question's terms stands in a text: its Chinese
    keys as substrings of the folded text (one Aho-Corasick pass for all of them), its Latin
    keys as whole stemmed words."""

    def __init__(self, terms: tuple[Term, ...], fold):
        self.terms = terms
        self.fold = fold
        keys = {k for t in terms for v in t.variants for k in v.keys}
        self.latin = {k for k in keys if k.isascii()}
        self.chinese = None
        if keys - self.latin:
            self.chinese = ahocorasick.Automaton()
            for key in keys - self.latin:
                self.chinese.add_word(key, key)
            self.chinese.make_automaton()

    def __call__(self, text: str) -> list[TermMatch]:
        if not text or not self.terms:
            return []
        lowered = self.fold(text).lower()
        places: dict[str, list[tuple[int, int]]] = {}
        if self.chinese is not None:
            for end, key in self.chinese.iter(lowered):
                places.setdefault(key, []).append((end + 1 - len(key), end + 1))
        for m in LATIN_WORD.finditer(lowered):
            stem = stem_latin(m.group())
            if stem in self.latin:
                places.setdefault(stem, []).append(m.span())
        found = []
        for i, term in enumerate(self.terms):
            for variant in term.variants:
                if variant.keys and variant.keys[0] in places:
                    found += [TermMatch(i, start, end, variant.weight)
                              for start, end in variant_places(places, variant.keys)]  # fmt: skip
        return found


def variant_places(places: dict, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the first key stands with every other key within NEAR_KEYS characters after it."""
    found = []
    for start, end in places[keys[0]]:
        last = end
        for key in keys[1:]:
            after = [e for s, e in places.get(key, ()) if start <= s <= last + NEAR_KEYS]
            if not after:
                break
            last = max(after)
        else:
            found.append((start, last))
    return found
