"""Chinese figures: a FIGURE_ZH match read as value, unit, kind, bounds and what it counts.

Years in any script (2025年, 二零二五年, 25年10月), dates past (三年前), names (10年期, 90年代)
and idioms (百分之百确定, 一百个放心) are not figures; 几, 数 and 上 make a vague amount a range.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.figures.numerals import numeral_bounds, numeral_value, power_of_ten, shared_places
from kb.figures.patterns import (
    AFTER_DURATION_ZH,
    COUNTED_NOUN_ZH,
    ERA_BEFORE_ZH,
    FIGURE_ZH_ONE,
    FRAMING_AFTER_ZH,
    FRAMING_BEFORE_ZH,
    INDEX_BEFORE,
    LIST_NEXT_ZH,
    NEGATED_BEFORE_ZH,
    NOT_BEFORE_ZH,
    NOUN_AFTER_ZH,
    NOUN_BEFORE_ZH,
    ONE_IN_WORD,
    PREFIX_ZH,
    PRICE_BEFORE,
    QUALIFIED_NOUN_AFTER_ZH,
    SPOKEN_RANGE,
    TO_DATE_BEFORE_ZH,
    WORD_AFTER_ZH,
    YEAR_AFTER,
)
from kb.figures.periods import is_year_numeral
from kb.figures.surface import make, modify, split_range
from kb.figures.words import (
    ATTITUDE_AFTER_ZH,
    COUNTED_WORDS,
    CURRENCIES_ZH,
    CURRENCY_SIGNS,
    DIRECTION_ZH,
    DURATIONS_ZH,
    IDIOM_AFTER_ZH,
    KINDS_COUNTED,
    MEASURES_ZH,
    NOT_SIGN_BEFORE_ZH,
    PER_DAY_AFTER,
    PER_DAY_BEFORE,
    SCALES_ZH,
    UNITS_ZH,
)
from kb.models import Figure

# 50%甚至更多: at least 50
AT_LEAST_AFTER = ("以上", "出头", "上方", "多", "甚至更多", "或更多", "或者更多")
AT_MOST_AFTER = ("以下", "以内", "之内", "下方", "不到", "不足")
LATIN_BEFORE = re.compile(r"[A-Za-z][ \u00a0]$")  # Bill 98, Model 3: a name's number
BASE_BEFORE_ZH = re.compile(r"每\s?$")  # 每10万人有3家书店: the base of a rate
# The window of an indicator: 52周新高, 20日均线.
WINDOW_AFTER_ZH = re.compile(r"\s?(?:新高|新低|高点|低点|最高|最低|均线|线)")
PLACES = re.compile(r"[十百千万亿]")
SPOKEN_MONEY = frozenset("元刀块")  # after a lone numeral, a word: 三元 ternary, 一刀切, 一块
# What 块 counts, pieces (10万块GPU, 3块新芯片, 两块地); said of anything else it is yuan said
# aloud (两万块, 20块人民币, 股价涨到320块了).
PIECES_AFTER = re.compile(
    r"\s?(?:[A-Za-z]|(?:(?![的了])[\u4e00-\u9fff]){0,2}?"
    r"(?:芯片|显卡|晶圆|屏|板|砖|石|地|田|牌|电池|标本|碎片))"
)


class Prefixed:
    """A Chinese match seen with the prefixes read backwards from its number."""

    __slots__ = ("m", "prefix", "begin", "signed")

    def __init__(self, m: re.Match, prefix: re.Match | None, begin: int, signed: bool):
        self.m, self.prefix, self.begin, self.signed = m, prefix, begin, signed

    def __getitem__(self, group: str):
        if group == "sign":
            return self.prefix["sign"] if self.signed else None
        if group in ("per", "cur"):
            return self.prefix[group] if self.prefix else None
        return self.m[group]

    def start(self, group: int | str = 0) -> int:
        return self.begin if group == 0 else self.m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self.m.end(group)

    def number_start(self) -> int:
        """Where the figure begins without its 每X prefix."""
        return self.m.start()


def prefixed(m: re.Match, text: str) -> Prefixed | None:
    """The match with its 每X/负/currency prefix, or None when it sits inside a code or ordinal.

    负 (or 负的: 净利率是负的2%) that ends a word (正负 ±, 背负 to carry) is not a minus.
    """
    prefix = PREFIX_ZH.search(text, max(0, m.start() - 10), m.start())
    begin = prefix.start() if prefix else m.start()
    signed = bool(prefix and prefix["sign"])
    sign = prefix.start("sign") if signed else 0
    if signed and prefix["sign"][0] == "负" and text[sign - 1 : sign]:
        if text[sign - 1] in NOT_SIGN_BEFORE_ZH:
            signed, begin = False, prefix.start("cur") if prefix["cur"] else m.start()
    if begin and text[begin - 1] in NOT_BEFORE_ZH and not m["pct_cn"] and not m["double"]:
        return None
    if m["tenth"] and begin and text[begin - 1] == "十":
        return None
    return Prefixed(m, prefix, begin, signed)


def zh_figure(m, text: str) -> list[Figure]:
    """The figure (or two, for a rejected range) in one Chinese match."""
    if m["double"] or m["tenth"] or m["pct_cn"]:
        return word_figure(m, text)
    if m["unit"] == "年" and m["lo"] and len(m["lo"]) == 4 and m["lo"][:2] in ("19", "20"):
        return []  # 2017-18年: a span of years, not a length of time
    if "几" in text[m.start() : m.end()] and QUESTION_AFTER.match(text, m.end()):
        return []  # 还能翻几倍？: asked, not said
    if m["unit"] == "个点" and not DIRECTION_ZH.search(text, max(0, m.start() - 12), m.start()):
        return []  # 这是一个点: a point made, not a percentage point
    if m["unit"] == "年" and text.startswith("薪", m.end()):
        return []  # 十几万年薪: a salary, not a length of time
    if m["unit"] == "年" and (m["num"] or "").startswith(("零", "〇")):
        return []  # 零八年 is 2008: no length of time begins with 零
    if m["lo_unit"] == "年" and is_year_numeral(m["lo"], text, m.start("lo"), m.end("lo_unit")):
        return second_alone(m, text)  # 2025年到2100年, 2030年到1万亿: a year first
    unit, kind = zh_unit(m, text)
    scale = SCALES_ZH.get(m["scale"] or "", 1.0)
    if m["vague"]:
        bounds = vague_bounds(m)
        if bounds is None or (kind == "duration" and AFTER_DURATION_ZH.match(text, m.end())):
            return []  # 数十年前: a date past
    else:
        num = m["num"]
        if not zh_is_figure(m, text, unit, kind, num):
            if kind == "number":
                return bare(m, text)
            return lone_first(m, text, unit, kind)
        bounds = numeral_bounds(num)
        if bounds is None:
            return []
    low, high = bounds[0] * scale, bounds[1] * scale
    if half(m):
        low, high = low + 0.5, high + 0.5  # 3年半, 一个半月
    metric = None
    if kind == "number" and (m["scale"] or m["vague"] or "万" in m["num"] or "亿" in m["num"]):
        metric = counted(text, m.start(), m.end())
        if metric:
            unit, kind = "count", "count"
    elif kind in ("count", "measure"):
        metric = count_metric(m, text, unit)
    elif m["unit"] == "岁":
        metric = "age"
    if m["lo"] is not None:
        split = zh_range(m, text, unit, kind, scale, (low, high))
        if isinstance(split, list):
            return split
        low = split
    if low == high and kind in ("count", "number") and based(m, text, low):
        return []
    if m["unit"] in ("周", "日", "天") and WINDOW_AFTER_ZH.match(text, m.end()):
        return []
    approx = bool(m["more"] or m["more2"] or m["after"] or m["vague"] or low != high)
    value = high if m["lo"] is not None or low == high else (low + high) / 2
    if m["more"] or m["more2"] or m["after"] in AT_LEAST_AFTER:
        low, high = value, (high if high != value else None)
    elif m["after"] in AT_MOST_AFTER:
        low, high = None, value
    elif m["vague"] == "上":
        high = None
    elif low == high:
        low = high = None
    figure = make(text, "zh", m.start(), m.end(), value, unit, kind, m)
    figure = modify(figure, text, approx, low, high)
    return [figure if metric is None else replace(figure, metric=metric)]


def based(m, text: str, value: float) -> bool:
    """每10万人, 每100个: a round base a rate is told per, not a quantity."""
    return bool(BASE_BEFORE_ZH.search(text, max(0, m.start() - 2), m.start())) and power_of_ten(
        value
    )


def vague_bounds(m) -> tuple[float, float] | None:
    """数十亿 (2e9 to 9e9) and 上千 (1,000 or more) as (low, high)."""
    place = numeral_value("一" + m["vnum"])
    if place is None:
        return None
    return (place, place) if m["vague"] == "上" else (2 * place, 9 * place)


def word_figure(m, text: str) -> list[Figure]:
    """翻倍, 八成 and 百分之二十 (百分之五到百分之八): figures written as words."""
    if m["double"]:
        if NEGATED_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            return []  # 没有翻倍: what did not happen
        value, unit, low, high = 2.0, "multiple", None, None
    else:
        if m["pnum"] == "百" and idiom(m, text):
            return []
        value = 100.0 if m["pnum"] == "百" else numeral_value(m["tenth"] or m["pnum"])
        if value is None:
            return []
        value, unit = (value * 10 if m["tenth"] else value), "%"
        low = numeral_value(m["plo"]) if m["plo"] else None
        high = value if low is not None else None
    end, approx = m.end(), False
    if m["double"] and text.startswith("多", end) and not text.startswith("多少", end):
        end, approx, low = end + 1, True, value  # 翻了一倍多: more than doubled
    elif not m["double"] and (after := WORD_AFTER_ZH.match(text, end)):
        end, approx = after.end(), True  # 百分之七左右, 七成以上
        if after["after"] in AT_LEAST_AFTER:
            low = value
        elif after["after"] in AT_MOST_AFTER:
            high = value
    kind = "multiple" if unit == "multiple" else "percent"
    figure = make(text, "zh", m.start(), end, value, unit, kind, m)
    return [modify(figure, text, approx, low, high)]


def idiom(m, text: str, after: re.Pattern = IDIOM_AFTER_ZH) -> bool:
    """百分之百 and 一百个 said for "absolutely" (百分之百确定, 一百个放心), not as a quantity: no
    change word before it, and an attitude or verb after it."""
    if DIRECTION_ZH.search(text, max(0, m.start() - 14), m.start()):
        return False
    return bool(after.match(text, m.end()))


def half(m) -> bool:
    """Whether a length of time has a half more: 3年半, 两天半, 一个半月, 两个半小时."""
    return bool(m["half"]) or "半" in (m["unit"] or "")


def zh_unit(m, text: str) -> tuple[str, str]:
    """(unit, kind) from a Chinese match's unit, currency sign or scale."""
    word = m["unit"]
    if word == "块" and not PIECES_AFTER.match(text, m.end()):
        return "CNY", "money"  # 两万块: yuan said aloud, but 10万块GPU are counted
    if word in CURRENCIES_ZH:
        return CURRENCIES_ZH[word], "money"
    if word in UNITS_ZH:
        return UNITS_ZH[word]
    if word in DURATIONS_ZH:
        return DURATIONS_ZH[word], "duration"
    if word in MEASURES_ZH:
        return MEASURES_ZH[word], "measure"
    if word:
        return "count", "count"
    if m["lo_pct"]:
        return "%", "percent"
    if m["cur"]:
        return CURRENCY_SIGNS[m["cur"]], "money"
    return "", "number"


