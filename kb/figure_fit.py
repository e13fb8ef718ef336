"""How well a stored figure fits a question: entity, metric, period, words, place and wording.

Each part is a number between 0 and 1, or None when the figure cannot answer at all; the
weighted sum is the figure's score and its answer's confidence (README, "Asking questions").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.answer_words import names_any, sentence_like
from kb.entities import fold
from kb.figures.sentences import sentence_at
from kb.figures.words import METRICS, base_metric
from kb.models import Hit, Question

WEIGHTS = {"entity": 0.2, "metric": 0.15, "period": 0.2, "words": 0.15, "near": 0.1}
WEIGHTS |= {"passage": 0.05, "title": 0.04, "recency": 0.01, "exact": 0.07, "size": 0.03}
FORECAST = re.compile(
    r"预计|预期|预测|估计|指引|\b(?:expect|forecast|estimate|guidance|project)", re.I
)
CLAUSE = r"[，。；]"
CHANGE = re.compile(r"新增|增量|增加了|\b(?:added|increase of|rose by|grew by|up by)\b", re.I)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:\S+\s+){0,3}$", re.I)
TO_AFTER = re.compile(r"^\s+(?:\S+\s+)?to\b", re.I)
NEAR = {"zh": (8, 25), "en": (20, 60)}  # characters between a metric word and its figure
MONEY = ("money", "price")


@dataclass(frozen=True)
class Evidence:
    """What the knowledge base holds for one question.

    :param terms: per language, the words to look for in a sentence
    :param groups: the question's concepts, each as its words in both languages
    :param texts: (episode id, paragraph number) → {"zh", "en"}
    :param mentioned: episodes that mention the question's entities
    :param entity_names: each question entity's names, in both languages
    :param scores: (episode id, paragraph number) → its search score over the best paragraph's
    :param about: episode id → keys of the entities it is about (its most mentioned); a
        function, asked only for the figures that get that far
    :param periods: (episode id, paragraph number) → period labels its text and title name
    """

    question: Question
    terms: dict[str, list[str]]
    groups: list[tuple[str, ...]]
    hits: tuple[Hit, ...] = ()
    figures: tuple = ()
    texts: dict = field(default_factory=dict)
    mentioned: frozenset[str] = frozenset()
    exact_search: bool = True
    entity_names: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)
    about: Callable[[str], set[str]] = lambda episode: set()
    periods: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    figure: object
    score: float
    parts: dict


def rank_figures(evidence: Evidence) -> list[Scored]:
    """Figures that fit the question, best first."""
    dates = sorted({f.date or "" for f in evidence.figures})
    asks_change = bool(
        FORECAST.search(evidence.question.text) or CHANGE.search(evidence.question.text)
    )
    # a question naming only entity and metric wants the total, not a segment of it
    asks_total = not evidence.question.words
    fitting = [(f, parts) for f in evidence.figures if (parts := figure_fit(evidence, f))]
    largest = largest_values(f for f, parts in fitting if parts["entity"] >= 0.85)
    ranked = []
    for f, parts in fitting:
        parts["passage"] = evidence.scores.get((f.episode_id, f.paragraph), 0.0)
        parts["recency"] = dates.index(f.date or "") / max(len(dates) - 1, 1)
        vague = f.approximate and (f.low is None or f.high is None)  # a range is not vague
        stale = superseded(f) or (forecast(f) or a_change(f)) and not asks_change
        parts["exact"] = 0.0 if stale else 0.7 if vague else 1.0
        size = abs(f.value) == largest.get((f.episode_id, f.unit))
        parts["size"] = float(size) if asks_total and f.kind in MONEY else 0.5
        parts["near"] = nearness(evidence, f)
        parts["title"] = float(bool(f.title) and f.raw in f.title)  # the episode's headline
        score = sum(WEIGHTS[k] * v for k, v in parts.items())
        ranked.append(Scored(f, score, parts))
    newest_first = sorted(ranked, key=lambda s: s.figure.date or "", reverse=True)
    return sorted(newest_first, key=lambda s: -s.score)


def largest_values(figures) -> dict[tuple[str, str], float]:
    """The largest amount of each episode's figures about the entity asked, per unit."""
    largest: dict[tuple[str, str], float] = {}
    for f in figures:
        if f.kind not in MONEY:
            continue
        key = (f.episode_id, f.unit)
        largest[key] = max(largest.get(key, 0.0), abs(f.value))
    return largest


