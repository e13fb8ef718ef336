"""Asking: a question answered from the notes' figures and sentences, offline, in five stages.

read (kb/ask/read.py) finds what the question asks about, its source and the answer it
expects; retrieve (retrieve.py) searches both languages and reads the best passages sentence by
sentence; candidates (candidates.py) takes every stored figure of those sentences; rank
(rank.py, features.py) weighs how each fits; answer (answer.py) words the best one, or says
"not found". The knowledge base is reached only through a `Library` (library.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kb.ask.answer import compared, describe, figure_answer, not_found, passage_answer
from kb.ask.candidates import candidates
from kb.ask.library import Card, Found, Library, Term, Variant
from kb.ask.rank import rank
from kb.ask.read import read_question
from kb.ask.retrieve import retrieve
from kb.errors import BadQuery
from kb.models import Answer, Considered, Expected, Question

__all__ = ["Card", "Found", "Library", "Term", "Variant", "ask"]

MAX_QUESTION = 1000
MOST_ENTITIES = 3  # a comparison of more is rare, and each is ranked on its own
CLOSEST = 5
NEAR_NAME = 80  # rapidfuzz's WRatio at which a known name is offered for an unknown one


def ask(library: Library, text: str, today: dt.date | None = None) -> Answer:
    """The answer to `text` from the library's figures and passages, or "not found"."""
    if not text.strip():
        raise BadQuery('the question is empty: ask one, such as "CoreWeave的RPO是多少？"')
    if len(text) > MAX_QUESTION:
        raise BadQuery(
            f"the question is {len(text):,} characters long; ask in at most {MAX_QUESTION:,}"
        )
    q = read_question(text, library, today or dt.date.today())
    retrieval = retrieve(library, q)
    if q.kind != "figure":
        return passage_answer(q, retrieval)
    unknown = unknown_names(q, retrieval)
    if unknown:  # Zorblax: a name no note holds has no figure either
        return replace(not_found(q), closest=near_names(library, unknown))
    found = candidates(library, retrieval)
    if not q.compare:
        answer = figure_answer(q, rank(library, q, retrieval, found))
        if answer.text is None and not answer.closest:
            near = closest(library, q, retrieval, found)
            lines = tuple(dict.fromkeys(describe(s, q.lang) for s in near))
            weighed = tuple(Considered(s.figure, s.score) for s in near)
            return replace(answer, closest=lines, considered=weighed)
        return answer
    answers = []
    for key in q.entities[:MOST_ENTITIES]:
        one = replace(q, entities=(key,), compare=False)
        name = library.table.entities[key].name if key in library.table.entities else key
        answers.append((name, figure_answer(one, rank(library, one, retrieval, found))))
    return compared(q, answers)


def unknown_names(q: Question, retrieval) -> list[str]:
    """Names in Latin letters that no note holds and that search could widen with nothing (no
    translation, no entity): capitalised in an English question, any in a Chinese one."""
    return [t.text for t in retrieval.terms
            if not t.known and len(t.variants) == 1 and t.text.isascii() and t.text.isalpha()
            and len(t.text) >= 3 and (q.lang == "zh" or t.text[0].isupper())]  # fmt: skip


def near_names(library: Library, names: list[str]) -> tuple[str, ...]:
    """The entities whose names are spelt like names kb does not know."""
    from rapidfuzz import fuzz, process

    known = [e.name for e in library.table.entities.values()]
    near = []
    for name in names:
        near += [m[0] for m in process.extract(name, known, scorer=fuzz.WRatio, limit=3)
                 if m[1] >= NEAR_NAME]  # fmt: skip
    return tuple(dict.fromkeys(near))


def closest(library: Library, q: Question, retrieval, found) -> list:
    """What kb holds near a question no figure fits: the figures of the passages read for it,
    of any kind and period; else, for a question naming entities, figures whose sentences name
    them, in the passages that best name them."""
    loose = replace(q, expected=Expected(), period=None, metrics=(), focus=(), counted=None)
    ranked = rank(library, loose, retrieval, found)
    if not ranked and q.entities:
        names = [library.table.entities[k].name for k in q.entities
                 if k in library.table.entities]  # fmt: skip
        around = replace(loose, words=tuple(names))
        retrieval = retrieve(library, around)
        ranked = rank(library, around, retrieval, candidates(library, retrieval))
        ranked = [s for s in ranked if s.parts["entity"] == 1.0]  # its own sentence names it
    return ranked[:CLOSEST]
