"""The answer a question expects: its kind and unit, what it counts, per what, a change, an end.

Read from the question's own words: the unit after 多少 (多少欧元, how many yen), a measure
word (多少人, 几颗) or the noun after "how many", a price's unit (每小时, per month), a change
(下降了多少, by how much did it fall) and one end of a range (上限, the lower end). Figures
the question itself cites (每张3加元, $40 million) are context, not the unit asked for.
"""

from __future__ import annotations

import re

from kb.figures import extract_figures
from kb.figures.patterns import WORD_GOES_ON
from kb.figures.words import (
    CURRENCIES_EN,
    CURRENCIES_ZH,
    MEASURES_EN,
    METRIC_KINDS,
    MONEY_METRICS,
    alternation,
)
from kb.figures.words import MEASURES_ZH as MEASURES_ZH_UNITS
from kb.models import Expected

# Things counted, by class: a Chinese measure word or an English noun names the class, and a
# figure counted with a measure word of another class does not answer (多少家 is not 30人).
MEASURES_ZH = {
    "person": ("人", "名", "位", "口"),
    "organisation": ("家", "所", "间"),
    "vehicle": ("辆",),
    "machine": ("台", "部", "架", "艘"),
}
MEASURE_CLASS = {word: name for name, words in MEASURES_ZH.items() for word in words}
OTHER_MEASURES = "片|颗|枚|笔|张|套|条|个|座|户|次|起|项|件|只|头|份|处|棵|吨|公顷|平方米|立方米"
MEASURE_ZH = re.compile(
    rf"(?:多少|几)(?:十|百|千|万|亿)?(?P<m>{alternation(MEASURE_CLASS)}|{OTHER_MEASURES})"
)
UNITS_OF_MEASURE = {**MEASURES_ZH_UNITS, **{k.lower(): v for k, v in MEASURES_EN.items()}}
UNIT_OF_MEASURE_ZH = re.compile(
    rf"(?:多少|几)(?:十|百|千|万|亿)?(?:万|亿)?(?P<m>{alternation(MEASURES_ZH_UNITS)}){WORD_GOES_ON}"
)
UNIT_OF_MEASURE_EN = re.compile(
    rf"\b(?:how many|number of)\s+(?:\w+\s+)?(?P<m>{alternation(MEASURES_EN)})\b", re.I
)
NOUNS_EN = {
    "person": """people persons individuals residents citizens canadians americans workers
        employees staff patients users subscribers customers members students immigrants
        millionaires soldiers troops deaths lives visitors viewers voters""",
    "organisation": """companies firms businesses banks clinics hospitals stores shops schools
        restaurants plants factories startups""",
    "vehicle": "vehicles cars trucks buses",
    "machine": "machines elevators escalators planes aircraft ships robots",
}
NOUN_CLASS = {noun: name for name, nouns in NOUNS_EN.items() for noun in nouns.split()}
HOW_MANY_EN = re.compile(r"\b(?:how many|number of)(?P<words>(?:\s+[\w-]+){1,4})", re.I)
DURATION_ZH = re.compile(r"(?:多少|几)个?(?P<u>年|月|天|周|小时|岁)|多久|多长时间")
DURATION_EN = re.compile(r"\bhow many (?P<u>years|months|days|weeks|hours)\b|\bhow long\b", re.I)
DURATION_UNITS = {"年": "years", "岁": "years", "月": "months", "天": "days", "周": "weeks"}
DURATION_UNITS["小时"] = "hours"
COUNT_ZH = re.compile(r"(?:多少|几)(?:十|百|千|万|亿)?(?:个|家|辆|台|人|名|位|张|颗|片|笔|部)")
COUNT_EN = re.compile(r"\bhow many\b|\bnumber of\b", re.I)
PERCENT = re.compile(
    r"率|占比|比例|百分之|百分比|百分点|\b(?:yield|ratio|margins?|percent(?:age)?|share of|"
    r"fraction|what share|proportion)\b|(?<!run )(?<!rental )(?<!hourly )\brate\b",
    re.I,
)
BASIS_POINTS = re.compile(r"基点|basis points?|\bbps?\b", re.I)
# A substance asked by amount (多少水, how much oil) is measured, not counted or priced: in
# cubic metres, barrels, tonnes or millimetres of rain, whichever the note says.
SUBSTANCES_ZH = (
    "水|雨水|降雨|降水|雨|石油|原油|汽油|柴油|天然气|电力|电|煤炭|煤|粮食|土地|钢铁|钢|铁矿石|铜|铝"
)
SUBSTANCES_EN = (
    "water|rain|rainfall|oil|crude|gasoline|diesel|natural gas|gas|electricity|power|coal|grain|"
    "land|steel|iron ore|copper|aluminum|aluminium"
)
NOT_SUBSTANCE_AFTER = r"(?:收入|价格|价|费|钱|公司|股|企业|出口额|销售额|营收|利润)"
SUBSTANCE = re.compile(
    rf"(?:多少|几)(?:立方米|吨|升|桶|度)?的?(?:{SUBSTANCES_ZH})(?!{NOT_SUBSTANCE_AFTER})"
    rf"|(?:{SUBSTANCES_ZH})量?(?:有|是|为|达到?|约)?(?:多少|几)"
    rf"|\bhow much (?:of the |the )?(?:{SUBSTANCES_EN})\b(?!\s+(?:revenue|sales|prices?|money|"
    r"income|profits?|companies|stocks?|bills?|costs?|exports? revenue))",
    re.I,
)
# Words that ask for an amount of money when no unit is said.
MONEY_ZH = re.compile(
    r"多少钱|花了?多少|付了?多少|赚了?多少|挣多少|价格|房价|费用|成本|价值|售价|薪|工资|收入|营收|利润|"
    r"赤字|预算|贷款|存款|投资|融资|估值|资金|基金|市值|罚款|补贴|税|营业额|销售额|净赚|亏损|收费|租金|"
    r"现金流|开支|支出|分红|股息|赔偿|补偿|奖金|储蓄|资产|负债|债务|拨款|划拨|经费"
)
MONEY_EN = re.compile(
    r"\bhow much\b|\b(?:cost|price|paid|pay|spend|spent|worth|value|fee|charge|charged|bill|"
    r"billed|salary|wage|income|revenue|sales|profit|earnings|deficit|budget|debt|loans?|"
    r"borrowing|investment|funding|raise|raised|valuation|sum|fine|subsidy|tax|rent|rental|"
    r"sell|sold|sells|loss|losses|cash flow|capex|spending|dividends?|payout|severance|backlog|"
    r"assets|savings|deposits|compensation|bonus|funds?|pot|grants?|earmark(?:ed)?|allocat(?:ed|ion)|"
    r"sets? aside|set-aside)\b",
    re.I,
)
# Nouns that say what a count question counts when it has no measure word (多少订阅用户).
NOUNS_ZH = {
    "person": "人口|用户|员工|居民|患者|病人|工人|劳工|移民|学生|游客|选民|观众|粉丝|订阅者|"
    "士兵|死亡|伤",
    "organisation": "公司|企业|银行|诊所|医院|门店|工厂|餐厅|学校",
    "vehicle": "汽车|卡车|车辆|辆车",
}
NOUN_CLASS_ZH = [(name, re.compile(words)) for name, words in NOUNS_ZH.items()]
CHANGE_ZH = re.compile(
    r"(?:下降|下跌|减少|跌|涨|增加|增长|上升|上涨|缩水|缩减|回落|流出|降)了?(?:多少|几)"
    r"|(?<!多)(?:少|多)了(?:多少|几)"  # 比上年少了多少人
    r"|(?:裁掉|裁减|裁撤|裁员|削减|流失|失去)了?(?:多少|几)"
    r"|降幅|涨幅|跌幅|增幅|增速|变化"
)
CHANGE_EN = re.compile(
    r"\bby (?:how much|what (?:percent|percentage|share))\b|\bchange\b|"
    r"\bhow much (?:did|has|have|will|would|does|do)\b.*\b(?:fall|drop|rise|decline|grow|increase|"
    r"decrease|shrink|jump|climb|slide|sink)\b|\bgrowth\b"
    r"|\bhow many\b.*\b(?:(?:were|was|been|be) (?:cut|lost|laid off|eliminated|shed)|lose|lost)\b",
    re.I,
)
DOWN = re.compile(
    r"下降|下跌|减少|跌|缩水|缩减|回落|流出|降|(?<!多)少了|裁|削减|流失|失去|"
    r"\b(?:fall|fell|drop|decline|decrease|shrink|slide|sink|lose|lost|cut|laid off|eliminat"
    r"|shed)\w*",
    re.I,
)
UP = re.compile(
    r"涨|增加|增长|上升|增幅|增速|(?<!多少)多了|"
    r"\b(?:rise|rose|grow|grew|increase|jump|climb|gain)\w*",
    re.I,
)
RATE_OF_CHANGE = re.compile(r"增长率|增速|\bgrowth rate\b|\brate of (?:growth|change)\b", re.I)
# 最低工资 and "minimum wage" name a wage, not the low end of a range
WAGE = r"(?!工资|时薪|薪资|薪酬|月薪|生活|\s+(?:wages?|salary|pay)\b)"
LOW_END = re.compile(
    rf"下限|最低{WAGE}|起码|至少|\b(?:lower|low|bottom) end\b|\bat least\b|\bminimum\b{WAGE}", re.I
)
HIGH_END = re.compile(
    rf"上限|最高{WAGE}|最多|\b(?:upper|high|top) end\b|\bat most\b|\bmaximum\b{WAGE}", re.I
)
CURRENCY_ZH = re.compile(alternation(CURRENCIES_ZH))
CURRENCY_EN = re.compile(rf"\b(?:{alternation(CURRENCIES_EN)})\b", re.I)
PER_ZH = re.compile(
    r"(?:每|按)(?:个)?(?P<per>小时|月|天|日|年|股|人|次|张卡|台|桶|吨|盎司|千瓦时|度)"
    r"|(?P<hourly>时薪|月薪|月费|日薪|时速|日均)"
)
PER_EN = re.compile(
    r"\b(?:(?:per|each)\s+(?:[A-Z]+-)?(?P<per>hour|month|day|year|share|person|visit|barrel|"
    r"ounce|ton|unit)|an?\s+(?P<a_per>hour|month|day|share|visit))\b"
    r"|\b(?-i:(?P<ly>hourly|monthly|daily|annually|yearly))\b",  # lower case: not The Daily
    re.I,
)
PER_WORDS = {"小时": "hour", "月": "month", "天": "day", "日": "day", "年": "year", "股": "share",
             "人": "person", "次": "visit", "张卡": "card", "台": "unit", "桶": "barrel",
             "吨": "ton", "盎司": "ounce", "千瓦时": "kWh", "度": "kWh", "时薪": "hour",
             "月薪": "month", "月费": "month", "日薪": "day", "时速": "hour", "日均": "day",
             "hourly": "hour", "monthly": "month",
             "daily": "day", "annually": "year", "yearly": "year"}  # fmt: skip
