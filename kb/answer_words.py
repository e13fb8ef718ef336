"""How an answer says a value, a metric and a source, in Chinese or in English."""

from __future__ import annotations

from itertools import pairwise

from kb.figures.sentences import sentence_at, sentence_ends
from kb.figures.words import METRICS, PER_UNITS, UNITS_ZH, base_metric

SIGNS = {"USD": "$", "CAD": "C$", "HKD": "HK$", "EUR": "€", "GBP": "£"}
ZH_CURRENCY = {"USD": "美元", "CNY": "元", "CAD": "加元", "HKD": "港元", "JPY": "日元"}
ZH_CURRENCY |= {"EUR": "欧元", "GBP": "英镑", "TWD": "新台币", "KRW": "韩元", "AUD": "澳元"}
EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
ZH_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
ZH_UNITS = {unit: word for word, (unit, _) in reversed(UNITS_ZH.items())}  # the first word wins
EN_UNITS = {"%": "%", "pp": " percentage points", "bp": " basis points", "multiple": "x"}
PER_ZH = {unit: f"每{word}" for word, unit in reversed(PER_UNITS.items())}


def number(value: float) -> str:
    """3 significant figures at most, without a trailing .0: 1.4, 62.3, 455."""
    text = f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return text.replace("e+", "e")


def scaled(value: float, scales) -> tuple[float, str]:
    for size, word in scales:
        if abs(value) >= size:
            return value / size, word
    return value, ""


def say_value(value: float | None, unit: str, lang: str, per: str | None = None) -> str:
    """A value in base units as a reader would write it: 500亿美元, $50 billion, 5.8%."""
    if value is None:
        return "?"
    if unit in ZH_UNITS:
        return number(value) + (ZH_UNITS if lang == "zh" else EN_UNITS)[unit]
    if lang == "zh":
        amount, word = scaled(value, ZH_SCALES)
        text = number(amount) + word + ZH_CURRENCY.get(unit, "" if unit == "count" else unit)
        return (PER_ZH.get(per, f"每{per}") + text) if per else text
    amount, word = scaled(value, EN_SCALES)
    text = number(amount) + (f" {word}" if word else "")
    if unit in SIGNS:
        text = SIGNS[unit] + text
    elif unit not in ("", "count"):
        text += f" {unit}"
    return text + (f" per {per}" if per else "")


def metric_name(metric: str | None, lang: str) -> str:
    """The metric as the question's language names it: 营收 or revenue."""
    if not metric:
        return ""
    base = base_metric(metric)
    change = {"zh": "同比", "en": "year over year"}[lang] if metric.endswith(" yoy") else ""
    words = METRICS.get(base) or (metric,)
    if lang == "zh":
        return change + next((w for w in words if not w.isascii()), base)
    return " ".join(
        x for x in (next((w for w in words if w.isascii() and w.islower()), base), change) if x
    )


def source(title: str, date: str | None, lang: str) -> str:
    """《title》（date） or “title” (date)."""
    if lang == "zh":
        return f"《{title}》" + (f"（{date}）" if date else "")
    return f"“{title}”" + (f" ({date})" if date else "")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph that holds more than spaces."""
    bounds = [0, *sentence_ends(text), len(text)]
    return [(a, b) for a, b in pairwise(bounds) if text[a:b].strip()]


def best_sentences(text: str, terms: list[str], most: int = 2) -> tuple[str, int | None]:
    """The (at most `most`) adjacent sentences naming the most of `terms`, and where they start.

    Returns ("", None) when no sentence names any term.
    """
    spans = sentences(text)
    lowered = [text[s:e].lower() for s, e in spans]
    counts = [sum(1 for t in terms if findable(t) in s) for s in lowered]
    if not counts or max(counts) == 0:
        return "", None
    i = counts.index(max(counts))
    j = i + 1 if most > 1 and i + 1 < len(spans) and counts[i + 1] else i
    return text[spans[i][0] : spans[j][1]].strip(), spans[i][0]


def sentence_like(text: str, offset: int, length: int) -> str:
    """The sentence of `text` at the same relative place as `offset` in a text of `length`."""
    if not text:
        return ""
    at = min(len(text) - 1, int(offset / max(length, 1) * len(text)))
    return sentence_at(text, at, at + 1)


def findable(term: str) -> str:
    """A term as it is looked for in lower-cased text: "databases" finds "database" too."""
    term = term.lower()
    if term.isascii() and term.isalpha() and len(term) > 4:
        for suffix in ("ing", "es", "ed", "s", "e"):
            if term.endswith(suffix) and len(term) - len(suffix) >= 4 and not term.endswith("ss"):
                return term[: -len(suffix)]
    return term


def names_any(text: str, terms) -> bool:
    lowered = text.lower()
    return any(findable(t) in lowered for t in terms)