def nearness(evidence: Evidence, f) -> float:
    """1 when a word of the metric or of the question stands next to the figure."""
    q = evidence.question
    words = (*(metric_words(q.metrics[0]) if q.metrics else ()), *q.words)
    at = f.sentence.find(f.raw)
    if not words or at < 0:
        return 0.5
    lowered = f.sentence.lower()
    before, after = lowered[:at], lowered[at + len(f.raw) :]
    gaps = [len(before) - before.rfind(w) - len(w) for w in map(str.lower, words) if w in before]
    gaps += [after.find(w) for w in map(str.lower, words) if w in after[:12]]
    if not gaps:
        return 0.0
    close, near = NEAR.get(f.lang, NEAR["en"])
    return 1.0 if min(gaps) <= close else 0.5 if min(gaps) <= near else 0.0


def forecast(f) -> bool:
    """A figure said as an expectation (预计, expects), not as what happened: the word is close."""
    at = f.sentence.find(f.raw)
    if at < 0:
        return False
    before, after = (16, 6) if f.lang == "zh" else (70, 15)
    end = at + len(f.raw)
    return bool(FORECAST.search(f.sentence[max(0, at - before) : end + after]))


def a_change(f) -> bool:
    """An amount said as what was added (新增量, added), not as the level asked for."""
    at = f.sentence.find(f.raw)
    before = f.sentence[max(0, at - (10 if f.lang == "zh" else 30)) : max(at, 0)]
    return f.kind in MONEY and bool(CHANGE.search(before))


def superseded(f) -> bool:
    """The old value of a change: 从2.2%上调到2.5%, from $3.5 billion to $4 billion."""
    at = f.sentence.find(f.raw)
    if at < 0:
        return False
    end = at + len(f.raw)
    if f.lang == "zh":
        before, after = f.sentence[max(0, at - 10) : at], f.sentence[end : end + 6]
        return "从" in re.split(CLAUSE, before)[-1] and bool(re.search(r"^[^，。；]*[到至]", after))
    before, after = f.sentence[max(0, at - 40) : at], f.sentence[end : end + 20]
    return bool(FROM_BEFORE.search(before) and TO_AFTER.search(after))


def figure_fit(evidence: Evidence, f) -> dict[str, float] | None:
    """How well one figure fits the question, part by part; None when it cannot answer it."""
    q = evidence.question
    kind = "money" if f.kind in MONEY else f.kind
    if q.expects and kind != q.expects or f.value is None:
        return None
    if q.per and f.per not in (q.per, None):
        return None
    text = evidence.texts.get((f.episode_id, f.paragraph), {})
    both = f.sentence + " " + other_side(f, text)  # the figure's sentence in both languages
    parts = {
        "entity": entity_fit(evidence, f, both),
        "metric": metric_fit(q, f, evidence),
        "period": period_fit(q, f, evidence, both),
        "words": words_fit(evidence, f, both),
    }
    if None in parts.values():
        return None
    told = (q.entities and parts["entity"] >= 0.85) or (q.metrics and parts["metric"] >= 0.7)
    if (q.entities or q.metrics) and not told:
        return None  # neither the entity nor the metric is told in the figure's own sentence
    if not (q.metrics and q.entities) and parts["words"] < 0.5:
        return None  # without entity and metric, the sentence itself must say what is asked
    if q.per and f.per is None:
        parts["metric"] *= 0.7
    return parts