# Metrics measured in percent, as figures are read, or in numbers of things, not in money.
PERCENT_METRICS = METRIC_KINDS["percent"]
COUNT_METRICS = frozenset({"subscribers", "users"})
# The kinds of answer a metric is measured in (a discount in money or percent).
ANSWER_KINDS = {"percent": PERCENT_METRICS, "count": COUNT_METRICS, "money": MONEY_METRICS}


def metric_kinds(metric: str) -> set[str]:
    """The kinds of answer `metric` is measured in: none for one kb does not class."""
    return {kind for kind, metrics in ANSWER_KINDS.items() if metric in metrics}


def expected_answer(text: str, lang: str, metrics: tuple[str, ...] = ()) -> Expected:
    """What figure can answer `text`, as far as its words say."""
    cited = extract_figures(text, lang)
    bare = without_figures(text, cited)
    per = asked_per(bare)
    unit = asked_currency(bare)
    duration = DURATION_ZH.search(bare) or DURATION_EN.search(bare)
    kind, measure = None, None
    if BASIS_POINTS.search(bare):
        kind, unit = "percent", "bp"
    elif duration and not per:
        said = duration.group("u")
        kind, unit = "duration", DURATION_UNITS.get(said, said.lower() if said else None)
    elif unit:
        kind = "money"
    elif PERCENT.search(bare):
        kind = "percent"
    elif measured := asked_unit_of_measure(bare):
        kind, unit = "measure", measured
    elif SUBSTANCE.search(bare):
        kind = "measure"
    elif COUNT_ZH.search(bare) or COUNT_EN.search(bare) or MEASURE_ZH.search(bare):
        kind, measure = "count", asked_measure(bare)
    elif MONEY_ZH.search(bare) or MONEY_EN.search(bare) and not changed(bare):
        kind = "money"
    elif counted(bare):
        kind, measure = "count", counted(bare)  # 订阅用户超过了多少: a number of people
    elif metrics:
        kinds = metric_kinds(metrics[0])
        kind = next((k for k in ("percent", "count") if k in kinds), "money")
    change = changed(bare)
    end = "low" if LOW_END.search(bare) else "high" if HIGH_END.search(bare) else None
    values = tuple(f.value for f in cited if f.value is not None)
    return Expected(kind, unit, measure, per, change, end, values)


