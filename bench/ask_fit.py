"""Fit the weights of asking's ranking and its "not found" threshold on a question file.

    .venv/bin/python bench/ask_fit.py tests/questions.tsv --home KB_HOME [--home FULL:C]
        [--today D] [--skip C]

Each --home is a knowledge base the questions are asked of; `PATH:CORPUS` leaves out the
questions of that corpus column there (the full corpus does not hold our own episodes in data/),
so that the weights and the threshold serve a small knowledge base and a large one alike.

Each figure question of the file (bench/ask_eval.py's format) is read, retrieved and its
candidates' parts computed once (kb/ask/rank.py's `fit`). The weights are then fitted as a
conditional logit, the way learning-to-rank fits a linear scorer: each answerable question's
right candidates should take the most of a softmax over its candidates' scores (times
SHARPNESS), with an L2 pull toward equal weights so that a hundred questions cannot drag a
weight far on their own; gradient ascent keeps every weight at least 0 and their sum 1.
"Not found" is one more option of every question, scoring a learned threshold, so that the
weights also learn to keep unanswerable questions' candidates under it. The threshold printed is
then the score under which answering "not found" serves the most questions:
an answerable question is right when its best candidate is an expected value of an expected
episode and scores at least the threshold, an unanswerable one when its best scores under it.
A few rounds of coordinate ascent on the questions served right (each weight a fifth up or
down) then polish what the softmax found. Prints how many questions are served right before
and after, and the weights and threshold to
write into kb/ask/rank.py (WEIGHTS) and kb/ask/answer.py (MIN_SCORE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
from ask_eval import Row, close, read_questions  # bench/ is the script's folder

from kb import KnowledgeBase, Settings
from kb.ask.answer import value_of
from kb.ask.candidates import candidates
from kb.ask.rank import WEIGHTS, rank
from kb.ask.read import read_question
from kb.ask.retrieve import retrieve
from kb.core import AskLibrary

SHARPNESS = 30.0  # the softmax's inverse temperature over scores between 0 and 1
PULL = 0.5  # L2 weight toward equal weights
STEPS, RATE = 3000, 0.002
POLISH_ROUNDS = 5


def question_parts(kb: KnowledgeBase, rows: list[Row], today: dt.date):
    """For each figure question: its candidates' parts (a matrix, one row per candidate, the
    columns in WEIGHTS' order) and which candidates are a right answer."""
    library = AskLibrary(kb)
    found = []
    for row in rows:
        q = read_question(row.question, library, today)
        if q.kind != "figure":
            continue
        retrieval = retrieve(library, q)
        parts, right = [], []
        for s in rank(library, q, retrieval, candidates(library, retrieval)):
            parts.append([s.parts[k] for k in WEIGHTS])
            value = value_of(s, q)
            right.append(s.figure.episode_id in row.episodes and (
                not row.values or any(close(value, v) for v in row.values if value is not None)
            ))  # fmt: skip
        found.append((row, np.array(parts).reshape(-1, len(WEIGHTS)), np.array(right, bool)))
    return found


def accuracy(found, weights: np.ndarray) -> tuple[int, float]:
    """Questions served right at the best threshold, and that threshold."""
    best = []
    for row, parts, right in found:
        if not len(parts):
            best.append((row.answerable, False, -1.0))
            continue
        scores = parts @ weights
        top = int(np.argmax(scores))
        best.append((row.answerable, bool(right[top]), float(scores[top])))
    served, threshold = -1, 0.0
    for t in sorted({s for _, _, s in best} | {0.0}):
        count = sum((s >= t and ok) if answerable else s < t for answerable, ok, s in best)
        if count > served:
            served, threshold = count, t
    return served, threshold


def fit_weights(found, size: int) -> tuple[np.ndarray, float]:
    """Weights, and a threshold, that give each answerable question's right candidates and each
    unanswerable question's "not found" the most of its softmax. "Not found" is one more option
    of every question, scoring the threshold."""
    questions = [(parts, right, row.answerable) for row, parts, right in found
                 if len(parts) and (right.any() or not row.answerable)]  # fmt: skip
    prior = np.full(size, 1 / size)
    weights, threshold = prior.copy(), 0.6
    for _ in range(STEPS):
        grad, grad_t = -2 * PULL * (weights - prior), 0.0
        for parts, right, answerable in questions:
            scores = SHARPNESS * np.append(parts @ weights, threshold)
            p = np.exp(scores - scores.max())
            p /= p.sum()
            target = np.append(right, not answerable).astype(float)
            mine = p * target / (p @ target or 1.0)
            grad += SHARPNESS * (mine - p)[:-1] @ parts
            grad_t += SHARPNESS * (mine - p)[-1]
        weights = np.maximum(weights + RATE * grad / len(questions), 0.0)
        weights /= weights.sum()
        threshold += RATE * grad_t / len(questions)
    return weights, threshold


def polish(found, weights: np.ndarray) -> np.ndarray:
    """Coordinate ascent from the fitted weights on the questions served right: each weight
    a fifth up or down in turn, kept when more questions are served."""
    served, _ = accuracy(found, weights)
    for _ in range(POLISH_ROUNDS):
        better = False
        for i in range(len(weights)):
            for factor in (0.8, 1.25):
                trial = weights.copy()
                trial[i] *= factor
                trial /= trial.sum()
                count, _ = accuracy(found, trial)
                if count > served:
                    weights, served, better = trial, count, True
        if not better:
            break
    return weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument(
        "--home",
        action="append",
        required=True,
        help="KB_HOME holding the built index, then :CORPUS to skip",
    )
    parser.add_argument("--skip", action="append", default=[], help="a corpus column to skip")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    found = []
    for home in args.home:
        path, _, skip = home.partition(":")
        rows = read_questions(args.questions, (*args.skip, *filter(None, [skip])))
        with KnowledgeBase(Settings(Path(path)), readonly=True) as kb:
            found += question_parts(kb, rows, args.today)
    start = np.array(list(WEIGHTS.values()))
    before, threshold = accuracy(found, start)
    print(f"{len(found)} figure questions; now {before} served right (threshold {threshold:.2f})")
    fitted, learned = fit_weights(found, len(start))
    fitted = polish(found, fitted)
    after, threshold = accuracy(found, fitted)
    print(f"fitted: {after} served right, threshold {threshold:.3f} (the softmax's {learned:.3f})")
    for name, weight in zip(WEIGHTS, fitted, strict=True):
        print(f"    {name!r}: {weight:.2f},")
    return 0


if __name__ == "__main__":
    sys.exit(main())
