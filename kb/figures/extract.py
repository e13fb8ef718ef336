"""Figures in one side of a paragraph: found, and read as a value, unit, kind and direction.

Pure functions: no I/O, no jieba. One compiled regex per language finds the candidates; the
words around each (a change verb, 约, 以上) give its direction, approximation and bounds. Years,
dates, quarters and ordinals are periods, never figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kb.figures.numerals import numeral_value
from kb.figures.patterns import (
    FIGURE_EN,
    FIGURE_ZH,
    HAS_NUMBER_EN,
    INDEX_BEFORE,
    LIST_GAP_EN,
    LIST_GAP_ZH,
    LIST_NEXT_EN,
    LIST_NEXT_ZH,
    NOT_BEFORE_ZH,
    PREFIX_ZH,
    SPOKEN_RANGE,
    START_EN,
    START_ZH,
    STRONG_UNITS,
    TRIGGER_ZH,
    YEAR_AFTER,
)
from kb.figures.words import (
    APPROX_BEFORE_EN,
    APPROX_BEFORE_ZH,
    CURRENCIES_EN,
    CURRENCIES_ZH,
    CURRENCY_SIGNS,
    DIRECTION_EN,
    DIRECTION_ZH,
    DURATIONS_EN,
    DURATIONS_ZH,
    LOWER_BOUND_EN,
    LOWER_BOUND_ZH,
    PER_UNITS,
    SCALES_EN,
    SCALES_ZH,
    UNITS_EN,
    UNITS_ZH,
    UPPER_BOUND_EN,
    UPPER_BOUND_ZH,
)
from kb.models import Figure


class Prefixed:
    """A Chinese match seen with the prefixes read backwards from its number."""

    __slots__ = ("m", "prefix", "begin")

    def __init__(self, m: re.Match, prefix: re.Match, begin: int):
        self.m, self.prefix, self.begin = m, prefix, begin

    def __getitem__(self, group: str):
        if group in ("per", "sign", "cur"):
            return self.prefix[group]
        return self.m[group]

    def start(self, group: int | str = 0) -> int:
        return self.begin if group == 0 else self.m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self.m.end(group)


def prefixed(m: re.Match, text: str) -> Prefixed | None:
    """The match with its 每X/负/currency prefix, or None when it sits inside a code or ordinal."""
    window = max(0, m.start() - 10)
    prefix = PREFIX_ZH.search(text, window, m.start())
    begin = prefix.start() if prefix else m.start()
    if begin and text[begin - 1] in NOT_BEFORE_ZH and not m["pct_cn"] and not m["double"]:
        return None
    if m["tenth"] and begin and text[begin - 1] == "十":
        return None
    return Prefixed(m, prefix, begin)


def extract_figures(text: str, lang: str) -> list[Figure]:
    """Every figure in one paragraph's text, with its span, value, unit and kind."""
    if lang == "zh":
        if not TRIGGER_ZH.search(text):
            return []
        matches = scan(FIGURE_ZH, START_ZH, text)
        found = (zh_figure(p, text) for m in matches if (p := prefixed(m, text)))
    else:
        if not HAS_NUMBER_EN.search(text):
            return []
        found = (en_figure(m, text) for m in scan(FIGURE_EN, START_EN, text))
    return share_units([f for group in found if group for f in group], text, lang)