QUESTION_AFTER = re.compile(r"\s?(?:了|呢|吗|啊)?\s?[？?]")
NEGATED_BEFORE = re.compile(r"(?:没有|没|未|不会|不能|难以|无法)\s?$")


def zh_is_figure(m, text: str, unit: str, kind: str, num: str) -> bool:
    """Reject years, dates past, names and ordinary phrases such as 两家公司 or 三年."""
    chinese = not num[0].isdigit()
    if chinese and num[0] == "一" and text[m.start("num") - 1 : m.start("num")] in ONE_IN_WORD:
        return False  # 单一零件, 唯一: 一 is part of a word
    if chinese and (SPOKEN_RANGE.fullmatch(num) or (len(num) == 1 and m["unit"] in SPOKEN_MONEY)):
        return False  # 两三年 is "two or three years"; 三元 is usually "ternary", not ¥3; 一刀切
    if kind == "number":
        return bool(m["scale"]) or (chinese and len(num) > 1 and ("万" in num or "亿" in num))
    if kind in ("duration", "count") and chinese and len(num) < 2 and not spoken_range(m):
        # 三年 is a phrase; 两年半 is a length of time, and 两年半前 a date past
        return half(m) and not AFTER_DURATION_ZH.match(text, m.end())
    if NEGATED_BEFORE_ZH.search(text, max(0, m.start() - 4), m.start()):
        return False  # 不是30%，也不是40%
    if m["unit"] == "周" and text.startswith("年", m.end()):
        return False  # 250周年: an anniversary, not 250 weeks
    if m["unit"] == "年" and chinese and len(num) > 2 and not PLACES.search(num):
        return False  # 二零二零二五年: a year said digit by digit, stammered
    if kind in ("count", "duration") and LATIN_BEFORE.search(
        text, max(0, m.start() - 2), m.start()
    ):
        return False
    if kind == "count" and num in ("一百", "一千", "一万") and idiom(m, text):
        return False
    if kind == "percent" and num == "100" and not m["lo"] and idiom(m, text, ATTITUDE_AFTER_ZH):
        return False  # 100%同意, like 百分之百确定
    if (
        kind == "measure"
        and num == "一"
        and (
            text.startswith("冷水", m.end())
            or PRICE_BEFORE.search(text, max(0, m.start() - 3), m.start())
        )
    ):
        return False  # 泼一桶冷水; 五千块钱一平米, 80美元一桶: the unit of a price
    if kind == "duration" and (
        AFTER_DURATION_ZH.match(text, m.end())
        or ERA_BEFORE_ZH.search(text, max(0, m.start() - 4), m.start())
        or TO_DATE_BEFORE_ZH.search(text, max(0, m.start() - 8), m.start())
        or framing(m, text)
    ):
        return False  # 三年前, 10年期, 90年代, 公元前300年, 今年前10个月, 过去50年, 几十年来，
    if m["unit"] == "年":
        year = is_year_numeral(num, text, m.start("num"), m.end("unit"))
        return not (year or YEAR_AFTER.match(text, m.end()))
    return True


