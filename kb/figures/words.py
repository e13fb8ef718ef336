"""The words and patterns that make a figure: units, scales, currencies, periods and metrics.

Kept apart from the code that reads them so that a new currency or metric is one line here.
Each pattern is compiled once at import; importing does nothing else.
"""

from __future__ import annotations

import re

# Chinese scale words after a number; longest first so 万亿 wins over 万.
SCALES_ZH = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
}
SCALES_EN = {
    "trillion": 1e12,
    "billion": 1e9,
    "million": 1e6,
    "thousand": 1e3,
    "tn": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "T": 1e12,
    "B": 1e9,
    "M": 1e6,
    "K": 1e3,
    "k": 1e3,
}
CURRENCIES_ZH = {
    "美元": "USD",
    "美金": "USD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "元": "CNY",
    "加币": "CAD",
    "加元": "CAD",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "欧元": "EUR",
    "英镑": "GBP",
    "澳元": "AUD",
    "韩元": "KRW",
    "新台币": "TWD",
}
CURRENCY_SIGNS = {
    "US$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "RMB": "CNY",
    "人民币": "CNY",
}
CURRENCIES_EN = {
    "us dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "usd": "USD",
    "cad": "CAD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "jpy": "JPY",
    "eur": "EUR",
    "gbp": "GBP",
}
# Units that are not money: (unit, kind). Strong units make any numeral a figure.
UNITS_ZH = {
    "%": ("%", "percent"),
    "％": ("%", "percent"),
    "个百分点": ("pp", "percent"),
    "百分点": ("pp", "percent"),
    "个基点": ("bp", "percent"),
    "基点": ("bp", "percent"),
    "倍": ("multiple", "multiple"),
}
UNITS_EN = {
    "%": ("%", "percent"),
    "percent": ("%", "percent"),
    "per cent": ("%", "percent"),
    "percentage points": ("pp", "percent"),
    "percentage point": ("pp", "percent"),
    "basis points": ("bp", "percent"),
    "basis point": ("bp", "percent"),
    "bps": ("bp", "percent"),
    "x": ("multiple", "multiple"),
    "times": ("multiple", "multiple"),
    "fold": ("multiple", "multiple"),
}
# Weak units: a bare Chinese digit before them is ordinary language (两家公司, 三年), not a figure.
DURATIONS_ZH = {"年": "years", "个月": "months", "个季度": "quarters", "周": "weeks", "天": "days"}
DURATIONS_ZH["小时"] = "hours"
DURATIONS_EN = {
    "year": "years",
    "month": "months",
    "quarter": "quarters",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
}
COUNT_WORDS_ZH = "家|名|位|人|笔|台|张|辆|座|颗|款|件|份|户|所|项|架|艘|套|枚|个"
COUNT_WORDS_EN = (
    "companies|firms|customers|clients|users|subscribers|people|employees|workers|engineers|"
    "stores|orders|shares|units|GPUs|chips|cards|servers|deals|contracts|banks|countries|"
    "members|investors|KOLs|analysts|products|vehicles|cars|stocks|sectors|data centers|homes"
)
# 每年/每月 name an annual amount (每年50亿美元), not a price, so they are left out.
PER_UNITS = {
    "小时": "hour",
    "股": "share",
    "张卡": "card",
    "张": "card",
    "台": "unit",
    "人": "person",
    "桶": "barrel",
    "吨": "ton",
    "盎司": "ounce",
    "度": "kWh",
    "千瓦时": "kWh",
}
WORD_NUMBERS = {
    "one and a half": 1.5,
    "a quarter of a": 0.25,
    "quarter of a": 0.25,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "hundred": 100,
    "half a": 0.5,
    "half an": 0.5,
}
# Small whole numbers as they are written out, to tell whether the other side carries one.
SPELLED = {
    1: ("一", "one", "a", "an", "single"),
    2: ("两", "二", "一倍", "翻", "two", "double", "twice"),
    3: ("三", "three", "triple"),
    4: ("四", "four"),
    5: ("五", "five"),
    6: ("六", "six"),
    7: ("七", "seven"),
    8: ("八", "eight"),
    9: ("九", "nine"),
    10: ("十", "ten", "decade"),
    20: ("二十", "twenty", "two decades"),
    100: ("百", "hundred"),
    1000: ("千", "thousand"),
}

APPROX_BEFORE_ZH = re.compile(r"(?:约|大约|大概|近|将近|接近|超过|超|逾|至少|最多|最高|不到|不足)$")
LOWER_BOUND_ZH = ("超过", "超", "逾", "至少", "多", "余", "以上", "出头")
UPPER_BOUND_ZH = ("近", "将近", "接近", "最多", "最高", "不到", "不足")
APPROX_BEFORE_EN = re.compile(
    r"\b(about|around|roughly|approximately|nearly|almost|over|more than|above|at least|"
    r"up to|some|close to|just over|just under|below|less than|under|upwards of)\s+$",
    re.I,
)
LOWER_BOUND_EN = ("over", "more than", "above", "at least", "just over", "upwards of")
UPPER_BOUND_EN = ("nearly", "almost", "up to", "close to", "just under", "below", "less than")
UPPER_BOUND_EN += ("under",)

