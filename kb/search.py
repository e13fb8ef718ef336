"""Turns a query into the episodes that match it, ranked, with their best paragraphs.

A search needs every matching episode (for the total and the facets), not only the top ten, so
kb reads each query term's postings from Whoosh as numpy arrays, scores BM25 over all of them at
once, and checks phrases and nearness from word positions only for the best paragraphs of the
best episodes. Whoosh's own search scores a union of term and phrase matchers one document at
a time, which is ten times slower here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh import query as Q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.lang.porter import stem as porter_stem
from whoosh.qparser import FieldsPlugin, QueryParser, WildcardPlugin
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from kb.codec import leaf_postings
from kb.errors import BadQuery
from kb.index import EpisodeMap
from kb.segment import LATIN_WORD, Segmenter, analyzer

BODY_FIELDS = {"zh": 1.0, "en": 1.0}
HEADER_FIELDS = {"title": 3.0, "keywords": 2.5, "summary": 2.0}
ZH_FIELDS = ("zh", *HEADER_FIELDS)
K1, B = 1.2, 0.75
PASSAGE_WEIGHTS = (1.0, 0.5, 0.25)
PHRASE_BONUS, NEAR_BONUS, NEAR_WINDOW = 2.0, 1.0, 8
PROXIMITY_PARAGRAPHS = 5
MAX_QUERY_CHARS = 1000
POSTINGS_CACHED = 512  # terms whose postings stay decoded between searches
BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


@dataclass(frozen=True)
class Word:
    """One word (or quoted phrase) of a query, analyzed for the Chinese and the English fields."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    phrase: bool = False

    def tokens(self, field: str) -> tuple[str, ...]:
        return self.en if field == "en" else self.zh


class QueryPlan:
    """A parsed query: the words to score, and the tree that says which episodes match.

    Every word must occur somewhere in an episode: any paragraph, its title, summary or tags.
    `"quoted words"` must occur together, `NOT word` and `-word` leave episodes out, `OR` offers
    alternatives.
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
        self.segmenter = segmenter
        self.zh_an, self.en_an = analyzer(segmenter), analyzer(segmenter, stem=True)
        parser = QueryParser("text", None)
        parser.remove_plugin_class(FieldsPlugin)
        parser.remove_plugin_class(WildcardPlugin)  # `*` and `x*` are plain words here
        self.tree = self._build(parser.parse(text))
        self.words = [w for w in _leaves(self.tree) if isinstance(w, Word)]
        if self.tree is None or not self.words:
            raise BadQuery(f"nothing to search for in {text!r}: give a word to look for")

    def _build(self, node):
        """The parse tree with words analyzed: Word leaves under And/Or/Not tuples."""
        if isinstance(node, Q.Term) and node.text.startswith("-") and len(node.text) > 1:
            node = Q.Not(Q.Term(node.fieldname, node.text[1:]))
        if isinstance(node, (Q.Term, Q.Phrase)):
            text = node.text if isinstance(node, Q.Term) else " ".join(node.words)
            word = self.analyse(text, phrase=isinstance(node, Q.Phrase))
            return word if word.zh or word.en else None
        if isinstance(node, Q.Not):
            child = self._build(node.query)
            return ("not", child) if child else None
        if isinstance(node, (Q.And, Q.Or)):
            children = [c for c in (self._build(n) for n in node.subqueries) if c is not None]
            if not children:
                return None
            return (
                children[0]
                if len(children) == 1
                else ("and" if isinstance(node, Q.And) else "or", *children)
            )
        return None

    def analyse(self, text: str, phrase: bool = False) -> Word:
        zh = tuple(t.text for t in self.zh_an(text, mode="query"))
        en = tuple(t.text for t in self.en_an(text, mode="query"))
        return Word(zh, en, phrase and (len(zh) > 1 or len(en) > 1))

    def terms(self, field: str) -> frozenset[str]:
        """The query's tokens for `field`, for highlighting."""
        return frozenset(t for w in self.words for t in w.tokens(field))


def _leaves(node):
    if isinstance(node, tuple):
        for child in node[1:]:
            yield from _leaves(child)
    elif node is not None:
        yield node