def framing(m, text: str) -> bool:
    """过去50年，…, 几十年来，… or 在过去的二十六年里: the time its clause looks over, not a
    length the episode measures."""
    after = FRAMING_AFTER_ZH.match(text, m.end())
    if not after:
        return False
    return "来" in after[0] or bool(
        FRAMING_BEFORE_ZH.search(text, max(0, m.start() - 4), m.start())
    )


def spoken_range(m) -> bool:
    """三到五年: a range, where each end alone (三年) would be ordinary language."""
    return m["lo"] is not None and m["sep"] not in ("、", "或", "或者")


def counted(text: str, start: int, end: int) -> str | None:
    """The metric of a bare amount that counts something: 30万雇员, 员工16万, 3亿非洲人."""
    after = NOUN_AFTER_ZH.match(text, end)
    if after:
        return COUNTED_WORDS[after["noun"].lower()]
    before = NOUN_BEFORE_ZH.search(text, max(0, start - 10), start)
    return COUNTED_WORDS[before["noun"].lower()] if before else None


def count_metric(m, text: str, unit: str) -> str | None:
    """What a count counts: the noun after its measure word (名员工 → employees), else the measure
    word's own (辆 → vehicles); barrels a day (100万桶/日) for a rate."""
    if unit == "bbl":
        per_day = (
            PER_DAY_AFTER.match(text, m.end())
            or PER_DAY_BEFORE.search(text, max(0, m.start() - 8), m.start())
            or "天" in (m["per"] or "") + (m["per2"] or "")  # 每天200万桶, 200万桶一天
        )
        return "barrels per day" if per_day else "barrels"
    if m["unit"] in MEASURES_ZH:
        return None  # 4纳米晶圆: a node's size, not wafers counted
    after = NOUN_AFTER_ZH.match(text, m.end())
    if not after and m["unit"] != "人":
        after = QUALIFIED_NOUN_AFTER_ZH.match(text, m.end())
    if after and not (after["noun"] == "人" and text.startswith("家", after.end())):
        head = after  # the last noun of a compound counts: 3家汽车公司 are companies
        while (further := COUNTED_NOUN_ZH.match(text, head.end())) is not None:
            head = further
        metric = COUNTED_WORDS[head["noun"].lower()]
        kinds = KINDS_COUNTED.get(m["unit"])
        return metric if kinds is None or metric in kinds else COUNTED_WORDS[m["unit"]]
    return COUNTED_WORDS.get(m["unit"]) if m["unit"] != "个" else None  # 一万户人家: households


