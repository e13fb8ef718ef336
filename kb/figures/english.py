"""English figures: a FIGURE_EN match read as value, unit, kind, bounds and what it counts.

"70,000 years ago" is a date, "a hundred percent sure" an idiom, "doubling down" a figure of
speech, "3 times a week" occasions; "25 or 30%" and "between 5 and 6 billion" are ranges and
"several hundred basis points" a vague one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.figures.numerals import numeral_value, power_of_ten, shared_places
from kb.figures.patterns import (
    AGO_EN,
    BETWEEN_EN,
    FIRST_BEFORE_EN,
    FRAMING_BEFORE_EN,
    INDEX_BEFORE,
    LIST_NEXT_EN,
    NOT_NOUNS_EN,
    NOUN_AFTER_EN,
    OCCASIONS_EN,
    OF_AFTER_EN,
    STRONG_UNITS,
)
from kb.figures.surface import RATES, make, modify, split_range
from kb.figures.words import (
    COUNTED_WORDS,
    CURRENCIES_EN,
    CURRENCY_SIGNS,
    DURATIONS_EN,
    IDIOM_AFTER_EN,
    IDIOM_ALONE_EN,
    IDIOM_BEFORE_EN,
    KIND_OF_PERSON_EN,
    MEASURES_EN,
    PER_DAY_AFTER,
    SCALES_EN,
    UNITS_EN,
    VAGUE_EN,
)
from kb.models import Figure

AGE_EN = re.compile(r"[\s-]old$", re.I)
# "from 5 to 6" is a change, but "anywhere from 5 to 6" or "ranges from $30 to $40" a range
FROM_BEFORE = re.compile(
    r"(?<!anywhere )(?<!ranges )(?<!range )(?<!ranging )(?<!varies )"
    r"\bfrom\s+(?:(?:just\s+)?(?:under|over|about|around|roughly|nearly|almost|below|above)\s+)?$",
    re.I,
)
DOWN_AFTER = re.compile(r"\s+down\b", re.I)  # doubling down
CODE_BEFORE = re.compile(r"[A-Za-z]-$")  # H-1B, COVID-19, F-35: a name's number
BASE_BEFORE = re.compile(r"\bper\s+$", re.I)  # crimes per 100,000 residents: a rate's base
# A window of an indicator: a 52-week high, the 200-day moving average.
WINDOW_AFTER = re.compile(r"[- ](?:week|day)[- ](?:high|low|moving|average)", re.I)


def en_figure(m: re.Match, text: str) -> list[Figure]:
    """The figure in one English match, or nothing for a bare number."""
    if m["double"]:
        if DOWN_AFTER.match(text, m.end()):
            return []
        double = make(text, "en", m.start(), m.end(), 2.0, "multiple", "multiple")
        return [modify(double, text, False, None, None)]
    if m["vague"]:
        return vague_figure(m, text)
    num = m["num"]
    scale_word = (m["scale"] or "").strip()
    scale = SCALES_EN.get(scale_word, SCALES_EN.get(scale_word.lower(), 1.0))
    unit, kind = en_unit(m["unit"], m["cur"] or m["cur2"], m["lo_pct"])
    if unit == "multiple" and m["scale"] and OCCASIONS_EN.match(text, m.end("unit")):
        unit, kind = "count", "count"  # "57 million times an hour": occasions, counted
    noun = counted_noun(text, m.end()) if kind == "number" and not m["per_all"] else None
    if noun and (m["scale"] or "," in num or noun.lower() in COUNTED_WORDS):
        unit, kind = "count", "count"  # 600,000 EVs, 500 residents; not 100 rows
    else:
        noun = None
    if not en_is_figure(m, text, num, unit, kind):
        return bare(m, text) if kind == "number" else []
    value = numeral_value(num)
    if value is None or idiom(m, text, value, unit) or named_or_base(m, text, value * scale):
        return []
    value *= scale / 100 if (m["unit"] or "").strip().lower() in ("cents", "cent") else scale
    per = next((m[g] for g in ("per_a", "per_b", "per_c", "per_d") if m[g]), None)
    end = m.start("per_all") if m["per_all"] and not (per and kind == "money") else m.end()
    low = high = None
    if m["lo"] is not None:
        lo = numeral_value(m["lo"])
        lo_scale = SCALES_EN.get((m["lo_scale"] or "").strip().lower(), scale)
        low = lo * lo_scale if lo is not None else None
        if low is not None and not m["lo_scale"]:
            low = shared_places(low, value)  # "30 to 40,000", "two to $300"
        if not is_range(m, text, low, value):
            start = m.start("cur2") if m["cur2"] else m.start("num")
            second = make(text, "en", start, m.end(), value, unit, kind, m)
            return split_range(m, text, "en", second, first_of(m, text, low, unit, kind))
        high = value
    if per and kind == "money":
        kind, per = "price", per.lower()
    elif per and kind in RATES:
        per = per.lower()  # 3,000 people a day, 16 hours a day
    else:
        per = None
    figure = make(text, "en", m.start(), end, value, unit, kind, m, per=per)
    figure = modify(figure, text, False, low, high)
    if kind == "count" or unit == "bbl":
        figure = replace(figure, metric=count_metric(noun, m, text))
    elif AGE_EN.search(m["unit"] or ""):
        figure = replace(figure, metric="age")  # 34 years old, a 45-year-old, as 岁 is
    return [figure]


def named_or_base(m: re.Match, text: str, value: float) -> bool:
    """A number that is part of a name (H-1B, COVID-19), the window of an indicator (a 52-week
    high) or the base of a rate (per 100,000 residents), not a quantity told."""
    start = m.start()
    if CODE_BEFORE.search(text, max(0, start - 2), start) or WINDOW_AFTER.match(text, m.end()):
        return True
    return bool(BASE_BEFORE.search(text, max(0, start - 5), start)) and power_of_ten(value)


def is_range(m: re.Match, text: str, low: float | None, value: float) -> bool:
    """5-6%, 5 to 6%, "25 or 30%" (close ends) and "between 5 and 6" are ranges; "from 5 to 6"
    is a change, and "5 or 15 years", "5 and 6" are lists."""
    if low is None or FROM_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return False
    if m["lo_unit"] and en_unit(m["lo_unit"], None, None)[0] != en_unit(m["unit"], None, None)[0]:
        return False  # "12 months to 0%", "30 minutes to 1 hour": two figures
    sep = m["sep"].strip().lower()
    if sep == "or":
        return 0 < low < value <= 2 * low
    if sep == "and":
        return bool(BETWEEN_EN.search(text, max(0, m.start() - 20), m.start()))
    return True


def first_of(m: re.Match, text: str, low, unit: str, kind: str) -> Figure | None:
    """The first figure of a change or list: its own scale, percent or currency, else a bare
    list member for share_units to finish."""
    if low is None:
        return None
    end = max(m.end("lo"), m.end("lo_scale"), m.end("lo_pct"), m.end("lo_unit"))
    if m["lo_unit"]:  # "from 3 years to 5 years", "5 years and 6 years"
        unit, kind = en_unit(m["lo_unit"], None, None)
    elif not (m["lo_scale"] or m["lo_pct"] or m["cur"]):
        return Figure("en", m.start("lo"), end, text[m.start("lo") : end], low, "", "bare")
    if m["lo_pct"]:
        unit, kind = "%", "percent"
    return make(text, "en", m.start(), end, low, unit, kind, m)


def vague_figure(m: re.Match, text: str) -> list[Figure]:
    """several hundred basis points, hundreds of millions of dollars, thousands of jobs."""
    phrase = " ".join(m["vague"].lower().split())
    low, high = VAGUE_EN[phrase]
    unit, kind = en_unit(m["vunit"], None, None)
    end = m.end()
    if "dollar" in phrase:  # multibillion-dollar: the unit is in the word
        unit, kind, end = "USD", "money", m.end("vague")
    noun = counted_noun(text, end) if kind == "number" else None
    if noun:
        unit, kind = "count", "count"
    if kind == "number" or (kind == "duration" and AGO_EN.match(text, end)):
        return []  # "millions of years ago": a date past
    figure = make(text, "en", m.start(), end, (low + high) / 2, unit, kind)
    figure = modify(figure, text, True, low, high)
    return [replace(figure, metric=count_metric(noun, m, text)) if kind == "count" else figure]


def counted_noun(text: str, end: int) -> str | None:
    """The plural noun a number counts (600,000 EVs, 1.5 million registered agents), if any: a
    noun kb knows first (10 sales people: people), else the nearest."""
    nouns = [found["noun"] for pattern in NOUN_AFTER_EN if (found := pattern.match(text, end))
             and found["noun"].lower() not in NOT_NOUNS_EN]  # fmt: skip
    known = [n for n in nouns if counted_word(n)]
    return (known or nouns or [None])[0]


def counted_word(noun: str) -> str | None:
    """kb's word for what a noun counts (evs, EV: vehicles), if it knows one."""
    word = noun.strip().lower()
    return COUNTED_WORDS.get(word) or COUNTED_WORDS.get(word.rstrip("s"))


