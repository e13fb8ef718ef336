"""Figures for reading: values in words, a company's figures by metric, and their SVG charts.

Charts are plain SVG written on the server, so a page needs no script to show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from markupsafe import Markup

from kb.answer_words import EN_SCALES, scaled
from kb.models import FigureRecord

WIDTH, HEIGHT = 400, 150
LEFT, RIGHT, TOP, BOTTOM = 104, 14, 12, 24  # room for the value and date labels


def figure_value(value: float | None, unit: str = "", per: str | None = None) -> str:
    """68100000000, USD → 68.1 billion USD; -17, % → -17%; 2, multiple → 2×"""
    if value is None:
        return "?"
    amount, word = scaled(value, EN_SCALES)
    number = plain_number(amount) + (f" {word}" if word else "")
    if unit in ("%", "multiple"):
        text = number + ("%" if unit == "%" else "×")
    else:
        text = f"{number} {unit if unit != 'count' else ''}".strip()
    return f"{text}/{per}" if per else text


def plain_number(value: float) -> str:
    """At most two decimals, none when they are zeros: 68.10 → 68.1, 1234.0 → 1,234."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def shown_once(figures: Iterable[FigureRecord]) -> list[FigureRecord]:
    """Each cited fact once: the Chinese side of a translated pair, or the side that has it."""
    return [f for f in figures if f.lang == "zh" or f.counterpart is None]


def metric_groups(
    figures: Iterable[FigureRecord], link: Callable[[FigureRecord], str]
) -> list[dict]:
    """Figures with a metric grouped by it, most cited metric first, each group newest first,
    with a chart for every unit in which the metric has values on several dates."""
    groups: dict[str, list[FigureRecord]] = {}
    for f in shown_once(figures):
        if f.metric:
            groups.setdefault(f.metric, []).append(f)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        {"metric": metric, "figures": found, "charts": charts(metric, found, link)}
        for metric, found in ordered
    ]


def charts(metric: str, figures: list[FigureRecord], link) -> list[Markup]:
    by_unit: dict[str, list[FigureRecord]] = {}
    for f in figures:
        if f.value is not None and f.date:
            by_unit.setdefault(f.unit, []).append(f)
    return [
        chart(f"{metric} in {unit or 'numbers'}", found, link)
        for unit, found in by_unit.items()
        if len({f.date for f in found}) > 1  # over time: one date makes no line of time
    ]


def chart(label: str, figures: list[FigureRecord], link: Callable[[FigureRecord], str]) -> Markup:
    """Values over the episodes' dates as dots, each linking to its figure in the reader."""
    days = [dt.date.fromisoformat(f.date[:10]).toordinal() for f in figures]
    values = [f.value for f in figures]
    x = scale(min(days), max(days), LEFT, WIDTH - RIGHT)
    low, high = min(0.0, *values), max(0.0, *values)  # from zero, so sizes compare honestly
    y = scale(low, high, HEIGHT - BOTTOM, TOP)
    unit = figures[0].unit
    parts = [
        Markup('<line class="axis" x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}"/>').format(
            LEFT, y(0.0), WIDTH - RIGHT
        ),
        axis_label(LEFT - 6, y(high) + 4, figure_value(high, unit), "end"),
        axis_label(LEFT - 6, y(low) + 4, figure_value(low, unit), "end"),
        axis_label(LEFT, HEIGHT - 6, dt.date.fromordinal(min(days)).isoformat(), "start"),
        axis_label(WIDTH - RIGHT, HEIGHT - 6, dt.date.fromordinal(max(days)).isoformat(), "end"),
    ]
    for f, day in zip(figures, days, strict=True):
        tip = f"{f.raw} = {figure_value(f.value, f.unit, f.per)} · {f.date} · {f.title}"
        parts.append(
            Markup(
                '<a href="{}"><circle cx="{:.1f}" cy="{:.1f}" r="4.5"><title>{}</title>'
                "</circle></a>"
            ).format(link(f), x(day), y(f.value), tip)
        )
    return Markup(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>'
    ).format(WIDTH, HEIGHT, f"{label}, {len(figures)} values", Markup("").join(parts))


def scale(low: float, high: float, start: float, end: float) -> Callable[[float], float]:
    """Maps [low, high] onto [start, end]; a single value lands in the middle."""
    if high == low:
        return lambda v: (start + end) / 2
    return lambda v: start + (v - low) / (high - low) * (end - start)


def axis_label(x: float, y: float, text: str, anchor: str) -> Markup:
    return Markup('<text x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text>').format(
        x, y, anchor, text
    )