def zh_range(m, text, unit, kind, scale, bounds) -> float | list[Figure]:
    """The low end of a range (2到3倍, 6%或7%), or the figures of a list (1200亿、1300亿,
    两年或15年) or of a change (从X到Y); `bounds` are the second figure's own (几十倍 is 20 to
    90)."""
    value, own = bounds[0], (bounds[0] + bounds[1]) / 2
    lo = numeral_value(m["lo"])
    lo_scale = SCALES_ZH[m["lo_scale"]] if m["lo_scale"] else (1 if m["lo_pct"] else scale)
    low = lo * lo_scale if lo is not None else None
    if low is not None and not (m["lo_scale"] or m["lo_pct"]):
        low = shared_places(low, value)  # 两到三千亿, 一到两百万
    lo_unit = zh_unit_of(m["lo_unit"]) if m["lo_unit"] else None
    sep = m["sep"]
    # 增长150%至90亿美元: a change in percent, then the level it came to, not one range
    same_unit = (lo_unit is None or lo_unit == (unit, kind)) and (not m["lo_pct"] or unit == "%")
    if sep == "、":
        listed = m["lo_scale"] or m["lo_pct"] or m["lo_unit"] or low is None
        listed = listed or not 0 < value - low <= 5 * scale
    elif sep in ("或", "或者"):
        listed = low is None or not 0 < low < value <= 2 * low
    else:
        listed = text[m.start() - 1 : m.start()] == "从"
    if low is not None and same_unit and not listed:
        return low
    begins = m.start("num") if m["num"] else m.start("vague")  # 几十倍到上百倍: 上百倍
    second = make(text, "zh", begins, m.end(), own, unit, kind, m)
    first = first_of(m, text, low, unit, kind, lo_unit)
    return split_range(m, text, "zh", second, first, vague=bool(m["vague"]) or own != value)


