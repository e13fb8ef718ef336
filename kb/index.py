"""The Whoosh index: one document per paragraph pair, plus one header document per episode.

The index holds postings only; text lives in SQLite. An episode's documents are added in one run
(header first, then its paragraphs in order) and are only ever deleted together, so a paragraph's
number is its distance from the header document, and no paragraph document stores anything.
Every document carries its episode version, so a search can ignore documents that the store has
not committed yet, or has already replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.highlight import HtmlFormatter, WholeFragmenter, highlight
from whoosh.qparser import FieldsPlugin, QueryParser, WildcardPlugin
from whoosh.writing import SegmentWriter

from kb.errors import BadQuery, EmptyIndex
from kb.models import Episode
from kb.segment import Segmenter, analyzer

ZH_FIELDS = ("zh", "title", "summary", "keywords")
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.5, "summary": 2.0}
PHRASE_BOOST = 4.0
NEAR_BOOST = 2.0
NEAR_SLOP = 8
MAX_QUERY_CHARS = 1000


class LeanCodec(W3Codec):
    """Whoosh's codec without per-block field-length statistics.

    Those statistics only let a top-N search skip blocks; gathering them costs a document-length
    look-up for every posting and a fifth of the commit time. Scores are unchanged.
    """

    length_stats = False


def make_writer(ix, **options) -> SegmentWriter:
    """A writer that uses the lean codec; pass `_lk=False` for a worker's segment."""
    return SegmentWriter(ix, codec=LeanCodec(), **options)


def make_schema(segmenter: Segmenter) -> Schema:
    zh, en = analyzer(segmenter), analyzer(segmenter, stem=True)
    return Schema(
        episode=ID(stored=True),
        version=ID(stored=True),
        kind=ID,
        paragraphs=STORED,
        zh=TEXT(analyzer=zh, phrase=True),
        en=TEXT(analyzer=en, phrase=True),
        title=TEXT(analyzer=zh, phrase=True, field_boost=FIELD_BOOSTS["title"]),
        summary=TEXT(analyzer=zh, phrase=True, field_boost=FIELD_BOOSTS["summary"]),
        keywords=TEXT(analyzer=zh, phrase=True, field_boost=FIELD_BOOSTS["keywords"]),
    )


def open_index(index_dir: Path, segmenter: Segmenter, create: bool = False):
    """Open (or with `create`, make) the index in `index_dir` with a live analyzer."""
    schema = make_schema(segmenter)
    if whoosh_index.exists_in(str(index_dir)):
        return whoosh_index.open_dir(str(index_dir), schema=schema)
    if not create:
        raise EmptyIndex(f"no search index in {index_dir.parent}: run `kb index PATH` first")
    index_dir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(index_dir), schema)


def add_episode(writer: SegmentWriter, episode: Episode, version: str, keywords: list[str]) -> None:
    """Add the header document and one document per paragraph, in paragraph order."""
    writer.add_document(
        episode=episode.id,
        version=version,
        kind="h",
        paragraphs=len(episode.paragraphs),
        title=episode.title,
        summary=episode.summary,
        keywords="\n".join(keywords),
    )
    for paragraph in episode.paragraphs:
        writer.add_document(version=version, zh=paragraph.zh, en=paragraph.en)


def delete_versions(writer: SegmentWriter, versions: set[str]) -> None:
    for version in versions:
        writer.delete_by_term("version", version)


