"""The words around a figure: its sign, direction, approximation and bounds, in either language.

Shared by the Chinese and English readers: `make` builds a Figure for a span, `modify` applies
what the words before and after it say (下跌 30%, "cut costs by 20%", 约, 以上, "a 19% loss").
"""

from __future__ import annotations

import re

from kb.figures.patterns import PER_IN_CLAUSE_ZH, RATE_IN_CLAUSE_ZH
from kb.figures.words import (
    APPROX_BEFORE_EN,
    APPROX_BEFORE_ZH,
    AVERAGE_PER,
    CHANGE_LAST_EN,
    CHANGE_LAST_ZH,
    DIRECTION_AFTER_EN,
    DIRECTION_AFTER_ZH,
    DIRECTION_BY_EN,
    DIRECTION_EN,
    DIRECTION_ZH,
    HEDGE_AFTER_EN,
    HEDGE_LAST_ZH,
    LOWER_BOUND_EN,
    LOWER_BOUND_ZH,
    PER_UNITS,
    UPPER_BOUND_EN,
    UPPER_BOUND_ZH,
)
from kb.models import Figure

BEFORE = {"zh": 14, "en": 80}  # characters before a figure that may hold its change word
RATES = ("count", "measure", "duration")  # kinds that may be said per a unit (每天3000人)


def make(text, lang, start, end, value, unit, kind="percent", m=None, per=None) -> Figure:
    """A Figure for text[start:end], signed by a leading 负 or minus."""
    if m is not None and m["sign"] and start == m.start():
        value = -abs(value)
    if m is not None and not per and lang == "zh" and kind == "money" and (m["per"] or m["per2"]):
        per, kind = PER_UNITS[m["per"][1:] if m["per"] else m["per2"]], "price"
    elif m is not None and lang == "zh" and kind != "money":
        start, end = unpriced(m, start, end)
        if kind in RATES and not per:
            per = rate_per(m, text, start)
    elif lang == "zh" and kind == "money" and not per:
        said = PER_IN_CLAUSE_ZH.search(text, max(0, start - 30), start)
        if said:
            per = PER_UNITS[said["per"]] if said["per"] else AVERAGE_PER[said["average"]]
            kind = "price"
    direction = "down" if value is not None and value < 0 else None
    end = start + len(text[start:end].rstrip())
    return Figure(lang, start, end, text[start:end], value, unit, kind, direction, per=per)


def rate_per(m, text: str, start: int) -> str | None:
    """The unit of time a Chinese count, measure or length is said per: 每天3000人, 3000辆一周,
    每天工作11小时, 月产能8万件."""
    said = m["per"][1:] if m["per"] else m["per2"]
    if said:
        return PER_UNITS[said]
    before = RATE_IN_CLAUSE_ZH.search(text, max(0, start - 14), start)
    if not before:
        return None
    return PER_UNITS[before["per"]] if before["per"] else AVERAGE_PER[before["average"]]


def unpriced(m, start: int, end: int) -> tuple[int, int]:
    """A Chinese figure other than money without the per-unit said around it (每天3000人,
    3000人一天): only an amount of money is a price, whose text holds its unit."""
    if m["per"] and start == m.start() and not (m["sign"] or m["cur"]):
        start = m.number_start()
    if m["per_after"] and end == m.end():
        end = m.start("per_after")
    return start, end


def modify(f: Figure, text: str, approx: bool, low, high) -> Figure:
    """Apply the direction, approximation and bounds that the words around a figure give.

    A duration has no direction: 连续下跌了20年 lasted 20 years.
    """
    zh = f.lang == "zh"
    before = text[max(0, f.start - BEFORE[f.lang]) : f.start]
    hedge = None
    if before[-1:] in (HEDGE_LAST_ZH if zh else " \u00a0"):
        hedge = (APPROX_BEFORE_ZH if zh else APPROX_BEFORE_EN).search(before)
    if hedge and not (f.kind == "duration" and hedge.group(0).strip().lower() == "over"):
        word = (hedge.group(1) or hedge.group(2)).lower()
        approx = True
        if word in (LOWER_BOUND_ZH if zh else LOWER_BOUND_EN):
            low = f.value
        elif word in (UPPER_BOUND_ZH if zh else UPPER_BOUND_EN):
            high = f.value
    if not zh and (after := HEDGE_AFTER_EN.match(text, f.end)):
        approx = True  # "10 years or so", "30 people or more", "5% or less"
        if after["more"]:
            low = f.value
        elif after["less"]:
            high = f.value
    value, direction = f.value, f.direction
    if f.kind == "duration":
        value, direction = abs(value), None
    elif direction is None:
        direction = direction_of(before, text, f)
    if direction == "down":
        value = -abs(value)
        low, high = (-high if high is not None else None), (-low if low is not None else None)
    if low is not None and high is not None and low != high:
        value, approx = (low + high) / 2, True
    return evolve(f, value=value, direction=direction, approximate=approx, low=low, high=high)


def evolve(f: Figure, **changes) -> Figure:
    """`dataclasses.replace` for a Figure at a fifth of its cost: every figure passes here twice."""
    new = object.__new__(Figure)
    new.__dict__.update(f.__dict__, **changes)
    return new


def direction_of(before: str, text: str, f: Figure) -> str | None:
    """up or down from a change word before the figure (下跌 30%, fell by 5%, cut costs by 5%),
    else from one right after it (19%的损失, a 20% reduction)."""
    if f.lang == "zh":
        turn = DIRECTION_ZH.search(before) if before[-1:] in CHANGE_LAST_ZH else None
        if f.kind != "count":  # 17只下跌: the count of what fell, not a fall
            turn = turn or DIRECTION_AFTER_ZH.match(text, f.end)
    else:
        last = before[-24:].split()
        turn = DIRECTION_EN.search(before) if last and last[-1].lower() in CHANGE_LAST_EN else None
        if not turn and last and last[-1].lower() == "by":
            turn = DIRECTION_BY_EN.search(before)
        turn = turn or DIRECTION_AFTER_EN.match(text, f.end)
    if not turn:
        return None
    return "down" if turn["down"] else "up"


def split_range(
    m: re.Match, text: str, lang: str, second: Figure, first: Figure | None, vague: bool = False
):
    """The figures of a match that looked like a range but is not one (从X到Y, a list); `vague`
    when the second is itself approximate (上百家, 几十倍)."""
    approx = vague or bool(lang == "zh" and (m["more"] or m["after"]))
    figures = [modify(second, text, approx, None, None)]
    return [modify(first, text, False, None, None), *figures] if first else figures
