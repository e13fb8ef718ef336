"""Pairs each Chinese figure with the same figure in the English original, and flags disagreements.

English transcripts are spoken and messy ("$5.2 2 billion", "500 billion" without a currency), so
values are compared loosely, a missing unit on one side is tolerated, and every flag carries a
confidence. Nothing is flagged when either side of the paragraph is empty.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.figures.words import SPELLED
from kb.models import Figure
from kb.notes import is_mostly_chinese

TOLERANCE = 0.011  # 5.98亿 ↔ $598 million exactly; 1.23 ↔ 1.2 billion still agree
LOOSE_UNITS = {"", "count"}
GARBLED = re.compile(r"\d\s\d")
PERCENTS = {"%", "pp"}
# "$" alone is read as USD, but a Canadian or Hong Kong speaker's "$" is their own dollar: the
# Chinese side (加元, 港元) says which.
DOLLARS = frozenset({"CAD", "AUD", "NZD", "HKD", "SGD", "TWD"})
US_DOLLAR = re.compile(r"美元|美金|US\$|USD|U\.?S\.? dollars?", re.I)


def align_figures(
    zh: list[Figure], en: list[Figure], *, zh_text: str, en_text: str
) -> tuple[list[Figure], list[Figure]]:
    """(zh, en) with counterpart, mismatch and confidence set.

    `counterpart` indexes the list zh + en, as `paragraph_figures` returns it.
    """
    if not zh_text.strip() or not en_text.strip():
        return zh, en
    offset = len(zh)
    pairs, ends = match_values(zh, en)
    zh_out, en_out = list(zh), list(en)
    for i, j in pairs.items():
        zh_out[i] = replace(zh[i], counterpart=offset + j, **named_unit(zh[i], en[j]))
        en_out[j] = replace(en[j], counterpart=i, **named_unit(en[j], zh[i]))
    for k, other in ends.items():
        if k < offset:
            zh_out[k] = replace(zh[k], counterpart=other)
        else:
            en_out[k - offset] = replace(en[k - offset], counterpart=other)
    for i, j in pairs.items():
        conflict = period_conflict(zh[i].period, en[j].period)
        if conflict:
            zh_out[i] = replace(zh_out[i], mismatch="period", confidence=conflict)
            en_out[j] = replace(en_out[j], mismatch="period", confidence=conflict)
    if not is_mostly_chinese(en_text):  # a Chinese "translation" writes numbers its own way
        flag_unmatched(zh_out, en_out, zh_text, en_text)
    return zh_out, en_out


def match_values(zh: list[Figure], en: list[Figure]) -> tuple[dict[int, int], dict[int, int]]:
    """(zh → en pairs that agree, in reading order; en → zh for the other end of a paired range).

    A range read as one figure on one side is often two on the other ("$12B and $14B").
    """
    pairs: dict[int, int] = {}
    for i, z in enumerate(zh):
        j = next((j for j, e in enumerate(en) if j not in pairs.values() and agree(z, e)), None)
        if j is not None:
            pairs[i] = j
    ends = {}
    for j, e in enumerate(en):
        i = next(
            (i for i, k in pairs.items() if j != k and is_range(zh[i]) and agree(zh[i], e)), None
        )
        if j not in pairs.values() and i is not None:
            ends[len(zh) + j] = i
    for i, z in enumerate(zh):
        j = next(
            (j for k, j in pairs.items() if i != k and is_range(en[j]) and agree(z, en[j])), None
        )
        if i not in pairs and j is not None:
            ends[i] = len(zh) + j
    return pairs, ends


def is_range(f: Figure) -> bool:
    return f.low is not None and f.high is not None


def agree(a: Figure, b: Figure) -> bool:
    """Same value (either end of a range) in compatible units; direction words are not compared."""
    if not units_agree(dollar_named(a, b), dollar_named(b, a)):
        return False
    left = {abs(v) for v in (a.value, a.low, a.high) if v is not None}
    right = {abs(v) for v in (b.value, b.low, b.high) if v is not None}
    return any(close(x, y) for x in left for y in right)


def bare_dollar(f: Figure) -> bool:
    """Whether the figure is in dollars its text does not say are American ("$5", "5 dollars",
    or 60亿 beside "$6 billion"): any dollar writes them so."""
    return f.unit == "USD" and not US_DOLLAR.search(f.raw)


def dollar_named(f: Figure, other: Figure) -> str:
    """The figure's unit, or the dollar its counterpart names when it writes only "$"."""
    return other.unit if bare_dollar(f) and other.unit in DOLLARS else f.unit