@dataclass
class EpisodeMap:
    """Maps document numbers to (episode, paragraph) through the sorted header documents."""

    headers: np.ndarray  # docnums of live header documents, ascending
    episodes: list[str]
    versions: list[str]
    valid: np.ndarray  # whether the store's committed version is this one

    @classmethod
    def build(cls, searcher, committed: dict[str, str]) -> EpisodeMap:
        docnums = sorted(searcher.docs_for_query(Q.Term("kind", "h")))
        fields = [searcher.stored_fields(d) for d in docnums]
        episodes = [f["episode"] for f in fields]
        versions = [f["version"] for f in fields]
        valid = np.array(
            [committed.get(e) == v for e, v in zip(episodes, versions, strict=True)], dtype=bool
        )
        return cls(np.array(docnums, dtype=np.int64), episodes, versions, valid)

    def slots(self, docnums) -> np.ndarray:
        """For each docnum, the index of its episode's header; -1 where it is not committed."""
        slots = np.searchsorted(self.headers, np.asarray(docnums, dtype=np.int64), side="right") - 1
        return np.where(self.valid[slots] & (slots >= 0), slots, -1)

    def locate(self, docnum: int) -> tuple[str, int] | None:
        slot = int(self.slots([docnum])[0])
        if slot < 0:
            return None
        return self.episodes[slot], docnum - int(self.headers[slot])

    def committed_versions(self) -> dict[str, str]:
        return {
            e: v for e, v, ok in zip(self.episodes, self.versions, self.valid, strict=True) if ok
        }


@dataclass(frozen=True)
class Word:
    """One word of a query, analyzed for the Chinese and the English fields."""

    zh: tuple[str, ...]
    en: tuple[str, ...]