@dataclass
class Corpus:
    """Postings and field lengths of one searcher, as numpy arrays, cached per searcher."""

    searcher: object
    emap: EpisodeMap
    _lengths: dict[str, np.ndarray] = field(default_factory=dict)
    _stats: dict[str, tuple[int, float]] = field(default_factory=dict)
    _postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def postings(self, fieldname: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, term frequencies) of a term, deleted documents included (see EpisodeMap)."""
        key = (fieldname, token)
        if key not in self._postings:
            ids, weights = [], []
            for leaf, base in self.searcher.reader().leaf_readers():
                try:
                    leaf_ids, leaf_weights = leaf_postings(leaf, fieldname, token)
                except TermNotFound:
                    continue
                ids.append(leaf_ids + base)
                weights.append(leaf_weights)
            empty = (np.empty(0, np.int64), np.empty(0, np.float32))
            if (
                len(self._postings) >= POSTINGS_CACHED
            ):  # a server searches for months: forget the oldest
                self._postings.pop(next(iter(self._postings)))
            self._postings[key] = (np.concatenate(ids), np.concatenate(weights)) if ids else empty
        return self._postings[key]

    def lengths(self, fieldname: str) -> np.ndarray:
        """Every document's length in `fieldname`, in words."""
        if fieldname not in self._lengths:
            parts = [
                _leaf_lengths(leaf, fieldname) for leaf, _ in self.searcher.reader().leaf_readers()
            ]
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.empty(0, np.float32)
        return self._lengths[fieldname]

    def bm25(self, fieldname: str, token: str) -> tuple[np.ndarray, np.ndarray]:
        docs, tf = self.postings(fieldname, token)
        if not len(docs):
            return docs, tf
        lengths = self.lengths(fieldname)
        if fieldname not in self._stats:  # documents with the field, and their mean length
            n = max(1, int((lengths > 0).sum()))
            self._stats[fieldname] = (n, max(1.0, float(lengths.sum()) / n))
        n, avg = self._stats[fieldname]
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        norm = tf + K1 * (1 - B + B * lengths[docs] / avg)
        return docs, (idf * tf * (K1 + 1) / norm).astype(np.float32)


def _leaf_lengths(leaf, fieldname: str) -> np.ndarray:
    """A segment's field lengths: Whoosh keeps one length byte per document, read here at once."""
    count = leaf.doc_count_all()
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(count, np.float32)
    raw = column._dbfile.get(column._basepos, min(column._count, count))
    codes = np.zeros(count, np.uint8)
    codes[: len(raw)] = np.frombuffer(raw, np.uint8)
    return BYTE_TO_LENGTH[codes]


def matching_slots(corpus: Corpus, plan: QueryPlan, node=None) -> np.ndarray:
    """Sorted slots (EpisodeMap positions) of committed episodes that satisfy the query tree."""
    node = plan.tree if node is None else node
    if isinstance(node, Word):
        return _word_slots(corpus, node)
    op, *children = node
    if op == "not":
        raise BadQuery("a query needs a word to look for, not only words to leave out")
    wanted = [c for c in children if not (isinstance(c, tuple) and c[0] == "not")]
    unwanted = [c[1] for c in children if isinstance(c, tuple) and c[0] == "not"]
    if op == "or":
        if unwanted:
            raise BadQuery("NOT cannot stand inside OR: write `a OR b NOT c` as `(a OR b) NOT c`")
        return np.unique(np.concatenate([matching_slots(corpus, plan, c) for c in wanted]))
    if not wanted:
        raise BadQuery("a query needs a word to look for, not only words to leave out")
    found = matching_slots(corpus, plan, wanted[0])
    for child in wanted[1:]:
        found = np.intersect1d(found, matching_slots(corpus, plan, child), assume_unique=True)
    for child in unwanted:
        found = np.setdiff1d(found, matching_slots(corpus, plan, child), assume_unique=True)
    return found