# A change verb right before the figure gives its direction; 降到/跌至 name a level, not a change.
DIRECTION_ZH = re.compile(
    r"(?P<up>增长|上涨|上升|提升|提高|增加|回升|反弹|加快|加息|涨|升|增)?"
    r"(?P<down>下跌|下降|减少|降低|下滑|回落|缩水|萎缩|降息|跌|降|减)?"
    r"(?:了)?(?:约|大约|近|将近|接近|超过|逾)?$"
)
DIRECTION_EN = re.compile(
    r"\b(?:(?P<up>up|rose|rise|rises|rising|grew|grow|grows|growing|growth of|increased?|"
    r"increases|increase of|gained|gains?|jumped|climbed|surged|higher)|"
    r"(?P<down>down|fell|fall|falls|falling|dropped|drops?|declined?|declines|decline of|"
    r"decreased?|decrease of|lost|slid|shrank|lower|cut))"
    r"(?:\s+(?:by|of|about|roughly|nearly|around|some|almost|over|more than|another|just|only))*"
    r"\s+$",
    re.I,
)

METRICS = {
    "revenue": ("营收", "营业收入", "收入", "销售额", "revenue", "sales"),
    "eps": ("每股收益", "EPS", "earnings per share"),
    "rpo": ("RPO", "剩余履约义务", "remaining performance obligation"),
    "capex": ("资本开支", "资本性开支", "资本性支出", "资本支出", "capex", "capital expenditure"),
    "interest": ("利息", "interest"),
    "gross margin": ("毛利率", "gross margin"),
    "operating margin": ("营业利润率", "运营利润率", "operating margin"),
    "margin": ("利润率", "净息差", "margin"),
    "net income": ("净利润", "net income", "net profit"),
    "operating income": ("运营利润", "营业利润", "operating income"),
    "free cash flow": ("自由现金流", "free cash flow"),
    "market cap": ("市值", "market cap", "market value"),
    "valuation": ("估值", "valuation"),
    "price": ("价格", "股价", "租金", "price", "pricing", "rent"),
    "financing": ("融资", "发债", "借款", "financing", "borrow"),
    "subscribers": ("订阅", "用户", "subscriber", "users"),
    "buyback": ("回购", "buyback", "bought back", "repurchase"),
    "dividend": ("股息", "dividend"),
    "depreciation": ("折旧", "depreciat"),
    "gmv": ("GMV", "商品交易总额", "gross merchandise volume"),
    "backlog": ("订单", "backlog", "order"),
    "policy rate": ("政策利率", "policy rate"),
    "rate cut": ("降息", "rate cut", "cut rates"),
    "return": ("回报", "return"),
}
CHANGE_MARKERS = {"yoy": ("同比", "year over year", "year-over-year"), "qoq": ("环比",)}
CHANGE_MARKERS["qoq"] += ("quarter over quarter", "quarter-over-quarter", "sequential")


def alternation(words) -> str:
    """A regex alternation of `words`, longest first so that longer words win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def base_metric(metric: str | None) -> str | None:
    """revenue for "revenue yoy": the thing measured, without the change marker."""
    if not metric:
        return None
    for marker in CHANGE_MARKERS:
        metric = metric.removesuffix(f" {marker}")
    return metric


METRIC_WORDS = {w.lower(): m for m, ws in {**METRICS, **CHANGE_MARKERS}.items() for w in ws}

QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "明年": 1, "前年": -2, "后年": 2}
RELATIVE_YEARS.update({"this": 0, "last": -1, "next": 1})
QUARTER_ZH = r"第?[一二三四]季度|[一二三四]季报|Q[1-4]|[上下]半年"
PERIOD_ZH = re.compile(
    rf"(?P<decade>(?:19|20)?\d0)年代"
    rf"|(?:(?P<year>(?:19|20)\d\d)(?P<fy>财年|年)|(?P<rel>今年|本年|去年|明年|前年|后年))"
    rf"(?P<tail>{QUARTER_ZH})?"
    rf"|(?P<alone>{QUARTER_ZH})"
)
PERIOD_EN = re.compile(
    r"\b(?:(?P<decade>(?:19|20)\d0)s"
    r"|(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)[- ]quarter)"
    r"(?:\s+(?:and|&)\s+Q(?P<q_to>[1-4]))?(?:,?\s+(?:of\s+)?(?P<qfy>fiscal\s+(?:year\s+)?|FY\s?)?"
    r"(?P<qyear>(?:19|20)\d\d))?"
    r"|(?P<fy>fiscal\s+(?:year\s+)?|FY\s?)(?P<fyear>(?:19|20)\d\d)"
    r"|(?P<rel>this|last|next)\s+(?:fiscal\s+)?year"
    r"|(?P<year>(?:19|20)\d\d))\b",
    re.I,
)