def count_metric(noun: str | None, m: re.Match, text: str) -> str | None:
    """What a count counts, in kb's words: vehicles for EVs, barrels per day for a daily rate."""
    unit = m["vunit"] if m["vague"] else m["unit"]
    metric = counted_word(noun or unit or "")
    daily = (m["per_d"] or "").lower() == "day" or PER_DAY_AFTER.match(text, m.end())
    if metric == "barrels" and daily:
        return "barrels per day"
    return metric


def en_unit(word: str | None, cur: str | None, lo_pct: str | None) -> tuple[str, str]:
    """(unit, kind) from an English match's unit word or currency sign."""
    raw = " ".join((word or "").split())
    word = AGE_EN.sub("", raw.lower().removeprefix("-"))
    if word in CURRENCIES_EN:
        return CURRENCIES_EN[word], "money"
    if word in UNITS_EN:
        return UNITS_EN[word]
    if word.rstrip("s") in DURATIONS_EN:
        return DURATIONS_EN[word.rstrip("s")], "duration"
    if raw in MEASURES_EN or word in MEASURES_EN:
        return MEASURES_EN.get(raw) or MEASURES_EN[word], "measure"
    if word:
        return "count", "count"
    if cur:
        return CURRENCY_SIGNS.get(cur.strip().upper(), "USD"), "money"
    if lo_pct:
        return "%", "percent"
    return "", "number"