def _word_slots(corpus: Corpus, word: Word) -> np.ndarray:
    """Episodes in which every token of the word occurs (as a phrase, for a quoted one)."""
    found = []
    for fields, tokens in ((ZH_FIELDS, word.zh), (("en",), word.en)):
        if not tokens:
            continue
        if word.phrase and len(tokens) > 1:
            docs = [np.fromiter(corpus.searcher.docs_for_query(Q.Phrase(f, list(tokens))), np.int64)
                    for f in fields]  # fmt: skip
            found.append(_slots(corpus, np.concatenate(docs)))
            continue
        per_token = [_slots(corpus, np.concatenate([corpus.postings(f, t)[0] for f in fields]))
                     for t in tokens]  # fmt: skip
        result = per_token[0]
        for slots in per_token[1:]:
            result = np.intersect1d(result, slots, assume_unique=True)
        found.append(result)
    return np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)


def _slots(corpus: Corpus, docs: np.ndarray) -> np.ndarray:
    """The sorted distinct episode slots of `docs`, by marking rather than sorting."""
    slots = corpus.emap.slots(docs)
    marked = np.zeros(len(corpus.emap.headers), bool)
    marked[slots[slots >= 0]] = True
    return np.flatnonzero(marked)


@dataclass(frozen=True)
class Ranked:
    """An episode's place in the results: its score and best paragraphs (number, score)."""

    episode_id: str
    score: float
    paragraphs: tuple[tuple[int, float], ...]


def rank(corpus: Corpus, plan: QueryPlan, slots: np.ndarray, wanted: int) -> list[Ranked]:
    """Score every paragraph of the matching episodes; return the best `wanted` episodes."""
    emap = corpus.emap
    allowed = np.zeros(len(emap.headers), dtype=bool)
    allowed[slots] = True
    docs, scores = _paragraph_scores(corpus, plan, allowed)
    if not len(docs):
        return []
    doc_slots = emap.slots(docs)
    is_header = emap.headers[doc_slots] == docs
    header_scores = np.zeros(len(emap.headers), dtype=np.float64)
    np.add.at(header_scores, doc_slots[is_header], scores[is_header])
    docs, scores, doc_slots = docs[~is_header], scores[~is_header], doc_slots[~is_header]
    order = np.lexsort((-scores, doc_slots))
    docs, scores, doc_slots = docs[order], scores[order], doc_slots[order]
    starts = np.r_[0, np.flatnonzero(np.diff(doc_slots)) + 1]
    rank_in_episode = np.arange(len(docs)) - np.repeat(starts, np.diff(np.r_[starts, len(docs)]))
    weights = np.zeros(len(docs), dtype=np.float64)
    for r, w in enumerate(PASSAGE_WEIGHTS):
        weights[rank_in_episode == r] = w
    episode_scores = header_scores.copy()
    np.add.at(episode_scores, doc_slots, scores * weights)
    best = slots[np.argsort(-episode_scores[slots], kind="stable")][: wanted + 10]
    near_top = np.isin(doc_slots, best) & (rank_in_episode < PROXIMITY_PARAGRAPHS)
    paragraphs: dict[int, list[tuple[int, float]]] = {}
    for doc, slot, score in zip(docs[near_top], doc_slots[near_top], scores[near_top], strict=True):
        paragraphs.setdefault(int(slot), []).append((int(doc), float(score)))
    return _with_proximity(corpus, plan, best, header_scores, paragraphs)[:wanted]


def _paragraph_scores(corpus: Corpus, plan: QueryPlan, allowed: np.ndarray):
    """(docnums, summed BM25F) of every document in an allowed episode holding a query word."""
    all_docs, all_scores = [], []
    for word in plan.words:
        for fieldname, boost in {**BODY_FIELDS, **HEADER_FIELDS}.items():
            for token in word.tokens(fieldname):
                docs, scores = corpus.bm25(fieldname, token)
                if not len(docs):
                    continue
                slots = corpus.emap.slots(docs)
                keep = (slots >= 0) & allowed[np.maximum(slots, 0)]
                all_docs.append(docs[keep])
                all_scores.append(scores[keep] * boost)
    if not all_docs:
        return np.empty(0, np.int64), np.empty(0, np.float32)
    docs, inverse = np.unique(np.concatenate(all_docs), return_inverse=True)
    scores = np.zeros(len(docs), dtype=np.float64)
    np.add.at(scores, inverse, np.concatenate(all_scores))
    return docs, scores