def named_unit(f: Figure, other: Figure) -> dict:
    """The unit (and kind) a figure takes from its counterpart: the dollar it names for a bare
    "$", the currency it names for an amount said without one (60亿 beside "$6 billion")."""
    if f.kind == "number" and not f.unit and other.kind in ("money", "price") and other.unit:
        return {"unit": other.unit, "kind": "money"}
    return {"unit": dollar_named(f, other)}


def units_agree(a: str, b: str) -> bool:
    if a == b or (a in PERCENTS and b in PERCENTS):
        return True
    return a in LOOSE_UNITS or b in LOOSE_UNITS


def close(x: float, y: float) -> bool:
    return abs(x - y) <= TOLERANCE * max(abs(x), abs(y)) or (x == y)


def period_conflict(a: str | None, b: str | None) -> float | None:
    """The confidence that two periods disagree, or None when they agree or one is unknown."""
    if not a or not b or a == b:
        return None
    ya, yb = a.removeprefix("FY")[:4], b.removeprefix("FY")[:4]
    qa, qb = quarters(a), quarters(b)
    if ya.isdigit() and yb.isdigit() and ya != yb and a.startswith("FY") == b.startswith("FY"):
        return 0.7
    if qa and qb and qa != qb:
        return 0.8 if not qa & qb else 0.5
    return None


def quarters(period: str) -> set[int]:
    """{3, 4} for 2024Q3-Q4."""
    found = [int(q) for q in re.findall(r"Q([1-4])", period)]
    return set(range(found[0], found[-1] + 1)) if found else set()


def flag_unmatched(zh: list[Figure], en: list[Figure], zh_text: str, en_text: str) -> None:
    """Flag, in place, figures without a counterpart: a value mismatch or a missing figure."""
    lone_zh = [i for i, f in enumerate(zh) if f.counterpart is None]
    lone_en = [j for j, f in enumerate(en) if f.counterpart is None]
    # A figure said twice on one side and once on the other is still carried.
    lone_zh = [i for i in lone_zh if not spelled_out(zh[i], en_text) and not repeated(zh[i], en)]
    lone_en = [j for j in lone_en if not spelled_out(en[j], zh_text) and not repeated(en[j], zh)]
    garbled = bool(GARBLED.search(en_text))
    for i in list(lone_zh):
        peers = [j for j in lone_en if en[j].unit == zh[i].unit and zh[i].unit not in LOOSE_UNITS]
        mates = [k for k in lone_zh if zh[k].unit == zh[i].unit]
        if len(peers) == 1 and len(mates) == 1:
            j = peers[0]
            conf = 0.3 if garbled else 0.6
            zh[i] = replace(zh[i], mismatch="value", confidence=conf, counterpart=len(zh) + j)
            en[j] = replace(en[j], mismatch="value", confidence=conf, counterpart=i)
            lone_zh.remove(i)
            lone_en.remove(j)
    ratio = len(en_text) / max(1, 2.2 * len(zh_text))
    for i in lone_zh:
        zh[i] = replace(
            zh[i], mismatch="missing_in_translation", confidence=missing(zh[i], ratio, garbled)
        )
    for j in lone_en:
        en[j] = replace(
            en[j], mismatch="missing_in_chinese", confidence=missing(en[j], 1 / ratio, False)
        )


def repeated(f: Figure, others: list[Figure]) -> bool:
    return any(agree(f, o) for o in others)


def spelled_out(f: Figure, other: str) -> bool:
    """A number the other side carries without a unit we read (10 apps ↔ 10个) or in words."""
    value = abs(f.value) if f.value is not None else None
    if value is None:
        return False
    plain = other.replace(",", "")  # 416,000,000,000ft² carries 4160亿
    for v in {abs(x) for x in (value, f.low, f.high) if x is not None}:
        digits = str(int(v)) if v == int(v) else f"{v:g}"
        if re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d]|\.\d)", plain):
            return True
    if value != int(value) or int(value) not in SPELLED:
        return False
    lowered = other.lower()
    return any(re.search(rf"(?<![a-z]){w}(?![a-z])", lowered) for w in SPELLED[int(value)])


def missing(f: Figure, ratio: float, garbled: bool) -> float:
    """How sure a missing figure is a real omission: less so for hedged, bare or messy ones."""
    confidence = 0.8
    if garbled:
        confidence *= 0.5
    if f.approximate or f.unit in LOOSE_UNITS:
        confidence *= 0.7
    if ratio < 0.6:  # the other side is much shorter: a summary, not a translation
        confidence *= 0.6
    return round(confidence, 2)