def scan(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, trying the pattern only where `starts` says a match can begin."""
    pos = 0
    while candidate := starts.search(text, pos):
        m = pattern.match(text, candidate.start())
        if m and m.end() > m.start():
            yield m
            pos = m.end()
        else:
            pos = candidate.start() + 1


def share_units(figures: list[Figure], text: str, lang: str) -> list[Figure]:
    """Give a list its last member's unit (320亿、730亿和1,440亿美元; 5, 6, 7, 8 years).

    Bare numbers are kept only as list members; those that end up without a unit are dropped.
    """
    shared = list(figures)
    for i in range(len(shared) - 2, -1, -1):
        f, after = shared[i], shared[i + 1]
        shares = f.kind == "bare" or (lang == "zh" and f.kind == "number" and after.kind == "money")
        if shares and after.unit and after.kind not in ("bare", "number"):
            gap = text[f.end : after.start]
            if (LIST_GAP_ZH if lang == "zh" else LIST_GAP_EN).fullmatch(gap):
                kind = "money" if after.kind == "price" else after.kind
                shared[i] = replace(f, unit=after.unit, kind=kind)
    return [f for f in shared if f.kind != "bare"]


def is_year(num: str) -> bool:
    return len(num) == 4 and num[:2] in ("19", "20")


def bare(m: re.Match, text: str, lang: str) -> list[Figure]:
    """A bare Arabic number that may be the first member of a list, for share_units to finish."""
    num = m["num"]
    if not num[0].isdigit() or m["sign"] or m["cur"] or m["lo"] is not None:
        return []
    if is_year(num) or INDEX_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return []
    if not (LIST_NEXT_ZH if lang == "zh" else LIST_NEXT_EN).match(text, m.end("num")):
        return []
    return [Figure(lang, m.start("num"), m.end("num"), num, numeral_value(num), "", "bare")]


def zh_figure(m: re.Match, text: str) -> list[Figure]:
    """The figure (or two, for a rejected range) in one Chinese match."""
    if m["double"] or m["tenth"] or m["pct_cn"]:
        return zh_word_figure(m, text)
    unit, kind = zh_unit(m)
    num, scale = m["num"], SCALES_ZH.get(m["scale"] or "", 1.0)
    if not zh_is_figure(m, text, unit, kind, num):
        return bare(m, text, "zh") if kind == "number" else []
    value = numeral_value(num)
    if value is None:
        return []
    value *= scale
    low = high = None
    if m["lo"] is not None:
        low, split = zh_range(m, text, unit, kind, scale, value)
        if split is not None:
            return split
        high = value
    approx = bool(m["more"] or m["more2"] or m["after"])
    if m["more"] or m["more2"] or m["after"] in ("以上", "出头"):
        low = value
    return [
        modify(make(text, "zh", m.start(), m.end(), value, unit, kind, m), text, approx, low, high)
    ]


def zh_word_figure(m: re.Match, text: str) -> list[Figure]:
    """翻倍, 八成 and 百分之二十: figures written as words."""
    if m["double"]:
        value, unit = 2.0, "multiple"
    else:
        value = 100.0 if m["pnum"] == "百" else numeral_value(m["tenth"] or m["pnum"])
        if value is None:
            return []
        value, unit = (value * 10 if m["tenth"] else value), "%"
    kind = "multiple" if unit == "multiple" else "percent"
    return [
        modify(make(text, "zh", m.start(), m.end(), value, unit, kind, m), text, False, None, None)
    ]


def zh_unit(m: re.Match) -> tuple[str, str]:
    """(unit, kind) from a Chinese match's unit, currency sign or scale."""
    word = m["unit"]
    if word in CURRENCIES_ZH:
        return CURRENCIES_ZH[word], "money"
    if word in UNITS_ZH:
        return UNITS_ZH[word]
    if word in DURATIONS_ZH:
        return DURATIONS_ZH[word], "duration"
    if word:
        return "count", "count"
    if m["lo_pct"]:
        return "%", "percent"
    if m["cur"]:
        return CURRENCY_SIGNS[m["cur"]], "money"
    return "", "number"


def zh_is_figure(m: re.Match, text: str, unit: str, kind: str, num: str) -> bool:
    """Reject years, bare numbers and ordinary phrases such as 两家公司 or 三年."""
    chinese = not num[0].isdigit()
    if chinese and (SPOKEN_RANGE.fullmatch(num) or (len(num) == 1 and m["unit"] == "元")):
        return False  # 两三年 is "two or three years"; 三元 is usually "ternary", not ¥3
    if kind == "number":
        return bool(m["scale"]) or (chinese and len(num) > 1 and ("万" in num or "亿" in num))
    if kind in ("duration", "count") and chinese and len(num) < 2:
        return False
    if m["unit"] == "年":
        return not (
            is_year(num) or YEAR_AFTER.match(text, m.end()) or text[m.end() : m.end() + 1] == "代"
        )
    return True


def zh_range(m, text, unit, kind, scale, value) -> tuple[float | None, list | None]:
    """(low, None) for a range; (None, figures) for a list such as 1200亿、1300亿 or 从X到Y."""
    lo = numeral_value(m["lo"])
    lo_scale = SCALES_ZH[m["lo_scale"]] if m["lo_scale"] else scale
    listed = m["sep"] == "、" and (
        m["lo_scale"] or m["lo_pct"] or lo is None or not 0 < value - lo * lo_scale <= 5 * scale
    )
    if lo is not None and not listed and text[m.start() - 1 : m.start()] != "从":
        return lo * lo_scale, None
    return None, split_range(m, text, "zh", unit, kind, value, lo, lo_scale)


def split_range(m, text, lang, unit, kind, value, lo, lo_scale) -> list[Figure]:
    """The two figures of a match that looked like a range but is not one."""
    second = make(text, lang, m.start("num"), m.end(), value, unit, kind, m)
    figures = [modify(second, text, bool(lang == "zh" and (m["more"] or m["after"])), None, None)]
    if lo is None or not (m["lo_scale"] or m["lo_pct"] or m["cur"]):
        return figures
    first_end = max(m.end("lo"), m.end("lo_scale"), m.end("lo_pct"))
    lo_unit, lo_kind = ("%", "percent") if m["lo_pct"] else (unit, kind)
    if m["lo_scale"] and not m["cur"] and lang == "zh" and lo_kind != "money":
        lo_unit, lo_kind = "", "number"
    first = make(text, lang, m.start(), first_end, lo * lo_scale, lo_unit, lo_kind, m)
    return [modify(first, text, False, None, None), *figures]


def en_figure(m: re.Match, text: str) -> list[Figure]:
    """The figure in one English match, or nothing for a bare number."""
    if m["double"]:
        double = make(text, "en", m.start(), m.end(), 2.0, "multiple", "multiple")
        return [modify(double, text, False, None, None)]
    num = m["num"]
    scale_word = (m["scale"] or "").strip()
    scale = SCALES_EN.get(scale_word, SCALES_EN.get(scale_word.lower(), 1.0))
    unit, kind = en_unit(m)
    per = next((m[g] for g in ("per_a", "per_b", "per_c", "per_d") if m[g]), None)
    if not en_is_figure(m, num, unit, kind):
        return bare(m, text, "en") if kind == "number" else []
    value = numeral_value(num)
    if value is None:
        return []
    value *= scale
    end = m.start("per_all") if m["per_all"] and not (per and kind == "money") else m.end()
    low = high = None
    if m["lo"] is not None:
        lo = numeral_value(m["lo"])
        lo_scale = SCALES_EN.get((m["lo_scale"] or "").strip().lower(), scale)
        if lo is None or re.search(r"\bfrom\s+$", text[max(0, m.start() - 6) : m.start()]):
            return split_range(m, text, "en", unit, kind, value, lo, lo_scale)
        low, high = lo * lo_scale, value
    if per and kind == "money":
        kind, per = "price", per.lower()
    else:
        per = None
    figure = make(text, "en", m.start(), end, value, unit, kind, m, per=per)
    return [modify(figure, text, False, low, high)]


def en_unit(m: re.Match) -> tuple[str, str]:
    """(unit, kind) from an English match."""
    word = " ".join((m["unit"] or "").split()).lower()
    if word.startswith("-"):
        word = word[1:]
    if word in CURRENCIES_EN:
        return CURRENCIES_EN[word], "money"
    if word in UNITS_EN:
        return UNITS_EN[word]
    if word.rstrip("s") in DURATIONS_EN:
        return DURATIONS_EN[word.rstrip("s")], "duration"
    if word:
        return "count", "count"
    if m["cur"] or m["cur2"]:
        return CURRENCY_SIGNS.get((m["cur"] or m["cur2"]).strip().upper(), "USD"), "money"
    if m["lo_pct"]:
        return "%", "percent"
    return "", "number"


def en_is_figure(m: re.Match, num: str, unit: str, kind: str) -> bool:
    """Reject bare numbers, years and spelled-out numbers without a scale or a strong unit."""
    if not num[0].isdigit():
        return bool(m["scale"] and not m["scale"][0].isalpha()) or unit in STRONG_UNITS
    if kind == "number":
        return bool(m["scale"]) or ("," in num and not m.string[m.end() : m.end() + 1].isalpha())
    if kind in ("duration", "count"):
        return not is_year(num)
    return True


def make(text, lang, start, end, value, unit, kind="percent", m=None, per=None) -> Figure:
    """A Figure for text[start:end], signed by a leading 负 or minus."""
    if m is not None and m["sign"] and start == m.start():
        value = -abs(value)
    if m is not None and not per and lang == "zh" and (m["per"] or m["per2"]):
        per, kind = PER_UNITS[m["per"][1:] if m["per"] else m["per2"]], "price"
    direction = "down" if value is not None and value < 0 else None
    end = start + len(text[start:end].rstrip())
    return Figure(lang, start, end, text[start:end], value, unit, kind, direction, per=per)


def modify(f: Figure, text: str, approx: bool, low, high) -> Figure:
    """Apply the direction, approximation and bounds that the words around a figure give."""
    zh = f.lang == "zh"
    before = text[max(0, f.start - (8 if zh else 40)) : f.start]
    hedge = (APPROX_BEFORE_ZH if zh else APPROX_BEFORE_EN).search(before)
    if hedge and not (f.kind == "duration" and hedge.group(0).strip().lower() == "over"):
        word = hedge.group(0).strip().lower() if zh else hedge.group(1).lower()
        approx = True
        if word in (LOWER_BOUND_ZH if zh else LOWER_BOUND_EN):
            low = f.value
        elif word in (UPPER_BOUND_ZH if zh else UPPER_BOUND_EN):
            high = f.value
    value, direction = f.value, f.direction
    turn = (DIRECTION_ZH if zh else DIRECTION_EN).search(before) if direction is None else None
    if turn and (turn["up"] or turn["down"]):
        direction = "down" if turn["down"] else "up"
    if direction == "down":
        value = -abs(value)
        low, high = (-high if high is not None else None), (-low if low is not None else None)
    if low is not None and high is not None and low != high:
        value, approx = (low + high) / 2, True
    return replace(f, value=value, direction=direction, approximate=approx, low=low, high=high)
