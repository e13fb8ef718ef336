"""Which episodes a query matches, and the best of them ranked with their best paragraphs.

Matching and BM25 read whole postings arrays (kb/search/corpus.py); phrases and nearness are
checked from word positions only for the best paragraphs of the best episodes. A word scores
through the best of its variants in each document (the word itself, or what it was widened
with, at that variant's weight), so a note holding a word and its translation is not counted
twice over one that holds only the translation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.reading import TermNotFound

from kb.errors import BadQuery
from kb.search.corpus import Corpus
from kb.search.plan import QueryPlan, Word
from kb.segment import CJK_RUN

BODY_FIELDS = {"zh": 1.0, "en": 1.0}
HEADER_FIELDS = {"title": 3.0, "keywords": 2.5, "summary": 2.0}
ZH_FIELDS = ("zh", *HEADER_FIELDS)
PASSAGE_WEIGHTS = (1.0, 0.5, 0.25)
PHRASE_BONUS, NEAR_BONUS, NEAR_WINDOW = 2.0, 1.0, 8
PROXIMITY_PARAGRAPHS = 5


@dataclass(frozen=True)
class Match:
    """The episodes a query matches (sorted slots) and, for a query that may match most of its
    words, the share of the words each holds and which episodes hold each word."""

    slots: np.ndarray
    share: np.ndarray | None = None
    word_slots: tuple[np.ndarray, ...] = ()

    def among(self, keep: np.ndarray) -> Match:
        """The match narrowed to the slots where `keep` (a mask over `slots`) is true."""
        share = None if self.share is None else self.share[keep]
        return Match(self.slots[keep], share, self.word_slots)


def match(corpus: Corpus, plan: QueryPlan) -> Match:
    """The episodes that hold every word of the query, or `plan.required` of its words.

    The share an episode holds weighs each word by its inverse episode frequency: missing a word
    that half the notes hold (or whose translation they do: 相当 for "quit") costs little,
    missing the one rare word that names the subject costs much.
    """
    if plan.required is None:
        return Match(matching_slots(corpus, plan))
    per_word = tuple(_word_slots(corpus, w) for w in plan.wanted)
    size = len(corpus.emap.headers)
    counts = np.bincount(np.concatenate(per_word), minlength=size)
    weights = [np.log(1 + size / max(1, len(slots))) for slots in per_word]
    held = np.zeros(size)
    for slots, weight in zip(per_word, weights, strict=True):
        held[slots] += weight
    slots = np.flatnonzero(counts >= plan.required)
    for node in plan.tree[1:] if isinstance(plan.tree, tuple) else ():
        if isinstance(node, tuple):  # NOT word
            slots = np.setdiff1d(slots, matching_slots(corpus, plan, node[1]), assume_unique=True)
    return Match(slots, held[slots] / sum(weights), per_word)


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
    """Episodes that hold the word or one of its alternatives."""
    found = [_variant_slots(corpus, v) for v in word.variants()]
    return np.unique(np.concatenate(found)) if len(found) > 1 else found[0]


def _counted(corpus: Corpus, word: Word, docs: np.ndarray) -> np.ndarray:
    """Which of `docs` the word counts in. A translation counts only in documents written in
    one language (a paragraph without its translation, a header): in a paragraph pair, the
    side in the query's language holds the word itself where it means the same thing, and the
    translation found on the other side is another sense ("driving" in "what's driving the
    market" is not 自动驾驶)."""
    if word.why != "translation":
        return np.ones(len(docs), dtype=bool)
    return (corpus.lengths("zh")[docs] == 0) | (corpus.lengths("en")[docs] == 0)


def _variant_slots(corpus: Corpus, word: Word) -> np.ndarray:
    """Episodes in which every token of the word occurs (as a phrase, for a quoted one)."""
    found = []
    for fields, tokens in ((ZH_FIELDS, word.zh), (("en",), word.en)):
        if not tokens:
            continue
        if word.phrase and len(tokens) > 1:
            docs = [corpus.phrase_docs(f, tokens) for f in fields]
            if all(CJK_RUN.fullmatch(t) for t in tokens):
                # "向量 数据库" is also the one word 向量数据库, whose pieces share its place
                docs += [corpus.postings(f, "".join(tokens))[0] for f in fields]
            found.append(_slots(corpus, np.concatenate(docs)))
            continue
        per_token = []
        for token in tokens:
            docs = np.concatenate([corpus.postings(f, token)[0] for f in fields])
            per_token.append(_slots(corpus, docs[_counted(corpus, word, docs)]))
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
    """An episode's place in the results: its score and best paragraphs (number, score), and
    the words of the query it does not hold, when it was found for most of them."""

    episode_id: str
    score: float
    paragraphs: tuple[tuple[int, float], ...]
    missing: tuple[str, ...] = ()


def rank(
    corpus: Corpus, plan: QueryPlan, found: Match, wanted: int, passages: int = 3
) -> list[Ranked]:
    """Score every paragraph of the matched episodes; return the best `wanted` episodes, each
    with its best `passages` paragraphs.

    An episode that holds only some of the words has its score multiplied by the share of them
    it holds (see `match`), squared: one missing word of four equally rare ones leaves it 56%.
    """
    emap, slots = corpus.emap, found.slots
    allowed = np.zeros(len(emap.headers), dtype=bool)
    allowed[slots] = True
    docs, scores = _paragraph_scores(corpus, plan, allowed)
    if not len(docs):
        return []
    share = np.ones(len(emap.headers))
    if found.share is not None:
        share[slots] = found.share**2
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
    episode_scores *= share
    best = slots[np.argsort(-episode_scores[slots], kind="stable")][: wanted + 10]
    read = max(PROXIMITY_PARAGRAPHS, passages)
    near_top = np.isin(doc_slots, best) & (rank_in_episode < read)
    paragraphs: dict[int, list[tuple[int, float]]] = {}
    for doc, slot, score in zip(docs[near_top], doc_slots[near_top], scores[near_top], strict=True):
        paragraphs.setdefault(int(slot), []).append((int(doc), float(score)))
    ranked = _with_proximity(corpus, plan, found, best, header_scores, paragraphs, share, passages)
    return ranked[:wanted]


def _missing(plan: QueryPlan, found: Match, slot: int) -> tuple[str, ...]:
    """The words of the query that the episode in `slot` does not hold."""
    missing = []
    for word, holding in zip(plan.wanted or (), found.word_slots, strict=False):
        at = int(np.searchsorted(holding, slot))
        if at == len(holding) or holding[at] != slot:
            missing.append(word.text)
    return tuple(missing)


def _paragraph_scores(corpus: Corpus, plan: QueryPlan, allowed: np.ndarray):
    """(docnums, BM25F) of every document in an allowed episode holding a query word: the
    words' scores summed, each word scoring through its best variant in the document."""
    all_docs, all_scores = [], []
    for word in plan.words:
        variants = [_variant_scores(corpus, v, allowed) for v in word.variants()]
        variants = [(d, s) for d, s in variants if len(d)]
        if len(variants) > 1:
            variants = [_grouped(np.maximum, [d for d, _ in variants], [s for _, s in variants])]
        all_docs += [d for d, _ in variants]
        all_scores += [s for _, s in variants]
    return _summed(all_docs, all_scores)


def _variant_scores(corpus: Corpus, word: Word, allowed: np.ndarray):
    """(docnums, BM25F over the word's tokens and fields, times its weight)."""
    all_docs, all_scores = [], []
    for fieldname, boost in {**BODY_FIELDS, **HEADER_FIELDS}.items():
        for token in word.tokens(fieldname):
            docs, scores = corpus.bm25(fieldname, token)
            if not len(docs):
                continue
            counted = _counted(corpus, word, docs)
            docs, scores = docs[counted], scores[counted]
            slots = corpus.emap.slots(docs)
            keep = (slots >= 0) & allowed[np.maximum(slots, 0)]
            all_docs.append(docs[keep])
            all_scores.append(scores[keep] * (boost * word.weight))
    return _summed(all_docs, all_scores)


def _summed(all_docs: list, all_scores: list) -> tuple[np.ndarray, np.ndarray]:
    if not all_docs:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    if len(all_docs) == 1:
        return all_docs[0], all_scores[0].astype(np.float64)
    return _grouped(np.add, all_docs, all_scores)


def _grouped(combine, all_docs: list, all_scores: list) -> tuple[np.ndarray, np.ndarray]:
    """The distinct documents, sorted, and the scores of each combined (np.add, np.maximum):
    by sorting and reducing runs, faster than np.unique and a ufunc's `at`."""
    docs, scores = np.concatenate(all_docs), np.concatenate(all_scores).astype(np.float64)
    if not len(docs):
        return docs, scores
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    return docs[starts], combine.reduceat(scores, starts)


def _with_proximity(
    corpus, plan, found, best, header_scores, paragraphs, share, passages: int
) -> list[Ranked]:
    """Re-score the best episodes' best paragraphs: an exact phrase, then words nearby, win."""
    sequences = list(plan.sequences)
    typed = plan.wanted or plan.words
    if len(typed) > 1:
        together = Word(sum((w.zh for w in typed), ()), sum((w.en for w in typed), ()))
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
        best_three = sum(w * s for w, (_, s) in zip(PASSAGE_WEIGHTS, scored, strict=False))
        score = round(float((header_scores[slot] + best_three) * share[slot]), 4)
        missing = _missing(plan, found, slot)
        kept = tuple(scored[:passages])
        ranked.append(Ranked(corpus.emap.episodes[slot], score, kept, missing))
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
