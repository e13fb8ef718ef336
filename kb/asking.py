"""Gathering what a knowledge base holds for one question: hits, figures and paragraph texts.

KnowledgeBase.ask calls `ask`; the reading of the question is kb/question.py's, the ranking and
wording of the answer kb/qa.py's. Everything here is a look-up through KnowledgeBase and Store.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kb import qa
from kb.answer_words import metric_name, say_value, source
from kb.entities import Entity, EntityTable, fold
from kb.errors import BadQuery, KbError
from kb.figure_fit import Evidence
from kb.figures.periods import find_periods
from kb.figures.table import FigureFilter
from kb.figures.words import METRICS
from kb.models import Answer, Question
from kb.question import parse_question, unknown_names
from kb.search import Ranked

if TYPE_CHECKING:
    from kb.core import KnowledgeBase

HITS = 8
MAX_QUESTION = 1000
WHOLE_EPISODES = 3
PASSAGES = 3  # a hit's best paragraphs that a passage answer reads
MOST_ENTITIES = 3  # a comparison of more is rare, and each costs a look-up
CLOSEST = 5
ALIASES = 6
QUERY_WORDS = 4  # of a group: each word of a query costs a postings read
TRANSLATIONS = 2  # of a word, to find the sentences of a passage in the other language
SAFE_WORD = re.compile(r'^[^"()*:^~]+$')


def ask(kb: KnowledgeBase, text: str, today: dt.date | None = None) -> Answer:
    """The answer to `text` from `kb`'s figures and passages, or "not found" with what is near."""
    if not text.strip():
        raise BadQuery('the question is empty: ask one, such as "CoreWeave的RPO是多少？"')
    if len(text) > MAX_QUESTION:
        raise BadQuery(
            f"the question is {len(text):,} characters long; ask in at most {MAX_QUESTION:,}"
        )
    table = question_table(kb)
    q = parse_question(text, table, words_of(kb), (today or dt.date.today()).year)
    unknown = unknown_names(q, lambda word: known_word(kb, word))
    if unknown:
        return qa.not_found(q, near_names(kb, unknown))
    companies = [table.entities[k].name for k in q.entities]  # q's keys come from the table
    try:
        for name in companies[:MOST_ENTITIES]:
            kb.company(name)
    except KbError:  # named in the alias table, but in no note
        return qa.not_found(q, near_names(kb, companies[:MOST_ENTITIES]))
    entity_groups, rest = concept_groups(q, table)
    ranked, exact = search_hits(kb, entity_groups, rest, len(q.metrics), q.lang)
    figures = candidate_figures(kb, q, ranked) if q.kind == "figure" and ranked else []
    keys = {(f.episode_id, n) for f in figures for n in (f.paragraph - 1, f.paragraph)}
    texts = paired(kb.store.paragraph_texts(keys)) if keys else {}
    # each concept in both languages: a passage in the other language holds its translation
    widened = entity_groups + with_translations(kb, rest)
    evidence = Evidence(
        question=q,
        terms=split_terms(widened),
        groups=widened,
        hits=tuple(kb.hits([replace(r, paragraphs=r.paragraphs[:PASSAGES]) for r in ranked])),
        scores=paragraph_scores(ranked),
        figures=tuple(figures),
        texts=texts,
        mentioned=mentioned(kb, q),
        exact_search=exact,
        entity_names=dict(zip(q.entities, entity_groups, strict=True)),
        about=main_entities(kb, table, {f.episode_id: f.title or "" for f in figures}),
        periods=context_periods(figures, texts),
    )
    found = qa.answer(evidence)
    if found.text is None:
        return replace(found, closest=closest(q, figures or near_figures(kb, entity_groups)))
    return found


def question_table(kb: KnowledgeBase) -> EntityTable:
    """The packaged alias table with every entity the notes name, kept until the store changes."""

    def build() -> EntityTable:
        entities = dict(kb.table.entities)
        for row in kb.store.entity_names():
            if row["key"] not in entities:
                entities[row["key"]] = Entity(row["key"], row["kind"], row["name"], ())
        return EntityTable(entities.values())

    return kb.cached("question-table", build)


def known_word(kb: KnowledgeBase, word: str) -> bool:
    """Whether any note holds `word`, on either side of a paragraph."""
    try:
        return kb.finds(word)
    except KbError:
        return False