def en_is_figure(m: re.Match, text: str, num: str, unit: str, kind: str) -> bool:
    """Reject bare numbers, years, dates past, occasions, and spelled-out numbers without a
    scale or a strong unit."""
    if kind == "duration" and (AGO_EN.match(text, m.end()) or framing(m, text)):
        return False  # "10 years ago", "Over the last 10 years, …"
    if kind == "duration" and OF_AFTER_EN.match(text, m.end()):
        if FIRST_BEFORE_EN.search(text, max(0, m.start() - 8), m.start()):
            return False  # "the first 4 months of 2024": months to date
    if unit == "multiple" and OCCASIONS_EN.match(text, m.end("unit")):
        return False  # "3 times a week"; a scaled one is a count, see en_figure
    if not num[0].isdigit():
        return bool(m["scale"] and not m["scale"][0].isalpha()) or unit in STRONG_UNITS
    if kind == "number":
        return bool(m["scale"]) or ("," in num and not text[m.end() : m.end() + 1].isalpha())
    if kind in ("duration", "count"):
        return not is_year(num)
    return True


def framing(m: re.Match, text: str) -> bool:
    """ "Over the last 10 years, …": the time its clause looks over, set off before it."""
    return text.startswith(",", m.end()) and bool(
        FRAMING_BEFORE_EN.search(text, max(0, m.start() - 30), m.start())
    )


def idiom(m: re.Match, text: str, value: float, unit: str) -> bool:
    """Said for "absolutely", not as a quantity: "100% sure", "a hundred percent."; or of a
    kind of person: "a 10x engineer"."""
    if unit == "multiple" and KIND_OF_PERSON_EN.match(text, m.end()):
        return True
    if value != 100 or unit != "%" or m["lo"] is not None:
        return False
    if IDIOM_AFTER_EN.match(text, m.end()):
        return True
    if IDIOM_BEFORE_EN.search(text, max(0, m.start() - 20), m.start()):
        return True
    alone = text[m.end() : m.end() + 1] in ("", ".", "!", ",", "?")
    return alone and bool(IDIOM_ALONE_EN.search(text, max(0, m.start() - 20), m.start()))


def is_year(num: str) -> bool:
    return len(num) == 4 and num[:2] in ("19", "20")


def bare(m: re.Match, text: str) -> list[Figure]:
    """A bare Arabic number that may be the first member of a list, for share_units to finish."""
    num = m["num"]
    if not num[0].isdigit() or m["sign"] or m["cur"] or m["lo"] is not None:
        return []
    if is_year(num) or INDEX_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return []
    if not LIST_NEXT_EN.match(text, m.end("num")):
        return []
    return [Figure("en", m.start("num"), m.end("num"), num, numeral_value(num), "", "bare")]
