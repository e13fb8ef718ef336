"""Where a query's words (and what they were widened with) stand in a text, and the text marked."""

from __future__ import annotations

import html
from functools import lru_cache

from whoosh.lang.porter import stem as porter_stem

from kb.search.plan import QueryPlan
from kb.segment import LATIN_WORD

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
        if word in latin_terms or stem(word) in latin_terms:  # both fields stem English words
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