def changed(text: str) -> str | None:
    """Whether the question asks how much something rose or fell: "up", "down", or "change"
    when it does not say which."""
    if not (CHANGE_ZH.search(text) or CHANGE_EN.search(text)):
        return None
    down, up = DOWN.search(text), UP.search(text)
    if RATE_OF_CHANGE.search(text):
        return "change"  # a growth rate may be negative
    if bool(down) != bool(up):
        return "down" if down else "up"
    return "change"


def without_figures(text: str, cited) -> str:
    """`text` with the figures it cites blanked out, so that their units are not taken as the
    unit asked for."""
    chars = list(text)
    for f in cited:
        chars[f.start : f.end] = " " * (f.end - f.start)
    return "".join(chars)


def asked_currency(text: str) -> str | None:
    zh = CURRENCY_ZH.search(text)
    if zh:
        return CURRENCIES_ZH[zh.group()]
    en = CURRENCY_EN.search(text)
    return CURRENCIES_EN[en.group().lower()] if en else None


def asked_per(text: str) -> str | None:
    """The unit a price is asked per: 每小时, 时薪, per hour, monthly → "hour", "month"."""
    zh = PER_ZH.search(text)
    if zh:
        return PER_WORDS[zh["per"] or zh["hourly"]]
    en = PER_EN.search(text)
    if en:
        return PER_WORDS.get((en["ly"] or "").lower()) or (en["per"] or en["a_per"]).lower()
    return None