def words_of(kb: KnowledgeBase):
    """The index's segmenter as a function from text to words, in the text's own spelling."""
    segmenter = kb.segmenter
    return lambda text: [text[s:e] for _, s, e, _ in segmenter.cut(text, subwords=False)]


def concept_groups(q: Question, table: EntityTable) -> tuple[list[tuple], list[tuple]]:
    """Each thing the question names as its words in both languages: entities, then the rest."""
    entities = []
    for key in q.entities:
        e = table.entities.get(key)
        if e:
            others = [a for a in e.aliases if a.lower() != e.name.lower()]
            # Chinese names first: an English name's variants (Federal Reserve System) say less
            names = [
                e.name,
                *(a for a in others if not a.isascii()),
                *(a for a in others if a.isascii()),
            ]
            entities.append(tuple(dict.fromkeys(n for n in names if SAFE_WORD.match(n)))[:ALIASES])
    rest = [METRICS[m] for m in q.metrics if m in METRICS]
    rest += [(w,) for w in q.words if SAFE_WORD.match(w)]
    return [g for g in entities if g], [g for g in rest if g]


def with_translations(kb: KnowledgeBase, groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each group with its words' best translations, so that a passage in the other language
    counts as naming it and is cut to the sentences that do (菠萝 for "pineapple")."""
    return [
        tuple(dict.fromkeys([*group, *(t.display for w in group
                                       for t in kb.translations(w)[:TRANSLATIONS])]))
        for group in groups
    ]  # fmt: skip


def split_terms(groups: list[tuple[str, ...]]) -> dict[str, list[str]]:
    """The groups' words by language, for cutting sentences on either side."""
    words = [w for g in groups for w in g]
    return {
        "zh": [w for w in words if not w.isascii()] or words,
        "en": [w for w in words if w.isascii()],
    }


def any_of(group: tuple[str, ...]) -> str:
    """The group as a query: its single words (a phrase only when it has none; phrase checks
    are the slowest part of a search), each once whatever its case."""
    words = [w for w in group if " " not in w] or [f'"{w}"' for w in group[:1]]
    words = list(dict.fromkeys(w.lower() for w in words))[:QUERY_WORDS]
    return "(" + " OR ".join(words) + ")"


def search_queries(entities: list[tuple], rest: list[tuple], metrics: int) -> list[str]:
    """Every concept; else the entities and metrics; else the entities and any of the rest."""
    ladder = [entities + rest, entities + rest[:metrics]]
    queries = [" ".join(any_of(g) for g in groups) for groups in ladder if groups]
    if rest:
        queries.append(" ".join(any_of(g) for g in entities) + " " + any_of(sum(rest, ())))
    return list(dict.fromkeys(q.strip() for q in queries))


def search_hits(
    kb: KnowledgeBase, entities: list[tuple], rest: list[tuple], metrics: int, lang: str
) -> tuple[list[Ranked], bool]:
    """Ranked episodes for every concept of the question, else for fewer; and whether it was
    every one."""
    queries = search_queries(entities, rest, metrics) if entities or rest else []
    for exact in (True, False):  # the words as written first, then with their translations
        for n, query in enumerate(queries):
            ranked = _ranked(kb, query, exact)
            if ranked and exact:  # and what the translations find: Chinese notes for English
                seen = {r.episode_id for r in ranked}
                ranked += [r for r in _ranked(kb, query, False) if r.episode_id not in seen]
            if ranked:
                return ranked[: HITS * 2 if lang == "en" else HITS], n == 0
    return [], False


def _ranked(kb: KnowledgeBase, query: str, exact: bool) -> list[Ranked]:
    try:
        return kb.ranked(query, HITS, exact=exact)
    except KbError:
        return []


def paragraph_scores(ranked: list[Ranked]) -> dict[tuple[str, int], float]:
    """Each searched paragraph's score over the best one's."""
    scores = {(r.episode_id, n): score for r in ranked for n, score in r.paragraphs}
    top = max(scores.values(), default=0.0) or 1.0
    return {key: score / top for key, score in scores.items()}


def candidate_figures(kb: KnowledgeBase, q: Question, ranked: list[Ranked]):
    """The figures of the paragraphs search found and of their neighbours (a transcript names
    the company, then gives its numbers), and the best episodes' figures of the metric."""
    found = {f.id: f for f in paragraph_figures(kb, ranked)}
    metric = q.metrics[0] if q.metrics else None
    for r in ranked[:WHOLE_EPISODES]:  # the best episodes' figures of the metric, wherever
        for f in kb.figures(episode=r.episode_id, metric=metric):
            found.setdefault(f.id, f)
    return list(found.values())


def paragraph_figures(kb: KnowledgeBase, ranked: list[Ranked]) -> list:
    """The figures of the ranked paragraphs and of the paragraphs on either side."""
    keys = {(r.episode_id, n + d) for r in ranked for n, _ in r.paragraphs for d in (-1, 0, 1)}
    return kb.store.figures(FigureFilter(paragraphs=tuple(sorted(keys)))) if keys else []


def paired(texts: dict) -> dict:
    """Paragraph texts, a translation without a paragraph joined to the paragraph before it
    when that one has no translation (the notes split them at times)."""
    joined = dict(texts)
    for (episode, n), text in texts.items():
        before = texts.get((episode, n - 1))
        for mine, other in (("en", "zh"), ("zh", "en")):
            if before and text[mine] and not text[other] and before[other] and not before[mine]:
                joined[episode, n] = {**text, other: before[other]}
    return joined


def main_entities(kb: KnowledgeBase, table: EntityTable, titles: dict[str, str]):
    """A function giving the entities an episode is about: those mentioned at least half as
    often as its most mentioned one, and those its title names that kb cannot count in the
    text (names only front matter gives). Each episode is looked up once, when first asked."""

    @functools.cache
    def about(episode: str) -> set[str]:
        counts = {r["key"]: r["count"] or 0 for r in kb.store.episode(episode)["entities"]}
        top = max(counts.values(), default=0)
        named = {key for _, _, key in table.spans(titles.get(episode, "")) if not counts.get(key)}
        return {k for k, n in counts.items() if top and n >= top / 2} | named

    return about


def context_periods(figures, texts: dict) -> dict[tuple[str, int], tuple[str, ...]]:
    """The periods each figure's paragraph (both sides) and episode title name."""
    found = {}
    for f in figures:
        key = (f.episode_id, f.paragraph)
        if key in found:
            continue
        year = int(f.date[:4]) if f.date and f.date[:4].isdigit() else None
        text = texts.get(key, {})
        spans = find_periods(text.get("zh", "") + " " + (f.title or ""), "zh", year)
        spans += find_periods(text.get("en", ""), "en", year)
        found[key] = tuple({label for _, _, label in spans})
    return found


def mentioned(kb: KnowledgeBase, q: Question) -> frozenset[str]:
    """Episodes that name any of the question's entities."""
    ids: set[str] = set()
    for key in q.entities:
        ids |= kb.store.matching_episodes(entity=key)
    return frozenset(ids)


def near_names(kb: KnowledgeBase, names: list[str]) -> tuple[str, ...]:
    """Entity names close to names kb does not know."""
    known = [e.name for e in question_table(kb).entities.values()]
    near = []
    for name in names:
        near += [m[0] for m in process.extract(name, known, scorer=fuzz.WRatio, limit=3)
                 if m[1] >= 80]  # fmt: skip
    return tuple(dict.fromkeys(near))


def closest(q: Question, figures) -> tuple[str, ...]:
    """What the knowledge base holds near the question, among the figures gathered for it: the
    entity's figures of other metrics, else the metric's figures for other entities."""
    ours = [f for f in figures if f.metric and f.entity and fold(f.entity) in q.entities]
    if not ours and q.metrics:
        ours = [f for f in figures if (f.metric or "").startswith(q.metrics[0])]
    ours = sorted(ours, key=lambda f: f.date or "", reverse=True)
    return tuple(dict.fromkeys(describe(f, q.lang) for f in ours))[:CLOSEST]


def near_figures(kb: KnowledgeBase, entity_groups: list[tuple]) -> list:
    """Figures of the paragraphs that best name the question's first entity."""
    if not entity_groups:
        return []
    try:
        return paragraph_figures(kb, kb.ranked(any_of(entity_groups[0]), CLOSEST))
    except KbError:
        return []


def describe(f, lang: str) -> str:
    """Nvidia 营收 681亿美元 — 《title》（2026-02-26）: one figure on a line."""
    what = " ".join(x for x in (f.entity, metric_name(f.metric, lang), f.period) if x)
    value = f.raw if f.lang == lang else say_value(f.value, f.unit, lang, f.per)
    return f"{what} {value} — {source(f.title, f.date, lang)}".strip()