def zh_unit_of(word: str) -> tuple[str, str]:
    for table, kind in ((CURRENCIES_ZH, "money"), (DURATIONS_ZH, "duration")):
        if word in table:
            return table[word], kind
    return UNITS_ZH.get(word) or ((MEASURES_ZH[word], "measure") if word in MEASURES_ZH else
                                  ("count", "count"))  # fmt: skip


def first_of(m, text: str, low, unit: str, kind: str, lo_unit) -> Figure | None:
    """The first figure of a list or change: its own unit, else a list member's bare number."""
    if low is None:
        return None
    end = max(m.end("lo"), m.end("lo_scale"), m.end("lo_pct"), m.end("lo_unit"))
    if m["lo_pct"]:
        unit, kind = "%", "percent"
    elif lo_unit:
        unit, kind = lo_unit
    elif not (m["lo_scale"] or m["cur"]):  # a list member: share_units gives it the unit
        return Figure("zh", m.start(), end, text[m.start() : end], low, "", "bare")
    elif m["lo_scale"] and not m["cur"] and kind != "money":
        unit, kind = "", "number"
    return make(text, "zh", m.start(), end, low, unit, kind, m)


def second_alone(m, text: str) -> list[Figure]:
    """The figure after a year that looked like a range's low end, read on its own; a year too
    when it ends with 年 (2025年到2100年, 2009年、10年)."""
    if m["unit"] == "年":
        return []
    alone = FIGURE_ZH_ONE.match(text, m.start("vague") if m["vague"] else m.start("num"))
    found = prefixed(alone, text) if alone else None
    return zh_figure(found, text) if found else []


def lone_first(m, text: str, unit: str, kind: str) -> list[Figure]:
    """The first member of a list whose second is no figure (5年、两年): on its own."""
    if m["lo"] is None or m["sep"] not in ("、", "或", "或者") or not m["lo"][0].isdigit():
        return []
    if m["lo_unit"] == "年" and is_year_numeral(m["lo"], text, m.start("lo"), m.end("lo_unit")):
        return []  # 2000年、2001年
    lo_unit = zh_unit_of(m["lo_unit"]) if m["lo_unit"] else None
    first = first_of(m, text, numeral_value(m["lo"]), unit, kind, lo_unit)
    return [modify(first, text, False, None, None)] if first and first.kind != "bare" else []


def bare(m, text: str) -> list[Figure]:
    """A bare Arabic number that may be the first member of a list, for share_units to finish."""
    num = m["num"]
    if not num[0].isdigit() or m["sign"] or m["cur"] or m["lo"] is not None:
        return []
    if len(num) == 4 and num[:2] in ("19", "20"):
        return []
    if INDEX_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return []
    if not LIST_NEXT_ZH.match(text, m.end("num")):
        return []
    return [Figure("zh", m.start("num"), m.end("num"), num, numeral_value(num), "", "bare")]