def asked_measure(text: str) -> str | None:
    """The class of what a count question counts (person, organisation, ...), or its Chinese
    measure word when it has no class (片, 颗); None when the question does not say."""
    zh = MEASURE_ZH.search(text)
    if zh and zh["m"] != "个":
        return MEASURE_CLASS.get(zh["m"], zh["m"])
    en = HOW_MANY_EN.search(text)
    words = en["words"].lower().split() if en else []
    return next((NOUN_CLASS[w] for w in words if w in NOUN_CLASS), None) or counted(text)


def asked_unit_of_measure(text: str) -> str | None:
    """The unit of a question asking for a measure (多少公顷, how many tonnes): kb's code for
    it, as figures store it (ha, t)."""
    asked = UNIT_OF_MEASURE_ZH.search(text) or UNIT_OF_MEASURE_EN.search(text)
    if not asked:
        return None
    word = asked["m"]
    return UNITS_OF_MEASURE.get(word) or UNITS_OF_MEASURE.get(word.lower())


def counted(text: str) -> str | None:
    """The class of the things a Chinese question counts (多少用户, 会员人数达到了多少), when it
    names them beside 多少."""
    for name, nouns in NOUN_CLASS_ZH:
        near = rf"(?:{nouns.pattern})[^，。？?]{{0,6}}(?:多少|几)|(?:多少|几)(?:{nouns.pattern})"
        if re.search(near, text):
            return name
    return None


def measure_of(raw: str) -> str | None:
    """The class (or measure word) a counted figure's text ends with: 12,400 人 → person."""
    tail = re.search(rf"({alternation(MEASURE_CLASS)}|{OTHER_MEASURES})\W*$", raw)
    if tail:
        return MEASURE_CLASS.get(tail.group(1), tail.group(1))
    noun = re.search(r"([A-Za-z]+)\W*$", raw)
    return NOUN_CLASS.get(noun.group(1).lower()) if noun else None
