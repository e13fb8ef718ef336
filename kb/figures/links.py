"""What a figure is about: its metric, entity and period, read from the words around it.

The sentence is read first, then the paragraph, then the section heading, because transcripts
name a company once and then cite several of its numbers in a row.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import cache

import ahocorasick

from kb.entities import EntityTable
from kb.figures.sentences import CLAUSE_END, sentence_ends
from kb.figures.words import (
    CHANGE_MARKERS,
    METRIC_WORDS,
    PERIOD_EN,
    PERIOD_ZH,
    QUARTERS,
    RELATIVE_YEARS,
)
from kb.models import Figure

Span = tuple[int, int, str]
ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}  # keeps every offset
QUARTER_DIGIT = re.compile(r"[1-4一二三四]")
# Merge "fiscal 2025 fourth-quarter" into one period: a year-only mention right before a quarter.
ADJACENT = 2


def link_figures(
    figures: list[Figure],
    text: str,
    *,
    heading: str = "",
    year: int | None = None,
    entities: EntityTable | None = None,
) -> list[Figure]:
    """The figures with their metric, entity and period filled in where the text tells them.

    :param year: the episode's year, to resolve 今年/last year; None leaves them unresolved
    """
    if not figures:
        return figures
    lang = figures[0].lang
    ends = sentence_ends(text)
    covered = [(f.start, f.end) for f in figures]
    periods = [p for p in find_periods(text, lang, year) if not overlaps(p, covered)]
    metrics = find_metrics(text)
    names = entities.spans(text) if entities else []
    head = entities.spans(heading) if entities and heading else []
    linked = []
    for f in figures:
        i = bisect_right(ends, f.start)
        lo, hi = (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(text))
        clause = CLAUSE_END.search(text, f.end, hi)
        stop = clause.start() if clause else hi  # the end of the figure's clause
        previous = ends[i - 2] if i > 1 else 0
        linked.append(
            replace(
                f,
                metric=metric_for(f, metrics, (previous, lo, hi), stop),
                entity=entity_for(f, names, head),
                period=nearest(periods, f, text, (lo, hi), stop),
            )
        )
    return linked


def overlaps(span: Span, covered: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in covered)


def find_metrics(text: str) -> list[Span]:
    """Metric words, leftmost longest first; an English word must stand alone ("interest" but
    not "interesting"). An Aho-Corasick automaton: a regex alternation of the lexicon took a
    fifth of all figure work."""
    found = []
    for end, word in metric_automaton().iter_long(text.translate(ASCII_LOWER)):
        start, end = end + 1 - len(word), end + 1
        if word.isascii() and word[-1].isalpha():
            after = text[end : end + 1]
            if (
                after.isascii()
                and after.isalpha()
                and not (word.endswith("depreciat") or after == "s")
            ):
                continue
        found.append((start, end, METRIC_WORDS[word]))
    return found


@cache
def metric_automaton():
    automaton = ahocorasick.Automaton()
    for word in METRIC_WORDS:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def metric_for(
    f: Figure, metrics: list[Span], sentences: tuple[int, int, int], stop: int
) -> str | None:
    """The nearest metric before the figure in its sentence, else the first after it in its
    clause, else the topic (first metric) of the sentence before ("更值得关注的是RPO，也就是…收入
    的合同金额。这个数字达到了500亿美元"); 同比 adds yoy. A metric later in the sentence but past
    a comma is usually another figure's.

    :param sentences: where the previous sentence, the figure's sentence and the next begin
    """
    previous, lo, hi = sentences
    before = [m for m in metrics if lo <= m[0] and m[1] <= f.start]
    nouns = [m for m in before if m[2] not in CHANGE_MARKERS]
    if nouns:
        noun = nouns[-1]
        change = [m[2] for m in before if m[2] in CHANGE_MARKERS and m[0] >= noun[1]]
        return f"{noun[2]} {change[-1]}" if change else noun[2]
    after = [m for m in metrics if f.end <= m[0] and m[1] <= stop and m[2] not in CHANGE_MARKERS]
    if after:
        return after[0][2]
    earlier = [m for m in metrics if previous <= m[0] and m[1] <= lo and m[2] not in CHANGE_MARKERS]
    return earlier[0][2] if earlier else None


def entity_for(f: Figure, names: list[Span], heading: list[Span]) -> str | None:
    """The nearest entity before the figure in the paragraph, else the heading's, else the first
    after it: a name after a figure is more often a customer or rival than its subject."""
    before = [n for n in names if n[1] <= f.start]
    if before:
        return max(before, key=lambda n: (n[1], n[1] - n[0]))[2]
    if heading:
        return heading[0][2]
    return names[0][2] if names else None


def nearest(
    periods: list[Span], f: Figure, text: str, sentence: tuple[int, int], stop: int
) -> str | None:
    """The period of the figure's clause (before it, else after it: "$3.29 in Q3 of 2024").

    Outside the clause, only a sentence that names one period gives it; with two ("looking
    back at 2025 from 2026, around 13%") the figure's period is not told. `stop` ends the clause.
    """
    lo, hi = sentence
    starts = [m.end() for m in CLAUSE_END.finditer(text, lo, f.start)]
    begin = starts[-1] if starts else lo
    before = [p for p in periods if begin <= p[0] and p[1] <= f.start]
    if before:
        return before[-1][2]
    after = [p for p in periods if f.end <= p[0] and p[1] <= stop]
    if after:
        return after[0][2]
    labels = {p[2] for p in periods if lo <= p[0] and p[1] <= hi}
    return labels.pop() if len(labels) == 1 else None


def find_periods(text: str, lang: str, year: int | None) -> list[Span]:
    """Every period named in the text as (start, end, label), e.g. 2024年第四季度 → 2024Q4."""
    pattern = PERIOD_ZH if lang == "zh" else PERIOD_EN
    found: list[Span] = []
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        label = zh_period(m, year) if lang == "zh" else en_period(m, year)
        if not label:
            continue
        if found and m.start() - found[-1][1] <= ADJACENT and "Q" not in found[-1][2]:
            prev = found[-1]
            if label.startswith("Q") and prev[2][-4:].isdigit():
                found[-1] = (prev[0], m.end(), prev[2] + label)
                continue
        found.append((m.start(), m.end(), label))
    return found


def zh_period(m: re.Match, year: int | None) -> str | None:
    if m["decade"]:
        decade = m["decade"]
        return (decade if len(decade) == 4 else "19" + decade) + "s"
    base = m["year"] or (str(year + RELATIVE_YEARS[m["rel"]]) if m["rel"] and year else None)
    prefix = "FY" if m["fy"] == "财年" else ""
    quarter = quarter_label(m["tail"] or m["alone"] or "")
    if base is None:
        return quarter or None
    return f"{prefix}{base}{quarter}"


def quarter_label(text: str) -> str:
    """Q3 for 第三季度, 三季报 or Q3; H1 for 上半年."""
    if "半年" in text:
        return "H1" if text[0] == "上" else "H2"
    digit = QUARTER_DIGIT.search(text)
    if not digit:
        return ""
    q = digit.group(0)
    return f"Q{q if q.isdigit() else QUARTERS[q]}"


def en_period(m: re.Match, year: int | None) -> str | None:
    if m["decade"]:
        return m["decade"] + "s"
    if m["fyear"]:
        return "FY" + m["fyear"]
    if m["rel"]:
        return str(year + RELATIVE_YEARS[m["rel"].lower()]) if year else None
    if m["year"]:
        return m["year"]
    q = m["q"] or str(QUARTERS[m["qw"].lower()])
    quarter = f"Q{q}-Q{m['q_to']}" if m["q_to"] else f"Q{q}"
    if not m["qyear"]:
        return quarter
    return ("FY" if m["qfy"] else "") + m["qyear"] + quarter
