"""A page of results: ranked episodes as hits, their best paragraphs as passages with the
query's words marked and the figures they cite."""

from __future__ import annotations

from kb.figures.table import FigureFilter
from kb.models import FigureRecord, Hit, Passage
from kb.notes import has_cjk
from kb.search.highlight import highlight
from kb.search.plan import QueryPlan
from kb.search.rank import Ranked
from kb.store import Store


def hits(store: Store, ranked: list[Ranked], plan: QueryPlan | None = None) -> list[Hit]:
    """The ranked episodes as hits; given the query's `plan`, their passages are highlighted and
    carry the figures they cite."""
    cards = store.episode_cards(r.episode_id for r in ranked)
    shown = tuple((r.episode_id, n) for r in ranked for n, _ in r.paragraphs)
    texts = store.paragraph_texts(shown)
    figures = cited(store, FigureFilter(paragraphs=shown)) if plan else {}
    found = []
    for r in ranked:
        rows = [texts[(r.episode_id, n)] for n, _ in r.paragraphs]
        passages = tuple(
            Passage(row["number"], row["heading"], row["zh"], row["en"],
                    marked_side(row, plan) if plan else "",
                    figures.get((r.episode_id, row["number"]), ()))
            for row in rows
        )  # fmt: skip
        card = cards[r.episode_id]
        found.append(Hit(r.episode_id, card["title"], card["date"], card["speaker"],
                         tuple(card["tags"]), r.score, passages, r.missing))  # fmt: skip
    return found


def cited(store: Store, chosen: FigureFilter) -> dict[tuple[str, int], tuple[FigureRecord, ...]]:
    """The chosen figures by (episode, paragraph)."""
    by_paragraph: dict[tuple[str, int], list[FigureRecord]] = {}
    for f in store.figures(chosen):
        by_paragraph.setdefault((f.episode_id, f.paragraph), []).append(f)
    return {key: tuple(figures) for key, figures in by_paragraph.items()}


def marked_side(row: dict, plan: QueryPlan) -> str:
    """One side of the paragraph with matches marked: the side in the query's language when it
    matches, else the other (a translation matched there)."""
    sides = [(row["zh"], False), (row["en"], True)]
    if not has_cjk(plan.text):
        sides.reverse()
    marked = [highlight(text, plan, english) for text, english in sides if text]
    return next((m for m in marked if "<mark" in m), marked[0] if marked else "")