class QueryPlan:
    """A user query as (a) a paragraph scoring query and (b) a test of which episodes match.

    Every word must occur somewhere in an episode (any paragraph, its title, summary or tags);
    paragraphs are ranked by BM25F with an exact phrase boosted above the same words nearby,
    which rank above the words apart.
    """

    def __init__(self, text: str, segmenter: Segmenter):
        text = text.strip()
        if not text:
            raise BadQuery("the query is empty: give a word to search for")
        if len(text) > MAX_QUERY_CHARS:
            raise BadQuery(
                f"the query is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}"
            )
        if text.count('"') % 2:
            raise BadQuery(f'unclosed quote in query {text!r}: add the closing "')
        self.zh_an, self.en_an = analyzer(segmenter), analyzer(segmenter, stem=True)
        parser = QueryParser("text", None)
        parser.remove_plugin_class(FieldsPlugin)
        parser.remove_plugin_class(WildcardPlugin)  # `*` and `x*` are plain words here
        self.tree = self._rewrite(parser.parse(text))
        self.words: list[Word] = []
        self.scoring = self._scoring(self.tree)
        if self.scoring is None:
            raise BadQuery(f"nothing to search for in {text!r}: give a word to look for")

    def _rewrite(self, node):
        """Turn `-word` into NOT word, as most search boxes do."""
        if isinstance(node, Q.Term) and node.text.startswith("-") and len(node.text) > 1:
            return Q.Not(Q.Term(node.fieldname, node.text[1:]))
        if isinstance(node, Q.compound.CompoundQuery):
            return node.__class__([self._rewrite(n) for n in node.subqueries])
        return node

    def analyse(self, text: str) -> Word:
        zh = tuple(t.text for t in self.zh_an(text, mode="query"))
        en = tuple(t.text for t in self.en_an(text, mode="query"))
        return Word(zh, en)

    def _word_queries(self, word: Word, phrase: bool) -> list[Q.Query]:
        """Term or phrase queries for one word over every field."""
        parts = []
        for fields, tokens in ((ZH_FIELDS, word.zh), (("en",), word.en)):
            if not tokens:
                continue
            for field in fields:
                if len(tokens) == 1:
                    parts.append(Q.Term(field, tokens[0]))
                elif phrase:
                    parts.append(Q.Phrase(field, list(tokens)))
                else:
                    parts.append(
                        Q.Or(
                            [
                                Q.Phrase(field, list(tokens), boost=PHRASE_BOOST),
                                Q.Phrase(field, list(tokens), slop=NEAR_SLOP, boost=NEAR_BOOST),
                                *[Q.Term(field, t) for t in tokens],
                            ]
                        )
                    )
        return parts

    def _scoring(self, node) -> Q.Query | None:
        if isinstance(node, Q.Not):
            return None
        if isinstance(node, (Q.Term, Q.Phrase)):
            text = node.text if isinstance(node, Q.Term) else " ".join(node.words)
            word = self.analyse(text)
            if not word.zh and not word.en:
                return None
            self.words.append(word)
            parts = self._word_queries(word, phrase=isinstance(node, Q.Phrase))
            return Q.Or(parts) if parts else None
        if isinstance(node, Q.compound.CompoundQuery):
            parts = [p for p in (self._scoring(n) for n in node.subqueries) if p is not None]
            return Q.Or(parts) if parts else None
        return None

    def boosted(self) -> Q.Query:
        """The scoring query plus, for several words, the bonus for all of them as a phrase."""
        if len(self.words) < 2:
            return self.scoring
        together = Word(sum((w.zh for w in self.words), ()), sum((w.en for w in self.words), ()))
        return Q.Or([self.scoring, *self._word_queries(together, phrase=False)])

    def episodes(self, searcher, emap: EpisodeMap, node=None) -> set[int]:
        """Slots (see EpisodeMap) of the committed episodes that satisfy the query."""
        node = self.tree if node is None else node
        if isinstance(node, (Q.Term, Q.Phrase)):
            text = node.text if isinstance(node, Q.Term) else " ".join(node.words)
            return self._word_episodes(
                searcher, emap, self.analyse(text), isinstance(node, Q.Phrase)
            )
        if isinstance(node, Q.Or):
            return set().union(*(self.episodes(searcher, emap, n) for n in node.subqueries))
        if isinstance(node, Q.And):
            wanted = [n for n in node.subqueries if not isinstance(n, Q.Not)]
            unwanted = [n.query for n in node.subqueries if isinstance(n, Q.Not)]
            if not wanted:
                raise BadQuery("a query needs a word to look for, not only words to leave out")
            found = set.intersection(*(self.episodes(searcher, emap, n) for n in wanted))
            for n in unwanted:
                found -= self.episodes(searcher, emap, n)
            return found
        if isinstance(node, Q.Not):
            raise BadQuery("a query needs a word to look for, not only words to leave out")
        return set()

    def _word_episodes(self, searcher, emap: EpisodeMap, word: Word, phrase: bool) -> set[int]:
        if phrase or len(word.zh) < 2:
            zh = self._slots(searcher, emap, Q.Or(self._word_queries(Word(word.zh, ()), True)))
        else:
            zh = set.intersection(
                *(
                    self._slots(searcher, emap, Q.Or([Q.Term(f, t) for f in ZH_FIELDS]))
                    for t in word.zh
                )
            )
        if phrase or len(word.en) < 2:
            en = self._slots(searcher, emap, Q.Or(self._word_queries(Word((), word.en), True)))
        else:
            en = set.intersection(*(self._slots(searcher, emap, Q.Term("en", t)) for t in word.en))
        return zh | en

    @staticmethod
    def _slots(searcher, emap: EpisodeMap, query: Q.Query) -> set[int]:
        docs = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
        if not len(docs):
            return set()
        slots = emap.slots(docs)
        return set(np.unique(slots[slots >= 0]).tolist())

    def terms(self) -> frozenset[str]:
        """Every token of the query, for highlighting."""
        return frozenset(t for w in self.words for t in (*w.zh, *w.en))


def highlight_text(text: str, plan: QueryPlan, stem: bool) -> str:
    """`text` as HTML with the query's words in <mark>; the rest is escaped."""
    if not text:
        return ""
    an = plan.en_an if stem else plan.zh_an
    terms = frozenset(t for w in plan.words for t in (w.en if stem else w.zh))
    marked = highlight(
        text,
        terms,
        an,
        WholeFragmenter(charlimit=None),
        HtmlFormatter(tagname="mark", between=""),
        top=1,
        mode="index",
    )
    return marked or ""