def entity_fit(evidence: Evidence, f, both: str) -> float | None:
    """1 for a figure linked to the entity in a sentence naming it, down to 0.5; None if not it.

    Figures are linked to the last entity named before them, so "它的资本开支" in an episode
    about Oracle may be linked to the Nvidia of the sentence before: what the episode is
    about (its most mentioned entities) weighs too.
    """
    q = evidence.question
    if not q.entities:
        return 0.5
    names = [n for key in q.entities for n in evidence.entity_names.get(key, ())]
    in_sentence = names_any(both, names)
    about = evidence.about(f.episode_id)
    ours = bool(about & set(q.entities))
    if f.entity and fold(f.entity) in q.entities:
        if in_sentence or ours:
            return 1.0 if in_sentence else 0.85
        return 0.5 if about else 0.7
    if not f.entity:
        if in_sentence or ours:
            return 0.9 if in_sentence else 0.85
        text = evidence.texts.get((f.episode_id, f.paragraph), {})
        around = text.get("zh", "") + " " + text.get("en", "")
        return 0.5 if f.episode_id in evidence.mentioned and names_any(around, names) else None
    # linked to another entity: it must not be in the sentence, and ours must be
    if in_sentence or ours and not names_any(both, (f.entity,)):
        return 0.6
    return None


def metric_fit(q: Question, f, evidence: Evidence) -> float | None:
    """1 for a figure linked to the metric asked, less for one whose sentence or paragraph only
    names it; None for a figure linked to another metric that its sentence does not name."""
    if not q.metrics:
        return 0.5
    wanted = q.metrics[0]
    if f.metric == wanted:
        return 1.0
    if base_metric(f.metric) == wanted:  # 同比 in the sentence: the amount is still the level
        return 0.9 if f.kind in MONEY else 0.6
    words = [w.lower() for w in metric_words(wanted)]
    if any(w in f.sentence.lower() for w in words):
        return 0.4 if f.metric else 0.7
    if f.metric:
        return None  # linked to another metric: a word of ours elsewhere does not override it
    for n, fit in ((f.paragraph, 0.4), (f.paragraph - 1, 0.3)):  # its paragraph, the one before
        text = evidence.texts.get((f.episode_id, n), {})
        if any(w in (text.get("zh", "") + text.get("en", "")).lower() for w in words):
            return fit
    return None


def metric_words(metric: str) -> tuple[str, ...]:
    """The words that name the metric, in both languages."""
    return METRICS.get(metric, (metric,))


def period_fit(q: Question, f, evidence: Evidence, both: str) -> float | None:
    """1 for the period asked, 0.8 for one inside it, less for none; None for another."""
    if not q.period:
        return 0.5
    asked, told = q.period.removeprefix("FY"), (f.period or "").removeprefix("FY")
    if told == asked:
        return 1.0
    if told and (told.startswith(asked) or told.endswith(asked) or asked.endswith(told)):
        return 0.8
    if q.period_offset is not None and f.date and told:
        then = str(int(f.date[:4]) + q.period_offset) + asked[4:]
        if told == then:
            return 0.9  # 今年 as the episode said it: the asker may mean the latest year told
    around = [p.removeprefix("FY") for p in evidence.periods.get((f.episode_id, f.paragraph), ())]
    said = any(p.endswith(asked) for p in around)
    alone = all(p.endswith(asked) or asked.startswith(p) for p in around)
    year = asked[:4] if asked[:4].isdigit() else None
    if said and year and year > (f.date or "")[:4] and year not in both:
        said = False  # a future year must be in the figure's own sentence
    if not told:
        if said:
            return 0.7 if alone else 0.45
        if year is None or (f.date or "")[:4] in (year, str(int(year) + 1)):
            return 0.4
    elif said:
        return 0.3  # linked to a period of the same sentence that is not the figure's
    return 0.1 if q.relative_period else None


def words_fit(evidence: Evidence, f, both: str) -> float:
    """The share of the question's other words in the figure's sentence (either side); a word
    only in its paragraph or the episode's title counts 0.6."""
    words = evidence.question.words
    if not words:
        return 0.5
    text = evidence.texts.get((f.episode_id, f.paragraph), {})
    around = " ".join((text.get("zh", ""), text.get("en", ""), f.title or ""))
    found = [
        1.0 if names_any(both, (w,)) else 0.6 if names_any(around, (w,)) else 0.0 for w in words
    ]
    return sum(found) / len(words)


def other_side(f, text: dict) -> str:
    """The sentence of the paragraph's other language that carries the figure's counterpart."""
    other = text.get("en" if f.lang == "zh" else "zh", "")
    mine = text.get(f.lang, "")
    raw = (f.counterpart or {}).get("raw")
    if raw and raw in other:
        at = other.index(raw)
        return sentence_at(other, at, at + len(raw))
    return sentence_like(other, f.start, len(mine))
