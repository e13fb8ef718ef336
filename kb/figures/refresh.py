"""Figures read again from the paragraphs a store holds, when kb's way of reading them changes.

FIGURE_FORMAT names the current way. A store whose figures were read another way has them read
again by its next `kb index`, from its own paragraphs, headings and dates: the notes are not
parsed or segmented again and the Whoosh index is left as it is, so this takes a fraction of a
rebuild (INDEX_FORMAT) and gives the same figures as one.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from kb.entities import EntityTable
from kb.figures.numerals import NUMERALS
from kb.figures.paragraph import episode_figures
from kb.models import Figure, Paragraph

# Raise whenever extraction or linking changes what is stored for a figure.
FIGURE_FORMAT = "103"
META_KEY = "figure_format"
CHUNK = 40  # episodes sent to a worker at a time
PARALLEL_MIN = 200  # fewer episodes than this are read in this process

# (episode id, date, paragraphs, the names its front matter and glossary give)
Job = tuple[str, str | None, list[Paragraph], list[tuple[str, str, str]]]


def stale(store, states: dict[str, dict], read: set[str]) -> dict[str, int]:
    """The episodes, with their sizes, whose figures another version of kb read and that a run
    reading `read` leaves as they are: their figures are to be read again.

    :param states: the store's file states, as `Store.file_states` gives them
    """
    if store.meta(META_KEY) == FIGURE_FORMAT:
        return {}
    return {ident: states[ident]["size"] for ident in sorted(states.keys() - read)}


def read_again(
    store, ids: list[str], table: EntityTable, procs: int
) -> Iterator[tuple[str, list[tuple[int, list[Figure]]]]]:
    """(episode id, its figures) for each of `ids`, read from the store's paragraphs.

    :param store: a kb.store.Store
    """
    dates = store.episode_dates()
    jobs = (
        (
            ident,
            dates.get(ident),
            [paragraph(row) for row in store.paragraphs(ident)],
            store.episode_names(ident),
        )
        for ident in ids
    )
    if procs <= 1 or len(ids) < PARALLEL_MIN:
        for job in jobs:
            yield job[0], figures_of(job, table)
        return
    # spawn, as kb/indexer.py does; a few chunks in flight at a time keep memory bounded.
    context = multiprocessing.get_context("spawn")
    numerals = dict(NUMERALS)
    with ProcessPoolExecutor(procs, mp_context=context) as pool:
        pending: deque = deque()
        for chunk in chunks(jobs):
            pending.append(pool.submit(read_chunk, chunk, table, numerals))
            if len(pending) > 2 * procs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def paragraph(row: dict) -> Paragraph:
    return Paragraph(row["number"], row["heading"], row["zh"], row["en"], row["line"])


def figures_of(job: Job, table: EntityTable) -> list[tuple[int, list[Figure]]]:
    _, date, paragraphs, names = job
    return episode_figures(paragraphs, date=date, entities=table.extended(names))


def read_chunk(jobs: list[Job], table: EntityTable, numerals: dict) -> list:
    """In a worker: the figures of a chunk of episodes."""
    NUMERALS.update(numerals)
    return [(job[0], figures_of(job, table)) for job in jobs]


def chunks(jobs) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