def _with_proximity(corpus, plan, best, header_scores, paragraphs) -> list[Ranked]:
    """Re-score the best episodes' best paragraphs: an exact phrase, then words nearby, win."""
    sequences = [w for w in plan.words if len(w.zh) > 1 or len(w.en) > 1]
    if len(plan.words) > 1:
        together = Word(sum((w.zh for w in plan.words), ()), sum((w.en for w in plan.words), ()))
        sequences.append(together)
    candidates = sorted(doc for slot in best.tolist() for doc, _ in paragraphs.get(slot, []))
    positions = _positions(corpus, sequences, candidates)
    ranked = []
    for slot in best.tolist():
        header = int(corpus.emap.headers[slot])
        scored = sorted(
            ((doc - header, score * (1 + max((_proximity(positions, doc, s) for s in sequences),
                                             default=0.0)))
             for doc, score in paragraphs.get(slot, [])),
            key=lambda p: -p[1],
        )  # fmt: skip
        passages = sum(w * s for w, (_, s) in zip(PASSAGE_WEIGHTS, scored, strict=False))
        score = round(float(header_scores[slot] + passages), 4)
        ranked.append(Ranked(corpus.emap.episodes[slot], score, tuple(scored[:3])))
    ranked.sort(key=lambda r: (-r.score, r.episode_id))
    return ranked


def _proximity(positions: dict, doc: int, word: Word) -> float:
    """PHRASE_BONUS when the tokens stand in order, NEAR_BONUS when all are within a few words."""
    best = 0.0
    for fieldname in BODY_FIELDS:
        tokens = word.tokens(fieldname)
        found = [positions.get((fieldname, t), {}).get(doc) for t in tokens]
        if len(tokens) < 2 or not all(found):
            continue
        for start in found[0]:
            if all(start + i in found[i] for i in range(1, len(tokens))):
                return PHRASE_BONUS
            window = max(min(abs(p - start) for p in others) for others in found[1:])
            if window <= NEAR_WINDOW:
                best = NEAR_BONUS
    return best


def _positions(corpus: Corpus, words: list[Word], docs: list[int]) -> dict:
    """{(field, token): {doc: positions}} for the given sorted docs, one pass per term."""
    found: dict[tuple[str, str], dict[int, set[int]]] = {}
    terms = {(f, t) for w in words for f in BODY_FIELDS for t in w.tokens(f)}
    for fieldname, token in terms:
        found[(fieldname, token)] = by_doc = {}
        for leaf, base in corpus.searcher.reader().leaf_readers():
            local = [d - base for d in docs if base <= d < base + leaf.doc_count_all()]
            if not local:
                continue
            try:
                matcher = leaf.postings(fieldname, token)
            except TermNotFound:
                continue
            for doc in local:
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if matcher.is_active() and matcher.id() == doc:
                    by_doc[doc + base] = set(matcher.value_as("positions"))
    return found


# Highlighting stems every English word of the passages shown; their words repeat a great deal.
stem = lru_cache(maxsize=100_000)(porter_stem)


def match_spans(text: str, plan: QueryPlan, english: bool) -> list[tuple[int, int]]:
    """Where the query's words occur in `text`: sorted, non-overlapping (start, end) spans.

    Chinese terms are found as substrings of the folded text and English words by stem, so no
    segmentation is needed to show a result.
    """
    spans = []
    folded = plan.segmenter.fold(text)
    for term in plan.terms("en" if english else "zh"):
        if not LATIN_WORD.fullmatch(term):
            start = folded.find(term)
            while start >= 0:
                spans.append((start, start + len(term)))
                start = folded.find(term, start + len(term))
    latin_terms = {t for t in plan.terms("en" if english else "zh") if LATIN_WORD.fullmatch(t)}
    for match in LATIN_WORD.finditer(folded) if latin_terms else ():
        word = match.group().lower()
        if (stem(word) if english else word) in latin_terms:
            spans.append(match.span())
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def highlight(text: str, plan: QueryPlan, english: bool) -> str:
    """`text` as HTML, escaped, with the query's words in <mark>."""
    out, cursor = [], 0
    for start, end in match_spans(text, plan, english):
        out += [html.escape(text[cursor:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)
