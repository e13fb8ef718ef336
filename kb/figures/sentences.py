"""Sentences and clauses of a paragraph: where each ends, and the one holding a span."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

SENTENCE_END = re.compile(r"[。！？!?；;]+|(?<=[A-Za-z0-9%\)\"'’”])\.(?=\s|$)")
# A break inside brackets (a gloss: GDP（国内生产总值，即…）) ends no clause of the text.
CLAUSE_END = re.compile(r"[，,；;：:](?![^（()）\n]{0,80}[）)])")
# A term the note glosses in brackets, and after its colon the gloss that explains it:
# 营收（Revenue: 公司在一定时期内的收入）, （Basis Point: 基点，即0.01个百分点）.
GLOSS = re.compile(r"[（(][^（()）:：\n]{1,60}?[:：](?P<gloss>[^（()）\n]*)[）)]")


def sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence's closing mark."""
    return [m.end() for m in SENTENCE_END.finditer(text)]


# The figures of one paragraph are read together, and some paragraphs run to pages.
cached_sentence_ends = lru_cache(maxsize=256)(sentence_ends)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the span [start, end)."""
    ends = cached_sentence_ends(text)
    i = bisect_right(ends, start)
    first = ends[i - 1] if i else 0
    j = bisect_left(ends, end)
    last = ends[j] if j < len(ends) else len(text)
    return text[first:last].strip()


@lru_cache(maxsize=256)
def gloss_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the explanations of the glossed terms of `text` stand: their words and numbers
    explain a term, they say nothing of the episode's figures. Kept: the figures, their metrics
    and their periods each read them."""
    if "：" not in text and ":" not in text:
        return ()
    return tuple(m.span("gloss") for m in GLOSS.finditer(text))
