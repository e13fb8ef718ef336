"""Ranking the candidates: a weighted sum of how each fits the question.

The fourth stage of asking. The parts are kb/ask/features.py's; their weights below were fitted
on the questions of tests/questions.tsv by `bench/ask_fit.py`, and README ("Asking questions")
prints them as a table. A candidate of a kind or unit the question does not ask for is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.ask import features
from kb.ask.candidates import Candidate
from kb.ask.features import Setting
from kb.ask.library import Library
from kb.ask.retrieve import Retrieval
from kb.ask.said import said_as_fact
from kb.models import Question

WEIGHTS = {
    "words": 0.10,
    "own": 0.05,
    "near": 0.03,
    "entity": 0.12,
    "metric": 0.01,
    "period": 0.08,
    "type": 0.07,
    "source": 0.13,
    "date": 0.08,
    "passage": 0.05,
    "episode": 0.11,
    "total": 0.07,
    "exact": 0.08,
}


@dataclass(frozen=True)
class Scored:
    """A candidate with its score and the parts it was summed from."""

    candidate: Candidate
    score: float
    parts: dict[str, float]

    @property
    def figure(self):
        return self.candidate.figure


def rank(library: Library, q: Question, retrieval: Retrieval, found: list[Candidate],
         weights: dict[str, float] = WEIGHTS) -> list[Scored]:  # fmt: skip
    """The candidates that can answer, best first; ties go to the newer episode."""
    setting = Setting(q, retrieval.terms, retrieval.cards, retrieval.titles, library.table)
    told_apart = features.metric_told_apart(setting, found)
    fitting = [
        (c, parts)
        for c in found
        if not told_apart(c) and (parts := fit(c, setting, retrieval)) is not None
    ]
    total = features.totals(setting, [c for c, _ in fitting])
    scored = []
    for c, parts in fitting:
        parts["total"] = total(c)
        scored.append(Scored(c, sum(weights[k] * v for k, v in parts.items()), parts))
    if any(s.parts["source"] == 1.0 for s in scored) and q.source.speakers:
        # the question says who told it: an episode of another's does not answer
        scored = [s for s in scored if s.parts["source"] == 1.0]
    newest = sorted(scored, key=lambda s: s.figure.date or "", reverse=True)
    return sorted(newest, key=lambda s: -s.score)


def fit(c: Candidate, s: Setting, retrieval: Retrieval) -> dict[str, float] | None:
    """The parts of a candidate's fit, or None when its kind, entity, metric or period cannot
    answer, or it is the size of a change asked as a level."""
    kind = features.type_fit(c, s.question)
    metric = features.metric_fit(c, s)
    period = features.period_fit(c, s)
    entity = features.entity_fit(c, s)
    if kind is None or metric is None or period is None or entity is None:
        return None
    exact = said_as_fact(c, s.question)
    if exact is None or not features.names_counted(c, s):
        return None
    own, near = features.attribution(c, s)
    return {
        "words": features.coverage(c, s),
        "own": own,
        "near": near,
        "entity": entity,
        "metric": metric,
        "period": period,
        "type": kind,
        "source": features.source_fit(c, s),
        "date": features.date_fit(c, s),
        "passage": c.paragraph.score,
        "episode": retrieval.episode_scores.get(c.figure.episode_id, 0.0),
        "exact": exact,
    }
